"""Data exchanged with outside systems (trao đổi dữ liệu): the code mappings to the national
portal (bảng mã liên thông DVCQG)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua import clock


class Mapping(models.Model):
    """One version of one code mapping: a local code (procedure, status or agency) and the code
    the national portal knows it by. A change adds a version; the latest version is current."""

    class Kind(models.TextChoices):
        PROCEDURE = "procedure", _("Thủ tục hành chính (MaTTHC)")
        STATUS = "status", _("Trạng thái hồ sơ (TrangThaiHoSo)")
        AGENCY = "agency", _("Cơ quan, đơn vị (MaDonVi)")

    kind = models.CharField(_("loại mã"), max_length=12, choices=Kind.choices)
    local_code = models.CharField(_("mã trong hệ thống"), max_length=64)
    national_code = models.CharField(_("mã trên DVCQG"), max_length=64)
    version = models.PositiveIntegerField(_("phiên bản"))
    changed_at = models.DateTimeField(_("sửa lúc"), default=clock.now)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người sửa"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("bảng mã liên thông")
        verbose_name_plural = _("bảng mã liên thông")
        ordering = ["kind", "local_code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "local_code", "version"], name="one_mapping_version"
            ),
        ]
        indexes = [
            models.Index(fields=["kind", "national_code"], name="mapping_national"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.local_code} → {self.national_code} (v{self.version})"


class Message(models.Model):
    """One message owed to an outside system (tin gửi hệ thống ngoài), keyed by the system's
    name. Written in the transaction of the change it reports; messages with the same ``key``
    (one dossier) are delivered in the order they were written. A message is never dropped:
    a failure records the error and the next attempt time, and it stays pending."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Chờ gửi")
        SENT = "sent", _("Đã gửi")

    system = models.CharField(_("hệ thống nhận"), max_length=16)
    key = models.CharField(_("khóa thứ tự"), max_length=64)
    label = models.CharField(_("đối tượng"), max_length=64, blank=True)
    payload = models.JSONField(_("nội dung"), default=dict, blank=True)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("cơ quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    status = models.CharField(
        _("trạng thái"), max_length=8, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(_("số lần đã gửi"), default=0)
    next_attempt_at = models.DateTimeField(_("gửi (lại) từ lúc"), default=clock.now)
    claim = models.CharField(max_length=32, blank=True, editable=False)
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    error_code = models.CharField(_("mã lỗi"), max_length=32, blank=True)
    last_error = models.TextField(_("lỗi gần nhất"), blank=True)
    answer = models.TextField(_("trả lời của hệ thống nhận"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=clock.now)
    sent_at = models.DateTimeField(_("gửi thành công lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("tin gửi hệ thống ngoài")
        verbose_name_plural = _("tin gửi hệ thống ngoài")
        ordering = ["id"]
        indexes = [
            # The backlog: small, since sent messages leave it.
            models.Index(
                fields=["system", "next_attempt_at", "id"],
                name="exchange_pending",
                condition=models.Q(status="pending"),
            ),
            models.Index(fields=["system", "key", "id"], name="exchange_key"),
        ]

    def __str__(self) -> str:
        return f"{self.system} {self.label or self.key} #{self.pk}"

    @property
    def failing(self) -> bool:
        return self.status == self.Status.PENDING and bool(self.last_error)
