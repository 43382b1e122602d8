"""Dossiers written straight through the ORM: the compliance cost reads only dates, so tests
place them exactly (no services, no clock)."""

from __future__ import annotations

import itertools
from datetime import datetime

from motcua import clock, text
from motcua.agencies.models import Agency
from motcua.catalog.models import Procedure
from motcua.dossiers.lifecycle import NATIONAL_CODE, Outcome, Status
from motcua.dossiers.models import Dossier, DossierAccess

_sequence = itertools.count(1)


def vn(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=clock.VN)


def dossier(code: str, agency: Agency, received_at: datetime, finished_at: datetime | None = None):
    procedure = Procedure.objects.select_related("current_version").get(code=code)
    status = Status.DONE if finished_at else Status.IN_PROGRESS
    n = next(_sequence)
    row = Dossier.objects.with_scopes_disabled().create(
        code=f"{agency.code}-{received_at:%y%m%d}-{n:04d}",
        agency=agency,
        handling_agency=agency,
        current_agency=agency,
        procedure=procedure,
        version_id=procedure.current_version_id,
        case=procedure.current_version.cases.first(),
        field_id=procedure.field_id,
        channel="counter",
        status=status,
        status_code=NATIONAL_CODE[status],
        outcome=Outcome.DONE if finished_at else "",
        applicant_name="Nguyễn Văn An",
        search_key=text.search_key("Nguyễn Văn An"),
        received_at=received_at,
        finished_at=finished_at,
        created_at=received_at,
    )
    DossierAccess.objects.create(dossier=row, agency=agency)
    return row
