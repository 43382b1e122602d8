"""Files of the one-stop shop (tệp tài liệu) and what hangs on them: attachments to dossiers,
the citizen's data store (Kho dữ liệu điện tử của tổ chức, cá nhân), each agency's form header
and the signing identities (chứng thư số) that sign electronic results.

``documents`` sits below ``dossiers`` (STYLE.md §1.3): it points at a dossier the way the audit
trail does, with ``(target_type, target_id)``, and never imports it.

None of these models is agency-scoped: a file is always reached through what owns it (a dossier
fetched with ``dossier_for``, the uploader's own unattached uploads, a store lookup by ID number
with its audit event), never listed on its own."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua import clock


class Origin(models.TextChoices):
    UPLOAD = "upload", _("Tải lên, quét từ bản giấy")
    SIGNED = "signed", _("Ký số khi phê duyệt kết quả")
    BACKLOG = "backlog", _("Số hóa hồ sơ, kết quả tồn đọng")
    ARCHIVE = "archive", _("Lập khi đóng hồ sơ lưu trữ")


class Document(models.Model):
    """One stored file (tệp): its checked content type, size and SHA-256, and where it lies in
    storage. The bytes never change; a signed result is a new document beside its draft."""

    name = models.CharField(
        _("tên tệp"), max_length=255, help_text=_("Tên hiển thị, giữ nguyên tiếng Việt.")
    )
    storage_name = models.CharField(
        _("tên lưu trữ"),
        max_length=255,
        unique=True,
        editable=False,
        help_text=_("Đường dẫn ASCII an toàn trong kho lưu trữ tệp."),
    )
    content_type = models.CharField(_("định dạng"), max_length=64)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(_("mã băm SHA-256"), max_length=64, db_index=True)
    pages = models.PositiveIntegerField(_("số trang"), null=True, blank=True)
    origin = models.CharField(_("nguồn"), max_length=8, choices=Origin.choices)
    electronic = models.BooleanField(
        _("bản điện tử có chữ ký số"),
        default=False,
        help_text=_("Văn bản điện tử có chữ ký số hợp lệ, không phải bản chụp hay bản quét."),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("cơ quan lưu giữ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=clock.now, db_index=True)

    class Meta:
        verbose_name = _("tệp tài liệu")
        verbose_name_plural = _("tệp tài liệu")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    """What a file is to the object it is attached to."""

    COMPONENT = "component", _("Thành phần hồ sơ")
    SUPPLEMENT = "supplement", _("Giấy tờ bổ sung")
    DRAFT = "draft", _("Dự thảo kết quả")
    RESULT = "result", _("Kết quả giải quyết")
    PETITION = "petition", _("Tài liệu kèm phản ánh, kiến nghị")


APPLICANT_ROLES = (Role.COMPONENT, Role.SUPPLEMENT, Role.RESULT)
"""The files the applicant and the national portal may see: their papers and the result. A
draft result (dự thảo) is internal to the agency until it is signed."""


class Attachment(models.Model):
    """A file attached to an object, usually a dossier (tệp đính kèm hồ sơ); ``part`` is the
    code of the dossier's component it belongs to. One file may be attached to several
    dossiers when a paper is reused from the citizen's data store."""

    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="attachments")
    target_type = models.CharField(_("loại đối tượng"), max_length=64)
    target_id = models.PositiveBigIntegerField(_("mã đối tượng"))
    role = models.CharField(_("vai trò"), max_length=12, choices=Role.choices)
    part = models.CharField(_("mã thành phần hồ sơ"), max_length=96, blank=True)
    store_item = models.ForeignKey(
        "StoreItem",
        verbose_name=_("lấy từ kho dữ liệu"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    attached_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đính kèm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    attached_at = models.DateTimeField(_("đính kèm lúc"), default=clock.now)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["attached_at", "id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="attachment_target")]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "target_type", "target_id", "role", "part"],
                name="one_attachment_per_place",
            )
        ]

    def __str__(self) -> str:
        return f"{self.document} → {self.target_type}#{self.target_id}"


class StoreKind(models.TextChoices):
    """Loại số hóa (TH ``LoaiSoHoa``): a paper of a dossier, or a result."""

    COMPONENT = "component", _("Giấy tờ thành phần hồ sơ")
    RESULT = "result", _("Kết quả giải quyết thủ tục hành chính")


class StoreItem(models.Model):
    """One paper in a person's or organisation's data store (Kho dữ liệu điện tử của tổ chức,
    cá nhân, Decree 45/2020): a digitised paper or an electronic result, found again by the
    holder's ID number so the counter need not ask for it twice (R5.3)."""

    id_number = models.CharField(
        _("số định danh"),
        max_length=20,
        db_index=True,
        help_text=_("Số định danh cá nhân, mã số DN."),
    )
    holder_name = models.CharField(_("tên chủ sở hữu"), max_length=255, blank=True)
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="store_items")
    kind = models.CharField(_("loại"), max_length=10, choices=StoreKind.choices)
    title = models.CharField(_("tên giấy tờ"), max_length=500)
    procedure_code = models.CharField(_("mã thủ tục"), max_length=32, blank=True)
    source_type = models.CharField(_("loại đối tượng nguồn"), max_length=64, blank=True)
    source_id = models.PositiveBigIntegerField(_("mã đối tượng nguồn"), null=True, blank=True)
    source_code = models.CharField(_("mã hồ sơ nguồn"), max_length=64, blank=True)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("cơ quan cấp, số hóa"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_on = models.DateField(_("ngày cấp"), null=True, blank=True)
    created_at = models.DateTimeField(_("đưa vào kho lúc"), default=clock.now)

    class Meta:
        verbose_name = _("giấy tờ trong kho dữ liệu")
        verbose_name_plural = _("kho dữ liệu điện tử của tổ chức, cá nhân")
        ordering = ["id_number", "-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["id_number", "document"], name="one_store_item_a_file")
        ]

    def __str__(self) -> str:
        return f"{self.id_number}: {self.title}"


class FormSet(models.TextChoices):
    AUTO = "", _("Theo ngày: bộ mẫu có hiệu lực vào ngày của giấy tờ")
    V2018 = "v2018", _("Thông tư 01/2018/TT-VPCP")
    V2025 = "v2025", _("Thông tư 03/2025/TT-VPCP")


class SignAuthority(models.TextChoices):
    """How an official letter is signed (thẩm quyền ký, Decree 30/2020 art. 13): by the head
    in person, by a deputy for the head (ký thay, KT.) or by order of the head (thừa lệnh, TL.)."""

    HEAD = "", _("Người đứng đầu ký")
    KT = "KT", _("Cấp phó ký thay (KT.)")
    TL = "TL", _("Ký thừa lệnh (TL.)")


class AgencyBranding(models.Model):
    """The header an agency prints on its forms (tên cơ quan chủ quản, tên cơ quan, logo), the
    place name of its dates, the form set it uses, and who signs its official letters (Mẫu 03
    after appraisal, Mẫu 04, the stop notice): never whoever clicked the action."""

    agency = models.OneToOneField(
        "agencies.Agency",
        verbose_name=_("cơ quan"),
        on_delete=models.CASCADE,
        related_name="branding",
    )
    superior_name = models.CharField(
        _("tên cơ quan cấp trên"),
        max_length=255,
        blank=True,
        help_text=_("Dòng trên của tiêu đề; để trống: tên cơ quan cấp trên trong danh mục."),
    )
    agency_name = models.CharField(
        _("tên cơ quan"),
        max_length=255,
        blank=True,
        help_text=_("Dòng dưới của tiêu đề; để trống: tên cơ quan trong danh mục."),
    )
    place = models.CharField(
        _("địa danh"),
        max_length=120,
        blank=True,
        help_text=_("In trước ngày tháng, ví dụ “Tân Lập, ngày … tháng … năm …”."),
    )
    logo = models.FileField(
        "logo",
        upload_to="branding/",
        blank=True,
        help_text=_("PNG, JPEG hoặc SVG, tối đa 512 KB."),
    )
    form_set = models.CharField(
        _("bộ mẫu phiếu"), max_length=8, choices=FormSet.choices, blank=True, default=FormSet.AUTO
    )
    head_title = models.CharField(
        _("chức danh người đứng đầu"),
        max_length=120,
        blank=True,
        help_text=_("Ví dụ “Chủ tịch”, “Giám đốc”; để trống: “Thủ trưởng cơ quan”."),
    )
    head_name = models.CharField(_("họ tên người đứng đầu"), max_length=120, blank=True)
    sign_authority = models.CharField(
        _("thẩm quyền ký văn bản"),
        max_length=2,
        choices=SignAuthority.choices,
        blank=True,
        default=SignAuthority.HEAD,
    )
    signer_title = models.CharField(
        _("chức danh người ký thay, thừa lệnh"),
        max_length=120,
        blank=True,
        help_text=_("Ví dụ “Phó Chủ tịch” (KT.) hoặc “Chánh Văn phòng” (TL.)."),
    )
    signer_name = models.CharField(_("họ tên người ký thay, thừa lệnh"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("tiêu đề mẫu phiếu của cơ quan")
        verbose_name_plural = _("tiêu đề mẫu phiếu của cơ quan")

    def __str__(self) -> str:
        return str(self.agency)


class IdentityKind(models.TextChoices):
    PERSON = "person", _("Chữ ký số cá nhân")
    SEAL = "seal", _("Chữ ký số của cơ quan (con dấu)")


class Backend(models.TextChoices):
    """Where the private key lives; a USB token (PKCS#11) or a remote signing service (ký số
    từ xa) would be one more choice and one more backend in ``signatures.BACKENDS``."""

    PKCS12 = "pkcs12", _("Tệp PKCS#12 (.p12, .pfx)")


class SigningIdentity(models.Model):
    """A signing certificate and its key (chứng thư số): a leader's own, or the agency's seal.

    The PKCS#12 file lives in private storage. Its passphrase is either kept here encrypted
    with a key derived from ``SECRET_KEY``, or read at signing time from the environment
    variable named in ``passphrase_env`` (or its ``*_FILE``), so it never enters the database."""

    kind = models.CharField(_("loại"), max_length=8, choices=IdentityKind.choices)
    backend = models.CharField(
        _("nơi giữ khóa"), max_length=8, choices=Backend.choices, default=Backend.PKCS12
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ký"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="signing_identities",
    )
    agency = models.ForeignKey(
        "agencies.Agency", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+"
    )
    key_file = models.CharField(_("tệp khóa"), max_length=255, editable=False)
    passphrase_encrypted = models.TextField(blank=True, editable=False)
    passphrase_env = models.CharField(
        _("biến môi trường chứa mật khẩu"),
        max_length=64,
        blank=True,
        help_text=_("Để trống: mật khẩu được lưu mã hóa bằng khóa suy ra từ SECRET_KEY."),
    )
    subject_name = models.CharField(_("chủ thể chứng thư"), max_length=255)
    issuer_name = models.CharField(_("tổ chức cấp"), max_length=255, blank=True)
    not_before = models.DateTimeField(_("hiệu lực từ"))
    not_after = models.DateTimeField(_("hiệu lực đến"))
    is_active = models.BooleanField(_("đang dùng"), default=True)
    created_at = models.DateTimeField(_("đăng ký lúc"), default=clock.now)

    class Meta:
        verbose_name = _("chứng thư số")
        verbose_name_plural = _("chứng thư số")
        ordering = ["agency", "kind", "-created_at"]
        constraints = [
            models.CheckConstraint(
                name="person_identity_has_a_user",
                condition=Q(kind=IdentityKind.SEAL, user__isnull=True)
                | Q(kind=IdentityKind.PERSON, user__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(is_active=True, kind=IdentityKind.PERSON),
                name="one_active_identity_a_person",
            ),
            models.UniqueConstraint(
                fields=["agency"],
                condition=Q(is_active=True, kind=IdentityKind.SEAL),
                name="one_active_seal_an_agency",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.subject_name}"
