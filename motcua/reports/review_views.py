"""Screens of the procedure review (rà soát TTHC, Decree 63/2010 art. 27–31) for the supervisor
and the provincial office: the year's plan with the cost table (and its Excel file), one
procedure's checklist, and one procedure's compliance cost with every input and its source,
before and after simplifying. Each form calls a service of :mod:`motcua.review`, which checks,
audits and refuses edits to a closed review; a refusal comes back as a message."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from motcua import clock
from motcua.accounts.models import User
from motcua.agencies.policy import require
from motcua.documents import services as files
from motcua.documents import storage
from motcua.errors import DomainError, ValidationFailed
from motcua.reports.views import FILE_TYPES, staff_page
from motcua.review import compliance, exports, plans, services
from motcua.review.completeness import catalogue_completeness
from motcua.review.cost import MISSING, SCALARS
from motcua.review.models import (
    CRITERIA,
    CostInput,
    HourValue,
    InputKind,
    ItemStatus,
    PlanStatus,
    Proposal,
    ReviewItem,
    ReviewPlan,
    Scenario,
    Verdict,
)

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


def _apply(request: HttpRequest, change: Callable[[], str]) -> None:
    """Run one change; its sentence, or the refusal, is shown after the redirect."""
    try:
        done = change()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done)


def _reviewer(username: str) -> int:
    found = User.objects.filter(username=(username or "").strip()).values_list("pk", flat=True)
    if not found:
        raise ValidationFailed(
            _("Không có tài khoản “%(name)s”.") % {"name": username},
            details={"reviewer": "unknown"},
        )
    return found[0]


def _plan_change(request: HttpRequest, year: int) -> Callable[[], str]:
    post = request.POST
    user = request.user
    action = post.get("action", "")

    def create() -> str:
        plans.create_plan(user, year, post.get("title", ""))
        return _("Đã tạo kế hoạch rà soát năm %(year)s.") % {"year": year}

    def approve() -> str:
        plans.approve_plan(
            user, post.get("plan", 0), post.get("approved_on", ""), post.get("approval_ref", "")
        )
        return _("Đã ghi quyết định phê duyệt kế hoạch.")

    def add() -> str:
        code = post.get("procedure", "").strip()
        reviewer = _reviewer(post.get("reviewer", ""))
        plans.add_item(user, post.get("plan", 0), code, reviewer, post.get("due_on", ""))
        return _("Đã thêm thủ tục %(code)s vào kế hoạch.") % {"code": code}

    def close() -> str:
        plans.close_plan(user, post.get("plan", 0))
        return _("Đã kết thúc kế hoạch rà soát năm %(year)s.") % {"year": year}

    def hour_value() -> str:
        services.set_hour_value(user, year, post.get("amount_vnd", ""), post.get("source", ""))
        return _("Đã lưu giá trị một giờ làm việc năm %(year)s.") % {"year": year}

    changes = {
        "create_plan": create,
        "approve_plan": approve,
        "add_item": add,
        "close_plan": close,
        "hour_value": hour_value,
    }
    if action not in changes:
        raise ValidationFailed(_("Thao tác không hợp lệ."), details={"action": action})
    return changes[action]


@staff_page
@require_http_methods(["GET", "POST"])
def review_plan(request: HttpRequest) -> HttpResponse:
    """Kế hoạch rà soát of a year, its procedures and their costs; ``?format=xlsx`` downloads
    the plan and the cost table. Those who run the review create, approve, fill and close the
    plan and enter the year's value of an hour here."""
    require(request.user, "review.view_review")
    year = _year(request)
    if request.method == "POST":
        _apply(request, _plan_change(request, year))
        return redirect(f"{reverse('reports:review_plan')}?{urlencode({'year': year})}")
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
        "open": plan is not None and plan.status != PlanStatus.CLOSED,
        "draft": plan is not None and plan.status == PlanStatus.DRAFT,
        "rows": list(zip(items, costs, strict=True)),
        "years": [year - 1, year, year + 1],
        "can_manage": request.user.has_perm("review.manage_review"),
        "hour": HourValue.objects.filter(year=year).first(),
        "completeness": completeness,
    }
    return render(request, "reports/review_plan.html", context)


