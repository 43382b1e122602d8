"""Staff screens: worklists, the dossier page and its actions. Thin views: fetch through
``access``, call one service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua import clock
from motcua.catalog import fees
from motcua.documents import services as files
from motcua.documents.models import Role
from motcua.dossiers import access, queries, slips
from motcua.dossiers.lifecycle import ACTION_SENTENCES, NATIONAL_NAME, Action, Status
from motcua.dossiers.models import Apology
from motcua.dossiers.services import actions, processing
from motcua.errors import DomainError
from motcua.exchange import outbox, sync
from motcua.office.access import staff_required
from motcua.payments import services
from motcua.payments.models import Payment

PAGE_SIZE = 50
VIEW_TITLES = {
    "mine": gettext_lazy("Hồ sơ của tôi"),
    "unit": gettext_lazy("Hồ sơ của đơn vị"),
    "overdue": gettext_lazy("Hồ sơ quá hạn"),
    "due_soon": gettext_lazy("Sắp đến hạn (trong 1 ngày làm việc)"),
    "all": gettext_lazy("Tất cả hồ sơ được xem"),
}


@staff_required
def home(request: HttpRequest) -> HttpResponse:
    """Each role lands on its own desk."""
    role = request.user.role
    if role == "counter":
        return redirect("office:counter")
    if role == "supervisor":
        return redirect("reports:dashboard")
    return redirect(f"{reverse('office:worklist')}?view=mine")


def _decorate(dossiers: list, user: Any) -> list:
    now = clock.now()
    soon = queries.due_soon_limit(user, now)
    for dossier in dossiers:
        dossier.standing = queries.timeliness(dossier, now, soon)
        dossier.standing_label = queries.TIMELINESS_LABELS[dossier.standing]
        dossier.status_name = NATIONAL_NAME[dossier.status_code]
    return dossiers


@staff_required
def worklist(request: HttpRequest) -> HttpResponse:
    view = request.GET.get("view") or "unit"
    if view not in queries.VIEWS:
        view = "unit"
    q = request.GET.get("q", "")
    status = request.GET.get("status") or None
    try:
        page = max(1, int(request.GET.get("page", 1)))
    except ValueError:
        page = 1
    if view == "mine":
        rows, has_next = queries.mine_page(request.user, page, PAGE_SIZE, status=status, q=q)
    else:
        found = queries.worklist(request.user, view=view, status=status, q=q)
        rows, has_next = queries.page_of(found, page, PAGE_SIZE)
    context = {
        "view": view,
        "views": VIEW_TITLES,
        "title": VIEW_TITLES[view],
        "q": q,
        "status": status or "",
        "rows": _decorate(rows, request.user),
        "page": page,
        "has_next": has_next,
        "statuses": NATIONAL_NAME,
    }
    template = "office/worklist.html#rows" if request.htmx else "office/worklist.html"
    return render(request, template, context)


def _dossier_context(request: HttpRequest, dossier) -> dict[str, Any]:
    _decorate([dossier], request.user)
    allowed = actions.available(dossier, request.user)
    steps = list(dossier.steps.select_related("agency", "assignee"))
    next_step = next(
        (
            s
            for s in steps
            if dossier.current_step
            and s.order > dossier.current_step.order
            and s.state == "pending"
        ),
        None,
    )
    attachments = list(files.attachments_of(dossier))
    by_part: dict[str, list] = {}
    for attachment in attachments:
        if attachment.role in (Role.COMPONENT, Role.SUPPLEMENT):
            by_part.setdefault(attachment.part, []).append(attachment)
    return {
        "dossier": dossier,
        "print_links": _printable(dossier),
        "files_by_part": by_part,
        "results": [a for a in attachments if a.role == Role.RESULT],
        "can_scan": dossier.received_at is not None
        and request.user.has_perm("dossiers.digitise", dossier),
        "steps": steps,
        "components": list(dossier.components.all()),
        "movements": [
            (m, ACTION_SENTENCES.get(m.action, m.action))
            for m in dossier.movements.select_related("actor", "to_user", "to_agency")
        ],
        "allowed": allowed,
        "action_names": {a: ACTION_SENTENCES[a] for a in allowed},
        "next_step": next_step,
        "officers": queries.step_officers(
            [s for s in steps if s.state == "pending" and s.role != "counter_return"]
        )
        if Action.TRANSFER in allowed
        else {},
        "earlier_steps": processing.earlier_steps(dossier, request.user)
        if Action.SEND_BACK in allowed
        else [],
        "draft": processing.latest_draft(dossier) if Action.APPROVE in allowed else None,
        "sync_history": outbox.history(sync.SYSTEM, str(dossier.pk)),
        "fee_quote": fees.case_quote(dossier.case_id),
        "fee_due": dossier.payments.filter(paid_at__isnull=True).first()
        if dossier.status == Status.AWAITING_PAYMENT
        else None,
        "fee_payments": list(
            Payment.objects.filter(dossier=dossier).select_related("refunded_by").order_by("id")
        ),
        "can_collect": request.user.has_perm("dossiers.payment_received", dossier),
        "can_refund": dossier.outcome in services.REFUNDABLE_OUTCOMES
        and request.user.has_perm("payments.refund", dossier),
        "now": clock.now(),
    }


PRINT_LABELS = {
    "receipt": gettext_lazy("Giấy tiếp nhận và hẹn trả kết quả (Mẫu 01)"),
    "supplement_request": gettext_lazy("Phiếu yêu cầu bổ sung, hoàn thiện (Mẫu 02)"),
    "refusal": gettext_lazy("Phiếu từ chối (Mẫu 03)"),
    "apology": gettext_lazy("Phiếu xin lỗi và hẹn lại ngày trả (Mẫu 04)"),
    "control_sheet": gettext_lazy("Phiếu kiểm soát quá trình giải quyết (Mẫu 05)"),
    "stop_notice": gettext_lazy("Thông báo dừng giải quyết hồ sơ"),
}


def _printable(dossier) -> list[tuple[str, str]]:
    """The forms this dossier's history has (each one's builder decides; cheap checks here)."""
    kinds = []
    if dossier.received_at is not None:
        kinds += ["receipt", "control_sheet"]
    if dossier.supplements.exists():
        kinds.append("supplement_request")
    if dossier.status in (Status.NOT_RECEIVED, Status.REFUSED):
        kinds.append("refusal")
    if Apology.objects.filter(dossier=dossier).exists():
        kinds.append("apology")
    if slips.has_stop_notice(dossier):
        kinds.append("stop_notice")
    return [(kind, PRINT_LABELS[kind]) for kind in PRINT_LABELS if kind in kinds]


@staff_required
def dossier_page(request: HttpRequest, code: str) -> HttpResponse:
    dossier = access.dossier_for(request.user, code)
    return render(request, "office/dossier.html", _dossier_context(request, dossier))


def _body_from_form(post) -> dict[str, Any]:
    """Form fields → the inputs of ``actions.perform`` (the API takes the same)."""
    body: dict[str, Any] = {}
    for name in ("reason", "to_user", "to_agency", "receipt", "channel", "note", "new_due_at"):
        if post.get(name):
            body[name] = post[name]
    for name in ("to_step", "amount", "result_file_id"):
        if post.get(name):
            try:
                body[name] = int(post[name])
            except ValueError:
                body[name] = post[name]
    if post.get("hours"):
        body["hours"] = post["hours"]
    if post.get("items"):
        body["items"] = [line.strip() for line in post["items"].splitlines() if line.strip()]
    if post.get("online"):
        body["online"] = True
    if body.get("new_due_at") and len(body["new_due_at"]) == 16:  # <input type=datetime-local>
        body["new_due_at"] += ":00+07:00"
    return body


def refused(request: HttpRequest, code: str, exc: DomainError) -> HttpResponse:
    """A refused action goes back to the dossier's page with the reason (nothing changed), so
    the browser does not stay on the action's address."""
    messages.error(request, exc.message)
    return redirect("office:dossier", code=code)


@staff_required
def act(request: HttpRequest, code: str, action: str) -> HttpResponse:
    if request.method != "POST":
        return redirect("office:dossier", code=code)
    dossier = access.dossier_for(request.user, code)
    body = _body_from_form(request.POST)
    upload = request.FILES.get("draft") if action == Action.TRANSFER else None
    try:
        # The draft's upload and the hand-over are one transaction: both or neither.
        extra = {"draft_upload": files.incoming([upload])[0]} if upload is not None else {}
        dossier = actions.perform(dossier, action, actor=request.user, body=body, **extra)
    except DomainError as exc:
        return refused(request, code, exc)
    messages.success(request, _("Đã thực hiện: %(action)s.") % {"action": ACTION_SENTENCES[action]})
    return redirect("office:dossier", code=dossier.code)
