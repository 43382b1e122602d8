"""Paying a dossier's fee (thanh toán phí, lệ phí): online through the national payment platform
(INIT → link → confirmation, QUERY to reconcile), or cash/card at the counter against a receipt
from the agency's series; refunds; the mismatches an officer settles.

A valid confirmation records the payment and ends the wait (``payment_received``, status 6 → 4)
in one transaction with its log row. Anything that cannot be applied changes nothing but is
kept: the message in the log, and a :class:`Mismatch` for the officer."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from motcua import audit, clock, text
from motcua.agencies.policy import require
from motcua.dossiers.lifecycle import Outcome, Status
from motcua.dossiers.models import Dossier, PaymentRequest
from motcua.dossiers.services import core, processing
from motcua.errors import Conflict, DomainError, ValidationFailed
from motcua.money import vnd
from motcua.notify.services import queue_message
from motcua.payments import ereceipts, platform
from motcua.payments.models import Mismatch, Payment, PlatformMessage, ReceiptSeries

ANSWER_MAX = 2000
TEXT_FIELDS_MAX = 200


class PlatformUnavailable(DomainError):
    """The payment platform is not configured or did not answer (503): nothing changed, the
    officer may try again."""

    code = "payment_platform_unavailable"
    status = 503


# --- starting an online payment (INIT) ---------------------------------------------------------


def reference_for(dossier: Dossier) -> str:
    """``MaThamChieu``: the dossier code without punctuation and the time (R14.6)."""
    return re.sub(r"[^0-9A-Za-z]", "", dossier.code)[:24] + platform.stamp()


def _waiting_request(dossier: Dossier) -> PaymentRequest:
    if dossier.status != Status.AWAITING_PAYMENT:
        raise Conflict(
            _("Hồ sơ không ở trạng thái chờ thực hiện nghĩa vụ tài chính."),
            code="not_awaiting_payment",
        )
    found = PaymentRequest.objects.filter(dossier=dossier, paid_at__isnull=True).first()
    if found is None:  # pragma: no cover - status 6 always has its request
        raise Conflict(_("Hồ sơ không có khoản phải nộp."), code="not_awaiting_payment")
    return found


def start_online(dossier: Dossier, *, actor: Any, ip: str = "") -> Payment:
    """Send INIT for the dossier's open fee and answer the payment with its link; the link
    also goes to the applicant by SMS/e-mail. The platform not answering changes nothing on
    the dossier (503); asking again sends the same reference again."""
    require(actor, "payments.start_online", dossier)
    cfg = platform.config()
    if cfg is None:
        raise PlatformUnavailable(
            _("Chưa cấu hình nền tảng thanh toán (thiếu %(names)s).")
            % {"names": ", ".join(platform.missing_settings())}
        )
    with transaction.atomic():
        locked = core.lock(dossier)
        request = _waiting_request(locked)
        payment = (
            Payment.objects.select_for_update()
            .filter(request=request, channel=Payment.Channel.ONLINE)
            .exclude(state=Payment.State.REFUNDED)
            .first()
        )
        if payment is not None and payment.state == Payment.State.OPEN:
            return payment
        if payment is None:
            payment = Payment.objects.create(
                dossier=locked,
                request=request,
                agency_id=locked.agency_id,
                reference=reference_for(locked),
                amount_vnd=request.amount_vnd,
                channel=Payment.Channel.ONLINE,
                method=Payment.Method.PLATFORM,
                state=Payment.State.NEW,
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
        message = platform.init_message(
            cfg,
            reference=payment.reference,
            amount=payment.amount_vnd,
            description=f"Nop phi ho so {locked.code}",
            receipt=_receipt_info(locked, payment),
            ip=ip,
        )
        logged = PlatformMessage.objects.create(
            kind=PlatformMessage.Kind.INIT,
            reference=payment.reference,
            payment=payment,
            body=message,
            outcome=PlatformMessage.Outcome.PENDING,
        )
    try:
        url, answer = platform.init(cfg, message)
    except platform.PlatformError as error:
        PlatformMessage.objects.filter(pk=logged.pk).update(
            outcome=PlatformMessage.Outcome.FAILED,
            answer=(error.answer or error.message)[:ANSWER_MAX],
        )
        raise PlatformUnavailable(
            _(
                "Nền tảng thanh toán chưa nhận yêu cầu (%(error)s). Hồ sơ không thay đổi; "
                "vui lòng thử lại sau."
            )
            % {"error": error.message}
        ) from error
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        PlatformMessage.objects.filter(pk=logged.pk).update(
            outcome=PlatformMessage.Outcome.OK, answer=answer[:ANSWER_MAX]
        )
        if payment.state != Payment.State.NEW:
            return payment  # a confirmation came in first
        payment.state, payment.payment_url = Payment.State.OPEN, url
        payment.save(update_fields=["state", "payment_url"])
        audit.record(
            "payments.init",
            actor=actor,
            agency=dossier.agency,
            target=dossier,
            data={"reference": payment.reference, "amount": payment.amount_vnd},
        )
        _send_link(dossier, payment)
        transaction.on_commit(_schedule_reconcile, robust=True)
    return payment


def _schedule_reconcile() -> None:
    from motcua.payments.tasks import schedule

    schedule()


def _receipt_info(dossier: Dossier, payment: Payment) -> dict[str, Any]:
    """``ThongTinBienLai``: what the platform prints on the receipt."""
    return {
        "MaTTHC": dossier.procedure.code,
        "MaDVC": dossier.procedure.code,
        "MaDonVi": dossier.agency.code,
        "MaHoSo": dossier.national_code or dossier.code,
        "HoTenNguoiNop": dossier.applicant_name,
        "SoCMNDNguoiNop": dossier.applicant_id_number,
        "TKThuHuong": dossier.agency.code,
        "TenTKThuHuong": dossier.agency.name,
        "PhiLePhi": [
            {
                "LoaiPhiLePhi": "1",
                "MaPhiLePhi": str(payment.request_id),
                "TenPhiLePhi": _("Phí, lệ phí hồ sơ %(code)s") % {"code": dossier.code},
                "SoTien": payment.amount_vnd,
            }
        ],
    }


def _send_link(dossier: Dossier, payment: Payment) -> None:
    body = _("Hồ sơ %(code)s: nộp %(amount)s trực tuyến tại %(url)s") % {
        "code": dossier.code,
        "amount": vnd(payment.amount_vnd),
        "url": payment.payment_url,
    }
    subject = _("Thanh toán phí, lệ phí hồ sơ %(code)s") % {"code": dossier.code}
    common = {"body": body, "target": dossier, "agency": dossier.agency}
    if dossier.applicant_phone:
        queue_message(channel="sms", recipient=dossier.applicant_phone, **common)
    if dossier.applicant_email:
        queue_message(channel="email", recipient=dossier.applicant_email, subject=subject, **common)


# --- confirmations (and QUERY answers, applied the same way) -----------------------------------


@dataclass(frozen=True)
class Applied:
    """What became of a confirmation: the HTTP status owed to the platform and the log row."""

    status: int
    outcome: str
    message: PlatformMessage
    mismatch: Mismatch | None = None


def confirm(body: Any) -> Applied:
    """``POST /api/v1/payments/dvcqg/confirm``: verify, then apply or list for review."""
    cfg = platform.config()
    if cfg is None:
        raise PlatformUnavailable(_("Chưa cấu hình nền tảng thanh toán."))
    return apply(body, cfg, kind=PlatformMessage.Kind.CONFIRM)


PAYMENT_FIELDS = (
    "reference",
    "dossier",
    "request",
    "agency",
    "amount_vnd",
    "method",
    "state",
    "transaction_id",
    "request__requested_at",
    "request__paid_at",
)
"""What a confirmation reads of its payment (and the fee request it pays), nothing more."""

SETTLED = (Payment.State.PAID, Payment.State.REFUNDED)
PAYMENT_RECEIVED_NEEDS = ("agency", "current_step")
"""What ending the wait reads beside the dossier (the calendar, the movement's step)."""
OPEN_STATES = (Payment.State.NEW, Payment.State.OPEN)


def apply(body: Any, cfg: platform.Config, *, kind: str) -> Applied:
    """Apply a confirmation (or a QUERY answer saying paid): 200 when applied or already
    applied (the same ``MaGiaoDich``), 400 with a mismatch otherwise; nothing else changes.

    Nothing is read before ``MaXacThuc`` is verified. A replay, a "not paid" or a refusal
    only reads the payment and writes its log row (and mismatch); a payment to apply locks
    the dossier first, as every action does, and is then taken only if it is still open (one
    conditional UPDATE, so two deliveries of one confirmation cannot both apply it), in the
    transaction that ends the wait and logs the message."""
    if not isinstance(body, dict):
        body = {"_raw": str(body)[:ANSWER_MAX]}
    problem = _shape_problem(body)
    if problem:
        return _refuse(kind, body, Mismatch.Kind.MALFORMED, problem)
    if body["MaDoiTac"] != cfg.partner or not platform.signed_by(
        body, platform.CONFIRM_FIELDS, cfg.secret
    ):
        return _refuse(kind, body, Mismatch.Kind.FORGED, "MaXacThuc")
    reference, amount = body["MaThamChieu"], body["SoTien"]
    payment = (
        Payment.objects.select_related("request")
        .only(*PAYMENT_FIELDS)
        .filter(reference=reference)
        .order_by()[:1]
    )
    payment = payment[0] if payment else None
    if payment is None:
        return _refuse(kind, body, Mismatch.Kind.UNKNOWN, reference)
    if body["MaLoi"] != platform.PAID:
        logged = _log(kind, body, PlatformMessage.Outcome.NOT_PAID, payment)
        return Applied(200, logged.outcome, logged)
    if payment.state in SETTLED:
        return _already_settled(kind, body, payment)
    if amount != payment.amount_vnd:
        return _refuse(kind, body, Mismatch.Kind.WRONG_AMOUNT, reference, payment=payment)
    try:
        with transaction.atomic():
            dossier = core.lock(Dossier(pk=payment.dossier_id), related=PAYMENT_RECEIVED_NEEDS)
            if dossier.status != Status.AWAITING_PAYMENT or payment.request.paid_at is not None:
                # Paid meanwhile: by this very confirmation delivered twice at once (a replay),
                # or at the counter (the money came twice).
                return _already_settled(kind, body, payment)
            now = clock.now()
            taken = Payment.objects.filter(pk=payment.pk, state__in=OPEN_STATES).update(
                state=Payment.State.PAID,
                paid_at=now,
                transaction_id=body["MaGiaoDich"],
                bank=body["MaNganHang"],
            )
            if not taken:  # pragma: no cover - every payment of a waiting dossier is open
                return _already_settled(kind, body, payment)
            payment.state, payment.paid_at = Payment.State.PAID, now
            payment.transaction_id, payment.bank = body["MaGiaoDich"], body["MaNganHang"]
            payment.dossier = dossier
            processing.payment_received.__wrapped__(
                dossier,
                actor=None,
                receipt=payment.reference,
                online=True,
                system=True,
                request=payment.request,
                locked=True,
            )
            # The audit event is the dossier's own (payment_received, with the reference); the
            # platform's transaction id is in the log row.
            logged = _log(kind, body, PlatformMessage.Outcome.APPLIED, payment)
            ereceipts.queue(payment)
    except Conflict:
        # Rolled back whole: the lifecycle refused the payment (the wait had ended after all).
        return _refuse(kind, body, Mismatch.Kind.PAID_TWICE, reference, payment=payment, status=200)
    return Applied(200, logged.outcome, logged)


def _already_settled(kind: str, body: dict[str, Any], payment: Payment) -> Applied:
    """The payment was paid before this confirmation: the same transaction again is a replay
    (200, logged); another is money taken twice (200, listed for the officer)."""
    state, transaction_id = (
        Payment.objects.filter(pk=payment.pk).values_list("state", "transaction_id").get()
        if payment.state not in SETTLED
        else (payment.state, payment.transaction_id)
    )
    if state in SETTLED and transaction_id == body["MaGiaoDich"]:
        logged = _log(kind, body, PlatformMessage.Outcome.REPLAY, payment)
        return Applied(200, logged.outcome, logged)
    return _refuse(
        kind,
        body,
        Mismatch.Kind.PAID_TWICE,
        payment.reference,
        payment=payment,
        status=200,
    )


def _shape_problem(body: dict[str, Any]) -> str:
    for name in (*platform.CONFIRM_FIELDS, "MaXacThuc"):
        value = body.get(name)
        if name == "SoTien":
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                return name
        elif not isinstance(value, str) or len(value) > TEXT_FIELDS_MAX:
            return name
    for name in ("MaThamChieu", "MaGiaoDich", "MaLoi", "MaXacThuc"):
        if not body[name]:
            return name
    return ""


def _log(
    kind: str, body: dict[str, Any], outcome: str, payment: Payment | None = None, answer=""
) -> PlatformMessage:
    return PlatformMessage.objects.create(
        kind=kind,
        reference=str(body.get("MaThamChieu") or "")[:64],
        payment=payment,
        body=body,
        outcome=outcome,
        answer=answer,
    )


def _refuse(
    kind: str,
    body: dict[str, Any],
    why: str,
    detail: str,
    *,
    payment: Payment | None = None,
    status: int = 400,
) -> Applied:
    """Log the message and list the mismatch; the dossier and the payment stay as they were."""
    with transaction.atomic():
        logged = _log(kind, body, PlatformMessage.Outcome.REFUSED, payment, answer=detail)
        amount = body.get("SoTien")
        mismatch = Mismatch.objects.create(
            kind=why,
            reference=str(body.get("MaThamChieu") or "")[:64],
            reported_vnd=amount if isinstance(amount, int) and abs(amount) < 10**15 else None,
            expected_vnd=payment.amount_vnd if payment else None,
            message=logged,
            payment=payment,
            agency_id=payment.agency_id if payment else None,
        )
    return Applied(status, logged.outcome, logged, mismatch)


PAYER_FIELDS = ("HoTenNguoiNop", "SoCMNDNguoiNop")
"""What an INIT message says of the person paying (its ``ThongTinBienLai``)."""


def forget_payer(dossier: Dossier) -> None:
    """Blank the payer's name and ID number in the INIT messages sent for the dossier's
    payments and in the e-receipts owed for them (the archive's destruction, Decree 13/2023).
    ``MaXacThuc`` does not cover ``ThongTinBienLai``: the log stays verifiable."""
    for message in PlatformMessage.objects.filter(
        payment__dossier=dossier, kind=PlatformMessage.Kind.INIT
    ):
        info = message.body.get("ThongTinBienLai")
        if isinstance(info, dict):
            message.body = {
                **message.body,
                "ThongTinBienLai": {**info, **dict.fromkeys(PAYER_FIELDS, "")},
            }
            message.save(update_fields=["body"])
    ereceipts.forget_buyers(
        list(Payment.objects.filter(dossier=dossier).values_list("reference", flat=True))
    )


# --- at the counter ------------------------------------------------------------------------------


def next_receipt_number(agency_id: int) -> str:
    """The next number of the agency's receipt book for this year (under a row lock)."""
    year = clock.local_now().year
    try:
        with transaction.atomic():
            ReceiptSeries.objects.get_or_create(
                agency_id=agency_id, year=year, defaults={"symbol": f"BL{year % 100:02d}"}
            )
    except IntegrityError:  # a concurrent first receipt of the year made it
        pass
    series = ReceiptSeries.objects.select_for_update().get(agency_id=agency_id, year=year)
    series.last_number += 1
    series.save(update_fields=["last_number"])
    return f"{series.symbol}-{series.last_number:07d}"


def record_counter(dossier: Dossier, *, actor: Any, method: str = Payment.Method.CASH) -> Payment:
    """Thu phí, lệ phí tại quầy: cash or card against the next receipt number; the wait ends
    (``payment_received``) in the same transaction."""
    if method not in (Payment.Method.CASH, Payment.Method.CARD):
        raise ValidationFailed(
            _("Hình thức thu phải là tiền mặt hoặc thẻ."), details={"method": method}
        )
    require(actor, "dossiers.payment_received", dossier)
    with transaction.atomic():
        locked = core.lock(dossier)
        request = _waiting_request(locked)
        number = next_receipt_number(locked.agency_id)
        processing.payment_received.__wrapped__(
            locked, actor=actor, receipt=number, online=False, request=request, locked=True
        )
        now = clock.now()
        payment = Payment.objects.create(
            dossier=locked,
            request=request,
            agency_id=locked.agency_id,
            reference=number,
            amount_vnd=request.amount_vnd,
            channel=Payment.Channel.COUNTER,
            method=method,
            state=Payment.State.PAID,
            created_at=now,
            created_by=actor,
            paid_at=now,
            receipt_number=number,
        )
        # An online link still open for this fee is closed: paying it now would be paying twice.
        Payment.objects.filter(request=request, state=Payment.State.NEW).delete()
        audit.record(
            "payments.counter",
            actor=actor,
            agency=locked.agency,
            target=locked,
            data={"receipt": number, "amount": payment.amount_vnd, "method": method},
        )
        ereceipts.queue(payment)
    return payment


# --- reconciliation (QUERY) ----------------------------------------------------------------------


@dataclass
class Reconciled:
    paid: int = 0
    open: int = 0
    failed: int = 0

    def __str__(self) -> str:
        return f"paid {self.paid}, open {self.open}, failed {self.failed}"


def reconcile(limit: int = 1000) -> Reconciled:
    """Ask QUERY for every reference still open (oldest first) and apply a "paid" answer as a
    confirmation; a reference the platform cannot answer stays open for the next round."""
    cfg = platform.config()
    outcome = Reconciled()
    if cfg is None:
        return outcome
    references = list(
        Payment.objects.filter(state=Payment.State.OPEN)
        .order_by("created_at")
        .values_list("reference", flat=True)[:limit]
    )
    for reference in references:
        message = platform.query_message(cfg, reference)
        try:
            answer, raw = platform.query(cfg, message)
        except platform.PlatformError as error:
            _log(
                PlatformMessage.Kind.QUERY,
                message,
                PlatformMessage.Outcome.FAILED,
                answer=error.message[:ANSWER_MAX],
            )
            outcome.failed += 1
            continue
        if answer.get("MaLoi") == platform.PAID and str(answer.get("TrangThaiGD")) == "1":
            confirmation = {
                name: answer.get(name) for name in (*platform.CONFIRM_FIELDS, "MaXacThuc")
            }
            applied = apply(confirmation, cfg, kind=PlatformMessage.Kind.QUERY)
            if applied.status == 200:
                outcome.paid += 1
            else:
                outcome.failed += 1
        else:
            _log(
                PlatformMessage.Kind.QUERY,
                message,
                PlatformMessage.Outcome.NOT_PAID,
                answer=raw[:ANSWER_MAX],
            )
            outcome.open += 1
    return outcome


# --- the officer: mismatches and refunds ---------------------------------------------------------


def settle(mismatch: Mismatch, *, actor: Any, resolution: str) -> Mismatch:
    """Đã xử lý sai lệch: the officer's note and the time; once."""
    require(actor, "payments.settle_mismatch", mismatch)
    resolution = text.nfc(str(resolution or "")).strip()
    if not resolution:
        raise ValidationFailed(_("Ghi rõ cách đã xử lý sai lệch."), details={"resolution": ""})
    with transaction.atomic():
        found = Mismatch.objects.select_for_update().get(pk=mismatch.pk)
        if found.settled_at is not None:
            raise Conflict(_("Sai lệch này đã được xử lý."), code="mismatch_settled")
        found.settled_at, found.settled_by, found.resolution = clock.now(), actor, resolution
        found.save(update_fields=["settled_at", "settled_by", "resolution"])
        audit.record(
            "payments.mismatch_settled",
            actor=actor,
            agency=getattr(actor, "agency", None),
            target=found.payment.dossier if found.payment else None,
            data={"mismatch": found.pk, "kind": found.kind, "resolution": resolution},
        )
    return found


REFUNDABLE_OUTCOMES = (Outcome.REFUSED, Outcome.WITHDRAWN)


def refund(payment: Payment, *, actor: Any, reason: str, account: str = "") -> Payment:
    """Hoàn trả phí, lệ phí of a dossier later refused or withdrawn: who, when, why, and the
    payer's account for an online payment."""
    require(actor, "payments.refund", payment)
    reason = text.nfc(str(reason or "")).strip()
    account = text.nfc(str(account or "")).strip()[:64]
    if not reason:
        raise ValidationFailed(_("Ghi rõ lý do hoàn trả."), details={"reason": ""})
    with transaction.atomic():
        found = Payment.objects.select_for_update().select_related("dossier").get(pk=payment.pk)
        if found.state != Payment.State.PAID:
            raise Conflict(_("Chỉ hoàn trả khoản đã thanh toán."), code="not_refundable")
        if found.dossier.outcome not in REFUNDABLE_OUTCOMES:
            raise Conflict(
                _("Chỉ hoàn trả khi hồ sơ bị từ chối giải quyết hoặc đã rút."),
                code="not_refundable",
            )
        if found.channel == Payment.Channel.ONLINE and not account:
            raise ValidationFailed(
                _("Ghi tài khoản nhận tiền hoàn trả của người nộp."), details={"account": ""}
            )
        found.state, found.refunded_at, found.refunded_by = (
            Payment.State.REFUNDED,
            clock.now(),
            actor,
        )
        found.refund_reason, found.refund_account = reason, account
        found.save(
            update_fields=["state", "refunded_at", "refunded_by", "refund_reason", "refund_account"]
        )
        audit.record(
            "payments.refunded",
            actor=actor,
            agency=found.dossier.agency,
            target=found.dossier,
            data={"reference": found.reference, "amount": found.amount_vnd, "reason": reason},
        )
    return found
