"""The yearly review plan (kế hoạch rà soát, đánh giá TTHC, Decree 63/2010 art. 27–31): plan,
procedures with reviewers and due dates, the checklist, findings, proposal and the signed
decision. A closed item or plan refuses every edit (409); every change is audited."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from motcua import audit, clock
from motcua.accounts.models import User
from motcua.agencies.policy import require
from motcua.documents import services as documents
from motcua.documents import storage
from motcua.documents.models import Origin, Role
from motcua.errors import Conflict, NotFound, ValidationFailed
from motcua.review.compliance import check_year, find_procedure
from motcua.review.models import (
    CRITERIA,
    ItemStatus,
    PlanStatus,
    Proposal,
    ReviewItem,
    ReviewPlan,
    Verdict,
)

CLOSED_ITEM = "review_closed"


def _agency(user: Any) -> Any:
    return getattr(user, "agency", None)


def _record(action: str, user: Any, target: Any, **data: Any) -> None:
    audit.record(action, actor=user, agency=_agency(user), target=target, **data)


def _plan(plan_id: int, *, lock: bool = False) -> ReviewPlan:
    rows = ReviewPlan.objects.select_for_update() if lock else ReviewPlan.objects
    plan = rows.filter(pk=plan_id).first()
    if plan is None:
        raise NotFound(_("Không có kế hoạch rà soát này."))
    return plan


def _item(item_id: int) -> ReviewItem:
    item = (
        ReviewItem.objects.select_for_update()
        .select_related("plan", "procedure")
        .filter(pk=item_id)
        .first()
    )
    if item is None:
        raise NotFound(_("Không có thủ tục này trong kế hoạch rà soát."))
    return item


def _plan_open(plan: ReviewPlan) -> None:
    if plan.status == PlanStatus.CLOSED:
        raise Conflict(
            _("Kế hoạch rà soát năm %(year)s đã kết thúc: không sửa được nữa.")
            % {"year": plan.year},
            code=CLOSED_ITEM,
        )


def _item_open(item: ReviewItem) -> None:
    _plan_open(item.plan)
    if item.status == ItemStatus.CLOSED:
        raise Conflict(
            _("Rà soát thủ tục %(code)s đã kết thúc: không sửa được nữa.")
            % {"code": item.procedure.code},
            code=CLOSED_ITEM,
        )


def _text(value: Any, field: str, limit: int) -> str:
    value = str(value or "").strip()
    if len(value) > limit:
        raise ValidationFailed(
            _("Nội dung dài quá %(n)s ký tự.") % {"n": limit}, details={field: "too_long"}
        )
    return value


def create_plan(user: Any, year: int, title: str) -> ReviewPlan:
    """A draft plan for ``year`` (one a year)."""
    require(user, "review.manage_review")
    year = check_year(int(year))
    title = _text(title, "title", 500)
    if not title:
        raise ValidationFailed(_("Cần ghi tên kế hoạch."), details={"title": "required"})
    with transaction.atomic():
        if ReviewPlan.objects.filter(year=year).exists():
            raise Conflict(
                _("Năm %(year)s đã có kế hoạch rà soát.") % {"year": year}, code="plan_exists"
            )
        plan = ReviewPlan.objects.create(year=year, title=title, created_at=clock.now())
        _record("review.plan_created", user, plan, after={"year": year, "title": title})
    return plan


def approve_plan(user: Any, plan_id: int, approved_on: Any, approval_ref: str) -> ReviewPlan:
    """Record the approval (số, ngày quyết định). A plan approved after 31 January is kept but
    shown as late (Decree 63/2010 art. 28)."""
    require(user, "review.manage_review")
    approval_ref = _text(approval_ref, "approval_ref", 100)
    if not approval_ref:
        raise ValidationFailed(
            _("Cần ghi số quyết định phê duyệt."), details={"approval_ref": "required"}
        )
    day = clock.day_from(approved_on, "approved_on")
    with transaction.atomic():
        plan = _plan(plan_id, lock=True)
        _plan_open(plan)
        if day > date(plan.year, 12, 31):
            raise ValidationFailed(
                _("Ngày phê duyệt phải trước hoặc trong năm của kế hoạch."),
                details={"approved_on": "after_year"},
            )
        before = {"status": plan.status, "approved_on": str(plan.approved_on or "")}
        plan.status = PlanStatus.APPROVED
        plan.approved_on = day
        plan.approval_ref = approval_ref
        plan.save(update_fields=["status", "approved_on", "approval_ref"])
        _record(
            "review.plan_approved",
            user,
            plan,
            before=before,
            after={"approved_on": day.isoformat(), "approval_ref": approval_ref},
        )
    return plan


def add_item(user: Any, plan_id: int, code: str, reviewer_id: int, due_on: Any) -> ReviewItem:
    """Put a procedure in the plan with its reviewer and due date (in the plan's year)."""
    require(user, "review.manage_review")
    procedure = find_procedure(code)
    due = clock.day_from(due_on, "due_on")
    reviewer = User.objects.filter(pk=reviewer_id, is_active=True).first()
    if reviewer is None or not reviewer.is_agency_staff:
        raise ValidationFailed(
            _("Người rà soát phải là cán bộ, công chức có tài khoản đang hoạt động."),
            details={"reviewer": "invalid"},
        )
    with transaction.atomic():
        plan = _plan(plan_id, lock=True)
        _plan_open(plan)
        if due.year != plan.year:
            raise ValidationFailed(
                _("Hạn hoàn thành phải trong năm %(year)s của kế hoạch.") % {"year": plan.year},
                details={"due_on": "outside_year"},
            )
        if plan.items.filter(procedure=procedure).exists():
            raise Conflict(
                _("Thủ tục %(code)s đã có trong kế hoạch.") % {"code": procedure.code},
                code="item_exists",
            )
        item = ReviewItem.objects.create(
            plan=plan, procedure=procedure, reviewer=reviewer, due_on=due
        )
        _record(
            "review.item_added",
            user,
            item,
            after={"procedure": procedure.code, "reviewer": reviewer.username, "due_on": str(due)},
        )
    return item


REVIEW_FIELDS = (
    *[name for key in CRITERIA for name in (key, f"{key}_note")],
    "findings",
    "proposal",
)


def _snapshot(item: ReviewItem) -> dict[str, str]:
    return {name: getattr(item, name) for name in (*REVIEW_FIELDS, "status")}


def record_review(user: Any, item_id: int, **changes: Any) -> ReviewItem:
    """Fill or correct the checklist (each criterion ``met``/``not_met`` with a note), the
    findings and the proposal. Only once the plan is approved; never after closing."""
    unknown = set(changes) - set(REVIEW_FIELDS)
    if unknown:
        raise ValidationFailed(
            _("Trường không có: %(names)s.") % {"names": ", ".join(sorted(unknown))},
            details={"fields": sorted(unknown)},
        )
    cleaned: dict[str, str] = {}
    for name, value in changes.items():
        if name in CRITERIA:
            value = str(value or "").strip()
            if value and value not in Verdict.values:
                raise ValidationFailed(
                    _("Đánh giá “%(value)s” không hợp lệ (đạt / không đạt).") % {"value": value},
                    details={name: "invalid"},
                )
        elif name == "proposal":
            value = str(value or "").strip()
            if value and value not in Proposal.values:
                raise ValidationFailed(
                    _("Phương án “%(value)s” không có.") % {"value": value},
                    details={name: "invalid"},
                )
        else:
            value = _text(value, name, 10000)
        cleaned[name] = value
    with transaction.atomic():
        item = _item(item_id)
        require(user, "review.record_review", item)
        _item_open(item)
        if item.plan.status != PlanStatus.APPROVED:
            raise Conflict(
                _("Kế hoạch chưa được phê duyệt: chưa ghi kết quả rà soát được."),
                code="plan_not_approved",
            )
        before = _snapshot(item)
        for name, value in cleaned.items():
            setattr(item, name, value)
        item.status = ItemStatus.IN_REVIEW
        item.save(update_fields=[*cleaned, "status"])
        _record("review.item_recorded", user, item, before=before, after=_snapshot(item))
    return item


def attach_decision(user: Any, item_id: int, content: bytes, name: str) -> ReviewItem:
    """Attach the signed decision (PDF, checked like every upload); a later one replaces it."""
    checked = storage.check_upload(content, name, allowed=(storage.PDF,))
    with transaction.atomic():
        item = _item(item_id)
        require(user, "review.record_review", item)
        _item_open(item)
        document = documents.create_document(
            checked, origin=Origin.UPLOAD, uploaded_by=user, agency=_agency(user)
        )
        documents.attach([document], item, role=Role.RESULT, actor=user)
        before = {"decision": item.decision_id}
        item.decision = document
        item.save(update_fields=["decision"])
        _record(
            "review.decision_attached",
            user,
            item,
            before=before,
            after={"decision": document.pk, "name": document.name, "sha256": document.sha256},
        )
    return item


def close_item(user: Any, item_id: int) -> ReviewItem:
    """End the review of one procedure: every criterion judged, a proposal, the signed
    decision attached. Nothing can be changed afterwards."""
    require(user, "review.manage_review")
    with transaction.atomic():
        item = _item(item_id)
        _item_open(item)
        lacking = [str(label) for key, label in CRITERIA.items() if not getattr(item, key)]
        if not item.proposal:
            lacking.append(_("phương án xử lý"))
        if item.decision_id is None:
            lacking.append(_("quyết định đã ký"))
        if lacking:
            raise ValidationFailed(
                _("Chưa kết thúc được: còn thiếu %(what)s.") % {"what": ", ".join(lacking)},
                details={"missing": lacking},
            )
        before = _snapshot(item)
        item.status = ItemStatus.CLOSED
        item.closed_at = clock.now()
        item.save(update_fields=["status", "closed_at"])
        _record("review.item_closed", user, item, before=before, after=_snapshot(item))
    return item


def close_plan(user: Any, plan_id: int) -> ReviewPlan:
    """End the year's plan once every procedure in it is closed."""
    require(user, "review.manage_review")
    with transaction.atomic():
        plan = _plan(plan_id, lock=True)
        _plan_open(plan)
        if plan.status != PlanStatus.APPROVED:
            raise Conflict(_("Kế hoạch chưa được phê duyệt."), code="plan_not_approved")
        open_codes = list(
            plan.items.exclude(status=ItemStatus.CLOSED).values_list("procedure__code", flat=True)
        )
        if open_codes:
            raise Conflict(
                _("Còn thủ tục chưa rà soát xong: %(codes)s.") % {"codes": ", ".join(open_codes)},
                code="items_open",
                details={"open": open_codes},
            )
        plan.status = PlanStatus.CLOSED
        plan.save(update_fields=["status"])
        _record("review.plan_closed", user, plan, after={"status": plan.status})
    return plan
