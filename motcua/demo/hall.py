"""The demo hall: counters of phường Minh Sơn and of the provincial service centre, so the kiosk,
the display and the desk have something to show (``seed_demo``; idempotent)."""

from __future__ import annotations

from motcua.agencies.models import Agency
from motcua.catalog.models import Field
from motcua.hall.models import Counter
from motcua.hall.services import create_counter

COUNTERS = (
    ("000.00.31.H99", "Quầy 1", ("TP-HOTICH",)),
    ("000.00.31.H99", "Quầy 2", ("TP-CHUNGTHUC", "TP-HOTICH")),
    ("000.00.31.H99", "Quầy 3", ("TC-HOKINHDOANH", "XD-HDXD")),
    ("000.00.01.H99", "Quầy 1", ("NNMT-DATDAI",)),
    ("000.00.01.H99", "Quầy 2", ("CA-LLTP", "CA-GPLX")),
)


def seed_hall() -> str:
    made = 0
    for code, name, fields in COUNTERS:
        agency = Agency.objects.get(code=code)
        if Counter.objects.with_scopes_disabled().filter(agency=agency, name=name).exists():
            continue
        create_counter(agency, name, list(Field.objects.filter(code__in=fields)))
        made += 1
    return f"Quầy tiếp nhận mẫu: {made} mới."
