"""A procedure's compliance cost for a year from the database: entered inputs with their
sources, the catalogue's fees and papers, and what the dossiers measure (the year's volume and
the processing time in working hours). The arithmetic is :mod:`motcua.review.cost`.

The waiting time in the hall (thời gian chờ tại Bộ phận Một cửa) is measured from the hall's
queue tickets of the procedure's field (:mod:`motcua.hall.measure`) unless an entered input
with its source says otherwise."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.cache import cache
from django.utils.translation import gettext as _

from motcua import clock
from motcua.agencies.models import Agency
from motcua.calendar import workdays
from motcua.calendar.services import calendar_for
from motcua.catalog.models import Component, Fee, FeeKind, Procedure
from motcua.catalog.structure import version_cases
from motcua.dossiers.models import Dossier
from motcua.errors import NotFound, ValidationFailed
from motcua.hall.measure import field_wait_hours
from motcua.review.cost import MISSING, Cost, Input, Inputs, Saving, compute, saving
from motcua.review.models import CostInput, HourValue, InputKind, Scenario

FIRST_YEAR = 2000
LAST_YEAR = 2100
MEASURED_SECONDS = 600  # a year's dossiers of a procedure are read again after ten minutes


@dataclass(frozen=True)
class Measured:
    """What the dossiers of the year say: received, finished and their mean working hours."""

    volume: int
    finished: int
    processing_hours: Decimal | None


@dataclass(frozen=True)
class Paper:
    code: str
    name: str


@dataclass(frozen=True)
class Scenarios:
    """The current cost and, when any proposed input is entered, the cost after simplifying."""

    procedure: Procedure
    year: int
    papers: list[Paper]
    measured: Measured
    current: tuple[Inputs, Cost]
    proposed: tuple[Inputs, Cost] | None
    saving: Saving | None


def check_year(year: int) -> int:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationFailed(
            _("Năm %(year)s không hợp lệ (từ %(first)s đến %(last)s).")
            % {"year": year, "first": FIRST_YEAR, "last": LAST_YEAR},
            details={"year": year},
        )
    return year


def find_procedure(code: str) -> Procedure:
    """Any procedure of the catalogue (published or not: a review may look at both)."""
    found = Procedure.objects.filter(code=code, current_version__isnull=False).first()
    if found is None:
        raise NotFound(
            _("Không có thủ tục hành chính mã %(code)s.") % {"code": repr(code)},
            code="unknown_procedure",
        )
    return found


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """1 January 00:00 of ``year`` and of the next, in Vietnam."""
    return (
        datetime(year, 1, 1, tzinfo=clock.VN),
        datetime(year + 1, 1, 1, tzinfo=clock.VN),
    )


def measure_many(procedures: list[Procedure], year: int) -> dict[int, Measured]:
    """Per procedure id: its dossiers received in the year (every agency of the province), and
    the mean working time from reception to the end of processing of those finished, each on
    the calendar of the agency that handled it. A dossier on days no calendar covers is left
    out of the mean. Reading a busy procedure's year takes seconds (each dossier's working time
    is counted on its calendar), and the cost is a public figure: what was read is kept for
    :data:`MEASURED_SECONDS`."""
    keys = {p.pk: f"review:measured:{year}:{p.pk}" for p in procedures}
    kept = cache.get_many(list(keys.values()))
    found = {pk: kept[key] for pk, key in keys.items() if key in kept}
    missing = [p for p in procedures if p.pk not in found]
    if missing:
        fresh = _read(missing, year)
        cache.set_many({keys[pk]: m for pk, m in fresh.items()}, MEASURED_SECONDS)
        found.update(fresh)
    return found


def _read(procedures: list[Procedure], year: int) -> dict[int, Measured]:
    """One query for all the procedures: naming every agency lets it read the reports'
    covering index (handling agency, received_at) instead of the whole dossier table."""
    start, end = year_bounds(year)
    agencies = {a.pk: a for a in Agency.objects.all()}
    rows = Dossier.objects.with_scopes_disabled().filter(
        handling_agency_id__in=list(agencies),
        procedure__in=procedures,
        received_at__gte=start,
        received_at__lt=end,
    )
    volume: dict[int, int] = {}
    minutes: dict[int, int] = {}
    finished: dict[int, int] = {}
    calendars: dict[int, Any] = {}
    fields = ("procedure_id", "received_at", "finished_at", "handling_agency_id")
    for procedure_id, received_at, finished_at, agency_id in rows.values_list(*fields).iterator(
        chunk_size=10_000
    ):
        volume[procedure_id] = volume.get(procedure_id, 0) + 1
        if finished_at is None:
            continue
        if agency_id not in calendars:
            calendars[agency_id] = calendar_for(agencies[agency_id])
        try:
            spent = workdays.working_minutes_between(received_at, finished_at, calendars[agency_id])
        except workdays.CalendarMissing:
            continue
        minutes[procedure_id] = minutes.get(procedure_id, 0) + spent
        finished[procedure_id] = finished.get(procedure_id, 0) + 1
    found = {}
    for p in procedures:
        done = finished.get(p.pk, 0)
        hours = None
        if done:
            hours = (Decimal(minutes[p.pk]) / 60 / done).quantize(
                Decimal("0.01"), rounding=ROUND_HALF_UP
            )
        found[p.pk] = Measured(volume=volume.get(p.pk, 0), finished=done, processing_hours=hours)
    return found


def measure(procedure: Procedure, year: int) -> Measured:
    """What the year's dossiers of one procedure say (see :func:`measure_many`)."""
    return measure_many([procedure], year)[procedure.pk]


