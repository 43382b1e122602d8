"""The province's screen of the outbound sync to the national portal (Cổng DVCQG): whether it
is on, the backlog, the oldest waiting message, failures by error, and "gửi lại"."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from motcua import clock
from motcua.dossiers import access, national
from motcua.errors import DomainError
from motcua.exchange import dvcqg, mapping, outbox, sync
from motcua.exchange.models import Mapping
from motcua.office.access import staff_required

RECENT = 20


@staff_required
def sync_screen(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("exchange.manage_exchange"):
        raise PermissionDenied
    if request.method == "POST":
        if "kind" in request.POST:
            return _change_mapping(request)
        return _resend(request)
    backlog = outbox.backlog(sync.SYSTEM)
    waiting = outbox.pending(sync.SYSTEM).order_by("id")
    return render(
        request,
        "office/dvcqg_sync.html",
        {
            "on": dvcqg.config() is not None,
            "missing": dvcqg.missing_settings(),
            "backlog": backlog,
            "oldest": waiting.first(),
            "failing": list(waiting.exclude(last_error="").order_by("-attempts", "id")[:RECENT]),
            "now": clock.now(),
            "mappings": mapping.current_rows(),
            "kinds": Mapping.Kind.choices,
        },
    )


def _change_mapping(request: HttpRequest) -> HttpResponse:
    post = request.POST
    try:
        row = mapping.change_mapping(
            post.get("kind", ""),
            post.get("local_code", ""),
            post.get("national_code", ""),
            actor=request.user,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Đã lưu mã %(local)s → %(national)s (phiên bản %(version)s).")
            % {"local": row.local_code, "national": row.national_code, "version": row.version},
        )
    return redirect("office:dvcqg_sync")


def _resend(request: HttpRequest) -> HttpResponse:
    code = request.POST.get("dossier", "").strip()
    try:
        if code:
            dossier = access.dossier_for(request.user, code)
            national.resend(dossier, actor=request.user)
            messages.success(request, _("Đã đưa hồ sơ %(code)s vào hàng gửi lại.") % {"code": code})
        else:
            error_code = request.POST.get("error_code") or None
            count = sync.resend_failing(actor=request.user, error_code=error_code)
            messages.success(request, _("Đã đưa %(n)s hồ sơ vào hàng gửi lại.") % {"n": count})
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("office:dvcqg_sync")
