"""Working-calendar exceptions (ngày nghỉ lễ, nghỉ bù, hoán đổi, làm bù) as data.

A date is a working day when it is Monday–Friday and not listed as an off day, or when it is
listed as a make-up day. National rows have no agency; an agency may add its own on top."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from motcua import clock


class DayKind(models.TextChoices):
    HOLIDAY = "holiday", _("Nghỉ lễ, Tết")
    COMPENSATORY = "compensatory", _("Nghỉ bù")
    SWAP_OFF = "swap_off", _("Nghỉ hoán đổi")
    MAKEUP_WORKDAY = "makeup_workday", _("Làm bù")


OFF_KINDS = frozenset({DayKind.HOLIDAY, DayKind.COMPENSATORY, DayKind.SWAP_OFF})


class CalendarDay(models.Model):
    """One exception to the Monday–Friday week."""

    date = models.DateField(pgettext_lazy("calendar day", "ngày"))
    kind = models.CharField(_("loại"), max_length=16, choices=DayKind.choices)
    name = models.CharField(_("tên"), max_length=255)
    source = models.CharField(
        _("căn cứ"),
        max_length=255,
        blank=True,
        help_text=_("Số văn bản thông báo, cơ quan ban hành."),
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("riêng cho cơ quan"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="calendar_days",
        help_text=_("Để trống: áp dụng toàn quốc."),
    )
    updated_at = models.DateTimeField(_("cập nhật"), default=clock.now)

    class Meta:
        verbose_name = _("ngày nghỉ / làm bù")
        verbose_name_plural = _("lịch nghỉ lễ, làm bù")
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(
                fields=["date"],
                condition=models.Q(agency__isnull=True),
                name="one_national_row_a_day",
            ),
            models.UniqueConstraint(
                fields=["agency", "date"],
                condition=models.Q(agency__isnull=False),
                name="one_agency_row_a_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()}: {self.name}"