def _papers_and_fees(procedure: Procedure) -> tuple[list[Component], list[Fee], str]:
    """The papers and fees of the procedure's first case (trường hợp) in force, and its name."""
    structures = version_cases(procedure.current_version_id)
    if not structures:
        return [], [], ""
    first = structures[0]
    fees = list(Fee.objects.filter(case=first.case).order_by("order"))
    return list(first.components), fees, first.case.name


def catalogue_fees(fees: list[Fee], case_name: str) -> Input:
    """Fees of the case from the catalogue; a fee per unit (per copy, per page) cannot be
    known per dossier, so it is missing until entered."""
    total = Decimal(0)
    for fee in fees:
        if fee.kind == FeeKind.PER_UNIT and fee.amount_vnd:
            return MISSING
        if fee.kind != FeeKind.FREE:
            total += fee.amount_vnd
    return Input(total, _("Danh mục TTHC, trường hợp “%(case)s”") % {"case": case_name})


def _entered(procedure: Procedure, year: int) -> dict[tuple[str, str, str], CostInput]:
    rows = CostInput.objects.filter(procedure=procedure, year=year)
    return {(r.scenario, r.kind, r.paper): r for r in rows}


def gather(procedure: Procedure, year: int, *, measured: Measured | None = None) -> Scenarios:
    """Both scenarios' inputs and costs. A proposed input not entered is the current one."""
    measured = measured or measure(procedure, year)
    entered = _entered(procedure, year)
    components, fees, case_name = _papers_and_fees(procedure)
    hour = HourValue.objects.filter(year=year).first()
    hour_value = Input(Decimal(hour.amount_vnd), hour.source) if hour else MISSING
    measured_processing = MISSING
    if measured.processing_hours is not None:
        measured_processing = Input(
            measured.processing_hours,
            _(
                "Đo từ %(n)s hồ sơ tiếp nhận năm %(year)s đã giải quyết xong "
                "(giờ làm việc, từ tiếp nhận đến kết thúc xử lý)"
            )
            % {"n": measured.finished, "year": year},
        )

    measured_waiting = MISSING
    waiting, tickets = field_wait_hours(procedure.field_id, date(year, 1, 1), date(year, 12, 31))
    if waiting is not None:
        measured_waiting = Input(
            waiting,
            _(
                "Đo từ %(n)s lượt chờ tại sảnh năm %(year)s, lĩnh vực %(field)s "
                "(từ lấy số đến được gọi)"
            )
            % {"n": tickets, "year": year, "field": procedure.field.name},
        )

    def one(scenario: str, kind: str, paper: str = "", fallback: Input = MISSING) -> Input:
        row = entered.get((scenario, kind, paper))
        if row is not None:
            return Input(row.value, row.source)
        if scenario == Scenario.PROPOSED:
            return one(Scenario.CURRENT, kind, paper, fallback)
        return fallback

    def inputs(scenario: str) -> Inputs:
        return Inputs(
            hour_value=hour_value,
            papers={c.code: one(scenario, InputKind.PAPER_HOURS, c.code) for c in components},
            visits=one(scenario, InputKind.VISITS),
            travel_hours=one(scenario, InputKind.TRAVEL_HOURS),
            waiting_hours=one(scenario, InputKind.WAITING_HOURS, "", measured_waiting),
            processing_hours=one(scenario, InputKind.PROCESSING_HOURS, "", measured_processing),
            fees=one(scenario, InputKind.FEES, "", catalogue_fees(fees, case_name)),
            copies=one(scenario, InputKind.COPIES),
            certification=one(scenario, InputKind.CERTIFICATION),
            travel_cost=one(scenario, InputKind.TRAVEL_COST),
            services=one(scenario, InputKind.SERVICES),
        )

    current_inputs = inputs(Scenario.CURRENT)
    current = (current_inputs, compute(current_inputs, measured.volume))
    proposed = None
    saved = None
    if any(key[0] == Scenario.PROPOSED for key in entered):
        proposed_inputs = inputs(Scenario.PROPOSED)
        proposed = (proposed_inputs, compute(proposed_inputs, measured.volume))
        saved = saving(current[1], proposed[1])
    return Scenarios(
        procedure=procedure,
        year=year,
        papers=[Paper(c.code, c.name) for c in components],
        measured=measured,
        current=current,
        proposed=proposed,
        saving=saved,
    )


def compliance_cost(code: str, year: int) -> Scenarios:
    """The compliance cost of procedure ``code`` in ``year`` (404 for an unknown code)."""
    return gather(find_procedure(code), check_year(year))


def cost_table(procedures: list[Procedure], year: int) -> list[Scenarios]:
    """The cost of each procedure in ``year``, in the order given (the dossiers read once)."""
    measured = measure_many(procedures, year)
    return [gather(p, year, measured=measured[p.pk]) for p in procedures]
