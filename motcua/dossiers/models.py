"""Dossiers (hồ sơ TTHC) and what happens to them.

``Dossier.status`` and the dates on it are a cache written only by the services in
``services/``; the history is :class:`Movement` rows (one per action) and the audit trail."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from motcua import clock
from motcua.agencies.scoping import agency_scoped_manager
from motcua.dossiers.lifecycle import AT_WORK, NATIONAL_CODE, Outcome, Status


class Channel(models.TextChoices):
    COUNTER = "counter", _("Trực tiếp")
    ONLINE = "online", _("Trực tuyến")
    POST = "post", _("Qua dịch vụ bưu chính công ích")


class ApplicantKind(models.TextChoices):
    CITIZEN = "citizen", _("Công dân")
    BUSINESS = "business", _("Tổ chức, doanh nghiệp")


def _visible_dossiers(ids: list) -> Q:
    """A dossier is visible to every agency on its access list (receiving, deciding, liên thông)."""
    return Q(pk__in=DossierAccess.objects.filter(agency_id__in=ids).values("dossier_id"))


class Dossier(models.Model):
    """One dossier. Foreign keys that lead a composite index below (or are never searched on)
    have no index of their own: fewer indexes, faster intake and import."""

    code = models.CharField(_("mã hồ sơ"), max_length=40)
    national_code = models.CharField(
        _("mã hồ sơ trên Cổng DVCQG"),
        max_length=40,
        blank=True,
        default="",
        db_default="",  # rows written by raw bulk import have none
        help_text=_("Mã (MaHoSo) do Cổng Dịch vụ công quốc gia cấp cho hồ sơ nộp tại đó."),
    )
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("cơ quan tiếp nhận"),
        on_delete=models.PROTECT,
        related_name="received_dossiers",
        db_index=False,
    )
    handling_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("cơ quan giải quyết"),
        on_delete=models.PROTECT,
        related_name="handled_dossiers",
        db_index=False,
    )
    current_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("cơ quan đang xử lý"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    procedure = models.ForeignKey(
        "catalog.Procedure",
        verbose_name=_("thủ tục"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    version = models.ForeignKey(
        "catalog.ProcedureVersion",
        verbose_name=_("phiên bản thủ tục"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    case = models.ForeignKey(
        "catalog.ProcedureCase",
        verbose_name=_("trường hợp"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    field = models.ForeignKey(
        "catalog.Field",
        verbose_name=_("lĩnh vực"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    channel = models.CharField(_("kênh nộp"), max_length=8, choices=Channel.choices)
    status = models.CharField(_("trạng thái"), max_length=24, choices=Status.choices)
    status_code = models.PositiveSmallIntegerField(_("mã trạng thái quốc gia"))
    outcome = models.CharField(
        _("kết quả xử lý"), max_length=12, choices=Outcome.choices, blank=True
    )
    boundary_free = models.BooleanField(_("tiếp nhận phi địa giới"), default=False)

    applicant_kind = models.CharField(
        _("loại chủ hồ sơ"),
        max_length=10,
        choices=ApplicantKind.choices,
        default=ApplicantKind.CITIZEN,
    )
    applicant_name = models.CharField(_("người nộp / chủ hồ sơ"), max_length=255)
    applicant_id_number = models.CharField(_("số định danh"), max_length=20, blank=True)
    applicant_phone = models.CharField(_("điện thoại"), max_length=20, blank=True)
    applicant_email = models.EmailField(_("thư điện tử"), blank=True)
    applicant_address = models.CharField(_("địa chỉ"), max_length=500, blank=True)
    # Người nộp thay (được ủy quyền): who handed the dossier in for its owner (chủ hồ sơ, the
    # applicant above); blank when the owner submitted in person.
    # The database default keeps bulk inserts (import, bench) that do not name these working.
    submitter_name = models.CharField(
        _("người nộp thay"), max_length=255, blank=True, default="", db_default=""
    )
    submitter_id_number = models.CharField(
        _("số định danh người nộp thay"), max_length=20, blank=True, default="", db_default=""
    )
    submitter_phone = models.CharField(
        _("điện thoại người nộp thay"), max_length=20, blank=True, default="", db_default=""
    )
    submitter_address = models.CharField(
        _("địa chỉ người nộp thay"), max_length=500, blank=True, default="", db_default=""
    )
    # Lý do từ chối, rút, dừng of an imported dossier (its history has no movement to keep
    # it); a live action keeps its reason on its movement.
    outcome_reason = models.TextField(
        _("lý do từ chối, rút, dừng (hồ sơ nhập)"), blank=True, default="", db_default=""
    )
    search_key = models.CharField(max_length=400, editable=False)
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản công dân"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dossiers",
    )
    note = models.TextField(_("ghi chú, trích yếu"), blank=True)
    eform_answers = models.JSONField(
        _("nội dung tờ khai điện tử"),
        default=dict,
        db_default={},  # rows written by raw bulk import get an empty form too
        blank=True,
        help_text=_("Câu trả lời của người nộp theo biểu mẫu điện tử của phiên bản thủ tục."),
    )
    sets_count = models.PositiveSmallIntegerField(_("số bộ hồ sơ"), default=1)
    result_delivery = models.CharField(
        _("nhận kết quả qua"), max_length=8, choices=Channel.choices, default=Channel.COUNTER
    )
    delivery_address = models.CharField(_("địa chỉ nhận kết quả"), max_length=500, blank=True)

    submitted_at = models.DateTimeField(_("nộp lúc"), null=True, blank=True)
    received_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    due_at = models.DateTimeField(_("hẹn trả"), null=True, blank=True)
    original_due_at = models.DateTimeField(
        _("hạn giải quyết theo quy định"),
        null=True,
        blank=True,
        help_text=_(
            "Hạn theo luật, không đổi khi xin lỗi và hẹn lại; báo cáo so sánh với hạn này."
        ),
    )
    dvcqg_due_at = models.DateTimeField(
        _("hẹn trả theo cách tính DVCQG"),
        null=True,
        blank=True,
        help_text=_(
            "Hạn trừ thời gian chờ bổ sung (R4.17); hạn có hiệu lực là hạn tính lại từ đầu."
        ),
    )
    finished_at = models.DateTimeField(_("kết thúc xử lý"), null=True, blank=True)
    returned_at = models.DateTimeField(_("trả kết quả lúc"), null=True, blank=True)
    return_channel = models.CharField(
        _("hình thức trả"), max_length=8, choices=Channel.choices, blank=True
    )
    current_step = models.ForeignKey(
        "ProcessStep",
        verbose_name=_("bước hiện tại"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người đang xử lý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assigned_dossiers",
        db_index=False,
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=clock.now)

    objects = agency_scoped_manager(_visible_dossiers)

    class Meta:
        verbose_name = _("hồ sơ")
        verbose_name_plural = _("hồ sơ")
        ordering = ["-received_at", "-id"]
        constraints = [
            # A constraint, not unique=True: PostgreSQL then skips the extra LIKE index.
            models.UniqueConstraint(fields=["code"], name="one_dossier_per_code"),
            # A dossier from DVCQG is taken in once (an inbound repeat finds it here).
            models.UniqueConstraint(
                fields=["national_code"],
                condition=~Q(national_code=""),
                name="one_dossier_per_national_code",
            ),
        ]
        indexes = [
            models.Index(fields=["applicant_id_number"], name="dossier_id_number"),
            # The worklists' order over the dossiers still at work only: a unit's page, and a
            # search within it, walks its open dossiers newest first without stepping over
            # the hundreds of thousands it has finished (PostgreSQL reads the index alone).
            models.Index(
                fields=["current_agency", "-created_at", "-id"],
                name="dossier_open_worklist",
                condition=Q(status__in=AT_WORK),
                include=["search_key", "applicant_phone", "code"],
            ),
            models.Index(fields=["current_agency", "due_at"], name="dossier_due"),
            # The worklists' filters and search read this index alone on PostgreSQL (an
            # index-only scan): no visit to the wide rows of a busy unit. SQLite ignores INCLUDE.
            models.Index(
                fields=["current_agency", "status"],
                name="dossier_at_work",
                include=["created_at", "id", "search_key", "applicant_phone", "code", "due_at"],
            ),
            models.Index(fields=["assignee", "status"], name="dossier_assignee"),
            models.Index(fields=["agency", "received_at"], name="dossier_received"),
            models.Index(fields=["handling_agency", "received_at"], name="dossier_handled"),
            models.Index(fields=["handling_agency", "finished_at"], name="dossier_finished"),
            models.Index(fields=["applicant_phone"], name="dossier_phone"),
            # Results waiting at the counter, oldest first: a small partial index.
            models.Index(
                fields=["agency", "finished_at"],
                name="dossier_to_return",
                condition=models.Q(status__in=["done", "refused"]),
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def policy_agency_ids(self) -> set[int]:
        """Agencies that may see the dossier: its access list (receiving, deciding, every
        agency it passed through), plus where it is now."""
        ids = set(
            DossierAccess.objects.filter(dossier_id=self.pk).values_list("agency_id", flat=True)
        )
        return ids | {self.agency_id, self.handling_agency_id, self.current_agency_id}

    @property
    def national_status(self) -> int:
        return NATIONAL_CODE[self.status]


class DossierAccess(models.Model):
    """One agency that may see a dossier. Written by the services, read by the scope filter."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="access")
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", db_index=False
    )  # the unique (agency, dossier) index serves agency lookups

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "dossier"], name="one_access_row"),
        ]

    def __str__(self) -> str:
        return f"{self.dossier_id} → {self.agency_id}"