def _item_change(request: HttpRequest, item: ReviewItem) -> Callable[[], str]:
    post = request.POST
    user = request.user
    action = post.get("action", "")

    def record() -> str:
        fields = {name: post.get(name, "") for name in plans.REVIEW_FIELDS}
        plans.record_review(user, item.pk, **fields)
        return _("Đã lưu kết quả rà soát.")

    def decision() -> str:
        upload = request.FILES.get("file")
        if upload is None:
            raise storage.FileRejected(_("Hãy chọn tệp quyết định đã ký (PDF)."))
        plans.attach_decision(user, item.pk, storage.read_upload(upload), upload.name or "")
        return _("Đã đính kèm quyết định đã ký.")

    def close() -> str:
        plans.close_item(user, item.pk)
        return _("Đã kết thúc rà soát thủ tục %(code)s.") % {"code": item.procedure.code}

    changes = {"record": record, "decision": decision, "close": close}
    if action not in changes:
        raise ValidationFailed(_("Thao tác không hợp lệ."), details={"action": action})
    return changes[action]


@staff_page
@require_http_methods(["GET", "POST"])
def review_item(request: HttpRequest, item_id: int) -> HttpResponse:
    """Phiếu rà soát of one procedure: the Decree 63 checklist with notes, findings, the
    proposal and the signed decision; refused once the review is closed."""
    require(request.user, "review.view_review")
    item = (
        ReviewItem.objects.select_related("plan", "procedure", "reviewer", "decision")
        .filter(pk=item_id)
        .first()
    )
    if item is None:
        raise Http404(_("Không có thủ tục này trong kế hoạch rà soát."))
    if request.method == "POST":
        _apply(request, _item_change(request, item))
        return redirect("reports:review_item", item_id=item.pk)
    closed = item.status == ItemStatus.CLOSED or item.plan.status == PlanStatus.CLOSED
    context = {
        "item": item,
        "criteria": [
            (key, label, getattr(item, key), getattr(item, f"{key}_note"))
            for key, label in CRITERIA.items()
        ],
        "verdicts": Verdict.choices,
        "proposals": Proposal.choices,
        "closed": closed,
        "can_record": not closed and request.user.has_perm("review.record_review", item),
        "can_manage": not closed and request.user.has_perm("review.manage_review"),
    }
    return render(request, "reports/review_item.html", context)


@staff_page
def review_decision(request: HttpRequest, item_id: int) -> HttpResponse:
    """The signed decision of one reviewed procedure, for every staff member."""
    require(request.user, "review.view_review")
    item = ReviewItem.objects.select_related("decision").filter(pk=item_id).first()
    if item is None or item.decision is None:
        raise Http404(_("Chưa có quyết định đã ký."))
    return files.download(item.decision)


def _cost_change(request: HttpRequest, code: str, year: int) -> Callable[[], str]:
    post = request.POST
    user = request.user
    action = post.get("action", "")

    def set_input() -> str:
        services.set_input(
            user,
            code,
            year,
            post.get("kind", ""),
            post.get("value", ""),
            post.get("source", ""),
            scenario=post.get("scenario", Scenario.CURRENT),
            paper=post.get("paper", ""),
        )
        return _("Đã lưu số liệu.")

    def remove() -> str:
        services.remove_input(user, post.get("input", 0))
        return _("Đã bỏ số liệu: số liệu này lại là còn thiếu.")

    changes = {"set_input": set_input, "remove_input": remove}
    if action not in changes:
        raise ValidationFailed(_("Thao tác không hợp lệ."), details={"action": action})
    return changes[action]


@staff_page
@require_http_methods(["GET", "POST"])
def compliance_cost(request: HttpRequest, code: str) -> HttpResponse:
    """Chi phí tuân thủ of one procedure: inputs with sources, current and proposed; those who
    run the review enter, correct and take back inputs here."""
    require(request.user, "review.view_review")
    year = _year(request)
    if request.method == "POST":
        _apply(request, _cost_change(request, code, year))
        url = reverse("reports:compliance_cost", args=[code])
        return redirect(f"{url}?{urlencode({'year': year})}")
    found = compliance.compliance_cost(code, year)
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
    can_manage = request.user.has_perm("review.manage_review")
    entered = (
        CostInput.objects.filter(procedure=found.procedure, year=found.year)
        if can_manage
        else CostInput.objects.none()
    )
    return render(
        request,
        "reports/compliance_cost.html",
        {
            "found": found,
            "rows": rows,
            "papers": papers,
            "year": found.year,
            "can_manage": can_manage,
            "entered": entered,
            "kinds": InputKind.choices,
            "scenarios": Scenario.choices,
        },
    )
