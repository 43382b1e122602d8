"""People who log in: staff of an agency, and citizens or businesses (công dân, tổ chức)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua import clock
from motcua.agencies.roles import STAFF_ROLES, Role


class User(AbstractUser):
    """A person. Staff belong to exactly one agency and play one role there."""

    full_name = models.CharField(_("họ và tên"), max_length=150, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=20, blank=True, db_index=True)
    role = models.CharField(_("vai trò"), max_length=16, choices=Role.choices, default=Role.CITIZEN)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("cơ quan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    counter_delegate = models.BooleanField(
        _("được ủy quyền giải quyết tại quầy"),
        default=False,
        help_text=_(
            "Cán bộ một cửa được ủy quyền phê duyệt, trả kết quả ngay tại quầy (4 tại chỗ)."
        ),
    )
    title = models.CharField(_("chức danh"), max_length=120, blank=True)

    objects = UserManager()

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
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
    prefix = models.CharField(
        _("tiền tố"), max_length=12, help_text=_("Để nhận ra mã, không bí mật.")
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=clock.now)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    revoked_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("dùng lần cuối"), null=True, blank=True)
    password_mark = models.CharField(
        max_length=64,
        blank=True,
        help_text=_("Dấu của mật khẩu lúc cấp mã: đổi mật khẩu thì mã hết hiệu lực."),
    )
    session_key = models.CharField(
        max_length=40,
        blank=True,
        help_text=_("Phiên đăng nhập trên trình duyệt đã nhận mã; đăng xuất thì thu hồi mã."),
    )

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.user})"


class CodePurpose(models.TextChoices):
    SIGNUP = "signup", _("Xác thực đăng ký tài khoản")


class OneTimeCode(models.Model):
    """Mã xác thực một lần (OTP): six digits sent by SMS or e-mail. Only a keyed hash is
    stored; a code expires after ten minutes and after a few wrong tries."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="one_time_codes")
    purpose = models.CharField(_("mục đích"), max_length=16, choices=CodePurpose.choices)
    channel = models.CharField(_("kênh gửi"), max_length=8)
    recipient = models.CharField(_("gửi đến"), max_length=254)
    salt = models.CharField(max_length=32)
    digest = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("tạo lúc"), default=clock.now)
    expires_at = models.DateTimeField(_("hết hạn lúc"))
    attempts = models.PositiveSmallIntegerField(_("số lần nhập sai"), default=0)
    used_at = models.DateTimeField(_("đã dùng lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("mã xác thực")
        verbose_name_plural = _("mã xác thực")
        indexes = [models.Index(fields=["user", "purpose", "-created_at"], name="otp_latest")]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} → {self.recipient}"
