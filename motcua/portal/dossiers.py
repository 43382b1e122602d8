"""Nộp hồ sơ trực tuyến, hồ sơ của tôi, bổ sung hồ sơ, đánh giá: the citizen's own dossiers.
Every dossier is fetched by ownership (``access.citizen_dossier``); another person's is 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua.catalog import eforms, fees
from motcua.catalog import queries as catalog
from motcua.catalog.models import OnlineLevel
from motcua.documents import services as files
from motcua.dossiers import access, lookup, national, queries
from motcua.dossiers.lifecycle import NATIONAL_NAME, Status
from motcua.dossiers.models import Channel
from motcua.dossiers.services import actions, digitisation, intake, processing
from motcua.errors import DomainError, NotFound, ValidationFailed
from motcua.feedback import services as feedback
from motcua.feedback.indices import citizen_questions
from motcua.feedback.models import Rating, Satisfaction
from motcua.payments import queries as payment_queries
from motcua.payments import services as payments
from motcua.portal.forms import LookupForm
from motcua.portal.http import citizen_required, throttled, too_many

STORE_SHOWN = 200  # papers offered for reuse, newest first


def submit_start(request: HttpRequest) -> HttpResponse:
    """Chọn thủ tục để nộp trực tuyến (toàn trình or một phần)."""
    q = request.GET.get("q", "")[:200]
    found = catalog.search(q=q, online="online")[:200]
    return render(request, "portal/submit_start.html", {"procedures": found, "q": q})


def _case(request: HttpRequest, cases: list) -> Any:
    wanted = request.POST.get("case") or request.GET.get("case")
    return next((c for c in cases if c.case.code == wanted), cases[0])


def _submission(request: HttpRequest, procedure, detail) -> dict[str, Any]:
    """The service's arguments from the form; the chosen files are read here and stored by
    the service (all written or none)."""
    post = request.POST
    components, scans = [], {}
    for component in detail.structure.components:
        chosen = files.incoming(request.FILES.getlist(f"file-{component.code}"))
        stored = [int(v) for v in post.getlist(f"store-{component.code}") if v.isdigit()]
        if post.get(f"component-{component.code}") or chosen or stored:
            components.append(
                {
                    "code": component.code,
                    "originals": component.originals,
                    "copies": component.copies,
                    "store_item_ids": stored,
                }
            )
            scans[component.code] = chosen
    return {
        "procedure": procedure.code,
        "agency": post.get("agency", ""),
        "case": detail.case.code,
        "applicant": {
            "name": post.get("name", ""),
            "id_number": post.get("id_number", ""),
            "phone": post.get("phone", ""),
            "email": post.get("email", ""),
            "address": post.get("address", ""),
            "submitter": {
                key: post.get(f"submitter_{key}", "") for key in ("name", "id_number", "phone")
            },
        },
        "components": components,
        "scans": scans,
        "note": post.get("note", ""),
        "result_delivery": post.get("result_delivery") or Channel.ONLINE,
        "delivery_address": post.get("delivery_address", ""),
        "answers": {
            field["name"]: post.get(f"eform-{field['name']}", "")
            for field in procedure.current_version.eform or []
        },
    }


@citizen_required
def submit(request: HttpRequest, code: str) -> HttpResponse:
    procedure = catalog.procedure(code)
    cases = catalog.cases(procedure)
    detail = _case(request, cases)
    user = request.user
    context: dict[str, Any] = {
        "procedure": procedure,
        "cases": cases,
        "detail": detail,
        "agencies": catalog.receiving_agencies(procedure),
        "eform": procedure.current_version.eform or [],
        "online": procedure.online_level != OnlineLevel.NONE,
        "stored": list(digitisation.citizen_store(user)[:STORE_SHOWN]),
        "values": request.POST
        or {"name": user.full_name, "phone": user.phone, "email": user.email},
        "deliveries": [
            (Channel.ONLINE, _("Nhận kết quả điện tử trên Cổng (tải về)")),
            (Channel.COUNTER, _("Nhận trực tiếp tại Bộ phận Một cửa")),
            (Channel.POST, _("Nhận qua dịch vụ bưu chính công ích")),
        ],
    }
    if request.method == "POST" and request.POST.get("submit"):
        if throttled(request, "portal-submit", "RATELIMIT_SUBMIT"):
            return too_many(request, "portal/submit.html", context)
        try:
            dossier = intake.submit_online(actor=user, **_submission(request, procedure, detail))
        except DomainError as exc:
            context["error"] = exc.message
            context["error_fields"] = exc.details if isinstance(exc.details, dict) else {}
            return render(request, "portal/submit.html", context, status=exc.status)
        messages.success(
            request,
            _("Đã nộp hồ sơ. Mã tham chiếu: %(code)s. Hồ sơ chờ Bộ phận Một cửa tiếp nhận.")
            % {"code": dossier.code},
        )
        return redirect("portal:my_dossier", code=dossier.code)
    return render(request, "portal/submit.html", context)


@citizen_required
def my_dossiers(request: HttpRequest) -> HttpResponse:
    rows = list(queries.citizen_dossiers(request.user)[:200])
    for row in rows:
        row.status_name = NATIONAL_NAME[row.status_code]
    return render(request, "portal/my_dossiers.html", {"rows": rows})


@citizen_required
def my_store(request: HttpRequest) -> HttpResponse:
    """Kho dữ liệu của tôi: papers and electronic results my dossiers put in the data store, to
    reuse in the next submission instead of uploading them again (R5.3)."""
    items = list(digitisation.citizen_store(request.user).select_related("document")[:STORE_SHOWN])
    return render(request, "portal/my_store.html", {"items": items})


@citizen_required
def store_file(request: HttpRequest, item_id: int) -> HttpResponse:
    """Tải về một giấy tờ trong kho dữ liệu của mình."""
    document = digitisation.citizen_store_document(request.user, item_id)
    if document is None:
        raise Http404(_("Không tìm thấy giấy tờ trong kho dữ liệu."))
    return _own_file(document)


def _own_file(document) -> HttpResponse:
    """One of the citizen's own files, kept out of shared caches."""
    response = files.download(document)
    response["Cache-Control"] = "private, no-store"
    return response


