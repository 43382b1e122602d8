"""The procedure catalogue (danh mục thủ tục hành chính) as versioned data.

A :class:`Procedure` is the stable identity (national code); each change to its content makes a
new :class:`ProcedureVersion`, and a dossier pins the version it started with (STYLE.md habit
4). Cases (trường hợp), components (thành phần hồ sơ), fees and internal process steps (quy
trình nội bộ) hang off the version's cases."""

from __future__ import annotations

from django.db import models

from motcua import text
from motcua.agencies.roles import Role


class Field(models.Model):
    """Lĩnh vực: the sector a procedure belongs to (rows of Biểu 06 are grouped by it)."""

    code = models.CharField("mã lĩnh vực", max_length=32, unique=True)
    name = models.CharField("tên lĩnh vực", max_length=255)
    ministry = models.CharField("bộ, ngành quản lý", max_length=255, blank=True)

    class Meta:
        verbose_name = "lĩnh vực"
        verbose_name_plural = "lĩnh vực"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProcedureLevel(models.TextChoices):
    PROVINCE = "province", "Cấp tỉnh"
    COMMUNE = "commune", "Cấp xã"


class Receiving(models.TextChoices):
    CENTRE = "centre", "Trung tâm Phục vụ hành chính công"
    COMMUNE = "commune", "Bộ phận Một cửa cấp xã"


class OnlineLevel(models.TextChoices):
    FULL = "toan_trinh", "Dịch vụ công trực tuyến toàn trình"
    PARTIAL = "mot_phan", "Dịch vụ công trực tuyến một phần"
    NONE = "none", "Không cung cấp trực tuyến"


class Procedure(models.Model):
    """Thủ tục hành chính, identified by its national base code (``1.001193``)."""

    code = models.CharField("mã thủ tục", max_length=32, unique=True)
    name = models.CharField("tên thủ tục", max_length=500)
    search_key = models.CharField(max_length=600, editable=False, db_index=True)
    field = models.ForeignKey(Field, verbose_name="lĩnh vực", on_delete=models.PROTECT)
    level = models.CharField("cấp thực hiện", max_length=16, choices=ProcedureLevel.choices)
    deciding_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="cơ quan giải quyết",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Để trống với thủ tục cấp xã: mỗi xã tự giải quyết.",
    )
    receiving = models.CharField("nơi tiếp nhận", max_length=16, choices=Receiving.choices)
    online_level = models.CharField(
        "mức độ trực tuyến", max_length=16, choices=OnlineLevel.choices, default=OnlineLevel.NONE
    )
    boundary_free = models.BooleanField(
        "tiếp nhận không phụ thuộc địa giới hành chính", default=False
    )
    at_counter = models.BooleanField(
        "giải quyết tại chỗ (4 tại chỗ)",
        default=False,
        help_text="Tiếp nhận, thẩm định, phê duyệt và trả kết quả ngay tại Bộ phận Một cửa.",
    )
    result_needs_seal = models.BooleanField(
        "kết quả cần đóng dấu cơ quan",
        default=True,
        help_text="Kết quả điện tử được ký thêm bằng chữ ký số của cơ quan (con dấu) sau chữ ký "
        "của người có thẩm quyền; chỉ áp dụng khi kết quả là giấy tờ.",
    )
    published = models.BooleanField("đã công bố", default=True)
    current_version = models.ForeignKey(
        "ProcedureVersion",
        verbose_name="phiên bản hiện hành",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = "thủ tục hành chính"
        verbose_name_plural = "thủ tục hành chính"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def save(self, *args, **kwargs) -> None:
        self.search_key = text.search_key(f"{self.code} {self.name}")
        if "update_fields" in kwargs and kwargs["update_fields"] is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_key"}
        super().save(*args, **kwargs)


class ProcedureVersion(models.Model):
    """A frozen edition of a procedure's content. Never edited once a dossier uses it."""

    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField("phiên bản")
    content_hash = models.CharField(max_length=64)
    published_at = models.DateTimeField("ngày áp dụng")
    applicants = models.TextField("đối tượng thực hiện", blank=True)
    legal_basis = models.JSONField("căn cứ pháp lý", default=list)
    result_name = models.CharField("kết quả thực hiện", max_length=500)
    result_is_document = models.BooleanField("kết quả là giấy tờ", default=True)
    eform = models.JSONField(
        "biểu mẫu điện tử", default=list, blank=True, help_text="Các trường của tờ khai trực tuyến."
    )

    class Meta:
        verbose_name = "phiên bản thủ tục"
        verbose_name_plural = "phiên bản thủ tục"
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="one_version_number"),
        ]
        ordering = ["procedure", "-number"]

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.number}"


class LimitUnit(models.TextChoices):
    WORKING_DAYS = "working_days", "ngày làm việc"
    DAYS = "days", "ngày"
    HOURS = "hours", "giờ làm việc"
    SAME_DAY = "same_day", "trong ngày"


