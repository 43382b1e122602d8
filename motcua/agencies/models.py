"""Agencies (cơ quan, đơn vị): the tree province → centre / department → commune."""

from __future__ import annotations

import re
from datetime import time

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# Mã định danh điện tử của cơ quan (QCVN 102:2016/BTTTT, Circular 01/2018 art. 19):
# V1V2V3.Z1Z2.Y1Y2.MX1X2, e.g. 000.00.31.H99. Codes are data from the official list.
AGENCY_CODE = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$")
DEFAULT_SESSIONS = [["07:00", "11:30"], ["13:30", "17:00"]]


def validate_agency_code(value: str) -> None:
    if not AGENCY_CODE.match(value or ""):
        raise ValidationError(
            _("Mã định danh cơ quan %(value)s không đúng dạng 000.00.00.H00."),
            params={"value": value},
        )


def parse_sessions(value: object) -> list[tuple[time, time]]:
    """Check a list of ``["HH:MM", "HH:MM"]`` working periods (buổi làm việc) and parse it."""
    if not isinstance(value, list) or not value:
        raise ValidationError(
            _("Giờ làm việc phải là danh sách các buổi [giờ bắt đầu, giờ kết thúc].")
        )
    sessions: list[tuple[time, time]] = []
    for item in value:
        try:
            start, end = (time.fromisoformat(part) for part in item)
        except (TypeError, ValueError) as exc:
            raise ValidationError(
                _("Buổi làm việc không hợp lệ: %(item)s.") % {"item": repr(item)}
            ) from exc
        if not start < end or (sessions and start < sessions[-1][1]):
            raise ValidationError(
                _("Buổi làm việc %(item)s không tăng dần hoặc chồng lấn.") % {"item": repr(item)}
            )
        sessions.append((start, end))
    return sessions


def validate_sessions(value: object) -> None:
    parse_sessions(value)


class Level(models.TextChoices):
    PROVINCE = "province", _("Cấp tỉnh (UBND tỉnh)")
    CENTRE = "centre", _("Trung tâm Phục vụ hành chính công")
    DEPARTMENT = "department", _("Sở, ban, ngành")
    DISTRICT = "district", _("Cấp huyện (trước 01/7/2025)")
    COMMUNE = "commune", _("Cấp xã")


class Agency(models.Model):
    """A unit that receives or decides dossiers. ``path`` is the chain of codes from the root,
    kept by :meth:`save` so a supervisor's subtree is one ``startswith`` query."""

    code = models.CharField(
        _("mã định danh"),
        max_length=32,
        unique=True,
        validators=[validate_agency_code],
        help_text=_("Mã định danh điện tử, ví dụ 000.00.31.H99."),
    )
    name = models.CharField(_("tên cơ quan"), max_length=255)
    short_name = models.CharField(_("tên ngắn"), max_length=120, blank=True)
    level = models.CharField(_("cấp"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=512, editable=False, db_index=True)
    address = models.CharField(_("địa chỉ"), max_length=255, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=32, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    sessions = models.JSONField(
        _("giờ làm việc"),
        default=list,
        validators=[validate_sessions],
        help_text=_('Các buổi làm việc trong ngày, ví dụ [["07:30","11:30"],["13:30","17:00"]].'),
    )
    is_active = models.BooleanField(_("đang hoạt động"), default=True)

    class Meta:
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan, đơn vị")
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        old_path = self.path
        self.path = f"{self.parent.path}/{self.code}" if self.parent_id else self.code
        super().save(*args, **kwargs)
        if old_path and old_path != self.path:
            for child in self.children.all():  # a re-parented branch: a handful of rows
                child.save(update_fields=["path"])

    @property
    def working_sessions(self) -> list[tuple[time, time]]:
        return parse_sessions(self.sessions or DEFAULT_SESSIONS)

    def subtree(self) -> models.QuerySet[Agency]:
        """This agency and every agency below it."""
        return Agency.objects.filter(
            models.Q(pk=self.pk) | models.Q(path__startswith=self.path + "/")
        )

    @property
    def superior_name(self) -> str:
        """The name printed above the agency's on official forms (cơ quan chủ quản)."""
        return self.parent.name if self.parent_id else ""
