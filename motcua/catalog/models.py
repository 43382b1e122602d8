"""The procedure catalogue (danh mục thủ tục hành chính) as versioned data.

A :class:`Procedure` is the stable identity (national code); each change to its content makes a
new :class:`ProcedureVersion`, and a dossier pins the version it started with (STYLE.md habit
4). Cases (trường hợp), components (thành phần hồ sơ), fees and internal process steps (quy
trình nội bộ) hang off the version's cases."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from motcua import text
from motcua.agencies.roles import Role


class Field(models.Model):
    """Lĩnh vực: the sector a procedure belongs to (rows of Biểu 06 are grouped by it)."""

    code = models.CharField(_("mã lĩnh vực"), max_length=32, unique=True)
    name = models.CharField(_("tên lĩnh vực"), max_length=255)
    ministry = models.CharField(_("bộ, ngành quản lý"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProcedureLevel(models.TextChoices):
    PROVINCE = "province", _("Cấp tỉnh")
    COMMUNE = "commune", _("Cấp xã")


class Receiving(models.TextChoices):
    CENTRE = "centre", _("Trung tâm Phục vụ hành chính công")
    COMMUNE = "commune", _("Bộ phận Một cửa cấp xã")


class OnlineLevel(models.TextChoices):
    FULL = "toan_trinh", _("Dịch vụ công trực tuyến toàn trình")
    PARTIAL = "mot_phan", _("Dịch vụ công trực tuyến một phần")
    NONE = "none", _("Không cung cấp trực tuyến")


DEFAULT_RETENTION_YEARS = 10
"""Thời hạn bảo quản when the catalogue names none (DOMAIN R14.14: no row of Circular
10/2022/TT-BNV is specific to one-stop dossiers)."""


class Procedure(models.Model):
    """Thủ tục hành chính, identified by its national base code (``1.001193``)."""

    code = models.CharField(_("mã thủ tục"), max_length=32, unique=True)
    name = models.CharField(_("tên thủ tục"), max_length=500)
    search_key = models.CharField(max_length=600, editable=False, db_index=True)
    field = models.ForeignKey(Field, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT)
    level = models.CharField(_("cấp thực hiện"), max_length=16, choices=ProcedureLevel.choices)
    deciding_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("cơ quan giải quyết"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Để trống với thủ tục cấp xã: mỗi xã tự giải quyết."),
    )
    receiving = models.CharField(_("nơi tiếp nhận"), max_length=16, choices=Receiving.choices)
    online_level = models.CharField(
        _("mức độ trực tuyến"), max_length=16, choices=OnlineLevel.choices, default=OnlineLevel.NONE
    )
    boundary_free = models.BooleanField(
        _("tiếp nhận không phụ thuộc địa giới hành chính"), default=False
    )
    at_counter = models.BooleanField(
        _("giải quyết tại chỗ (4 tại chỗ)"),
        default=False,
        help_text=_("Tiếp nhận, thẩm định, phê duyệt và trả kết quả ngay tại Bộ phận Một cửa."),
    )
    result_needs_seal = models.BooleanField(
        _("kết quả cần đóng dấu cơ quan"),
        default=True,
        help_text=_(
            "Kết quả điện tử được ký thêm bằng chữ ký số của cơ quan (con dấu) sau chữ ký "
            "của người có thẩm quyền; chỉ áp dụng khi kết quả là giấy tờ."
        ),
    )
    retention_years = models.PositiveSmallIntegerField(
        _("thời hạn bảo quản (năm)"),
        null=True,
        blank=True,
        default=DEFAULT_RETENTION_YEARS,
        help_text=_("Thời hạn bảo quản hồ sơ sau khi kết thúc công việc; để trống: vĩnh viễn."),
    )
    retention_source = models.CharField(
        _("căn cứ thời hạn bảo quản"),
        max_length=500,
        blank=True,
        default="",
        help_text=_("Văn bản quy định thời hạn bảo quản, hoặc ghi chú vì sao dùng mặc định."),
    )
    published = models.BooleanField(_("đã công bố"), default=True)
    current_version = models.ForeignKey(
        "ProcedureVersion",
        verbose_name=_("phiên bản hiện hành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def save(self, *args, **kwargs) -> None:
        self.search_key = text.search_key(f"{self.code} {self.name}")
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_key"}
        super().save(*args, **kwargs)

    @property
    def retention_label(self) -> str:
        """Thời hạn bảo quản as people read it: "10 năm" or "Vĩnh viễn"."""
        if self.retention_years is None:
            return str(_("Vĩnh viễn"))
        return str(_("%(years)s năm")) % {"years": self.retention_years}


class ProcedureVersion(models.Model):
    """A frozen edition of a procedure's content. Never edited once a dossier uses it."""

    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("phiên bản"))
    content_hash = models.CharField(max_length=64)
    published_at = models.DateTimeField(_("ngày áp dụng"))
    applicants = models.TextField(_("đối tượng thực hiện"), blank=True)
    legal_basis = models.JSONField(_("căn cứ pháp lý"), default=list)
    result_name = models.CharField(_("kết quả thực hiện"), max_length=500)
    result_is_document = models.BooleanField(_("kết quả là giấy tờ"), default=True)
    eform = models.JSONField(
        _("biểu mẫu điện tử"),
        default=list,
        blank=True,
        help_text=_("Các trường của tờ khai trực tuyến."),
    )

    class Meta:
        verbose_name = _("phiên bản thủ tục")
        verbose_name_plural = _("phiên bản thủ tục")
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="one_version_number"),
        ]
        ordering = ["procedure", "-number"]

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.number}"


class LimitUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("ngày làm việc")
    DAYS = "days", _("ngày")
    HOURS = "hours", _("giờ làm việc")
    SAME_DAY = "same_day", _("trong ngày")


class ProcedureCase(models.Model):
    """Trường hợp: one way through a procedure with its own time limit, papers and process."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.PROTECT, related_name="cases")
    code = models.CharField(_("mã trường hợp"), max_length=64)
    name = models.CharField(_("tên trường hợp"), max_length=500)
    order = models.PositiveSmallIntegerField(default=0)
    limit_amount = models.DecimalField(_("thời hạn giải quyết"), max_digits=7, decimal_places=2)
    limit_unit = models.CharField(_("đơn vị thời hạn"), max_length=16, choices=LimitUnit.choices)
    online_limit_amount = models.DecimalField(
        _("thời hạn khi nộp trực tuyến"), max_digits=7, decimal_places=2, null=True, blank=True
    )
    online_limit_unit = models.CharField(
        _("đơn vị (trực tuyến)"), max_length=16, choices=LimitUnit.choices, blank=True
    )
    same_day_cutoff = models.TimeField(
        _("giờ chốt trong ngày"),
        null=True,
        blank=True,
        help_text=_("Nhận sau giờ này: ngày làm việc kế tiếp."),
    )
    no_due_date = models.BooleanField(_("không có ngày hẹn trả"), default=False)

    class Meta:
        verbose_name = _("trường hợp")
        verbose_name_plural = _("trường hợp")
        ordering = ["version", "order"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="one_case_code_a_version"),
        ]

    def __str__(self) -> str:
        return self.name

    def limit_for(self, channel: str) -> tuple:
        """``(amount, unit)`` for the channel: the online limit where one is set."""
        if channel == "online" and self.online_limit_amount is not None:
            return self.online_limit_amount, self.online_limit_unit
        return self.limit_amount, self.limit_unit


class Component(models.Model):
    """Thành phần hồ sơ: one paper the applicant supplies, with counts of originals and copies."""

    case = models.ForeignKey(ProcedureCase, on_delete=models.PROTECT, related_name="components")
    code = models.CharField(_("mã giấy tờ"), max_length=96)
    name = models.TextField(_("tên giấy tờ"))
    originals = models.PositiveSmallIntegerField(_("số bản chính"), default=0)
    copies = models.PositiveSmallIntegerField(_("số bản sao"), default=0)
    form_name = models.CharField(_("mẫu đơn, tờ khai"), max_length=255, blank=True)
    form_url = models.CharField(
        _("địa chỉ tải mẫu đơn"),
        max_length=500,
        blank=True,
        help_text=_("Địa chỉ tệp mẫu đơn, tờ khai để trống (từ danh mục, khóa form_url)."),
    )
    form_file = models.FileField(
        _("tệp mẫu đơn"),
        upload_to="catalog/forms/",
        blank=True,
        help_text=_(
            "Tệp mẫu đơn, tờ khai để trống do cơ quan tải lên; giữ nguyên ở phiên bản sau."
        ),
    )
    sample_file = models.FileField(
        _("tệp mẫu đã điền"),
        upload_to="catalog/samples/",
        blank=True,
        help_text=_(
            "Mẫu đơn, tờ khai đã điền sẵn làm ví dụ cho người nộp (mẫu kê khai); "
            "giữ nguyên ở phiên bản sau."
        ),
    )
    required = models.BooleanField(_("bắt buộc"), default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")
        ordering = ["case", "order"]

    def __str__(self) -> str:
        return self.name

    @property
    def has_blank_form(self) -> bool:
        """A blank form to download: a file uploaded by the agency, or a catalogue link."""
        return bool(self.form_file or self.form_url)

    @property
    def has_filled_sample(self) -> bool:
        """A filled-in sample of the form (mẫu đã điền) to download."""
        return bool(self.sample_file)


class FeeKind(models.TextChoices):
    FIXED = "fixed", _("Mức cố định")
    FREE = "free", _("Miễn phí")
    PER_UNIT = "per_unit", _("Theo đơn vị")


class Fee(models.Model):
    """Phí, lệ phí in integer đồng."""

    case = models.ForeignKey(ProcedureCase, on_delete=models.PROTECT, related_name="fees")
    name = models.CharField(_("tên phí, lệ phí"), max_length=255)
    kind = models.CharField(_("loại"), max_length=16, choices=FeeKind.choices)
    amount_vnd = models.PositiveBigIntegerField(_("mức thu (đồng)"), default=0)
    unit = models.CharField(_("đơn vị tính"), max_length=64, blank=True)
    tiers = models.JSONField(_("bậc"), null=True, blank=True)
    max_vnd = models.PositiveBigIntegerField(_("mức tối đa (đồng)"), null=True, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("phí, lệ phí")
        verbose_name_plural = _("phí, lệ phí")
        ordering = ["case", "order"]

    def __str__(self) -> str:
        return self.name


class StepRole(models.TextChoices):
    COUNTER = "counter", _("Bộ phận Một cửa tiếp nhận")
    SPECIALIST = "specialist", _("Chuyên viên xử lý")
    LEADER = "leader", _("Lãnh đạo phê duyệt")
    COUNTER_RETURN = "counter_return", _("Bộ phận Một cửa trả kết quả")

    @property
    def staff_role(self) -> str:
        return Role.COUNTER if self in (StepRole.COUNTER, StepRole.COUNTER_RETURN) else self.value


class StepDefinition(models.Model):
    """One step of the internal process (bước của quy trình nội bộ) with its budget in hours
    (1 working day = 8 h). ``agency`` is set for a step done by another agency (liên thông);
    steps sharing a ``parallel_group`` run at the same time (R1.18 electronic liên thông)."""

    case = models.ForeignKey(ProcedureCase, on_delete=models.PROTECT, related_name="steps")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    name = models.CharField(_("tên bước"), max_length=500)
    role = models.CharField(_("vai trò thực hiện"), max_length=16, choices=StepRole.choices)
    hours = models.DecimalField(_("thời gian (giờ)"), max_digits=7, decimal_places=2)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("cơ quan thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Để trống: cơ quan giải quyết hồ sơ."),
    )
    parallel_group = models.PositiveSmallIntegerField(_("nhóm song song"), null=True, blank=True)

    class Meta:
        verbose_name = _("bước quy trình")
        verbose_name_plural = _("quy trình nội bộ")
        ordering = ["case", "order"]
        constraints = [
            models.UniqueConstraint(fields=["case", "order"], name="one_step_per_order"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"
