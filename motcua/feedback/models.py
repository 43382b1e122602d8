"""What citizens say back: satisfaction ratings of a dossier (DOMAIN §10) and feedback and
petitions on administrative rules or on staff conduct (phản ánh, kiến nghị, PAKN, §9)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django_scopes import ScopedManager

from motcua import clock


class Satisfaction(models.IntegerChoices):
    """The 3-level rating of DVCQG and the counter devices (R10.7)."""

    VERY_SATISFIED = 3, "Rất hài lòng"
    SATISFIED = 2, "Hài lòng"
    DISSATISFIED = 1, "Không hài lòng"


class RatingChannel(models.TextChoices):
    ONLINE = "online", "Trực tuyến"
    KIOSK = "kiosk", "Thiết bị đánh giá tại quầy"
    COUNTER = "counter", "Phiếu đánh giá tại quầy"


class Rating(models.Model):
    """A citizen's rating of one dossier. ``indices`` holds the Circular 01/2018 art. 13
    indices the citizen could judge, as {"1": 2, "3": 1, …} with scores 0, 1 or 2 (R10.5)."""

    dossier = models.OneToOneField(
        "dossiers.Dossier", on_delete=models.CASCADE, related_name="rating", verbose_name="hồ sơ"
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="cơ quan giải quyết",
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ratings_received",
        verbose_name="cán bộ tiếp nhận, trả kết quả",
    )
    level = models.PositiveSmallIntegerField("mức độ hài lòng", choices=Satisfaction.choices)
    indices = models.JSONField("chỉ số đánh giá (Thông tư 01/2018)", default=dict, blank=True)
    channel = models.CharField("hình thức", max_length=8, choices=RatingChannel.choices)
    comment = models.TextField("ý kiến", blank=True)
    created_at = models.DateTimeField("thời điểm", default=clock.now)

    objects = ScopedManager(agency="agency")

    class Meta:
        verbose_name = "đánh giá hồ sơ"
        verbose_name_plural = "đánh giá mức độ hài lòng"
        indexes = [models.Index(fields=["agency", "created_at"], name="rating_agency_time")]

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.get_level_display()}"


class PetitionCategory(models.TextChoices):
    RULES = "rules", "Về quy định hành chính, thủ tục hành chính"
    CONDUCT = "conduct", "Về hành vi, thái độ của cán bộ, công chức"


class PetitionStatus(models.TextChoices):
    """PAKN states, after the national PAKN system (R9.5)."""

    RECEIVED = "received", "Chờ tiếp nhận, phân loại"
    PROCESSING = "processing", "Đang xử lý"
    AWAITING_INFO = "awaiting_info", "Chờ bổ sung thông tin"
    FORWARDED = "forwarded", "Đã chuyển cơ quan có thẩm quyền"
    REJECTED = "rejected", "Từ chối tiếp nhận"
    ANSWERED = "answered", "Đã xử lý, chờ công khai"
    PUBLISHED = "published", "Đã công khai"


class Petition(models.Model):
    """One phản ánh, kiến nghị with the dates each legal deadline is measured from (R9.5):
    reject ≤ 2 WD, forward ≤ 5 WD, ask for more ≤ 5 WD, answer ≤ 15 WD, publish ≤ 2 WD."""

    code = models.CharField("mã PAKN", max_length=40, unique=True)
    agency = models.ForeignKey(
        "agencies.Agency",
        on_delete=models.PROTECT,
        related_name="petitions",
        verbose_name="cơ quan",
    )
    category = models.CharField(
        "phân loại", max_length=8, choices=PetitionCategory.choices, blank=True
    )
    status = models.CharField(
        "trạng thái", max_length=16, choices=PetitionStatus.choices, default=PetitionStatus.RECEIVED
    )
    subject = models.CharField("tiêu đề", max_length=255)
    content = models.TextField("nội dung")
    submitter_name = models.CharField("họ tên người gửi", max_length=255)
    submitter_phone = models.CharField("điện thoại", max_length=20, blank=True)
    submitter_email = models.EmailField("thư điện tử", blank=True)
    submitter_address = models.CharField("địa chỉ", max_length=500, blank=True)
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
    received_at = models.DateTimeField("tiếp nhận lúc", default=clock.now)
    due_at = models.DateTimeField("hạn của bước hiện tại", null=True, blank=True)
    forwarded_to = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    forwarded_at = models.DateTimeField(null=True, blank=True)
    rejected_at = models.DateTimeField(null=True, blank=True)
    info_requested_at = models.DateTimeField(null=True, blank=True)
    info_received_at = models.DateTimeField(
        "nhận thông tin bổ sung lúc",
        null=True,
        blank=True,
        help_text="Thời hạn trả lời 15 ngày làm việc tính lại từ lúc này.",
    )
    additional_info = models.TextField("thông tin bổ sung", blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField("nội dung trả lời", blank=True)
    reason = models.TextField("lý do", blank=True)
    likes = models.PositiveIntegerField("thích", default=0)
    dislikes = models.PositiveIntegerField("không thích", default=0)
    re_raised = models.BooleanField("phản ánh lại", default=False)

    objects = ScopedManager(agency="agency")

    class Meta:
        verbose_name = "phản ánh, kiến nghị"
        verbose_name_plural = "phản ánh, kiến nghị"
        ordering = ["-received_at"]
        indexes = [models.Index(fields=["agency", "received_at"], name="petition_agency_time")]

    def __str__(self) -> str:
        return f"{self.code}: {self.subject}"


class PetitionVote(models.Model):
    """One like or dislike of a published answer (R9.6): one per account, or per browser
    session for a visitor without an account."""

    petition = models.ForeignKey(Petition, on_delete=models.CASCADE, related_name="votes")
    voter = models.CharField("người bình chọn", max_length=64)
    liked = models.BooleanField("hài lòng")
    created_at = models.DateTimeField("thời điểm", default=clock.now)

    class Meta:
        verbose_name = "bình chọn câu trả lời"
        verbose_name_plural = "bình chọn câu trả lời"
        constraints = [
            models.UniqueConstraint(fields=["petition", "voter"], name="one_vote_per_voter"),
        ]

    def __str__(self) -> str:
        return f"{self.petition_id} {'+' if self.liked else '-'}"
