"""The notification outbox (hộp thư đi): every SMS, e-mail and portal message owed to a citizen.

A row is written in the transaction of the action that owes it and sent by a worker after
commit; the row is also the record of what was sent, when, and what the provider answered."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from motcua import clock


class Message(models.Model):
    """One notification to one recipient through one channel (thông báo cho công dân)."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("Thư điện tử")
        SMS = "sms", _("Tin nhắn SMS")
        INBOX = "inbox", _("Hộp thư trên Cổng dịch vụ công")

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        SENT = "sent", _("Đã gửi")
        FAILED = "failed", _("Gửi không thành công")

    channel = models.CharField(_("kênh gửi"), max_length=8, choices=Channel.choices)
    recipient = models.CharField(
        _("người nhận"),
        max_length=254,
        blank=True,
        help_text=_(
            "Địa chỉ thư điện tử, số điện thoại dạng 0xxxxxxxxx, "
            "hoặc tên tài khoản với tin trên Cổng."
        ),
    )
    subject = models.CharField(_("tiêu đề"), max_length=255, blank=True)
    body = models.TextField(_("nội dung"))
    status = models.CharField(
        _("trạng thái"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(
        _("số lần đã gửi"),
        default=0,
        help_text=_("Số lần đã thử gửi qua kênh, kể cả lần thành công."),
    )
    next_attempt_at = models.DateTimeField(
        _("gửi (lại) lúc"),
        default=clock.now,
        help_text=_(
            "Tin chờ gửi được gửi từ thời điểm này; trong lúc đang gửi là hạn giữ tin "
            "của tiến trình gửi."
        ),
    )
    expires_at = models.DateTimeField(
        _("hết hạn gửi lúc"),
        null=True,
        blank=True,
        help_text=_("Sau thời điểm này tin không còn được gửi (ví dụ mã xác thực một lần)."),
    )
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=clock.now, db_index=True)
    sent_at = models.DateTimeField(_("gửi thành công lúc"), null=True, blank=True)
    provider_message_id = models.CharField(
        _("mã tin của nhà cung cấp"),
        max_length=128,
        blank=True,
        help_text=_("SMSID của cổng SMS hoặc Message-ID của thư điện tử."),
    )
    target_type = models.CharField(_("loại đối tượng"), max_length=64, blank=True)
    target_id = models.CharField(_("mã đối tượng"), max_length=64, blank=True)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("cơ quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản người nhận"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notify_messages",
    )

    # Messages carry citizens' contacts and dossier details: staff see their agency's only.
    objects = ScopedManager(agency="agency")

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="notify_message_due"),
            models.Index(fields=["target_type", "target_id"], name="notify_message_target"),
        ]
        permissions = [("retry_message", "Gửi lại thông báo không thành công")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} → {self.recipient}: {self.subject or self.body[:40]}"
