"""Thời gian giải quyết trung bình (Decision 766 criterion 2.2) per procedure, in the
procedure's unit, and per internal-process step in working hours, to find bottlenecks.

The working time of each row is a SQL expression (:class:`motcua.reports.sql.WorkingTime`)
summed by the database per group: one grouped query, no loop over dossiers or steps, and the
same positions as the deadline engine (an instant on a day off or after hours counts from the
next opening). Rows on days the agency's calendar does not cover are left out and counted.

Average handling time runs from reception (``received_at``) to the end of processing
(``finished_at``) of dossiers resolved in the period (done or refused); the time a dossier
waited for the citizen or for fees is not taken out. The unit is the one of the procedure's
first case: working days (``working_days``, ``same_day``), working hours (``hours``) or
calendar days (``days``)."""

from __future__ import annotations

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Count, DurationField, ExpressionWrapper, F, Max, Q, QuerySet, Sum
from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency
from motcua.calendar import workdays
from motcua.calendar.models import CalendarDay
from motcua.calendar.services import calendar_for
from motcua.catalog.models import LimitUnit, Procedure, ProcedureCase
from motcua.dossiers.lifecycle import Outcome
from motcua.dossiers.models import Dossier, ProcessStep, StepState
from motcua.reports.periods import Period
from motcua.reports.sql import analytic, working_minutes

UNIT_LABELS = {
    LimitUnit.WORKING_DAYS: _("ngày làm việc"),
    LimitUnit.SAME_DAY: _("ngày làm việc"),
    LimitUnit.HOURS: _("giờ làm việc"),
    LimitUnit.DAYS: _("ngày"),
}


def quantize(value: Decimal | None, places: str = "0.01") -> Decimal | None:
    return None if value is None else value.quantize(Decimal(places), rounding=ROUND_HALF_UP)


def calendars(agency_ids) -> dict[int, workdays.WorkCalendar]:
    """The working calendar of each agency. Agencies without calendar rows of their own and
    with the same working sessions have the same calendar, built once."""
    agencies = list(Agency.objects.filter(pk__in=list(agency_ids)))
    own = set(CalendarDay.objects.filter(agency__in=agencies).values_list("agency_id", flat=True))
    shared: dict[tuple, workdays.WorkCalendar] = {}
    result = {}
    for agency in agencies:
        if agency.pk in own:
            result[agency.pk] = calendar_for(agency)
            continue
        key = tuple(agency.working_sessions)
        if key not in shared:
            shared[key] = calendar_for(agency)
        result[agency.pk] = shared[key]
    return result


def resolved(agency_ids: list[int], period: Period) -> QuerySet[Dossier]:
    """Dossiers resolved (done or refused) in the period by the handling agencies."""
    return Dossier.objects.with_scopes_disabled().filter(
        handling_agency_id__in=agency_ids,
        outcome__in=(Outcome.DONE, Outcome.REFUSED),
        finished_at__gte=period.start_at,
        finished_at__lt=period.end_at,
        received_at__isnull=False,
    )


def sums(
    rows: QuerySet,
    *,
    keys: tuple[str, ...],
    agency_field: str,
    start: str,
    end: str,
    period: Period,
    cals: dict[int, workdays.WorkCalendar],
    **more: Any,
) -> dict[tuple, dict[str, Any]]:
    """Per value of ``keys``: ``minutes`` (working minutes from ``start`` to ``end`` summed),
    ``counted`` (rows summed), ``skipped`` (rows the calendar does not cover) and ``more``."""
    minutes, covered = working_minutes(cals, agency_field, start, end, period.start)
    grouped = (
        rows.values(*keys)
        .annotate(
            minutes=Sum(minutes, filter=covered),
            counted=Count("pk", filter=covered),
            skipped=Count("pk", filter=~covered),
            **more,
        )
        .order_by()
    )
    return {tuple(item[k] for k in keys): item for item in grouped}


def days(minutes: int | None, day_minutes: int) -> Decimal:
    return Decimal(minutes or 0) / Decimal(day_minutes)


@analytic
def average_days_by_agency(agency_ids: list[int], period: Period) -> dict[int, tuple[Decimal, int]]:
    """Per handling agency: (total working days, dossiers) of the dossiers resolved in the
    period (766 criterion 2.2, in working days)."""
    cals = calendars(agency_ids)
    found = sums(
        resolved(agency_ids, period),
        keys=("handling_agency_id",),
        agency_field="handling_agency_id",
        start="received_at",
        end="finished_at",
        period=period,
        cals=cals,
    )
    return {
        agency_id: (days(item["minutes"], cals[agency_id].day_minutes), item["counted"])
        for (agency_id,), item in found.items()
        if item["counted"]
    }


