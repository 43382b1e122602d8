"""Chỉ tiêu kế hoạch (targets): what each unit's plan asks for a KPI in a year. Targets are data
per unit and year, never constants (DOMAIN "What the local plans ask"); an agency without its
own target takes the nearest one set above it (a province's target for all its communes)."""

from __future__ import annotations

from django.conf import settings
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


class ReportKind(models.TextChoices):
    """The reports a unit owes (DOMAIN R7.1, R7.6, R14.16)."""

    BIEU_06 = "bieu_06", _("Biểu số 06/VPCP/KSTT (Thông tư 01/2020/TT-VPCP)")
    ONE_STOP = (
        "one_stop",
        _(
            "Báo cáo thực hiện cơ chế một cửa, một cửa liên thông "
            "(Thông tư 01/2018/TT-VPCP, Điều 11)"
        ),
    )
    REVIEW = "review", _("Báo cáo rà soát, đánh giá TTHC (Nghị định 63/2010/NĐ-CP)")


class Frequency(models.TextChoices):
    """Report periods of Decree 09/2019/NĐ-CP art. 12 (DOMAIN R7.5)."""

    MONTH = "month", _("Hằng tháng")
    QUARTER = "quarter", _("Hằng quý")
    HALF = "half", _("6 tháng")
    NINE = "nine", _("9 tháng")
    YEAR = "year", _("Hằng năm")


DEFAULT_DUE_DAY = 17
DEFAULT_REMIND_DAYS = 3


class ReportSchedule(models.Model):
    """Lịch báo cáo: one report a unit sends every period, due on ``due_day`` after the period
    ends (the 17th by default, DOMAIN plan (b)), with a reminder ``remind_days`` before."""

    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("cơ quan"),
        on_delete=models.PROTECT,
        related_name="report_schedules",
    )
    kind = models.CharField(_("báo cáo"), max_length=10, choices=ReportKind.choices)
    frequency = models.CharField(_("kỳ báo cáo"), max_length=8, choices=Frequency.choices)
    due_day = models.PositiveSmallIntegerField(
        _("ngày gửi"),
        default=DEFAULT_DUE_DAY,
        help_text=_("Ngày trong tháng cuối kỳ phải gửi báo cáo (mặc định ngày 17)."),
    )
    remind_days = models.PositiveSmallIntegerField(
        _("nhắc trước (ngày)"), default=DEFAULT_REMIND_DAYS
    )
    starts_on = models.DateField(
        _("áp dụng từ ngày"), help_text=_("Các kỳ kết thúc từ ngày này phải gửi báo cáo.")
    )
    active = models.BooleanField(_("đang áp dụng"), default=True)

    class Meta:
        verbose_name = _("lịch báo cáo")
        verbose_name_plural = _("lịch báo cáo")
        ordering = ["agency__path", "kind", "frequency"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "kind", "frequency"], name="one_schedule_a_report"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.kind} {self.frequency} ({self.due_day})"


class ReportDue(models.Model):
    """One period's report of a schedule, written when its reminder goes out or when it is
    sent (ngày gửi and the file sent). A period without a row has been neither."""

    schedule = models.ForeignKey(ReportSchedule, on_delete=models.PROTECT, related_name="dues")
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+"
    )
    period = models.CharField(_("kỳ báo cáo"), max_length=8)
    due_on = models.DateField(_("hạn gửi"))
    reminded_at = models.DateTimeField(_("nhắc lúc"), null=True, blank=True)
    reminders = models.PositiveSmallIntegerField(_("số tin nhắc"), default=0)
    sent_on = models.DateField(_("ngày gửi"), null=True, blank=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ghi đã gửi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("tệp báo cáo đã gửi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("ghi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("kỳ báo cáo phải gửi")
        verbose_name_plural = _("kỳ báo cáo phải gửi")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["schedule", "period"], name="one_due_a_period"),
        ]

    def __str__(self) -> str:
        return f"{self.schedule_id} {self.period}"

    @property
    def sent_late(self) -> bool:
        return self.sent_on is not None and self.sent_on > self.due_on