def _dossier_context(request: HttpRequest, dossier) -> dict[str, Any]:
    rating = Rating.objects.with_scopes_disabled().filter(dossier=dossier).first()
    supplement = (
        dossier.supplements.filter(completed_at__isnull=True).order_by("-requested_at").first()
        if dossier.status == Status.AWAITING_SUPPLEMENT
        else None
    )
    components = list(dossier.components.all())
    return {
        "dossier": dossier,
        "attachments": list(files.attachments_of(dossier, applicant=True)),
        "status_name": NATIONAL_NAME[dossier.status_code],
        "history": queries.citizen_history(dossier),
        "components": components,
        "paper_names": {c.code: c.name for c in components},
        "eform": eforms.shown_answers(dossier.version.eform or [], dossier.eform_answers),
        "supplement": supplement,
        "can_supplement": supplement is not None
        and "supplement_received" in actions.available(dossier, request.user),
        "can_withdraw": "withdraw" in actions.available(dossier, request.user),
        "rating": rating,
        "can_rate": rating is None and dossier.status_code in feedback.RATABLE_STATUS_CODES,
        "levels": Satisfaction.choices,
        "questions": citizen_questions(),
        "fee_quote": fees.case_quote(dossier.case_id),
        "fee_due": dossier.payments.filter(paid_at__isnull=True).first()
        if dossier.status == Status.AWAITING_PAYMENT
        else None,
        "fee_payments": payment_queries.payments_of(dossier),
        "fee_link": payment_queries.open_link(dossier),
    }


@citizen_required
def my_dossier(request: HttpRequest, code: str) -> HttpResponse:
    dossier = access.citizen_dossier(request.user, code)
    return render(request, "portal/my_dossier.html", _dossier_context(request, dossier))


def _act(request: HttpRequest, code: str, action: str, body: dict[str, Any], done: str):
    dossier = access.citizen_dossier(request.user, code)
    try:
        dossier = actions.perform(dossier, action, actor=request.user, body=body)
    except DomainError as exc:
        context = {**_dossier_context(request, dossier), "error": exc.message}
        return render(request, "portal/my_dossier.html", context, status=exc.status)
    messages.success(request, done)
    return redirect("portal:my_dossier", code=dossier.code)


