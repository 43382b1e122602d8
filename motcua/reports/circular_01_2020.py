"""Biểu số 06/VPCP/KSTT (Circular 01/2020/TT-VPCP): "Tình hình, kết quả giải quyết thủ tục
hành chính tại cơ quan, đơn vị trực tiếp giải quyết thủ tục hành chính" (CONTRACT.md "Biểu 06",
DOMAIN §7).

A dossier counts for the agency that handles it (``handling_agency``, cơ quan giải quyết); that
agency's level puts it in the provincial, district or commune group, and its field (lĩnh vực)
gives its row. Every column is one condition (:func:`conditions`) used twice: counted by a
conditional aggregate for the figure, and as a filter for the list of dossiers behind it, so a
figure and its list can never disagree. One grouped query per report, whatever its size.

Semantics, exactly as CONTRACT.md fixes them, with ``S`` the local midnight starting ``from``,
``E`` the local midnight after ``to`` and ``T`` the local midnight starting ``to``:

- the report's dossiers: received before ``E`` and not finished before ``S``;
- ``carried_over``: received before ``S``; ``received_online`` / ``received_direct`` (counter
  and post): received in ``[S, E)``;
- ``resolved_*``: outcome done or refused, finished in ``[S, E)``; early / on time / late
  compare the local date of ``finished_at`` with the local date of the original (legal) due,
  ``original_due_at``, which an apology does not move (R4.20, R4.24); no due → on time;
- ``pending_*``: not finished before ``E``; overdue when the local date of the legal due is
  before ``to``, i.e. the due is before ``T`` (R4.21), or, while the period has not ended,
  before today (:attr:`~motcua.reports.periods.Period.overdue_before`);
- ``withdrawn_or_stopped``: outcome withdrawn or stopped, finished in ``[S, E)``.

So ``received_total = carried_over + received_online + received_direct = resolved_total +
pending_total + withdrawn_or_stopped`` on every row (:func:`broken_identities`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from motcua import text
from motcua.agencies.models import Agency, Level
from motcua.catalog.models import Field
from motcua.dossiers.lifecycle import Outcome
from motcua.dossiers.models import Channel, Dossier
from motcua.errors import ValidationFailed
from motcua.reports.periods import Period
from motcua.reports.sql import LocalDay, analytic

RESOLVED_OUTCOMES = (Outcome.DONE, Outcome.REFUSED)
CLOSED_OUTCOMES = (Outcome.WITHDRAWN, Outcome.STOPPED)


@dataclass(frozen=True)
class Column:
    """One figure column: its key (CONTRACT.md), its number in the official layout and its
    Vietnamese header."""

    key: str
    number: int
    header: Any


COLUMNS: tuple[Column, ...] = (
    Column("received_total", 3, _("Tổng số hồ sơ nhận giải quyết")),
    Column("received_online", 4, _("Trực tuyến")),
    Column("received_direct", 5, _("Trực tiếp, dịch vụ bưu chính")),
    Column("carried_over", 6, _("Từ kỳ trước")),
    Column("resolved_total", 7, _("Tổng số hồ sơ đã giải quyết")),
    Column("resolved_early", 8, _("Trước hạn")),
    Column("resolved_on_time", 9, _("Đúng hạn")),
    Column("resolved_late", 10, _("Quá hạn")),
    Column("pending_total", 11, _("Tổng số hồ sơ đang giải quyết")),
    Column("pending_within", 12, _("Trong hạn")),
    Column("pending_overdue", 13, _("Quá hạn")),
    Column("withdrawn_or_stopped", 14, _("Rút hồ sơ, dừng xử lý")),
)
KEYS: tuple[str, ...] = tuple(c.key for c in COLUMNS)
# The official form has 13 columns (DOMAIN R7.2): withdrawn or stopped dossiers are not one of
# them; the files print them as an extra line, or as a 14th column when asked.
OFFICIAL_KEYS: tuple[str, ...] = KEYS[:-1]
BY_KEY = {c.key: c for c in COLUMNS}


@dataclass(frozen=True)
class Group:
    """A group of rows by the level of the handling agency (giải quyết theo cấp)."""

    key: str
    name: Any
    levels: frozenset[str]


GROUPS: tuple[Group, ...] = (
    Group(
        "province",
        _("Cấp tỉnh (sở, ban, ngành; Trung tâm Phục vụ hành chính công)"),
        frozenset({Level.PROVINCE, Level.CENTRE, Level.DEPARTMENT}),
    ),
    Group("district", _("Cấp huyện (trước 01/7/2025)"), frozenset({Level.DISTRICT})),
    Group("commune", _("Cấp xã"), frozenset({Level.COMMUNE})),
)
GROUP_OF_LEVEL = {level: g for g in GROUPS for level in g.levels}
BY_GROUP = {g.key: g for g in GROUPS}


def legal_due() -> Coalesce:
    """The legal due in force: ``original_due_at`` (not moved by an apology)."""
    return Coalesce("original_due_at", "due_at")


def report_parts(agency_ids: Iterable[int], period: Period) -> tuple[QuerySet, QuerySet]:
    """:func:`report_dossiers` as two disjoint parts: those finished since the start of the
    period, and those not finished at all. Each is one index range per agency, so the
    database can read it from a covering index alone (see migration 0002); the union of the
    two with an ``OR`` cannot be."""
    ids = list(agency_ids)
    base = Dossier.objects.with_scopes_disabled().filter(
        handling_agency_id__in=ids, received_at__lt=period.end_at
    )
    aliases = {
        "finished_day": LocalDay("finished_at"),
        "due_day": LocalDay(legal_due()),
        "legal_due": legal_due(),
    }
    return (
        base.filter(finished_at__gte=period.start_at).alias(**aliases),
        base.filter(finished_at__isnull=True).alias(**aliases),
    )


def report_dossiers(agency_ids: Iterable[int], period: Period) -> QuerySet[Dossier]:
    """Every dossier the report counts: handled by one of ``agency_ids``, received before the
    end of the period and not finished before its start.

    The caller has checked ``agency_ids`` against the user's policy (``reports.access``), so
    the agency scope is this explicit filter rather than the access list: a province report
    would otherwise drag the whole access table through every query."""
    return (
        Dossier.objects.with_scopes_disabled()
        .filter(handling_agency_id__in=list(agency_ids), received_at__lt=period.end_at)
        .filter(Q(finished_at__isnull=True) | Q(finished_at__gte=period.start_at))
        .alias(
            finished_day=LocalDay("finished_at"),
            due_day=LocalDay(legal_due()),
            legal_due=legal_due(),
        )
    )


def conditions(period: Period) -> dict[str, Q]:
    """Each column's condition on :func:`report_dossiers` (which already holds the period)."""
    new = Q(received_at__gte=period.start_at)
    finished_in = Q(finished_at__lt=period.end_at)
    resolved = finished_in & Q(outcome__in=RESOLVED_OUTCOMES)
    pending = Q(finished_at__isnull=True) | Q(finished_at__gte=period.end_at)
    return {
        "received_total": Q(pk__isnull=False),
        "received_online": new & Q(channel=Channel.ONLINE),
        "received_direct": new & ~Q(channel=Channel.ONLINE),
        "carried_over": Q(received_at__lt=period.start_at),
        "resolved_total": resolved,
        "resolved_early": resolved & Q(finished_day__lt=F("due_day")),
        "resolved_on_time": resolved & (Q(due_day__isnull=True) | Q(finished_day=F("due_day"))),
        "resolved_late": resolved & Q(finished_day__gt=F("due_day")),
        "pending_total": pending,
        "pending_within": pending
        & (Q(legal_due__isnull=True) | Q(legal_due__gte=period.overdue_before)),
        "pending_overdue": pending & Q(legal_due__lt=period.overdue_before),
        "withdrawn_or_stopped": finished_in & Q(outcome__in=CLOSED_OUTCOMES),
    }


