"""Đánh giá tại quầy (kiosk) and phản ánh, kiến nghị: the public pages, and the staff queue
at ``/office/pakn/``. Rules are in ``feedback.services`` and ``feedback.lifecycle``."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua import clock
from motcua.agencies.models import Agency
from motcua.documents import services as files
from motcua.dossiers import access
from motcua.errors import Conflict, DomainError
from motcua.feedback import lifecycle, services
from motcua.feedback.indices import citizen_questions
from motcua.feedback.models import Petition, PetitionCategory, PetitionStatus, Satisfaction
from motcua.portal.dossiers import rating_inputs
from motcua.portal.forms import PetitionForm
from motcua.portal.http import client_key, domain_errors, throttled, too_many

# --- Kiosk -----------------------------------------------------------------------------------


def staff_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_agency_staff:
            raise PermissionDenied
        return domain_errors(view)(request, *args, **kwargs)

    return wrapper


@require_POST
@staff_only
def kiosk_open(request: HttpRequest, code: str) -> HttpResponse:
    """The counter officer who just served the dossier opens its rating screen."""
    dossier = access.dossier_for(request.user, code)
    try:
        token = services.kiosk_token(dossier, officer=request.user)
    except Conflict as exc:
        messages.error(request, exc.message)
        return redirect("office:dossier", code=code)
    return redirect("portal:kiosk", token=token)


@domain_errors
def kiosk(request: HttpRequest, token: str) -> HttpResponse:
    """Màn hình đánh giá tại quầy: big buttons for a tablet; no login, the signed link is
    the permission."""
    visit = services.kiosk_dossier(token)
    context: dict[str, Any] = {
        "visit": visit,
        "levels": Satisfaction.choices,
        "questions": citizen_questions(),
        "token": token,
    }
    if request.method == "POST" and not visit.rated:
        if throttled(request, "portal-rating", "RATELIMIT_RATING"):
            return too_many(request, "portal/kiosk.html", context)
        try:
            services.rate_at_kiosk(token, **rating_inputs(request.POST))
        except DomainError as exc:
            context["error"] = exc.message
            return render(request, "portal/kiosk.html", context, status=exc.status)
        context["thanks"] = True
    return render(request, "portal/kiosk.html", context)


# --- PAKN, public ------------------------------------------------------------------------------


def _receiving_agencies() -> list[tuple[str, str]]:
    return list(Agency.objects.order_by("path").values_list("code", "name"))


def pakn_list(request: HttpRequest) -> HttpResponse:
    """Kết quả trả lời phản ánh, kiến nghị đã công khai."""
    agency = request.GET.get("agency", "")[:20]
    published = (
        Petition.objects.with_scopes_disabled()  # reviewed: published answers are public
        .filter(status=PetitionStatus.PUBLISHED)
        .select_related("agency")
        .order_by("-published_at")
    )
    if agency:
        published = published.filter(agency__code=agency)
    page = Paginator(published, 20).get_page(request.GET.get("page"))
    context = {"page": page, "agency": agency, "agencies": _receiving_agencies()}
    return render(request, "portal/pakn_list.html", context)


def _published(code: str) -> Petition:
    return get_object_or_404(
        Petition.objects.with_scopes_disabled().select_related("agency"),  # reviewed: public
        code=code,
        status=PetitionStatus.PUBLISHED,
    )


def pakn_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A published petition for everyone; the sender's own (a citizen account) at any state,
    so they can follow it before it is published. Anyone else: 404."""
    user = request.user
    own = (
        Petition.objects.with_scopes_disabled()  # reviewed: filtered by the sender's own id
        .select_related("agency")
        .filter(code=code, citizen_id=user.pk)
        .first()
        if user.is_authenticated
        else None
    )
    if own is not None and own.status != PetitionStatus.PUBLISHED:
        context = {"petition": own, "following": True, "files": services.petition_files(own)}
        return render(request, "portal/pakn_detail.html", context)
    petition = _published(code)
    voted = services.has_voted(petition, voter=client_key(request))
    return render(request, "portal/pakn_detail.html", {"petition": petition, "voted": voted})


@require_POST
def pakn_vote(request: HttpRequest, code: str) -> HttpResponse:
    petition = _published(code)
    if throttled(request, "portal-vote", "RATELIMIT_VOTE"):
        messages.error(request, _("Bạn thao tác quá nhiều lần. Vui lòng thử lại sau ít phút."))
        return redirect("portal:pakn_detail", code=code)
    try:
        services.vote(petition, voter=client_key(request), liked=request.POST.get("liked") == "1")
    except DomainError as exc:
        messages.info(request, exc.message)
    else:
        messages.success(request, _("Cảm ơn ông/bà đã bình chọn."))
    return redirect("portal:pakn_detail", code=code)


