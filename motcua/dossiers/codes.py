"""Dossier codes (mã số hồ sơ, Circular 01/2018 art. 19; DOMAIN R3.1–R3.5):
``<receiving agency code>-<YYMMDD>-<4-digit daily sequence>``.

One counter row per agency and local day, raised by a single upsert (``INSERT … ON CONFLICT
DO UPDATE … RETURNING``, PostgreSQL and SQLite ≥ 3.35) inside the transaction that creates the
dossier: the row stays locked until that transaction ends, and if it rolls back, so does the
increment, so codes stay unique and gap-free. The first dossier of the day creates the row in
the same statement, so two first-of-the-day receptions cannot race (STYLE.md habit 20)."""

from __future__ import annotations

from datetime import date

from django.db import connection, transaction

from motcua.dossiers.models import DailyCounter


def format_code(agency_code: str, day: date, number: int) -> str:
    return f"{agency_code}-{day:%y%m%d}-{number:04d}"


def next_code(agency, day: date) -> str:
    """Take the next number of ``agency`` on local ``day``; call inside a transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_code must run inside the transaction that stores the dossier")
    table = connection.ops.quote_name(DailyCounter._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (agency_id, day, last) VALUES (%s, %s, 1) "  # noqa: S608
            f"ON CONFLICT (agency_id, day) DO UPDATE SET last = {table}.last + 1 RETURNING last",
            [agency.pk, connection.ops.adapt_datefield_value(day)],
        )
        (number,) = cursor.fetchone()
    return format_code(agency.code, day, number)