def zero() -> dict[str, int]:
    return dict.fromkeys(KEYS, 0)


def add(into: dict[str, int], figures: dict[str, int]) -> None:
    for key in KEYS:
        into[key] += figures[key]


def broken_identities(figures: dict[str, int]) -> list[str]:
    """The CONTRACT.md identities that do not hold on one row (empty when all is well)."""
    broken = []
    received = figures["carried_over"] + figures["received_online"] + figures["received_direct"]
    if figures["received_total"] != received:
        broken.append("received_total = carried_over + received_online + received_direct")
    handled = figures["resolved_total"] + figures["pending_total"] + figures["withdrawn_or_stopped"]
    if figures["received_total"] != handled:
        broken.append("received_total = resolved_total + pending_total + withdrawn_or_stopped")
    in_time = figures["resolved_early"] + figures["resolved_on_time"] + figures["resolved_late"]
    if figures["resolved_total"] != in_time:
        broken.append("resolved_total = resolved_early + resolved_on_time + resolved_late")
    if figures["pending_total"] != figures["pending_within"] + figures["pending_overdue"]:
        broken.append("pending_total = pending_within + pending_overdue")
    return broken


@dataclass
class Row:
    group: Group
    field_code: str
    field_name: str
    figures: dict[str, int]

    def as_dict(self) -> dict[str, Any]:
        return {
            "level": self.group.key,
            "level_name": str(self.group.name),
            "field": self.field_code,
            "field_name": self.field_name,
            **self.figures,
        }