def pakn_new(request: HttpRequest) -> HttpResponse:
    """Gửi phản ánh, kiến nghị về quy định hành chính hoặc về cán bộ, công chức."""
    user = request.user
    initial = {}
    if user.is_authenticated and user.role == "citizen":
        initial = {"name": user.full_name, "phone": user.phone, "email": user.email}
    form = PetitionForm(
        request.POST or None,
        initial=initial,
        agencies=_receiving_agencies(),
        categories=PetitionCategory.choices,
    )
    may_attach = user.is_authenticated and user.role == "citizen"
    context: dict[str, Any] = {
        "form": form,
        "may_attach": may_attach,
        "max_files": services.MAX_PETITION_FILES,
    }
    if request.method == "POST":
        if throttled(request, "portal-pakn", "RATELIMIT_PAKN"):
            return too_many(request, "portal/pakn_new.html", context)
        if form.is_valid():
            data = form.cleaned_data
            try:
                uploads = files.incoming(request.FILES.getlist("files"))
                petition = services.submit_petition(
                    agency=data["agency"],
                    category=data["category"],
                    subject=data["subject"],
                    content=data["content"],
                    name=data["name"],
                    phone=data["phone"],
                    email=data["email"],
                    address=data["address"],
                    dossier_code=data["dossier_code"],
                    citizen=user,
                    uploads=uploads,
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                return render(request, "portal/pakn_sent.html", {"petition": petition})
    return render(request, "portal/pakn_new.html", context)


# --- PAKN, staff queue (/office/pakn/) ----------------------------------------------------------


def _staff_petition(request: HttpRequest, code: str) -> Petition:
    petition = (
        Petition.objects.select_related("agency", "forwarded_to", "dossier")
        .filter(code=code)
        .first()
    )  # inside the agency scope the middleware entered
    if petition is None or not request.user.has_perm("feedback.view_petition", petition):
        from motcua.errors import NotFound

        raise NotFound(_("Không tìm thấy phản ánh, kiến nghị."))
    return petition


@staff_only
def pakn_queue(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "open")
    rows = Petition.objects.select_related("agency").order_by("due_at", "received_at")
    if status == "open":
        rows = rows.filter(status__in=lifecycle.OPEN_STATES)
    elif status in PetitionStatus.values:
        rows = rows.filter(status=status)
    now = clock.now()
    rows = list(rows[:300])
    for row in rows:
        row.overdue = row.due_at is not None and row.due_at < now
    context = {"rows": rows, "status": status, "statuses": PetitionStatus.choices}
    return render(request, "portal/pakn_queue.html", context)


def _petition_context(request: HttpRequest, petition: Petition, error: str = "") -> dict:
    from motcua.audit.models import Event

    events = Event.objects.filter(
        target_type="feedback.petition", target_id=str(petition.pk)
    ).order_by("at", "id")
    return {
        "petition": petition,
        "files": services.petition_files(petition),
        "overdue": petition.due_at is not None and petition.due_at < clock.now(),
        "allowed": [a for a in lifecycle.available(petition) if _may(request.user, a, petition)],
        "sentences": lifecycle.ACTION_SENTENCES,
        "categories": PetitionCategory.choices,
        "agencies": [(c, n) for c, n in _receiving_agencies() if c != petition.agency.code],
        "events": [
            (e, lifecycle.ACTION_SENTENCES.get(e.action.split(".", 1)[1], e.action)) for e in events
        ],
        "error": error,
    }


def _may(user: Any, action: str, petition: Petition) -> bool:
    return user.has_perm(f"feedback.{action}", petition)


@staff_only
def pakn_item(request: HttpRequest, code: str) -> HttpResponse:
    petition = _staff_petition(request, code)
    return render(request, "portal/pakn_item.html", _petition_context(request, petition))


@staff_only
def pakn_file(request: HttpRequest, code: str, file_id: int) -> HttpResponse:
    """A file the sender attached, for the staff handling the petition."""
    petition = _staff_petition(request, code)
    document = next((d for d in services.petition_files(petition) if d.pk == file_id), None)
    if document is None:
        raise Http404
    response = files.download(document)
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
@staff_only
def pakn_act(request: HttpRequest, code: str, action: str) -> HttpResponse:
    petition = _staff_petition(request, code)
    inputs = {
        name: request.POST.get(name)
        for name in ("category", "to_agency", "reason", "note", "answer")
        if request.POST.get(name)
    }
    try:
        petition = services.act(petition, action, actor=request.user, **inputs)
    except DomainError as exc:
        context = _petition_context(request, petition, error=exc.message)
        return render(request, "portal/pakn_item.html", context, status=exc.status)
    messages.success(
        request,
        _("Đã thực hiện: %(action)s.") % {"action": lifecycle.ACTION_SENTENCES[action]},
    )
    if request.user.has_perm("feedback.view_petition", petition):
        return redirect("pakn_office:item", code=petition.code)
    return redirect("pakn_office:queue")
