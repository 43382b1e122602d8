"""The hall (sảnh tiếp dân, Bộ phận Một cửa): counters (quầy), one queue line per field with its
own letter and daily sequence, queue tickets (phiếu số thứ tự), appointment slots and bookings
(lịch hẹn). DOMAIN §14.3; CONTRACT "v1.1 additions → The hall"."""

from __future__ import annotations

from datetime import time

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

from motcua import clock


class Counter(models.Model):
    """Quầy: a desk of an agency's one-stop unit serving some fields, with the counter officer
    signed in at it now."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan")
    )
    name = models.CharField(_("tên quầy"), max_length=80)
    fields = models.ManyToManyField(
        "catalog.Field", related_name="+", verbose_name=_("lĩnh vực phục vụ")
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("cán bộ đang ngồi quầy"),
    )
    active = models.BooleanField(_("đang mở"), default=True)

    objects = ScopedManager(agency="agency")

    class Meta:
        verbose_name = _("quầy")
        verbose_name_plural = _("quầy tiếp nhận")
        ordering = ["agency", "name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="hall_counter_name"),
        ]

    def __str__(self) -> str:
        return self.name


class Line(models.Model):
    """Hàng chờ of one field at one agency: its letter (B in B012) and the day's last number.
    One row per line, so taking a number is one locked ``UPDATE`` of this row."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan")
    )
    field = models.ForeignKey(
        "catalog.Field", on_delete=models.PROTECT, related_name="+", verbose_name=_("lĩnh vực")
    )
    letter = models.CharField(_("chữ cái"), max_length=2)
    day = models.DateField(_("ngày của số cuối"), null=True, blank=True)
    last = models.PositiveIntegerField(_("số cuối đã phát"), default=0)

    objects = ScopedManager(agency="agency")

    class Meta:
        verbose_name = _("hàng chờ theo lĩnh vực")
        verbose_name_plural = _("hàng chờ theo lĩnh vực")
        constraints = [
            models.UniqueConstraint(fields=["agency", "field"], name="hall_line_field"),
            models.UniqueConstraint(fields=["agency", "letter"], name="hall_line_letter"),
        ]

    def __str__(self) -> str:
        return f"{self.letter}: {self.field_id}"


class Priority(models.TextChoices):
    """Nhóm ưu tiên: served before everybody else in the line."""

    ELDERLY = "elderly", _("Người cao tuổi (từ 75 tuổi)")
    DISABLED = "disabled", _("Người khuyết tật")
    PREGNANT = "pregnant", _("Phụ nữ mang thai")
    CHILD = "child", _("Người đi cùng trẻ nhỏ")


class Channel(models.TextChoices):
    KIOSK = "kiosk", _("Ki-ốt lấy số")
    PORTAL = "portal", _("Cổng dịch vụ công")
    GUARD = "guard", _("Máy tính bảng của bảo vệ")
    APPOINTMENT = "appointment", _("Lịch hẹn đã xác nhận")


class TicketStatus(models.TextChoices):
    WAITING = "waiting", _("Đang chờ")
    CALLED = "called", _("Đang phục vụ")
    DONE = "done", _("Đã phục vụ")
    NO_SHOW = "no_show", _("Vắng mặt")


OPEN_TICKET = Q(status__in=[TicketStatus.WAITING, TicketStatus.CALLED])


