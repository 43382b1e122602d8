"""Chỉ tiêu theo dõi (KPI): the registry of key figures shared by the dashboards, the targets
page and the API (STYLE.md habit 6: a new KPI is one entry and one test).

Each :class:`Kpi` turns a few base counts into its value; the counts come from grouped queries
(one per source table) by agency or procedure and by local day, so a screen asking for a
province's year by month and one asking for a commune's week by day run the same functions.
:func:`dashboard_figures` returns plain dicts and lists (numbers as ``int`` or ``float``),
ready for a template or JSON.

Definitions: received = received in the range; resolved = done or refused in the range;
on-time rate = resolved no later than the local date of the legal due (Biểu 06's rule, R4.20)
over resolved; overdue now = still open and past the legal due at this moment; online share =
received online over received; digitised share = received with a digitised paper that had
to be scanned over received with a paper to scan (the exemptions of Circular 03/2025 art. 5 left
out: online dossiers, papers only shown, appraisal results, confidential papers); reuse
share = received with a reused component over received; satisfaction rate =
ratings "hài lòng" or "rất hài lòng" over ratings given in the range (of dossiers, and of hall
visits rated at the kiosk); PAKN on time as 766
criterion 5.2; dossiers per officer = received per active staff member of the agencies, over a
year; waiting time at the counter = mean minutes from taking a queue ticket to its call
(``motcua.hall.measure``)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Case, Count, F, Max, Min, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from motcua import clock
from motcua.accounts.models import User
from motcua.agencies.models import Agency
from motcua.agencies.roles import Role
from motcua.catalog.models import Procedure
from motcua.dossiers.lifecycle import OPEN_STATES, Outcome
from motcua.dossiers.models import Channel, Dossier, DossierComponent
from motcua.feedback.models import Rating, Satisfaction
from motcua.hall import measure
from motcua.hall.models import Ticket
from motcua.reports import petitions
from motcua.reports.access import unscoped
from motcua.reports.periods import Period, local_midnight
from motcua.reports.sql import LocalDay, analytic, day_of, regroup

Counts = dict[str, int]


def _ratio(numerator: int, denominator: int) -> float | None:
    return round(100 * numerator / denominator, 2) if denominator else None


@dataclass(frozen=True)
class Kpi:
    """One key figure: its code, Vietnamese name, unit, direction and how it is computed from
    the base counts of a group and bucket (``None`` when it cannot be measured)."""

    code: str
    name: Any
    unit: str
    compute: Callable[[Counts], float | int | None] | None
    higher_is_better: bool = True
    percent: bool = False
    by_day: bool = True  # shown on the dashboard by day and month
    reason: Any = ""  # why the system cannot measure it

    @property
    def measurable(self) -> bool:
        return self.compute is not None

    def describe(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": str(self.name),
            "unit": str(self.unit),
            "higher_is_better": self.higher_is_better,
            "measurable": self.measurable,
            "reason": str(self.reason),
        }


KPIS: tuple[Kpi, ...] = (
    Kpi("received", _("Hồ sơ tiếp nhận"), _("hồ sơ"), lambda c: c["received"]),
    Kpi("resolved", _("Hồ sơ đã giải quyết"), _("hồ sơ"), lambda c: c["resolved"]),
    Kpi("on_time_rate", _("Tỷ lệ hồ sơ giải quyết đúng hạn"), "%",
        lambda c: _ratio(c["resolved_in_time"], c["resolved"]), percent=True),
    Kpi("overdue_now", _("Hồ sơ đang quá hạn"), _("hồ sơ"), lambda c: c["overdue_now"],
        higher_is_better=False, by_day=False),
    Kpi("online_share", _("Tỷ lệ hồ sơ trực tuyến"), "%",
        lambda c: _ratio(c["online"], c["received"]), percent=True),
    # Only what must be scanned counts (Circular 03/2025 art. 5): dossiers with a paper to
    # scan, and of them those with such a paper digitised.
    Kpi("digitised_share", _("Tỷ lệ hồ sơ được số hóa"), "%",
        lambda c: _ratio(c["digitised"], c["to_scan"]), percent=True),
    Kpi("reuse_share", _("Tỷ lệ hồ sơ sử dụng lại dữ liệu số hóa"), "%",
        lambda c: _ratio(c["reused"], c["received"]), percent=True),
    Kpi("satisfaction_rate", _("Tỷ lệ hài lòng"), "%",
        lambda c: _ratio(c["satisfied"], c["rated"]), percent=True),
    Kpi("pakn_on_time_rate", _("Tỷ lệ PAKN xử lý đúng hạn"), "%",
        lambda c: _ratio(c["pakn_on_time"], c["pakn"]), percent=True, by_day=False),
    Kpi("dossiers_per_officer", _("Số hồ sơ mỗi cán bộ trong năm"), _("hồ sơ/người/năm"),
        lambda c: round(c["received"] * 365 / c["days"] / c["staff"]) if c["staff"] else None,
        by_day=False),
    Kpi("waiting_minutes", _("Thời gian chờ tại quầy"), _("phút"),
        lambda c: c.get("waiting_minutes"), higher_is_better=False, by_day=False),
)  # fmt: skip
BY_CODE = {k.code: k for k in KPIS}
DASHBOARD = tuple(k for k in KPIS if k.by_day and k.measurable)
BASE = (
    "received", "online", "to_scan", "digitised", "reused", "resolved", "resolved_in_time",
    "rated", "satisfied",
)  # fmt: skip


def _legal_due() -> Coalesce:
    return Coalesce("original_due_at", "due_at")


def _dossiers():
    return Dossier.objects.with_scopes_disabled()


def base_counts(
    agency_ids: list[int], start: date, end: date, group: str
) -> dict[tuple[Any, int], Counts]:
    """The base counts per (group key, local day number) for the days ``start`` … ``end``.
    ``group`` is "agency" (the handling agency) or "procedure"."""
    key = "handling_agency_id" if group == "agency" else "procedure_id"
    start_at, end_at = local_midnight(start), local_midnight(end + timedelta(days=1))
    cells: dict[tuple[Any, int], Counts] = defaultdict(lambda: dict.fromkeys(BASE, 0))
    received = _dossiers().filter(
        handling_agency_id__in=agency_ids, received_at__gte=start_at, received_at__lt=end_at
    )
    low = high = None
    for row in (
        received.values(key, day=LocalDay("received_at"))
        .annotate(n=Count("pk"), online=Count("pk", filter=Q(channel=Channel.ONLINE)),
                  low=Min("pk"), high=Max("pk"))
        .order_by()
    ):  # fmt: skip
        cell = cells[(row[key], row["day"])]
        cell["received"] += row["n"]
        cell["online"] += row["online"]
        low = row["low"] if low is None else min(low, row["low"])
        high = row["high"] if high is None else max(high, row["high"])
    if low is not None:
        # Per dossier (any digitised / reused paper), then per group and day; the id range
        # keeps the component scan to the period (see index_766.gather_received).
        per_dossier = (
            DossierComponent.objects.filter(
                dossier_id__gte=low,
                dossier_id__lte=high,
                dossier__handling_agency_id__in=agency_ids,
                dossier__received_at__gte=start_at,
                dossier__received_at__lt=end_at,
            )
            .filter(Q(scan_exempt="") | Q(reused=True))
            .values("dossier_id")
            .annotate(
                group_key=Max(f"dossier__{key}"),
                day=Max(LocalDay("dossier__received_at")),
                any_to_scan=Max(Case(When(scan_exempt="", then=Value(1)), default=Value(0))),
                any_digitised=Max(
                    Case(When(scan_exempt="", digitised=True, then=Value(1)), default=Value(0))
                ),
                any_reused=Max(Case(When(reused=True, then=Value(1)), default=Value(0))),
            )
        )
        flags = ("any_to_scan", "any_digitised", "any_reused")
        for row in regroup(per_dossier, ("group_key", "day"), flags):
            cell = cells[(row["group_key"], row["day"])]
            cell["to_scan"] += row["any_to_scan"]
            cell["digitised"] += row["any_digitised"]
            cell["reused"] += row["any_reused"]
    resolved = _dossiers().filter(
        handling_agency_id__in=agency_ids,
        outcome__in=(Outcome.DONE, Outcome.REFUSED),
        finished_at__gte=start_at,
        finished_at__lt=end_at,
    )
    in_time = Q(legal_due__isnull=True) | Q(finished_day__lte=F("due_day"))
    for row in (
        resolved.alias(
            legal_due=_legal_due(),
            finished_day=LocalDay("finished_at"),
            due_day=LocalDay(_legal_due()),
        )
        .values(key, day=LocalDay("finished_at"))
        .annotate(n=Count("pk"), in_time=Count("pk", filter=in_time))
        .order_by()
    ):
        cell = cells[(row[key], row["day"])]
        cell["resolved"] += row["n"]
        cell["resolved_in_time"] += row["in_time"]
    # Ratings of dossiers, and of hall visits at the kiosk (issue 20), on the same three levels;
    # by procedure, a visit counts only when it ended with a dossier received.
    rating_key = "agency_id" if group == "agency" else "dossier__procedure_id"
    ratings = unscoped(Rating).filter(
        agency_id__in=agency_ids, created_at__gte=start_at, created_at__lt=end_at
    )
    visits = unscoped(Ticket).filter(
        agency_id__in=agency_ids,
        rating__isnull=False,
        finished_at__gte=start_at,
        finished_at__lt=end_at,
        **({} if group == "agency" else {"dossier__isnull": False}),
    )
    for rows, level, at in ((ratings, "level", "created_at"), (visits, "rating", "finished_at")):
        for row in (
            rows.values(rating_key, rated_on=LocalDay(at))  # a ticket has a field named "day"
            .annotate(
                n=Count("pk"),
                satisfied=Count("pk", filter=Q(**{f"{level}__gte": Satisfaction.SATISFIED})),
            )
            .order_by()
        ):
            cell = cells[(row[rating_key], row["rated_on"])]
            cell["rated"] += row["n"]
            cell["satisfied"] += row["satisfied"]
    return cells


def overdue_now(agency_ids: list[int], group: str) -> dict[Any, int]:
    """Open dossiers past their legal due at this moment, per group."""
    key = "handling_agency_id" if group == "agency" else "procedure_id"
    rows = (
        _dossiers()
        .filter(handling_agency_id__in=agency_ids, status__in=OPEN_STATES)
        .alias(legal_due=_legal_due())
        .filter(legal_due__lt=clock.now())
        .values(key)
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {row[key]: row["n"] for row in rows}


def _bucket(day: int, by: str) -> str:
    d = day_of(day)
    return d.isoformat() if by == "day" else f"{d.year}-{d.month:02d}"


def _add(into: Counts, counts: Counts) -> None:
    for name in BASE:
        into[name] = into.get(name, 0) + counts[name]


def _values(counts: Counts, kpis) -> dict[str, Any]:
    return {k.code: k.compute(counts) for k in kpis}


@analytic
def dashboard_figures(
    agency_ids: list[int], start: date, end: date, by: str = "day", group: str = "agency"
) -> dict[str, Any]:
    """The dashboard's figures for the days ``start`` … ``end`` (local, both included): one
    series per agency or procedure with a point per day or calendar month, and the totals."""
    if by not in ("day", "month") or group not in ("agency", "procedure"):
        raise ValueError("by is day or month; group is agency or procedure")
    cells = base_counts(agency_ids, start, end, group)
    overdue = overdue_now(agency_ids, group)
    keys = {k for k, _day in cells} | set(overdue)
    if group == "agency":
        names = {a.pk: (a.code, a.name) for a in Agency.objects.filter(pk__in=keys)}
    else:
        names = {p.pk: (p.code, p.name) for p in Procedure.objects.filter(pk__in=keys)}
    series: dict[Any, dict[str, Counts]] = defaultdict(lambda: defaultdict(dict))
    totals: dict[Any, Counts] = defaultdict(dict)
    everything: Counts = {}
    for (key, day), counts in cells.items():
        _add(series[key][_bucket(day, by)], counts)
        _add(totals[key], counts)
        _add(everything, counts)
    out = []
    for key in sorted(keys, key=lambda k: names[k][0]):
        code, name = names[key]
        points = [
            {"period": bucket, **_values(counts, DASHBOARD)}
            for bucket, counts in sorted(series[key].items())
        ]
        total = {**dict.fromkeys(BASE, 0), **totals[key]}
        out.append(
            {
                "key": code,
                "name": name,
                "points": points,
                "total": {**_values(total, DASHBOARD), "overdue_now": overdue.get(key, 0)},
            }
        )
    grand = {**dict.fromkeys(BASE, 0), **everything}
    return {
        "from": start.isoformat(),
        "to": end.isoformat(),
        "by": by,
        "group": group,
        "kpis": [k.describe() for k in (*DASHBOARD, BY_CODE["overdue_now"])],
        "series": out,
        "total": {**_values(grand, DASHBOARD), "overdue_now": sum(overdue.values())},
    }


@analytic
def period_figures(agency_ids: list[int], period: Period) -> dict[str, Any]:
    """Every KPI's value over a period for the agencies taken together (the targets page)."""
    counts: Counts = dict.fromkeys(BASE, 0)
    for cell in base_counts(agency_ids, period.start, period.end, "agency").values():
        _add(counts, cell)
    as_of = min(period.end_at, clock.now())
    tallies = petitions.tally(agency_ids, period, as_of).values()
    counts["pakn"] = sum(t.handled for t in tallies)
    counts["pakn_on_time"] = sum(t.on_time for t in tallies)
    counts["overdue_now"] = sum(overdue_now(agency_ids, "agency").values())
    counts["days"] = (min(period.end, clock.today()) - period.start).days + 1
    wait = measure.mean_wait_minutes(agency_ids, period.start, period.end)
    counts["waiting_minutes"] = float(wait) if wait is not None else None
    counts["staff"] = User.objects.filter(
        agency_id__in=agency_ids,
        is_active=True,
        role__in=(Role.COUNTER, Role.SPECIALIST, Role.LEADER),
    ).count()
    return {k.code: (k.compute(counts) if k.measurable else None) for k in KPIS}
