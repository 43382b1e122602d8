"""Dossier codes (mã số hồ sơ, Circular 01/2018 art. 19; DOMAIN R3.1–R3.5):
``<receiving agency code>-<YYMMDD>-<4-digit daily sequence>``.

One counter row per agency and local day, raised by a single upsert (``INSERT … ON CONFLICT
DO UPDATE … RETURNING``, PostgreSQL and SQLite ≥ 3.35) inside the transaction that creates the
dossier: the row stays locked until that transaction ends, and if it rolls back, so does the
increment, so codes stay unique and gap-free. The first dossier of the day creates the row in
the same statement, so two first-of-the-day receptions cannot race (STYLE.md habit 20).

The contract fixes four digits: the 10,000th dossier of an agency in one day is refused with a
clear error (and the refused transaction takes its increment back), never given a longer code."""

from __future__ import annotations

from datetime import date

from django.db import connection, transaction
from django.utils.translation import gettext as _

from motcua.dossiers.models import DailyCounter
from motcua.errors import Conflict

MAX_DAILY_SEQUENCE = 9999


class SequenceExhausted(Conflict):
    """The agency's four-digit daily sequence is used up (409)."""

    code = "daily_sequence_exhausted"


def format_code(agency_code: str, day: date, number: int) -> str:
    if not 1 <= number <= MAX_DAILY_SEQUENCE:
        raise ValueError(f"daily sequence {number} outside 1..{MAX_DAILY_SEQUENCE}")
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
    if number > MAX_DAILY_SEQUENCE:
        raise SequenceExhausted(
            _(
                "Cơ quan %(agency)s đã cấp đủ 9.999 mã hồ sơ trong ngày %(day)s (mã số hồ sơ chỉ "
                "có 4 chữ số thứ tự): không thể tiếp nhận thêm hồ sơ trong ngày."
            )
            % {"agency": agency.code, "day": f"{day:%d/%m/%Y}"},
            details={"agency": agency.code, "day": day.isoformat()},
        )
    return format_code(agency.code, day, number)
