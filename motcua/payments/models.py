"""Fees paid for dossiers (thu phí, lệ phí): online through the national payment platform (nền
tảng thanh toán) or at the counter against a receipt (biên lai), every message with the platform
kept in a log, and the mismatches an officer settles (sai lệch cần xử lý)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua import clock


class ReceiptSeries(models.Model):
    """An agency's receipt book for one year (quyển biên lai thu phí, lệ phí): numbers run from 1
    without gaps, taken under a row lock in the transaction that records the payment."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    symbol = models.CharField(_("ký hiệu biên lai"), max_length=16)
    last_number = models.PositiveIntegerField(_("số đã cấp gần nhất"), default=0)

    class Meta:
        verbose_name = _("quyển biên lai")
        verbose_name_plural = _("quyển biên lai")
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="one_receipt_series_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.symbol} ({self.year})"


class Payment(models.Model):
    """One payment of a dossier's fee (khoản thanh toán): a reference (MaThamChieu) that the
    platform confirms, or a cash/card payment at the counter with its receipt number."""

    class Channel(models.TextChoices):
        ONLINE = "online", _("Trực tuyến")
        COUNTER = "counter", _("Tại quầy")

    class State(models.TextChoices):
        NEW = "new", _("Chưa gửi được yêu cầu")  # INIT not (yet) taken by the platform
        OPEN = "open", _("Chờ thanh toán")
        PAID = "paid", _("Đã thanh toán")
        REFUNDED = "refunded", _("Đã hoàn trả")

    class Method(models.TextChoices):
        PLATFORM = "platform", _("Nền tảng thanh toán")
        CASH = "cash", _("Tiền mặt")
        CARD = "card", _("Thẻ (POS)")

    dossier = models.ForeignKey(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="fee_payments"
    )
    request = models.ForeignKey(
        "dossiers.PaymentRequest", on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("cơ quan thu"), on_delete=models.PROTECT, related_name="+"
    )
    reference = models.CharField(_("mã tham chiếu"), max_length=40, unique=True)
    amount_vnd = models.PositiveBigIntegerField(_("số tiền (đồng)"))
    channel = models.CharField(_("kênh"), max_length=8, choices=Channel.choices)
    method = models.CharField(_("hình thức"), max_length=8, choices=Method.choices)
    state = models.CharField(_("trạng thái"), max_length=8, choices=State.choices)
    payment_url = models.URLField(_("đường dẫn thanh toán"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=clock.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    paid_at = models.DateTimeField(_("thanh toán lúc"), null=True, blank=True)
    transaction_id = models.CharField(_("mã giao dịch (MaGiaoDich)"), max_length=64, blank=True)
    bank = models.CharField(_("ngân hàng"), max_length=32, blank=True)
    receipt_number = models.CharField(_("số biên lai"), max_length=40, blank=True)
    e_receipt = models.CharField(_("biên lai điện tử"), max_length=64, blank=True)
    refunded_at = models.DateTimeField(_("hoàn trả lúc"), null=True, blank=True)
    refunded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    refund_reason = models.TextField(_("lý do hoàn trả"), blank=True)
    refund_account = models.CharField(_("tài khoản nhận hoàn trả"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("khoản thanh toán")
        verbose_name_plural = _("khoản thanh toán")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["agency", "paid_at"], name="payment_agency_paid"),
            models.Index(
                fields=["created_at"], name="payment_open", condition=models.Q(state="open")
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def policy_agency_ids(self) -> set[int]:
        return {self.agency_id}


class PlatformMessage(models.Model):
    """The log of messages with the payment platform (nhật ký trao đổi với nền tảng thanh toán):
    every INIT and QUERY sent and every confirmation received, valid or not, with the answer."""

    class Kind(models.TextChoices):
        INIT = "INIT", "INIT"
        CONFIRM = "CONFIRM", _("Xác nhận")
        QUERY = "QUERY", "QUERY"

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Đang gửi")
        OK = "ok", _("Thành công")
        FAILED = "failed", _("Không gửi được")
        APPLIED = "applied", _("Đã ghi nhận thanh toán")
        REPLAY = "replay", _("Gửi lại (đã ghi nhận trước đó)")
        NOT_PAID = "not_paid", _("Chưa thanh toán")
        REFUSED = "refused", _("Từ chối (cần xem xét)")

    kind = models.CharField(_("loại tin"), max_length=8, choices=Kind.choices)
    reference = models.CharField(_("mã tham chiếu"), max_length=64, blank=True, db_index=True)
    payment = models.ForeignKey(
        Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="messages"
    )
    body = models.JSONField(_("nội dung"), default=dict)
    answer = models.TextField(_("trả lời"), blank=True)
    outcome = models.CharField(_("kết quả"), max_length=10, choices=Outcome.choices)
    at = models.DateTimeField(_("lúc"), default=clock.now)

    class Meta:
        verbose_name = _("tin trao đổi với nền tảng thanh toán")
        verbose_name_plural = _("tin trao đổi với nền tảng thanh toán")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.reference} {self.outcome}"


class Mismatch(models.Model):
    """A confirmation or answer that could not be applied (sai lệch): listed for an officer, who
    settles it with a note; both are in the audit trail."""

    class Kind(models.TextChoices):
        FORGED = "forged", _("Sai mã xác thực")
        MALFORMED = "malformed", _("Thiếu hoặc sai trường")
        UNKNOWN = "unknown_reference", _("Mã tham chiếu không có")
        WRONG_AMOUNT = "wrong_amount", _("Sai số tiền")
        PAID_TWICE = "paid_twice", _("Thanh toán hai lần")

    kind = models.CharField(_("loại sai lệch"), max_length=20, choices=Kind.choices)
    reference = models.CharField(_("mã tham chiếu"), max_length=64, blank=True)
    reported_vnd = models.BigIntegerField(_("số tiền báo về"), null=True, blank=True)
    expected_vnd = models.BigIntegerField(_("số tiền phải thu"), null=True, blank=True)
    message = models.ForeignKey(PlatformMessage, on_delete=models.PROTECT, related_name="+")
    payment = models.ForeignKey(
        Payment, null=True, blank=True, on_delete=models.PROTECT, related_name="mismatches"
    )
    agency = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("phát hiện lúc"), default=clock.now)
    settled_at = models.DateTimeField(_("xử lý lúc"), null=True, blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolution = models.TextField(_("cách xử lý"), blank=True)

    class Meta:
        verbose_name = _("sai lệch thanh toán")
        verbose_name_plural = _("sai lệch thanh toán")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["created_at"], name="mismatch_open", condition=models.Q(settled_at=None)
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference}"

    def policy_agency_ids(self) -> set[int]:
        return {self.agency_id} if self.agency_id else set()
