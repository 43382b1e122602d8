"""People who log in: staff of an agency, and citizens or businesses (công dân, tổ chức)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models

from motcua import clock
from motcua.agencies.roles import STAFF_ROLES, Role


class User(AbstractUser):
    """A person. Staff belong to exactly one agency and play one role there."""

    full_name = models.CharField("họ và tên", max_length=150, blank=True)
    phone = models.CharField("điện thoại", max_length=20, blank=True, db_index=True)
    role = models.CharField("vai trò", max_length=16, choices=Role.choices, default=Role.CITIZEN)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="cơ quan",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    counter_delegate = models.BooleanField(
        "được ủy quyền giải quyết tại quầy",
        default=False,
        help_text="Cán bộ một cửa được ủy quyền phê duyệt, trả kết quả ngay tại quầy (4 tại chỗ).",
    )
    title = models.CharField("chức danh", max_length=120, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"
        constraints = [
            models.CheckConstraint(
                name="staff_have_an_agency",
                condition=models.Q(role=Role.CITIZEN) | models.Q(agency__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def is_agency_staff(self) -> bool:
        return self.is_active and self.role in STAFF_ROLES and self.agency_id is not None

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username


class ApiToken(models.Model):
    """A bearer token for ``/api/v1/``. Only its SHA-256 is stored; it expires and can be
    revoked."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField("tiền tố", max_length=12, help_text="Để nhận ra mã, không bí mật.")
    created_at = models.DateTimeField("tạo lúc", default=clock.now)
    expires_at = models.DateTimeField("hết hạn lúc")
    revoked_at = models.DateTimeField("thu hồi lúc", null=True, blank=True)
    last_used_at = models.DateTimeField("dùng lần cuối", null=True, blank=True)

    class Meta:
        verbose_name = "mã truy cập API"
        verbose_name_plural = "mã truy cập API"

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"


class CodePurpose(models.TextChoices):
    SIGNUP = "signup", "Xác thực đăng ký tài khoản"


class OneTimeCode(models.Model):
    """Mã xác thực một lần (OTP): six digits sent by SMS or e-mail. Only a keyed hash is
    stored; a code expires after ten minutes and after a few wrong tries."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="one_time_codes")
    purpose = models.CharField("mục đích", max_length=16, choices=CodePurpose.choices)
    channel = models.CharField("kênh gửi", max_length=8)
    recipient = models.CharField("gửi đến", max_length=254)
    salt = models.CharField(max_length=32)
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField("tạo lúc", default=clock.now)
    expires_at = models.DateTimeField("hết hạn lúc")
    attempts = models.PositiveSmallIntegerField("số lần nhập sai", default=0)
    used_at = models.DateTimeField("đã dùng lúc", null=True, blank=True)

    class Meta:
        verbose_name = "mã xác thực"
        verbose_name_plural = "mã xác thực"
        indexes = [models.Index(fields=["user", "purpose", "-created_at"], name="otp_latest")]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} → {self.recipient}"
