"""Chỉ tiêu kế hoạch (targets): what each unit's plan asks for a KPI in a year. Targets are data
per unit and year, never constants (DOMAIN "What the local plans ask"); an agency without its
own target takes the nearest one set above it (a province's target for all its communes)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from motcua.reports.kpis import BY_CODE, KPIS


class Comparison(models.TextChoices):
    AT_LEAST = "gte", _("≥ (tối thiểu)")
    AT_MOST = "lte", _("≤ (tối đa)")


class Target(models.Model):
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("cơ quan"),
        on_delete=models.PROTECT,
        related_name="targets",
        help_text=_("Áp dụng cho cơ quan này và các cơ quan cấp dưới chưa có chỉ tiêu riêng."),
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    kpi = models.CharField(
        _("chỉ tiêu"),
        max_length=32,
        choices=[(k.code, format_lazy("{} ({})", k.name, k.unit)) for k in KPIS],
    )
    value = models.DecimalField(_("giá trị"), max_digits=10, decimal_places=2)
    comparison = models.CharField(
        _("so sánh"), max_length=3, choices=Comparison.choices, default=Comparison.AT_LEAST
    )
    source = models.CharField(
        _("căn cứ"),
        max_length=255,
        blank=True,
        help_text=_("Kế hoạch, quyết định giao chỉ tiêu, ví dụ Kế hoạch 12/KH-UBND."),
    )

    class Meta:
        verbose_name = _("chỉ tiêu kế hoạch")
        verbose_name_plural = _("chỉ tiêu kế hoạch")
        ordering = ["agency__path", "-year", "kpi"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "kpi"], name="one_target_a_year"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.agency_id} {self.year} {self.kpi} {self.get_comparison_display()} {self.value}"
        )

    def clean(self) -> None:
        kpi = BY_CODE.get(self.kpi)
        if (
            kpi is not None
            and kpi.percent
            and self.value is not None
            and not 0 <= self.value <= 100
        ):
            raise ValidationError({"value": _("Chỉ tiêu tỷ lệ phải từ 0 đến 100 (%).")})
