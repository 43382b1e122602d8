"""The hall at the counter: the officer takes a counter, calls the next number, calls again,
marks an absence, finishes with the dossier just received; the agency's administrator sets up
the counters. Thin views: the rules are in ``motcua.hall``."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from motcua import clock
from motcua.catalog.models import Field
from motcua.dossiers.models import Dossier
from motcua.errors import DomainError
from motcua.hall import services
from motcua.hall.board import board
from motcua.hall.models import Counter, Ticket, TicketStatus
from motcua.office.access import staff_required


@staff_required
def desk(request: HttpRequest) -> HttpResponse:
    """Gọi số: the officer's counter, the number being served and the lines waiting."""
    if not request.user.has_perm("hall.serve", request.user.agency):
        raise PermissionDenied
    counter = services.counter_of(request.user)
    context: dict[str, Any] = {
        "counter": counter,
        "counters": Counter.objects.filter(agency=request.user.agency, active=True).order_by(
            "name"
        ),
        "board": board(request.user.agency),
    }
    if counter is not None:
        serving = (
            Ticket.objects.filter(counter=counter, status=TicketStatus.CALLED)
            .select_related("field")
            .order_by("-called_at")
            .first()
        )
        context["serving"] = serving
        if serving is not None:
            # Dossiers received here since the call: the one to link on "Xong".
            context["received"] = Dossier.objects.filter(
                agency=request.user.agency, received_at__gte=serving.called_at
            ).order_by("-received_at")[:5]
        context["fields"] = ", ".join(f.name for f in counter.fields.all())
    return render(request, "office/hall_desk.html", context)


@require_POST
@staff_required
def desk_action(request: HttpRequest, action: str) -> HttpResponse:
    """The desk's buttons: take a counter, call next, call again, absent, done."""
    post = request.POST
    try:
        if action == "nhan-quay":
            counter = Counter.objects.filter(pk=post.get("counter"), active=True).first()
            if counter is None:
                raise Http404
            services.sign_in(counter, officer=request.user)
        elif action == "goi-tiep":
            counter = services.counter_of(request.user)
            if counter is None:
                raise Http404
            ticket = services.call_next(counter, officer=request.user)
            if ticket is None:
                messages.info(request, _("Không còn ai chờ ở các lĩnh vực của quầy."))
        elif action == "goi-lai":
            services.recall(_int(post.get("ticket")), officer=request.user)
        elif action == "vang-mat":
            services.no_show(_int(post.get("ticket")), officer=request.user)
        elif action == "xong":
            ticket = services.finish(
                _int(post.get("ticket")),
                officer=request.user,
                dossier_code=post.get("dossier_code") or None,
            )
            messages.success(request, _("Đã phục vụ xong số %(code)s.") % {"code": ticket.code})
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("office:hall_desk")


def _int(value: Any) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise Http404 from None


@staff_required
def counters(request: HttpRequest) -> HttpResponse:
    """Quản trị quầy: the agency's counters and the fields each serves; add a counter."""
    agency = request.user.agency
    if not request.user.has_perm("hall.manage", agency):
        raise PermissionDenied
    context: dict[str, Any] = {
        "fields": Field.objects.order_by("name"),
        "today": clock.today(),
    }
    if request.method == "POST":
        chosen = list(Field.objects.filter(code__in=request.POST.getlist("fields")))
        try:
            counter = services.create_counter(
                agency, request.POST.get("name", ""), chosen, actor=request.user
            )
        except DomainError as exc:
            context["error"] = exc.message
        else:
            messages.success(request, _("Đã tạo %(name)s.") % {"name": counter.name})
            return redirect("office:hall_counters")
    context["counters"] = (
        Counter.objects.filter(agency=agency)
        .prefetch_related("fields")
        .select_related("officer")
        .order_by("name")
    )
    return render(
        request, "office/hall_counters.html", context, status=400 if "error" in context else 200
    )
