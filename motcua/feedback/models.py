"""What citizens say back: satisfaction ratings of a dossier (DOMAIN §10) and feedback and
petitions on administrative rules or on staff conduct (phản ánh, kiến nghị, PAKN, §9)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from motcua import clock


class Satisfaction(models.IntegerChoices):
    """The 3-level rating of DVCQG and the counter devices (R10.7)."""

    VERY_SATISFIED = 3, _("Rất hài lòng")
    SATISFIED = 2, _("Hài lòng")
    DISSATISFIED = 1, _("Không hài lòng")


class RatingChannel(models.TextChoices):
    ONLINE = "online", _("Trực tuyến")
    KIOSK = "kiosk", _("Thiết bị đánh giá tại quầy")
    COUNTER = "counter", _("Phiếu đánh giá tại quầy")


class Rating(models.Model):
    """A citizen's rating of one dossier. ``indices`` holds the Circular 01/2018 art. 13
    indices the citizen could judge, as {"1": 2, "3": 1, …} with scores 0, 1 or 2 (R10.5)."""

    dossier = models.OneToOneField(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="rating", verbose_name=_("hồ sơ")
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cơ quan giải quyết"),
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ratings_received",
        verbose_name=_("cán bộ tiếp nhận, trả kết quả"),
    )
    level = models.PositiveSmallIntegerField(_("mức độ hài lòng"), choices=Satisfaction.choices)
    indices = models.JSONField(_("chỉ số đánh giá (Thông tư 01/2018)"), default=dict, blank=True)
    channel = models.CharField(_("hình thức"), max_length=8, choices=RatingChannel.choices)
    comment = models.TextField(_("ý kiến"), blank=True)
    created_at = models.DateTimeField(_("thời điểm"), default=clock.now)

    objects = ScopedManager(agency="agency")

    class Meta:
        verbose_name = _("đánh giá hồ sơ")
        verbose_name_plural = _("đánh giá mức độ hài lòng")
        indexes = [models.Index(fields=["agency", "created_at"], name="rating_agency_time")]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.get_level_display()}"


class PetitionCategory(models.TextChoices):
    RULES = "rules", _("Về quy định hành chính, thủ tục hành chính")
    CONDUCT = "conduct", _("Về hành vi, thái độ của cán bộ, công chức")


class PetitionStatus(models.TextChoices):
    """PAKN states, after the national PAKN system (R9.5)."""

    RECEIVED = "received", _("Chờ tiếp nhận, phân loại")
    PROCESSING = "processing", _("Đang xử lý")
    AWAITING_INFO = "awaiting_info", _("Chờ bổ sung thông tin")
    FORWARDED = "forwarded", _("Đã chuyển cơ quan có thẩm quyền")
    REJECTED = "rejected", _("Từ chối tiếp nhận")
    ANSWERED = "answered", _("Đã xử lý, chờ công khai")
    PUBLISHED = "published", _("Đã công khai")


class Petition(models.Model):
    """One phản ánh, kiến nghị with the dates each legal deadline is measured from (R9.5):
    reject ≤ 2 WD, forward ≤ 5 WD, ask for more ≤ 5 WD, answer ≤ 15 WD, publish ≤ 2 WD."""

    code = models.CharField(_("mã PAKN"), max_length=40, unique=True)
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="petitions",
        verbose_name=_("cơ quan"),
    )
    category = models.CharField(
        _("phân loại"), max_length=8, choices=PetitionCategory.choices, blank=True
    )
    status = models.CharField(
        _("trạng thái"),
        max_length=16,
        choices=PetitionStatus.choices,
        default=PetitionStatus.RECEIVED,
    )
    subject = models.CharField(_("tiêu đề"), max_length=255)
    content = models.TextField(_("nội dung"))
    submitter_name = models.CharField(_("họ tên người gửi"), max_length=255)
    submitter_phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    submitter_email = models.EmailField(_("thư điện tử"), blank=True)
    submitter_address = models.CharField(_("địa chỉ"), max_length=500, blank=True)
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="petitions",
    )
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="petitions",
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    received_at = models.DateTimeField(_("tiếp nhận lúc"), default=clock.now)
    due_at = models.DateTimeField(_("hạn của bước hiện tại"), null=True, blank=True)
    forwarded_to = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    forwarded_at = models.DateTimeField(null=True, blank=True)
    rejected_at = models.DateTimeField(null=True, blank=True)
    info_requested_at = models.DateTimeField(null=True, blank=True)
    info_received_at = models.DateTimeField(
        _("nhận thông tin bổ sung lúc"),
        null=True,
        blank=True,
        help_text=_("Thời hạn trả lời 15 ngày làm việc tính lại từ lúc này."),
    )
    additional_info = models.TextField(_("thông tin bổ sung"), blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(_("nội dung trả lời"), blank=True)
    reason = models.TextField(_("lý do"), blank=True)
    likes = models.PositiveIntegerField(_("thích"), default=0)
    dislikes = models.PositiveIntegerField(_("không thích"), default=0)
    re_raised = models.BooleanField(_("phản ánh lại"), default=False)

    objects = ScopedManager(agency="agency")

    class Meta:
        verbose_name = _("phản ánh, kiến nghị")
        verbose_name_plural = _("phản ánh, kiến nghị")
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["agency", "received_at"], name="petition_agency_time")]

    def __str__(self) -> str:
        return f"{self.code}: {self.subject}"


class PetitionVote(models.Model):
    """One like or dislike of a published answer (R9.6): one per account, or per browser
    session for a visitor without an account."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="votes")
    voter = models.CharField(_("người bình chọn"), max_length=64)
    liked = models.BooleanField(_("hài lòng"))
    created_at = models.DateTimeField(_("thời điểm"), default=clock.now)

    class Meta:
        verbose_name = _("bình chọn câu trả lời")
        verbose_name_plural = _("bình chọn câu trả lời")
        constraints = [
            models.UniqueConstraint(fields=["petition", "voter"], name="one_vote_per_voter"),
        ]

    def __str__(self) -> str:
        return f"{self.petition_id} {'+' if self.liked else '-'}"
