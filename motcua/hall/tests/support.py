"""Shared set-up of the hall tests: counters of phường Minh Sơn (agency A)."""

from __future__ import annotations

from motcua.catalog.models import Field
from motcua.hall.services import create_counter

HOTICH, CHUNGTHUC = "TP-HOTICH", "TP-CHUNGTHUC"


def fields(*codes: str) -> list[Field]:
    return [Field.objects.get(code=code) for code in codes]


def counters(agency):
    """Quầy 1 serves hộ tịch, Quầy 2 chứng thực, Quầy 3 both."""
    return (
        create_counter(agency, "Quầy 1", fields(HOTICH)),
        create_counter(agency, "Quầy 2", fields(CHUNGTHUC)),
        create_counter(agency, "Quầy 3", fields(HOTICH, CHUNGTHUC)),
    )


def person(n: int) -> str:
    """A made-up 12-digit ID number (số định danh) for the n-th person."""
    return f"0010900{n:05d}"


def take(client, agency, field=HOTICH, n=1, **extra):
    body = {"agency": agency.code, "field": field, "id_number": person(n), **extra}
    return client.post("/api/v1/queue/tickets", body, content_type="application/json")
