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