def _first_cases(procedures) -> dict[int, ProcedureCase]:
    """The ordinary (first) case of each procedure's current version: its unit and limit."""
    versions = {p.current_version_id: p.pk for p in procedures if p.current_version_id}
    cases: dict[int, ProcedureCase] = {}
    for case in ProcedureCase.objects.filter(version_id__in=list(versions)).order_by(
        "version_id", "order", "pk"
    ):
        cases.setdefault(versions[case.version_id], case)
    return cases


@analytic
def by_procedure(agency_ids: list[int], period: Period) -> list[dict[str, Any]]:
    """Average handling time of each procedure resolved in the period, in its unit, with its
    time limit beside it; the slowest against its limit first."""
    cals = calendars(agency_ids)
    elapsed = ExpressionWrapper(F("finished_at") - F("received_at"), output_field=DurationField())
    found = sums(
        resolved(agency_ids, period),
        keys=("procedure_id", "handling_agency_id"),
        agency_field="handling_agency_id",
        start="received_at",
        end="finished_at",
        period=period,
        cals=cals,
        n=Count("pk"),
        total=Sum(elapsed),
    )
    per: dict[int, dict[str, Any]] = defaultdict(
        lambda: {"days": Decimal(0), "hours": Decimal(0), "counted": 0, "skipped": 0, "n": 0}
    )
    calendar_days: dict[int, Decimal] = defaultdict(Decimal)
    for (procedure_id, agency_id), item in found.items():
        p = per[procedure_id]
        p["days"] += days(item["minutes"], cals[agency_id].day_minutes)
        p["hours"] += Decimal(item["minutes"] or 0) / 60
        p["counted"] += item["counted"]
        p["skipped"] += item["skipped"]
        p["n"] += item["n"]
        calendar_days[procedure_id] += Decimal(item["total"].total_seconds()) / 86400
    procedures = Procedure.objects.in_bulk(list(per))
    first_cases = _first_cases(procedures.values())
    rows = []
    for procedure_id, p in per.items():
        case = first_cases.get(procedure_id)
        unit = case.limit_unit if case is not None else LimitUnit.WORKING_DAYS
        if unit == LimitUnit.DAYS:
            average = calendar_days[procedure_id] / p["n"]
        elif unit == LimitUnit.HOURS:
            average = p["hours"] / p["counted"] if p["counted"] else None
        else:
            average = p["days"] / p["counted"] if p["counted"] else None
        limit = case.limit_amount if case is not None and not case.no_due_date else None
        if unit == LimitUnit.SAME_DAY:
            limit = Decimal(1)
        share = average / limit * 100 if average is not None and limit else None
        rows.append(
            {
                "procedure": procedures[procedure_id].code,
                "procedure_name": procedures[procedure_id].name,
                "dossiers": p["n"],
                "average": quantize(average),
                "unit": unit,
                "unit_label": str(UNIT_LABELS.get(unit, "")),
                "limit": limit,
                "share_of_limit": quantize(share, "0.1"),
                "skipped": p["skipped"],
            }
        )
    rows.sort(key=lambda r: (r["share_of_limit"] is None, -(r["share_of_limit"] or 0)))
    return rows


@analytic
def by_step(agency_ids: list[int], period: Period) -> list[dict[str, Any]]:
    """Average working hours of each internal-process step finished in the period, against its
    budget, per procedure; the steps most over budget first (the bottlenecks). A step counts
    for the agency that did it, on that agency's calendar."""
    steps = ProcessStep.objects.filter(
        agency_id__in=agency_ids,
        state=StepState.DONE,
        started_at__isnull=False,
        finished_at__gte=period.start_at,
        finished_at__lt=period.end_at,
    )
    found = sums(
        steps,
        keys=("dossier__procedure_id", "order"),
        agency_field="agency_id",
        start="started_at",
        end="finished_at",
        period=period,
        cals=calendars(agency_ids),
        n=Count("pk"),
        budget=Sum("hours"),
        late=Count("pk", filter=Q(due_at__isnull=False, finished_at__gt=F("due_at"))),
        name=Max("name"),
    )
    procedures = Procedure.objects.in_bulk({procedure_id for procedure_id, _o in found})
    rows = []
    for (procedure_id, order), item in found.items():
        if not item["counted"]:
            continue
        hours = Decimal(item["minutes"] or 0) / 60 / item["counted"]
        budget = Decimal(item["budget"]) / item["n"]
        procedure = procedures[procedure_id]
        rows.append(
            {
                "procedure": procedure.code,
                "procedure_name": procedure.name,
                "order": order,
                "step": item["name"],
                "steps": item["n"],
                "average_hours": quantize(hours),
                "budget_hours": quantize(budget),
                "over_budget": quantize(hours / budget * 100, "0.1") if budget else None,
                "late": item["late"],
            }
        )
    rows.sort(key=lambda r: (r["over_budget"] is None, -(r["over_budget"] or 0)))
    return rows
