"""Fees at the one-stop desk (phí, lệ phí): collect at the counter and print the receipt, send the
online payment link, settle the platform's mismatches, refund."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from motcua.documents import services as files
from motcua.dossiers import access
from motcua.errors import DomainError
from motcua.money import vnd
from motcua.office.access import staff_required
from motcua.payments import platform, queries, receipts, services
from motcua.payments.models import Payment, PlatformMessage

RECENT = 50


def _back(request: HttpRequest, code: str, error: DomainError | None = None) -> HttpResponse:
    if error is not None:
        messages.error(request, error.message)
    return redirect("office:dossier", code=code)


@staff_required
def collect(request: HttpRequest, code: str) -> HttpResponse:
    """Thu phí, lệ phí tại quầy (tiền mặt hoặc thẻ): the receipt opens for printing."""
    if request.method != "POST":
        return redirect("office:dossier", code=code)
    dossier = access.dossier_for(request.user, code)
    try:
        payment = services.record_counter(
            dossier, actor=request.user, method=request.POST.get("method", "cash")
        )
    except DomainError as exc:
        return _back(request, code, exc)
    messages.success(
        request,
        _("Đã thu %(amount)s, biên lai số %(number)s.")
        % {"amount": vnd(payment.amount_vnd), "number": payment.receipt_number},
    )
    return redirect(f"{reverse('office:dossier', args=[code])}#fees")


@staff_required
def send_link(request: HttpRequest, code: str) -> HttpResponse:
    """Gửi đường dẫn thanh toán trực tuyến (INIT) to the applicant."""
    if request.method != "POST":
        return redirect("office:dossier", code=code)
    dossier = access.dossier_for(request.user, code)
    try:
        payment = services.start_online(dossier, actor=request.user)
    except DomainError as exc:
        return _back(request, code, exc)
    messages.success(
        request,
        _("Đã gửi đường dẫn thanh toán cho người nộp: %(url)s") % {"url": payment.payment_url},
    )
    return redirect("office:dossier", code=code)


@staff_required
def receipt(request: HttpRequest, reference: str) -> HttpResponse:
    """Biên lai thu phí, lệ phí (PDF) of a payment of the user's agency."""
    payment = (
        queries.payments_for(request.user)
        .select_related("dossier__agency__parent", "dossier__procedure", "created_by")
        .filter(reference=reference, state__in=[Payment.State.PAID, Payment.State.REFUNDED])
        .first()
    )
    if payment is None:
        raise Http404(_("Không có khoản thanh toán này."))
    name = f"bien-lai-{payment.reference}.pdf"
    return files.file_response(receipts.receipt_pdf(payment), name, "application/pdf", inline=True)


@staff_required
def refund(request: HttpRequest, reference: str) -> HttpResponse:
    payment = queries.payments_for(request.user).filter(reference=reference).first()
    if payment is None or request.method != "POST":
        raise Http404(_("Không có khoản thanh toán này."))
    code = payment.dossier.code
    try:
        services.refund(
            payment,
            actor=request.user,
            reason=request.POST.get("reason", ""),
            account=request.POST.get("account", ""),
        )
    except DomainError as exc:
        return _back(request, code, exc)
    messages.success(request, _("Đã ghi nhận hoàn trả khoản %(ref)s.") % {"ref": reference})
    return redirect("office:dossier", code=code)


@staff_required
def mismatches(request: HttpRequest) -> HttpResponse:
    """Sai lệch thanh toán: what the platform sent that could not be applied, to settle."""
    if not request.user.has_perm("payments.view_mismatches"):
        raise PermissionDenied
    error = ""
    if request.method == "POST":
        found = (
            queries.mismatches_for(request.user, open_only=False)
            .filter(pk=request.POST.get("mismatch") or 0)
            .first()
        )
        if found is None:
            raise Http404(_("Không có sai lệch này."))
        try:
            services.settle(
                found, actor=request.user, resolution=request.POST.get("resolution", "")
            )
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, _("Đã ghi nhận cách xử lý sai lệch."))
            return redirect("office:payment_mismatches")
    open_ones = list(queries.mismatches_for(request.user)[:RECENT])
    settled = list(
        queries.mismatches_for(request.user, open_only=False).filter(settled_at__isnull=False)[
            :RECENT
        ]
    )
    recent = []
    if request.user.has_perm("exchange.manage_exchange"):
        recent = list(PlatformMessage.objects.select_related("payment")[:RECENT])
    return render(
        request,
        "office/payment_mismatches.html",
        {
            "open": open_ones,
            "settled": settled,
            "error": error,
            "platform_on": platform.config() is not None,
            "missing": platform.missing_settings(),
            "recent": recent,
        },
        status=400 if error else 200,
    )
