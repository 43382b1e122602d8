"""The electronic archive (lưu trữ điện tử, Decree 30/2020 Appendix VI; DOMAIN §14.4).

A finished dossier's file (hồ sơ) is closed some days after the work ends: it gets a Decree 30
file code in its agency's file list (danh mục hồ sơ) and a frozen list of its documents with
their SHA-256, which ``archive_verify`` re-checks and the archive package carries. Files kept 5
years or more are lodged (nộp lưu) with the agency archive in yearly batches; files past their
retention are destroyed (tiêu hủy) through a list a leader approves, unless a legal hold stops
it. Every read of an archived file is logged (nhật ký truy cập)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua import clock


class FileState(models.TextChoices):
    CLOSED = "closed", _("Đã đóng hồ sơ")
    LODGED = "lodged", _("Đã nộp lưu")
    DESTROYED = "destroyed", _("Đã tiêu hủy")


class FileCounter(models.Model):
    """The running number of an agency's file list in a year (số thứ tự trong danh mục)."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="one_file_counter_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year}: {self.last}"


class ArchiveFile(models.Model):
    """Hồ sơ lưu trữ: one closed dossier with the Appendix VI file fields."""

    dossier = models.OneToOneField(
        "dossiers.Dossier", on_delete=models.PROTECT, related_name="archive_file"
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("cơ quan lập hồ sơ"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    year = models.PositiveSmallIntegerField(_("năm hình thành hồ sơ"))
    number = models.PositiveIntegerField(_("số thứ tự trong danh mục"))
    file_code = models.CharField(_("mã hồ sơ lưu trữ"), max_length=80, unique=True)
    title = models.CharField(_("tiêu đề hồ sơ"), max_length=700)
    retention_years = models.PositiveSmallIntegerField(
        _("thời hạn bảo quản (năm)"), null=True, blank=True, help_text=_("Trống: vĩnh viễn.")
    )
    retention_source = models.CharField(_("căn cứ thời hạn bảo quản"), max_length=500, blank=True)
    start_date = models.DateField(_("ngày bắt đầu"))
    end_date = models.DateField(_("ngày kết thúc"))
    doc_total = models.PositiveIntegerField(_("tổng số văn bản"))
    page_total = models.PositiveIntegerField(_("tổng số trang"))
    closed_at = models.DateTimeField(_("đóng hồ sơ lúc"))
    lodge_due = models.DateField(_("hạn nộp lưu"))
    state = models.CharField(
        _("tình trạng"), max_length=10, choices=FileState.choices, default=FileState.CLOSED
    )
    batch = models.ForeignKey(
        "LodgingBatch",
        verbose_name=_("đợt nộp lưu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="files",
    )
    lodged_at = models.DateTimeField(_("nộp lưu lúc"), null=True, blank=True)
    hold = models.BooleanField(_("tạm giữ theo yêu cầu pháp lý"), default=False)
    hold_reason = models.TextField(_("lý do tạm giữ"), blank=True)
    destroyed_at = models.DateTimeField(_("tiêu hủy lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("hồ sơ lưu trữ")
        verbose_name_plural = _("hồ sơ lưu trữ")
        ordering = ["agency", "year", "number"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "number"], name="one_file_number"),
        ]
        indexes = [models.Index(fields=["agency", "state", "end_date"], name="archive_file_due")]

    def __str__(self) -> str:
        return self.file_code

    @property
    def permanent(self) -> bool:
        return self.retention_years is None

    @property
    def must_lodge(self) -> bool:
        """Files kept 5 years or more are lodged with the agency archive (R14.12)."""
        return self.retention_years is None or self.retention_years >= 5

    @property
    def retention_label(self) -> str:
        if self.retention_years is None:
            return str(_("Vĩnh viễn"))
        return str(_("%(years)s năm")) % {"years": self.retention_years}


class DocumentKind(models.TextChoices):
    """In the order of the work, which breaks ties between documents of the same moment."""

    RECEIPT = "receipt", _("Giấy tiếp nhận hồ sơ và hẹn trả kết quả")
    COMPONENT = "component", _("Thành phần hồ sơ")
    SUPPLEMENT = "supplement", _("Giấy tờ bổ sung")
    DRAFT = "draft", _("Dự thảo kết quả")
    RESULT = "result", _("Kết quả giải quyết")
    CONTROL_SHEET = "control_sheet", _("Phiếu kiểm soát quá trình giải quyết hồ sơ")


class ArchiveDocument(models.Model):
    """One document of a closed file, in time order, frozen at closing: its bytes are checked
    against ``sha256`` by ``archive_verify``, which parses its signatures again only when
    ``signatures_seal`` does not vouch for those bytes (:mod:`motcua.archive.verify`).
    ``document`` is cleared when the file is destroyed; the rest stays as the minimal record."""

    file = models.ForeignKey(ArchiveFile, on_delete=models.CASCADE, related_name="documents")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    document = models.ForeignKey(
        "documents.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("loại"), max_length=16, choices=DocumentKind.choices)
    title = models.CharField(_("tên văn bản"), max_length=255)
    path = models.CharField(_("đường dẫn trong gói"), max_length=255)
    dated = models.DateTimeField(_("thời điểm"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    pages = models.PositiveIntegerField(_("số trang"), default=0)
    signatures = models.PositiveSmallIntegerField(_("số chữ ký số"), default=0)
    signatures_seal = models.CharField(
        _("dấu kiểm tra chữ ký số"),
        max_length=64,
        blank=True,
        default="",
        help_text=_(
            "Mã HMAC (khóa của máy chủ) trên mã băm và số chữ ký số mà lần kiểm tra đầy đủ gần "
            "nhất thấy còn nguyên vẹn; trống: chưa kiểm tra."
        ),
    )

    class Meta:
        verbose_name = _("văn bản trong hồ sơ lưu trữ")
        verbose_name_plural = _("văn bản trong hồ sơ lưu trữ")
        ordering = ["file", "order"]
        constraints = [
            models.UniqueConstraint(fields=["file", "order"], name="one_archive_doc_per_order"),
        ]

    def __str__(self) -> str:
        return self.path


class LodgingBatch(models.Model):
    """Đợt nộp lưu: an agency's files of one year lodged with its archive (Decree 30)."""

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("năm hồ sơ"))
    created_at = models.DateTimeField(_("lập lúc"), default=clock.now)
    lodged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người nộp lưu"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("đợt nộp lưu")
        verbose_name_plural = _("đợt nộp lưu")
        ordering = ["agency", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="one_lodging_batch_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.year}"


class DestructionState(models.TextChoices):
    PROPOSED = "proposed", _("Đề nghị hủy")
    APPROVED = "approved", _("Đã phê duyệt")
    DESTROYED = "destroyed", _("Đã tiêu hủy")


class DestructionList(models.Model):
    """Danh sách hồ sơ đề nghị hủy: proposed by the agency's administrator, approved by its
    leader, then carried out (the documents removed, a minimal record kept)."""

    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        _("tình trạng"),
        max_length=10,
        choices=DestructionState.choices,
        default=DestructionState.PROPOSED,
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("đề nghị lúc"), default=clock.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(_("phê duyệt lúc"), null=True, blank=True)
    destroyed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    destroyed_at = models.DateTimeField(_("tiêu hủy lúc"), null=True, blank=True)
    files = models.ManyToManyField(ArchiveFile, related_name="destruction_lists")

    class Meta:
        verbose_name = _("danh sách hồ sơ đề nghị hủy")
        verbose_name_plural = _("danh sách hồ sơ đề nghị hủy")
        ordering = ["-proposed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.agency_id} #{self.pk}"


class AccessKind(models.TextChoices):
    VIEW = "view", _("Xem hồ sơ")
    PACKAGE = "package", _("Tải gói hồ sơ lưu trữ")
    EXPORT = "export", _("Xuất đợt nộp lưu")


class AccessEntry(models.Model):
    """Nhật ký truy cập hồ sơ lưu trữ: who read which archived file, when and how."""

    file = models.ForeignKey(ArchiveFile, on_delete=models.CASCADE, related_name="accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("lúc"), default=clock.now)
    kind = models.CharField(_("hình thức"), max_length=8, choices=AccessKind.choices)

    class Meta:
        verbose_name = _("lượt truy cập hồ sơ lưu trữ")
        verbose_name_plural = _("nhật ký truy cập hồ sơ lưu trữ")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["file", "-at"], name="archive_access_file")]

    def __str__(self) -> str:
        return f"{self.file_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"