class ProcedureCase(models.Model):
    """Trường hợp: one way through a procedure with its own time limit, papers and process."""

    version = models.ForeignKey(ProcedureVersion, on_delete=models.PROTECT, related_name="cases")
    code = models.CharField("mã trường hợp", max_length=64)
    name = models.CharField("tên trường hợp", max_length=500)
    order = models.PositiveSmallIntegerField(default=0)
    limit_amount = models.DecimalField("thời hạn giải quyết", max_digits=7, decimal_places=2)
    limit_unit = models.CharField("đơn vị thời hạn", max_length=16, choices=LimitUnit.choices)
    online_limit_amount = models.DecimalField(
        "thời hạn khi nộp trực tuyến", max_digits=7, decimal_places=2, null=True, blank=True
    )
    online_limit_unit = models.CharField(
        "đơn vị (trực tuyến)", max_length=16, choices=LimitUnit.choices, blank=True
    )
    same_day_cutoff = models.TimeField(
        "giờ chốt trong ngày",
        null=True,
        blank=True,
        help_text="Nhận sau giờ này: ngày làm việc kế tiếp.",
    )
    no_due_date = models.BooleanField("không có ngày hẹn trả", default=False)

    class Meta:
        verbose_name = "trường hợp"
        verbose_name_plural = "trường hợp"
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
    code = models.CharField("mã giấy tờ", max_length=96)
    name = models.TextField("tên giấy tờ")
    originals = models.PositiveSmallIntegerField("số bản chính", default=0)
    copies = models.PositiveSmallIntegerField("số bản sao", default=0)
    form_name = models.CharField("mẫu đơn, tờ khai", max_length=255, blank=True)
    form_url = models.CharField(
        "địa chỉ tải mẫu đơn",
        max_length=500,
        blank=True,
        help_text="Địa chỉ tệp mẫu đơn, tờ khai để trống (từ danh mục, khóa form_url).",
    )
    form_file = models.FileField(
        "tệp mẫu đơn",
        upload_to="catalog/forms/",
        blank=True,
        help_text="Tệp mẫu đơn, tờ khai để trống do cơ quan tải lên; giữ nguyên ở phiên bản sau.",
    )
    required = models.BooleanField("bắt buộc", default=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "thành phần hồ sơ"
        verbose_name_plural = "thành phần hồ sơ"
        ordering = ["case", "order"]

    def __str__(self) -> str:
        return self.name

    @property
    def has_blank_form(self) -> bool:
        """A blank form to download: a file uploaded by the agency, or a catalogue link."""
        return bool(self.form_file or self.form_url)


class FeeKind(models.TextChoices):
    FIXED = "fixed", "Mức cố định"
    FREE = "free", "Miễn phí"
    PER_UNIT = "per_unit", "Theo đơn vị"


class Fee(models.Model):
    """Phí, lệ phí in integer đồng."""

    case = models.ForeignKey(ProcedureCase, on_delete=models.PROTECT, related_name="fees")
    name = models.CharField("tên phí, lệ phí", max_length=255)
    kind = models.CharField("loại", max_length=16, choices=FeeKind.choices)
    amount_vnd = models.PositiveBigIntegerField("mức thu (đồng)", default=0)
    unit = models.CharField("đơn vị tính", max_length=64, blank=True)
    tiers = models.JSONField("bậc", null=True, blank=True)
    max_vnd = models.PositiveBigIntegerField("mức tối đa (đồng)", null=True, blank=True)
    note = models.TextField("ghi chú", blank=True)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = "phí, lệ phí"
        verbose_name_plural = "phí, lệ phí"
        ordering = ["case", "order"]

    def __str__(self) -> str:
        return self.name


class StepRole(models.TextChoices):
    COUNTER = "counter", "Bộ phận Một cửa tiếp nhận"
    SPECIALIST = "specialist", "Chuyên viên xử lý"
    LEADER = "leader", "Lãnh đạo phê duyệt"
    COUNTER_RETURN = "counter_return", "Bộ phận Một cửa trả kết quả"

    @property
    def staff_role(self) -> str:
        return Role.COUNTER if self in (StepRole.COUNTER, StepRole.COUNTER_RETURN) else self.value


class StepDefinition(models.Model):
    """One step of the internal process (bước của quy trình nội bộ) with its budget in hours
    (1 working day = 8 h). ``agency`` is set for a step done by another agency (liên thông);
    steps sharing a ``parallel_group`` run at the same time (R1.18 electronic liên thông)."""

    case = models.ForeignKey(ProcedureCase, on_delete=models.PROTECT, related_name="steps")
    order = models.PositiveSmallIntegerField("thứ tự")
    name = models.CharField("tên bước", max_length=500)
    role = models.CharField("vai trò thực hiện", max_length=16, choices=StepRole.choices)
    hours = models.DecimalField("thời gian (giờ)", max_digits=7, decimal_places=2)
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name="cơ quan thực hiện",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Để trống: cơ quan giải quyết hồ sơ.",
    )
    parallel_group = models.PositiveSmallIntegerField("nhóm song song", null=True, blank=True)

    class Meta:
        verbose_name = "bước quy trình"
        verbose_name_plural = "quy trình nội bộ"
        ordering = ["case", "order"]
        constraints = [
            models.UniqueConstraint(fields=["case", "order"], name="one_step_per_order"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"
