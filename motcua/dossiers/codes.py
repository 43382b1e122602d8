"""Dossier codes (mã số hồ sơ, Circular 01/2018 art. 19; DOMAIN R3.1–R3.5):
``<receiving agency code>-<YYMMDD>-<4-digit daily sequence>``.

One counter row per agency and local day, locked with ``select_for_update`` inside the
transaction that creates the dossier: if that transaction rolls back, so does the increment,
so codes stay unique and gap-free. SQLite's IMMEDIATE transactions serialise writers anyway,
which makes the lock redundant there but harmless (STYLE.md habit 20)."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction

from motcua.dossiers.models import DailyCounter


def format_code(agency_code: str, day: date, number: int) -> str:
    return f"{agency_code}-{day:%y%m%d}-{number:04d}"


def next_code(agency, day: date) -> str:
    """Take the next number of ``agency`` on local ``day``; call inside a transaction."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("next_code must run inside the transaction that stores the dossier")
    counter = DailyCounter.objects.select_for_update().filter(agency=agency, day=day).first()
    if counter is None:
        try:
            with transaction.atomic():  # savepoint: a concurrent first-of-the-day wins the race
                counter = DailyCounter.objects.create(agency=agency, day=day, last=0)
        except IntegrityError:
            counter = DailyCounter.objects.select_for_update().get(agency=agency, day=day)
    counter.last += 1
    counter.save(update_fields=["last"])
    return format_code(agency.code, day, counter.last)
