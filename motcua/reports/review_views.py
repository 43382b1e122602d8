"""Screens of the procedure review (rà soát TTHC, Decree 63/2010 art. 27–31) for the supervisor
and the provincial office: the year's plan with the cost table (and its Excel file), and one
procedure's compliance cost with every input and its source, before and after simplifying."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua import clock
from motcua.agencies.policy import require
from motcua.errors import ValidationFailed
from motcua.reports.views import FILE_TYPES, staff_page
from motcua.review import compliance, exports
from motcua.review.completeness import catalogue_completeness
from motcua.review.cost import MISSING, SCALARS
from motcua.review.models import InputKind, ReviewPlan

LABELS = {
    "hour_value": gettext_lazy("Giá trị một giờ làm việc (đồng)"),
    "visits": InputKind.VISITS.label,
    "travel_hours": InputKind.TRAVEL_HOURS.label,
    "waiting_hours": InputKind.WAITING_HOURS.label,
    "processing_hours": gettext_lazy("Số giờ giải quyết (giờ làm việc)"),
    "fees": gettext_lazy("Phí, lệ phí (đồng)"),
    "copies": InputKind.COPIES.label,
    "certification": InputKind.CERTIFICATION.label,
    "travel_cost": InputKind.TRAVEL_COST.label,
    "services": InputKind.SERVICES.label,
}


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    if not raw:
        return clock.today().year
    try:
        return compliance.check_year(int(raw))
    except ValueError as exc:
        raise ValidationFailed(
            _("Năm “%(value)s” không hợp lệ.") % {"value": raw}, details={"year": raw}
        ) from exc


@staff_page
def review_plan(request: HttpRequest) -> HttpResponse:
    """Kế hoạch rà soát of a year, its procedures and their costs; ``?format=xlsx`` downloads
    the plan and the cost table."""
    require(request.user, "review.view_review")
    year = _year(request)
    plan = ReviewPlan.objects.filter(year=year).first()
    items = list(plan.items.select_related("procedure", "reviewer", "decision")) if plan else []
    costs = compliance.cost_table([i.procedure for i in items], year)
    completeness = catalogue_completeness()
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            exports.plan_xlsx(plan, items, costs, completeness), content_type=FILE_TYPES["xlsx"]
        )
        response["Content-Disposition"] = f'attachment; filename="ra-soat-tthc-{year}.xlsx"'
        return response
    context = {
        "year": year,
        "plan": plan,
        "rows": list(zip(items, costs, strict=True)),
        "years": [year - 1, year, year + 1],
        "can_manage": request.user.has_perm("review.manage_review"),
        "completeness": completeness,
    }
    return render(request, "reports/review_plan.html", context)


@staff_page
def compliance_cost(request: HttpRequest, code: str) -> HttpResponse:
    """Chi phí tuân thủ of one procedure: inputs with sources, current and proposed."""
    require(request.user, "review.view_review")
    found = compliance.compliance_cost(code, _year(request))
    current = found.current[0]
    proposed = found.proposed[0] if found.proposed else None
    rows = [
        {
            "label": LABELS[name],
            "current": getattr(current, name),
            "proposed": getattr(proposed, name) if proposed else None,
        }
        for name in SCALARS
    ]
    papers = [
        {
            "label": paper.name,
            "current": current.papers.get(paper.code, MISSING),
            "proposed": proposed.papers.get(paper.code, MISSING) if proposed else None,
        }
        for paper in found.papers
    ]
    return render(
        request,
        "reports/compliance_cost.html",
        {"found": found, "rows": rows, "papers": papers, "year": found.year},
    )
