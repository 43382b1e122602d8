"""Inputs of the compliance cost (chi phí tuân thủ thủ tục hành chính, Decree 63/2010 art.
27–31; Circular 02/2017/TT-VPCP): each one entered with the source it comes from. What is
measured from dossiers (volume, processing time) is not stored here: it is counted when asked."""

from __future__ import annotations

from django.conf import settings
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


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    APPROVED = "approved", _("Đã phê duyệt")
    CLOSED = "closed", _("Đã kết thúc")


class ReviewPlan(models.Model):
    """Kế hoạch rà soát, đánh giá TTHC of a year (Decree 63/2010 art. 27–31), approved before
    31 January of that year."""

    year = models.PositiveSmallIntegerField(_("năm"), unique=True)
    title = models.CharField(_("tên kế hoạch"), max_length=500)
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    approved_on = models.DateField(_("ngày phê duyệt"), null=True, blank=True)
    approval_ref = models.CharField(_("số quyết định phê duyệt"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"))

    class Meta:
        verbose_name = _("kế hoạch rà soát TTHC")
        verbose_name_plural = _("kế hoạch rà soát TTHC")
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"{self.year}: {self.title}"

    @property
    def approval_deadline(self):
        from datetime import date

        return date(self.year, 1, 31)

    @property
    def approved_late(self) -> bool:
        """Approved after 31 January of its year (Decree 63/2010 art. 28)."""
        return self.approved_on is not None and self.approved_on > self.approval_deadline


class ItemStatus(models.TextChoices):
    PLANNED = "planned", _("Chưa rà soát")
    IN_REVIEW = "in_review", _("Đang rà soát")
    CLOSED = "closed", _("Đã kết thúc")


class Verdict(models.TextChoices):
    MET = "met", _("Đạt")
    NOT_MET = "not_met", _("Không đạt")


class Proposal(models.TextChoices):
    KEEP = "keep", _("Giữ nguyên")
    SIMPLIFY = "simplify", _("Đơn giản hóa, sửa đổi")
    REPLACE = "replace", _("Thay thế")
    ABOLISH = "abolish", _("Bãi bỏ")
    DECENTRALISE = "decentralise", _("Phân cấp, ủy quyền giải quyết")


CRITERIA = {
    "necessity": _("Sự cần thiết"),
    "reasonableness": _("Tính hợp lý"),
    "legality": _("Tính hợp pháp"),
    "cost": _("Chi phí tuân thủ"),
}


class ReviewItem(models.Model):
    """One procedure in a year's plan: who reviews it by when, the checklist of Decree 63
    (necessity, reasonableness, legality, compliance cost), findings, the proposal and the
    signed decision."""

    plan = models.ForeignKey(ReviewPlan, on_delete=models.PROTECT, related_name="items")
    procedure = models.ForeignKey(
        "catalog.Procedure", verbose_name=_("thủ tục"), on_delete=models.PROTECT, related_name="+"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người rà soát"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField(_("hạn hoàn thành"))
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ItemStatus.choices, default=ItemStatus.PLANNED
    )
    necessity = models.CharField(
        _("sự cần thiết"), max_length=8, choices=Verdict.choices, blank=True
    )
    necessity_note = models.TextField(_("nhận xét về sự cần thiết"), blank=True)
    reasonableness = models.CharField(
        _("tính hợp lý"), max_length=8, choices=Verdict.choices, blank=True
    )
    reasonableness_note = models.TextField(_("nhận xét về tính hợp lý"), blank=True)
    legality = models.CharField(
        _("tính hợp pháp"), max_length=8, choices=Verdict.choices, blank=True
    )
    legality_note = models.TextField(_("nhận xét về tính hợp pháp"), blank=True)
    cost = models.CharField(
        _("chi phí tuân thủ"), max_length=8, choices=Verdict.choices, blank=True
    )
    cost_note = models.TextField(_("nhận xét về chi phí tuân thủ"), blank=True)
    findings = models.TextField(_("kết quả rà soát"), blank=True)
    proposal = models.CharField(
        _("phương án xử lý"), max_length=12, choices=Proposal.choices, blank=True
    )
    decision = models.ForeignKey(
        "documents.Document",
        verbose_name=_("quyết định đã ký"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thủ tục được rà soát")
        verbose_name_plural = _("thủ tục được rà soát")
        ordering = ["plan", "due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "procedure"], name="one_review_a_plan"),
        ]

    def __str__(self) -> str:
        return f"{self.plan.year} {self.procedure.code}"