@dataclass
class Report:
    """Biểu 06 of one agency (``children``: with every agency below it) for one period."""

    agency: Agency
    children: bool
    period: Period
    rows: list[Row] = field(default_factory=list)
    group_totals: dict[str, dict[str, int]] = field(default_factory=dict)
    total: dict[str, int] = field(default_factory=zero)

    @property
    def groups(self) -> list[tuple[Group, list[Row], dict[str, int]]]:
        """The non-empty groups in the official order, each with its rows and subtotal."""
        return [
            (g, [r for r in self.rows if r.group is g], self.group_totals[g.key])
            for g in GROUPS
            if g.key in self.group_totals
        ]

    def as_dict(self) -> dict[str, Any]:
        """The JSON answer of CONTRACT.md (plus the level of each row and group subtotals)."""
        return {
            "agency": self.agency.code,
            "agency_name": self.agency.name,
            "children": self.children,
            "period": self.period.code,
            "label": self.period.label,
            "from": self.period.start.isoformat(),
            "to": self.period.end.isoformat(),
            "rows": [row.as_dict() for row in self.rows],
            "groups": [
                {"level": g.key, "level_name": str(g.name), **totals}
                for g, _rows, totals in self.groups
            ],
            "total": dict(self.total),
        }


@analytic
def build(agency: Agency, agency_ids: list[int], period: Period, *, children: bool) -> Report:
    """Biểu 06 for the dossiers handled by ``agency_ids`` (already checked) in ``period``."""
    when = conditions(period)
    levels = dict(Agency.objects.filter(pk__in=agency_ids).values_list("pk", "level"))
    cells: dict[tuple[str, int], dict[str, int]] = {}
    for part in report_parts(agency_ids, period):
        grouped = (
            part.values("handling_agency_id", "field_id")
            .annotate(**{key: Count("pk", filter=when[key]) for key in KEYS})
            .order_by()
        )
        for item in grouped:
            group = GROUP_OF_LEVEL[levels[item["handling_agency_id"]]]
            add(cells.setdefault((group.key, item["field_id"]), zero()), item)
    fields = {f.pk: f for f in Field.objects.filter(pk__in={f for _g, f in cells})}
    report = Report(agency=agency, children=children, period=period)
    order = {g.key: n for n, g in enumerate(GROUPS)}
    for group_key, field_id in sorted(
        cells, key=lambda k: (order[k[0]], text.search_key(fields[k[1]].name))
    ):
        the_field = fields[field_id]
        figures = cells[(group_key, field_id)]
        report.rows.append(Row(BY_GROUP[group_key], the_field.code, the_field.name, figures))
        add(report.group_totals.setdefault(group_key, zero()), figures)
        add(report.total, figures)
    return report


def dossiers_behind(
    agency_ids: list[int],
    period: Period,
    column: str,
    *,
    field_code: str = "",
    level: str = "",
) -> QuerySet[Dossier]:
    """The dossiers counted in one figure: a column, optionally one field and one level group
    (the row), ordered by reception. Empty ``field_code`` and ``level``: the total row."""
    if column not in BY_KEY:
        raise ValidationFailed(
            _("Cột %(column)r không có trong Biểu 06.") % {"column": column},
            code="invalid_column",
            details={"column": column, "columns": list(KEYS)},
        )
    dossiers = report_dossiers(agency_ids, period).filter(conditions(period)[column])
    if level:
        if level not in BY_GROUP:
            raise ValidationFailed(
                _("Cấp %(level)r không hợp lệ.") % {"level": level},
                code="invalid_level",
                details={"level": level, "levels": list(BY_GROUP)},
            )
        dossiers = dossiers.filter(handling_agency__level__in=BY_GROUP[level].levels)
    if field_code:
        dossiers = dossiers.filter(field__code=field_code)
    return dossiers.order_by("received_at", "pk")
