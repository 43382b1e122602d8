"""Dossiers written straight through the ORM for report tests: a report reads dates and
outcomes, so tests place them exactly where the boundaries are (no services, no clock)."""

from __future__ import annotations

import itertools
from datetime import datetime
from typing import Any

from motcua import clock, text
from motcua.agencies.models import Agency
from motcua.catalog.models import Procedure
from motcua.dossiers.lifecycle import NATIONAL_CODE, Outcome, Status
from motcua.dossiers.models import Dossier, DossierAccess

_sequence = itertools.count(1)

OUTCOME_STATUS = {
    "": Status.IN_PROGRESS,
    Outcome.DONE: Status.DONE,
    Outcome.REFUSED: Status.REFUSED,
    Outcome.WITHDRAWN: Status.WITHDRAWN,
    Outcome.STOPPED: Status.STOPPED,
}


def vn(*parts: int) -> datetime:
    """A Vietnamese local instant: ``vn(2025, 3, 14, 23, 59)``."""
    return datetime(*parts, tzinfo=clock.VN)


def make_dossier(
    procedure: str | Procedure,
    *,
    agency: Agency | str,
    handling: Agency | str | None = None,
    received_at: datetime | None,
    due_at: datetime | None = None,
    original_due_at: datetime | None = None,
    finished_at: datetime | None = None,
    returned_at: datetime | None = None,
    outcome: str = "",
    channel: str = "counter",
    name: str = "Nguyễn Văn An",
    **extra: Any,
) -> Dossier:
    """One dossier. ``due_at`` is the appointment in force; ``original_due_at`` defaults to it
    (pass both for an apology that moved the appointment)."""
    if not isinstance(procedure, Procedure):
        procedure = Procedure.objects.select_related("current_version").get(code=procedure)
    if not isinstance(agency, Agency):
        agency = Agency.objects.get(code=agency)
    if handling is None:
        handling = agency if procedure.deciding_agency_id is None else procedure.deciding_agency
    elif not isinstance(handling, Agency):
        handling = Agency.objects.get(code=handling)
    status = OUTCOME_STATUS[outcome]
    if received_at is None:
        status = Status.SUBMITTED
    if returned_at is not None:
        status = Status.RETURNED
    n = next(_sequence)
    day = clock.local(received_at or clock.now()).strftime("%y%m%d")
    dossier = Dossier.objects.with_scopes_disabled().create(
        code=f"{agency.code}-{day}-{n:04d}",
        agency=agency,
        handling_agency=handling,
        current_agency=handling,
        procedure=procedure,
        version_id=procedure.current_version_id,
        case=procedure.current_version.cases.first(),
        field_id=procedure.field_id,
        channel=channel,
        status=status,
        status_code=NATIONAL_CODE[status],
        outcome=outcome,
        boundary_free=handling.pk != agency.pk and handling.level == agency.level,
        applicant_name=name,
        search_key=text.search_key(name),
        received_at=received_at,
        due_at=due_at,
        original_due_at=original_due_at if original_due_at is not None else due_at,
        finished_at=finished_at,
        returned_at=returned_at,
        created_at=received_at or clock.now(),
        **extra,
    )
    DossierAccess.objects.create(dossier=dossier, agency=agency)
    if handling.pk != agency.pk:
        DossierAccess.objects.create(dossier=dossier, agency=handling)
    return dossier