class Ticket(models.Model):
    """Phiếu số thứ tự. ``queued_at`` orders the line (the issue time, or an appointment's
    slot start); the wait is measured from ``max(issued_at, queued_at)`` to ``called_at``."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan")
    )
    field = models.ForeignKey(
        "catalog.Field", on_delete=models.PROTECT, related_name="+", verbose_name=_("lĩnh vực")
    )
    day = models.DateField(_("ngày"))
    number = models.PositiveIntegerField(_("số"))
    code = models.CharField(_("số thứ tự"), max_length=12)
    id_number = models.CharField(_("số định danh cá nhân"), max_length=12)
    phone = models.CharField(_("số điện thoại"), max_length=15, blank=True)
    priority = models.CharField(
        _("nhóm ưu tiên"), max_length=10, choices=Priority.choices, blank=True
    )
    rank = models.PositiveSmallIntegerField(_("thứ hạng"), default=1)  # 0 priority, 1 others
    channel = models.CharField(_("nơi lấy số"), max_length=12, choices=Channel.choices)
    issued_at = models.DateTimeField(_("giờ lấy số"), default=clock.now)
    queued_at = models.DateTimeField(_("giờ xếp hàng"))
    status = models.CharField(
        _("trạng thái"), max_length=8, choices=TicketStatus.choices, default=TicketStatus.WAITING
    )
    counter = models.ForeignKey(
        Counter,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tickets",
        verbose_name=_("quầy"),
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cán bộ phục vụ"),
    )
    called_at = models.DateTimeField(_("giờ được gọi"), null=True, blank=True)
    calls = models.PositiveSmallIntegerField(_("số lần gọi"), default=0)
    last_called_at = models.DateTimeField(_("lần gọi gần nhất"), null=True, blank=True)
    finished_at = models.DateTimeField(_("giờ xong"), null=True, blank=True)
    dossier = models.ForeignKey(
        "dossiers.Dossier",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("hồ sơ tiếp nhận"),
    )
    rating = models.PositiveSmallIntegerField(_("đánh giá phục vụ"), null=True, blank=True)

    objects = ScopedManager(agency="agency")

    class Meta:
        verbose_name = _("phiếu số thứ tự")
        verbose_name_plural = _("phiếu số thứ tự")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "field", "day", "number"], name="hall_ticket_number"
            ),
            models.UniqueConstraint(
                fields=["field", "day", "id_number"],
                condition=OPEN_TICKET,
                name="hall_one_open_ticket",
            ),
        ]
        indexes = [
            models.Index(
                fields=["agency", "status", "field", "rank", "queued_at"], name="hall_ticket_next"
            ),
            models.Index(fields=["agency", "issued_at"], name="hall_ticket_time"),
            # The board's latest calls: a few rows from the end of the day's calls, not a scan
            # of every ticket of the day (8 ms at 5,000 tickets, read again after each call).
            models.Index(fields=["agency", "day", "last_called_at"], name="hall_ticket_recent"),
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def wait_from(self):
        return max(self.issued_at, self.queued_at)


class BookingRule(models.Model):
    """How an agency takes appointments (data; the defaults follow Hà Nội's 2025 rules,
    DOMAIN R14.9). A row with no field applies to every field of the agency."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="+", verbose_name=_("cơ quan")
    )
    field = models.ForeignKey(
        "catalog.Field",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("lĩnh vực (trống: mọi lĩnh vực)"),
    )
    opens = models.TimeField(_("giờ bắt đầu nhận hẹn"), default=time(8, 0))
    closes = models.TimeField(_("giờ kết thúc nhận hẹn"), default=time(16, 0))
    slot_minutes = models.PositiveSmallIntegerField(_("độ dài khung giờ (phút)"), default=30)
    capacity = models.PositiveSmallIntegerField(_("số lượt mỗi khung giờ"), default=4)
    days_ahead = models.PositiveSmallIntegerField(_("đặt trước tối đa (ngày)"), default=6)
    per_person_per_day = models.PositiveSmallIntegerField(
        _("số lượt tối đa mỗi người mỗi ngày"), default=2
    )

    class Meta:
        verbose_name = _("quy định đặt lịch hẹn")
        verbose_name_plural = _("quy định đặt lịch hẹn")
        ordering = ["agency", "field"]

    def __str__(self) -> str:
        return f"{self.agency_id}/{self.field_id or '*'}"


class Slot(models.Model):
    """One booked time slot (khung giờ): made when its first appointment is booked; ``booked``
    only grows under ``capacity`` through one conditional ``UPDATE``."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan")
    )
    field = models.ForeignKey(
        "catalog.Field", on_delete=models.PROTECT, related_name="+", verbose_name=_("lĩnh vực")
    )
    start = models.DateTimeField(_("bắt đầu"))
    end = models.DateTimeField(_("kết thúc"))
    capacity = models.PositiveSmallIntegerField(_("số lượt"))
    booked = models.PositiveSmallIntegerField(_("đã đặt"), default=0)

    class Meta:
        verbose_name = _("khung giờ hẹn")
        verbose_name_plural = _("khung giờ hẹn")
        constraints = [
            models.UniqueConstraint(fields=["agency", "field", "start"], name="hall_slot_start"),
        ]

    def __str__(self) -> str:
        return f"{self.field_id} {self.start:%Y-%m-%d %H:%M}"


class AppointmentStatus(models.TextChoices):
    BOOKED = "booked", _("Đã đặt")
    CHECKED_IN = "checked_in", _("Đã đến, đã lấy số")
    CANCELLED = "cancelled", _("Đã hủy")
    NO_SHOW = "no_show", _("Không đến")


LIVE_APPOINTMENT = Q(status__in=[AppointmentStatus.BOOKED, AppointmentStatus.CHECKED_IN])


class Appointment(models.Model):
    """Lịch hẹn: a person's booking of a slot; checking in at the kiosk issues its ticket."""

    code = models.CharField(_("mã lịch hẹn"), max_length=12, unique=True)
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan")
    )
    field = models.ForeignKey(
        "catalog.Field", on_delete=models.PROTECT, related_name="+", verbose_name=_("lĩnh vực")
    )
    slot = models.ForeignKey(
        Slot, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("khung giờ")
    )
    day = models.DateField(_("ngày hẹn"))
    name = models.CharField(_("họ và tên"), max_length=150)
    phone = models.CharField(_("số điện thoại"), max_length=15)
    id_number = models.CharField(_("số định danh cá nhân"), max_length=12)
    status = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=AppointmentStatus.choices,
        default=AppointmentStatus.BOOKED,
    )
    created_at = models.DateTimeField(_("thời điểm đặt"), default=clock.now)
    reminded_at = models.DateTimeField(_("đã nhắc lúc"), null=True, blank=True)
    ticket = models.OneToOneField(
        Ticket,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="appointment",
        verbose_name=_("phiếu số"),
    )

    objects = ScopedManager(agency="agency")

    class Meta:
        verbose_name = _("lịch hẹn")
        verbose_name_plural = _("lịch hẹn")
        constraints = [
            models.UniqueConstraint(
                fields=["field", "day", "id_number"],
                condition=LIVE_APPOINTMENT,
                name="hall_one_appointment_per_field",
            ),
        ]
        indexes = [models.Index(fields=["day", "status"], name="hall_appointment_day")]

    def __str__(self) -> str:
        return self.code