@require_POST
@citizen_required
def supplement(request: HttpRequest, code: str) -> HttpResponse:
    """Bổ sung hồ sơ trực tuyến: the applicant uploads the missing papers (status 5) and the
    dossier goes back to processing."""
    dossier = access.citizen_dossier(request.user, code)
    note = request.POST.get("note", "").strip()
    try:
        uploads = files.incoming(request.FILES.getlist("files"))
        if not uploads and not note:
            raise ValidationFailed(_("Tải lên giấy tờ bổ sung hoặc nêu rõ nội dung đã bổ sung."))
        processing.supplement_received(dossier, actor=request.user, note=note, uploads=uploads)
    except DomainError as exc:
        context = {**_dossier_context(request, dossier), "error": exc.message}
        return render(request, "portal/my_dossier.html", context, status=exc.status)
    messages.success(
        request, _("Đã gửi hồ sơ bổ sung. Thời hạn giải quyết được tính lại từ hôm nay.")
    )
    return redirect("portal:my_dossier", code=dossier.code)


@require_POST
@citizen_required
def pay(request: HttpRequest, code: str) -> HttpResponse:
    """Thanh toán trực tuyến: ask the payment platform for a link; the dossier page then shows
    it (a link, since the site's forms only post to the site itself)."""
    dossier = access.citizen_dossier(request.user, code)
    try:
        payments.start_online(dossier, actor=request.user)
    except DomainError as exc:
        context = {**_dossier_context(request, dossier), "error": exc.message}
        return render(request, "portal/my_dossier.html", context, status=exc.status)
    messages.success(request, _("Mời ông/bà mở trang thanh toán để nộp phí, lệ phí."))
    return redirect(reverse("portal:my_dossier", args=[dossier.code]) + "#fees")


@citizen_required
def dossier_file(request: HttpRequest, code: str, file_id: int) -> HttpResponse:
    """Tải về một tệp của hồ sơ của mình (giấy tờ đã nộp, kết quả điện tử)."""
    dossier = access.citizen_dossier(request.user, code)
    document = files.attached_document(dossier, file_id, applicant=True)
    if document is None:
        raise Http404(_("Hồ sơ không có tệp này."))
    return _own_file(document)


def national_file(request: HttpRequest, token: str) -> HttpResponse:
    """A paper or result of a dossier by the signed link sent to the national portal (DVCQG)."""
    try:
        document = national.linked_document(token)
    except NotFound as error:
        raise Http404(error.message) from error
    return files.download(document)


@require_POST
@citizen_required
def withdraw(request: HttpRequest, code: str) -> HttpResponse:
    return _act(
        request,
        code,
        "withdraw",
        {"reason": request.POST.get("reason", "")},
        _("Đã rút hồ sơ."),
    )


def rating_inputs(post) -> dict[str, Any]:
    return {
        "level": post.get("level"),
        "indices": {key: post.get(f"index-{key}") for key, _q, _c in citizen_questions()},
        "comment": post.get("comment", ""),
    }


@require_POST
@citizen_required
def rate(request: HttpRequest, code: str) -> HttpResponse:
    dossier = access.citizen_dossier(request.user, code)
    if throttled(request, "portal-rating", "RATELIMIT_RATING"):
        return too_many(request, "portal/my_dossier.html", _dossier_context(request, dossier))
    try:
        feedback.rate_dossier(dossier, actor=request.user, **rating_inputs(request.POST))
    except DomainError as exc:
        context = {**_dossier_context(request, dossier), "error": exc.message}
        return render(request, "portal/my_dossier.html", context, status=exc.status)
    messages.success(request, _("Cảm ơn ông/bà đã đánh giá."))
    return redirect("portal:my_dossier", code=dossier.code)


def lookup_page(request: HttpRequest) -> HttpResponse:
    """Tra cứu hồ sơ: the QR of the receipt opens ``/tra-cuu?code=…``; the phone number given
    at submission unlocks the status. A wrong code and a wrong phone read the same. With htmx
    only the answer under the form comes back; without JavaScript, the whole page."""
    template = "portal/lookup.html#answer" if request.htmx else "portal/lookup.html"
    form = LookupForm(request.POST or None, initial={"code": request.GET.get("code", "")})
    context: dict[str, Any] = {"form": form}
    if request.method != "POST":
        return render(request, template, context)
    if throttled(request, "portal-lookup", "RATELIMIT_LOOKUP"):
        return too_many(request, template, context)
    if form.is_valid():
        try:
            context["found"] = lookup.public_status(
                form.cleaned_data["code"], form.cleaned_data["phone"]
            )
        except DomainError as exc:
            context["error"] = exc.message
            return render(request, template, context, status=404)
    return render(request, template, context)
