"""Targets against actuals (chỉ tiêu kế hoạch và kết quả thực hiện) with a traffic light.

A unit's target for a KPI and year is its own :class:`~motcua.reports.models.Target` row, else
the nearest row set for an agency above it, each with the plan that set it (its source
document). Targets are the unit's data, entered in the admin site or loaded with the demo
province: the local plans disagree (online 20 %, 50 % or 60 %, DOMAIN "What the local plans
ask"), so no figure is built in, and a KPI without a target for the year is not scored.

Light: green when the target is met; amber when the actual is within 5 points of it (percentage
points for a rate, 5 % of the target for a count); red otherwise; grey when the KPI cannot be
measured or there is no figure yet."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _

from motcua.agencies.models import Agency
from motcua.reports import kpis
from motcua.reports.models import Comparison, Target
from motcua.reports.periods import Period

MARGIN_POINTS = Decimal(5)


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
    """Each KPI the unit has a target for in ``year``, with the actual over ``period``, the
    light and the plan that set the target."""
    targets = effective_targets(agency, year)
    if not targets:
        return []
    actuals = kpis.period_figures(agency_ids, period)
    rows = []
    for kpi in kpis.KPIS:
        target = targets.get(kpi.code)
        if target is None:
            continue
        value, comparison = target.value, target.comparison
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
                "target_source": target.source,
                "set_by": target.agency.name,
                "actual": actual,
                "light": colour,
                "light_label": str(LIGHT_LABELS[colour]),
                "measurable": kpi.measurable,
                "reason": str(kpi.reason),
            }
        )
    return rows
