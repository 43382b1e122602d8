"""Inputs of the compliance cost (chi phí tuân thủ thủ tục hành chính, Decree 63/2010 art.
27–31; Circular 02/2017/TT-VPCP): each one entered with the source it comes from. What is
measured from dossiers (volume, processing time) is not stored here: it is counted when asked."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class HourValue(models.Model):
    """Giá trị một giờ làm việc: the average income of an hour in a year, with its source."""

    year = models.PositiveSmallIntegerField(_("năm"), unique=True)
    amount_vnd = models.PositiveBigIntegerField(_("giá trị một giờ (đồng)"))
    source = models.CharField(_("nguồn số liệu"), max_length=500)

    class Meta:
        verbose_name = _("giá trị một giờ làm việc")
        verbose_name_plural = _("giá trị một giờ làm việc")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}: {self.amount_vnd} đ/giờ"


class Scenario(models.TextChoices):
    CURRENT = "current", _("Hiện hành")
    PROPOSED = "proposed", _("Sau đơn giản hóa")


class InputKind(models.TextChoices):
    """What an entered input measures. Hours per dossier unless said; money in đồng."""

    PAPER_HOURS = "paper_hours", _("Số giờ chuẩn bị một giấy tờ")
    VISITS = "visits", _("Số lần đến cơ quan")
    TRAVEL_HOURS = "travel_hours", _("Số giờ đi lại mỗi lần")
    WAITING_HOURS = "waiting_hours", _("Số giờ chờ tại Bộ phận Một cửa mỗi lần")
    PROCESSING_HOURS = "processing_hours", _("Số giờ giải quyết (thay cho số đo)")
    FEES = "fees", _("Phí, lệ phí (thay cho danh mục)")
    COPIES = "copies", _("Chi phí sao chụp")
    CERTIFICATION = "certification", _("Chi phí chứng thực")
    TRAVEL_COST = "travel_cost", _("Chi phí đi lại mỗi lần")
    SERVICES = "services", _("Chi phí dịch vụ (tư vấn, bưu chính…)")


class CostInput(models.Model):
    """One input of a procedure's compliance cost for a year, in the current or the proposed
    (simplified) scenario. ``paper`` names the component for :attr:`InputKind.PAPER_HOURS`."""

    procedure = models.ForeignKey(
        "catalog.Procedure",
        verbose_name=_("thủ tục"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    scenario = models.CharField(
        _("phương án"), max_length=10, choices=Scenario.choices, default=Scenario.CURRENT
    )
    kind = models.CharField(_("số liệu"), max_length=20, choices=InputKind.choices)
    paper = models.CharField(_("mã giấy tờ"), max_length=96, blank=True, default="")
    value = models.DecimalField(_("giá trị"), max_digits=14, decimal_places=2)
    source = models.CharField(_("nguồn số liệu"), max_length=500)

    class Meta:
        verbose_name = _("số liệu chi phí tuân thủ")
        verbose_name_plural = _("số liệu chi phí tuân thủ")
        ordering = ["procedure", "year", "scenario", "kind", "paper"]
        constraints = [
            models.UniqueConstraint(
                fields=["procedure", "year", "scenario", "kind", "paper"],
                name="one_cost_input",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.paper} = {self.value}".replace("  ", " ")
