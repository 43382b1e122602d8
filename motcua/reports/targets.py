"""Targets against actuals (chỉ tiêu kế hoạch và kết quả thực hiện) with a traffic light.

A unit's target for a KPI and year is its own :class:`~motcua.reports.models.Target` row, else
the nearest row set for an agency above it. Without any row, the page shows what the local
plans studied ask (:data:`PLAN_DEFAULTS`, DOMAIN "What the local plans ask") marked as a
suggestion, never as the unit's target: the plans disagree (online 20 %, 50 % or 60 %), so only
the unit can choose.

Light: green when the target is met; amber when the actual is within 5 points of it (percentage
points for a rate, 5 % of the target for a count); red otherwise; grey when the KPI cannot be
measured or there is no figure yet."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency
from motcua.reports import kpis
from motcua.reports.models import Comparison, Target
from motcua.reports.periods import Period

MARGIN_POINTS = Decimal(5)


@dataclass(frozen=True)
class Suggestion:
    kpi: str
    comparison: str
    value: Decimal
    plans: Any  # which plans ask for it


PLAN_DEFAULTS: tuple[Suggestion, ...] = (
    Suggestion("on_time_rate", Comparison.AT_LEAST, Decimal(96),
               _("≥ 96% (kế hoạch kiểm soát TTHC Sở Nội vụ Đồng Nai); 100% (kế hoạch CCHC "
                 "cấp xã)")),
    Suggestion("online_share", Comparison.AT_LEAST, Decimal(20),
               _("≥ 20% (kế hoạch CCHC cấp xã); ≥ 50% (phường Ninh Hà); ≥ 60% (Đồng Nai)")),
    Suggestion("satisfaction_rate", Comparison.AT_LEAST, Decimal(95),
               _("≥ 95% (cấp xã, phường Ninh Hà); ≥ 92% (Đồng Nai)")),
    Suggestion("pakn_on_time_rate", Comparison.AT_LEAST, Decimal(95),
               _("≥ 95% PAKN trả lời đúng hạn (Đồng Nai)")),
    Suggestion("digitised_share", Comparison.AT_LEAST, Decimal(15),
               _("≥ 15% kết quả được số hóa, tăng dần đến 100% (cấp xã, phường Ninh Hà)")),
    Suggestion("reuse_share", Comparison.AT_LEAST, Decimal(80),
               _("Người dân không phải nộp lại giấy tờ: 30% tăng đến 80% (phường Ninh Hà, "
                 "Quyết định 468/QĐ-TTg)")),
    Suggestion("waiting_minutes", Comparison.AT_MOST, Decimal(15),
               _("≤ 15 phút mỗi lượt (Quyết định 468/QĐ-TTg, phường Ninh Hà)")),
    Suggestion("dossiers_per_officer", Comparison.AT_LEAST, Decimal(1600),
               _("1.600 hồ sơ/cán bộ/năm (phường Ninh Hà)")),
)  # fmt: skip
SUGGESTED = {s.kpi: s for s in PLAN_DEFAULTS}


def effective_targets(agency: Agency, year: int) -> dict[str, Target]:
    """Per KPI: the agency's own target for the year, else the nearest one above it."""
    chain = agency.path.split("/")
    rows = Target.objects.filter(agency__code__in=chain, year=year).select_related("agency")
    depth = {code: n for n, code in enumerate(chain)}
    found: dict[str, Target] = {}
    for row in sorted(rows, key=lambda t: depth[t.agency.code]):
        found[row.kpi] = row  # deeper rows (nearer the agency) come later and win
    return found


def light(actual: Any, target: Decimal, comparison: str, *, percent: bool) -> str:
    """green (met), amber (within 5 points), red; grey without a figure."""
    if actual is None:
        return "grey"
    actual = Decimal(str(actual))
    margin = MARGIN_POINTS if percent else abs(target) * MARGIN_POINTS / 100
    gap = actual - target if comparison == Comparison.AT_MOST else target - actual
    if gap <= 0:
        return "green"
    if gap <= margin:
        return "amber"
    return "red"


LIGHT_LABELS = {
    "green": _("Đạt"),
    "amber": _("Gần đạt (trong khoảng 5 điểm)"),
    "red": _("Chưa đạt"),
    "grey": _("Chưa có số liệu"),
}


def scorecard(
    agency: Agency, agency_ids: list[int], year: int, period: Period
) -> list[dict[str, Any]]:
    """Each KPI with its target (or the plans' suggestion), the actual over ``period`` and the
    light."""
    actuals = kpis.period_figures(agency_ids, period)
    targets = effective_targets(agency, year)
    rows = []
    for kpi in kpis.KPIS:
        target = targets.get(kpi.code)
        suggestion = SUGGESTED.get(kpi.code)
        if target is None and suggestion is None:
            continue
        value = target.value if target else suggestion.value
        comparison = target.comparison if target else suggestion.comparison
        actual = actuals.get(kpi.code)
        colour = light(actual, value, comparison, percent=kpi.percent)
        rows.append(
            {
                "kpi": kpi.code,
                "name": str(kpi.name),
                "unit": str(kpi.unit),
                "comparison": comparison,
                "comparison_label": "≥" if comparison == Comparison.AT_LEAST else "≤",
                "target": value,
                "target_source": (
                    target.source or target.agency.name if target else str(suggestion.plans)
                ),
                "suggested": target is None,
                "actual": actual,
                "light": colour,
                "light_label": str(LIGHT_LABELS[colour]),
                "measurable": kpi.measurable,
                "reason": str(kpi.reason),
            }
        )
    return rows