class DailyCounter(models.Model):
    """The per-agency, per-day sequence of dossier codes (R3.4). Locked while a code is taken,
    in the transaction that creates the dossier, so codes are unique and gap-free."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    day = models.DateField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "day"], name="one_counter_a_day"),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.day}: {self.last}"


class StepState(models.TextChoices):
    PENDING = "pending", _("Chưa đến")
    ACTIVE = "active", _("Đang thực hiện")
    DONE = "done", _("Đã xong")
    SKIPPED = "skipped", _("Bỏ qua")


class ProcessStep(models.Model):
    """A step of the dossier's own internal process, copied from the pinned procedure version
    at reception, with its personal due (hạn xử lý của bước)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    name = models.CharField(_("tên bước"), max_length=500)
    role = models.CharField(_("vai trò"), max_length=16)
    hours = models.DecimalField(_("thời gian (giờ)"), max_digits=7, decimal_places=2)
    agency = models.ForeignKey("agencies.Agency", on_delete=models.PROTECT, related_name="+")
    parallel_group = models.PositiveSmallIntegerField(null=True, blank=True)
    state = models.CharField(max_length=8, choices=StepState.choices, default=StepState.PENDING)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    due_at = models.DateTimeField(_("hạn của bước"), null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["dossier", "order"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "order"], name="one_dossier_step_per_order"),
        ]
        indexes = [
            # A user's own worklist ("mine"): the active steps assigned to them, and those
            # waiting for their role at their agency; small, and read alone (they carry the
            # dossier) on PostgreSQL.
            models.Index(
                fields=["assignee", "dossier"],
                name="step_active_assignee",
                condition=Q(state=StepState.ACTIVE),
            ),
            models.Index(
                fields=["agency", "role", "dossier"],
                name="step_active_waiting",
                condition=Q(state=StepState.ACTIVE, assignee__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.name}"


class Movement(models.Model):
    """One action on a dossier: who, when, from which state and holder to which, the note and
    the due of the step it started. The Phiếu kiểm soát (Mẫu 05) is printed from these.

    Append-only history (lịch sử xử lý): database triggers refuse UPDATE and DELETE (as on the
    audit trail, ``audit/triggers.py``), and a dossier with movements cannot be deleted."""

    dossier = models.ForeignKey(Dossier, on_delete=models.PROTECT, related_name="movements")
    at = models.DateTimeField(default=clock.now)
    action = models.CharField(max_length=24)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    from_status = models.CharField(max_length=24, blank=True)
    to_status = models.CharField(max_length=24)
    from_agency = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_agency = models.ForeignKey(
        "agencies.Agency", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    step = models.ForeignKey(
        ProcessStep, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    step_due_at = models.DateTimeField(null=True, blank=True)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["dossier", "at", "id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"


class ScanExemption(models.TextChoices):
    """Papers not scanned at reception (Circular 03/2025/TT-VPCP art. 5, DOMAIN R14.20)."""

    NONE = "", _("Phải số hóa")
    ONLINE = "online", _("Hồ sơ nộp trực tuyến")
    SHOWN = "shown", _("Chỉ xuất trình để đối chiếu")
    APPRAISAL = "appraisal", _("Kết quả thẩm tra, thẩm định trong quá trình giải quyết")
    CONFIDENTIAL = "confidential", _("Tài liệu mật")


class DossierComponent(models.Model):
    """A paper of the dossier as received (thành phần hồ sơ đã nộp)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="components")
    component = models.ForeignKey(
        "catalog.Component", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(max_length=96)
    name = models.TextField()
    originals = models.PositiveSmallIntegerField(default=0)  # bản chính
    copies = models.PositiveSmallIntegerField(default=0)  # bản sao có chứng thực
    photocopies = models.PositiveSmallIntegerField(default=0, db_default=0)  # bản chụp (photo)
    scan_exempt = models.CharField(
        _("không phải số hóa"),
        max_length=12,
        choices=ScanExemption.choices,
        blank=True,
        default="",
        db_default="",
    )
    digitised = models.BooleanField(_("đã số hóa"), default=False)
    from_store = models.BooleanField(_("lấy từ kho dữ liệu"), default=False)
    reused = models.BooleanField(_("tái sử dụng"), default=False)

    class Meta:
        ordering = ["dossier", "id"]

    def __str__(self) -> str:
        return self.name


class SupplementRequest(models.Model):
    """Yêu cầu bổ sung, hoàn thiện hồ sơ after reception: allowed once (R1.16)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="supplements")
    requested_at = models.DateTimeField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField()
    items = models.JSONField(default=list)
    due_before = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    file_ids = models.JSONField(default=list, blank=True)

    def __str__(self) -> str:
        return _("Yêu cầu bổ sung %(day)s") % {"day": f"{self.requested_at:%d/%m/%Y}"}


class PaymentRequest(models.Model):
    """A wait for fees or taxes (nghĩa vụ tài chính, status 6): the wait does not count."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="payments")
    amount_vnd = models.PositiveBigIntegerField()
    requested_at = models.DateTimeField()
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    paid_at = models.DateTimeField(null=True, blank=True)
    receipt = models.CharField(_("số biên lai"), max_length=64, blank=True)
    online = models.BooleanField(_("thanh toán trực tuyến"), default=False)

    def __str__(self) -> str:
        return f"{self.amount_vnd} đ"


class Apology(models.Model):
    """Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04): at most one per dossier (R1.21)."""

    dossier = models.OneToOneField(Dossier, on_delete=models.CASCADE, related_name="apology")
    at = models.DateTimeField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    previous_due_at = models.DateTimeField()
    new_due_at = models.DateTimeField()

    def __str__(self) -> str:
        return _("Hẹn lại %(day)s") % {"day": f"{self.new_due_at:%d/%m/%Y}"}


class NationalCheck(models.Model):
    """The last reconciliation (đối chiếu) of a dossier with the national portal (DVCQG): the
    status this system would send and the one DVCQG has (blank: DVCQG does not have it)."""

    dossier = models.OneToOneField(
        Dossier, on_delete=models.CASCADE, primary_key=True, related_name="national_check"
    )
    checked_at = models.DateTimeField(_("đối chiếu lúc"))
    expected_status = models.CharField(_("trạng thái tại hệ thống"), max_length=4)
    national_status = models.CharField(_("trạng thái trên Cổng DVCQG"), max_length=4, blank=True)
    requeued = models.BooleanField(_("đã gửi lại"), default=False)

    class Meta:
        verbose_name = _("đối chiếu với Cổng DVCQG")
        verbose_name_plural = _("đối chiếu với Cổng DVCQG")

    def __str__(self) -> str:
        return f"{self.dossier_id}: {self.expected_status} / {self.national_status or '-'}"

    @property
    def missing(self) -> bool:
        return not self.national_status

    @property
    def differs(self) -> bool:
        return self.national_status != self.expected_status


class SubmissionKey(models.Model):
    """An ``Idempotency-Key`` a client sent with a new dossier (a citizen's online submission,
    a counter's intake): the same key again answers with the same dossier instead of a second
    one (a retry after a lost answer); the unique pair also settles two copies of one request
    in flight at once."""

    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    digest = models.CharField(max_length=64, help_text="SHA-256 of the submission's content.")
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sender", "key"], name="one_submission_per_key")
        ]

    def __str__(self) -> str:
        return self.key
