"""Lịch hẹn: appointment slots per agency, field and day, booking on the portal, the SMS
reminder the day before, check-in at the kiosk (which issues the ticket, placed in the line at
the slot's start), cancellation and no-show (DOMAIN R14.9; CONTRACT "The hall").

A slot row is made with its first booking; ``booked`` grows by one conditional ``UPDATE …
WHERE booked < capacity``, so two people taking the last place at once get one place and one
409 on both databases."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from motcua import audit, clock
from motcua.agencies.models import Agency
from motcua.calendar.services import calendar_for
from motcua.calendar.workdays import CalendarMissing
from motcua.catalog.models import Field
from motcua.errors import Conflict, NotFound, ValidationFailed
from motcua.hall.models import (
    LIVE_APPOINTMENT,
    Appointment,
    AppointmentStatus,
    BookingRule,
    Channel,
    Slot,
)
from motcua.hall.services import Issued, clean_id_number, issue_ticket, served_field_ids
from motcua.notify.services import normalize_phone, queue_message

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud at the kiosk
MISSED_AFTER = timedelta(minutes=30)  # a booking not checked in 30 minutes after its slot ended


@dataclass(frozen=True)
class Rule:
    opens: time
    closes: time
    slot_minutes: int
    capacity: int
    days_ahead: int
    per_person_per_day: int


DEFAULT_RULE = Rule(time(8, 0), time(16, 0), 30, 4, 6, 2)


def rule_for(agency: Agency, field: Field) -> Rule:
    """The agency's booking rule for ``field`` (its own row, else the agency's, else the
    defaults of Hà Nội's 2025 rules)."""
    rows = {r.field_id: r for r in BookingRule.objects.filter(agency=agency)}
    row = rows.get(field.pk) or rows.get(None)
    if row is None:
        return DEFAULT_RULE
    return Rule(
        row.opens,
        row.closes,
        row.slot_minutes,
        row.capacity,
        row.days_ahead,
        row.per_person_per_day,
    )


@dataclass(frozen=True)
class OpenSlot:
    start: datetime
    end: datetime
    left: int


def _day_slots(agency: Agency, rule: Rule, day: date) -> list[tuple[datetime, datetime]]:
    """The slot bounds of ``day``: from the rule's opening to its closing, inside the agency's
    working sessions, on working days only."""
    calendar = calendar_for(agency)
    try:
        if not calendar.is_working_day(day):
            return []
    except CalendarMissing:
        return []
    step = timedelta(minutes=rule.slot_minutes)
    bounds = []
    for session_start, session_end in calendar.sessions:
        start = datetime.combine(day, max(session_start, rule.opens), tzinfo=clock.VN)
        stop = datetime.combine(day, min(session_end, rule.closes), tzinfo=clock.VN)
        while start + step <= stop:
            bounds.append((start, start + step))
            start += step
    return bounds


def _check_day(rule: Rule, day: date) -> None:
    today = clock.today()
    if not today <= day <= today + timedelta(days=rule.days_ahead):
        raise ValidationFailed(
            _("Chỉ đặt lịch hẹn từ hôm nay đến %(n)s ngày tới.") % {"n": rule.days_ahead},
            details={"date": day.isoformat()},
        )


def _serves(agency: Agency, field: Field) -> None:
    if field.pk not in served_field_ids(agency.pk):
        raise ValidationFailed(
            _("%(agency)s không có quầy nào tiếp nhận lĩnh vực %(field)s.")
            % {"agency": agency.name, "field": field.name},
            details={"field": field.code},
        )


def open_slots(agency: Agency, field: Field, day: date) -> list[OpenSlot]:
    """Khung giờ còn nhận hẹn: each slot of ``day`` not yet begun, with the places left."""
    rule = rule_for(agency, field)
    _check_day(rule, day)
    _serves(agency, field)
    booked = dict(
        Slot.objects.filter(agency=agency, field=field, start__date=day).values_list(
            "start", "booked"
        )
    )
    now = clock.now()
    return [
        OpenSlot(start, end, max(0, rule.capacity - booked.get(start, 0)))
        for start, end in _day_slots(agency, rule, day)
        if start > now
    ]


def _new_code() -> str:
    return "LH" + "".join(secrets.choice(CODE_ALPHABET) for _ in range(6))


def book(
    *,
    agency: Agency,
    field: Field,
    start: datetime,
    name: Any,
    phone: Any,
    id_number: Any,
) -> Appointment:
    """Đặt lịch hẹn: a place in the slot beginning at ``start``; a full slot is a 409, so is a
    second booking of the person for the field and day or more than the rule's per day."""
    name = " ".join(str(name or "").split())
    if not 2 <= len(name) <= 150:
        raise ValidationFailed(_("Họ và tên cần từ 2 đến 150 ký tự."), details={"name": name})
    phone = normalize_phone(phone)
    id_number = clean_id_number(id_number)
    if start.tzinfo is None:
        start = start.replace(tzinfo=clock.VN)
    day = clock.local(start).date()
    rule = rule_for(agency, field)
    _check_day(rule, day)
    _serves(agency, field)
    bounds = dict(_day_slots(agency, rule, day))
    if start not in bounds or start <= clock.now():
        raise ValidationFailed(
            _("Không có khung giờ hẹn bắt đầu lúc %(start)s.")
            % {"start": clock.local(start).strftime("%H:%M %d/%m/%Y")},
            details={"start": start.isoformat()},
        )
    try:
        with transaction.atomic():
            live = Appointment.objects.with_scopes_disabled().filter(
                LIVE_APPOINTMENT, day=day, id_number=id_number
            )
            if live.filter(field=field).exists():
                raise _one_per_field()
            if live.count() >= rule.per_person_per_day:
                raise Conflict(
                    _("Mỗi người chỉ đặt tối đa %(n)s lịch hẹn mỗi ngày.")
                    % {"n": rule.per_person_per_day},
                    code="too_many_appointments",
                )
            slot, _made = Slot.objects.get_or_create(
                agency=agency,
                field=field,
                start=start,
                defaults={"end": bounds[start], "capacity": rule.capacity},
            )
            taken = Slot.objects.filter(pk=slot.pk, booked__lt=F("capacity")).update(
                booked=F("booked") + 1
            )
            if not taken:
                raise Conflict(_("Khung giờ này đã đủ người hẹn."), code="slot_full")
            appointment = Appointment.objects.with_scopes_disabled().create(
                code=_new_code(),
                agency=agency,
                field=field,
                slot=slot,
                day=day,
                name=name,
                phone=phone,
                id_number=id_number,
            )
            queue_message(
                channel="sms",
                recipient=phone,
                body=(
                    "{agency}: lịch hẹn {code} lúc {start}, lĩnh vực {field}. "
                    "Đến ki-ốt nhập mã để lấy số."
                ).format(**_sms_fields(appointment)),
                target=appointment,
                agency=agency,
            )
            audit.record(
                "hall.appointment_booked",
                agency=agency,
                target=appointment,
                data={"field": field.code, "start": start.isoformat()},
            )
    except IntegrityError:  # two bookings of the same person at once: the constraint decides
        raise _one_per_field() from None
    return appointment


def _one_per_field() -> Conflict:
    return Conflict(
        _("Người này đã có lịch hẹn của lĩnh vực này trong ngày."), code="appointment_exists"
    )


def _sms_fields(appointment: Appointment) -> dict[str, str]:
    """The SMS's blanks (texts to citizens stay Vietnamese whatever the screen's language)."""
    return {
        "agency": appointment.agency.short_name or appointment.agency.name,
        "code": appointment.code,
        "start": clock.local(appointment.slot.start).strftime("%H:%M ngày %d/%m/%Y"),
        "field": appointment.field.name,
    }


def find(code: Any) -> Appointment:
    appointment = (
        Appointment.objects.with_scopes_disabled()  # reviewed: the code is the key
        .select_related("slot", "agency", "field")
        .filter(code=str(code or "").strip().upper())
        .first()
    )
    if appointment is None:
        raise NotFound(_("Không có lịch hẹn mã %(code)s.") % {"code": code})
    return appointment


def check_in(code: Any, *, id_number: Any) -> Issued:
    """Xác nhận lịch hẹn tại ki-ốt: on the booked day, the booking becomes a ticket counted
    from the slot's start. The ID number must match the booking's."""
    appointment = find(code)
    if clean_id_number(id_number) != appointment.id_number:
        raise NotFound(_("Không có lịch hẹn mã %(code)s.") % {"code": code})
    if appointment.status != AppointmentStatus.BOOKED:
        raise Conflict(
            _("Lịch hẹn %(code)s không còn hiệu lực (%(status)s).")
            % {"code": appointment.code, "status": appointment.get_status_display()},
            code="appointment_closed",
        )
    if appointment.day != clock.today():
        raise Conflict(
            _("Lịch hẹn %(code)s là ngày %(day)s, không phải hôm nay.")
            % {"code": appointment.code, "day": appointment.day.strftime("%d/%m/%Y")},
            code="not_today",
        )
    with transaction.atomic():
        issued = issue_ticket(
            agency=appointment.agency,
            field=appointment.field,
            id_number=appointment.id_number,
            phone=appointment.phone,
            channel=Channel.APPOINTMENT,
            queued_at=appointment.slot.start,
        )
        updated = (
            Appointment.objects.with_scopes_disabled()
            .filter(pk=appointment.pk, status=AppointmentStatus.BOOKED)
            .update(status=AppointmentStatus.CHECKED_IN, ticket=issued.ticket)
        )
        if not updated:
            raise Conflict(_("Lịch hẹn này vừa được xác nhận."), code="appointment_closed")
        audit.record(
            "hall.appointment_checked_in",
            agency=appointment.agency,
            target=appointment,
            data={"ticket": issued.ticket.code},
        )
    return issued


def cancel(code: Any, *, phone: Any) -> Appointment:
    """Hủy lịch hẹn (by its code and the phone it was booked with): the place is freed."""
    appointment = find(code)
    if normalize_phone(phone) != appointment.phone:
        raise NotFound(_("Không có lịch hẹn mã %(code)s.") % {"code": code})
    with transaction.atomic():
        updated = (
            Appointment.objects.with_scopes_disabled()
            .filter(pk=appointment.pk, status=AppointmentStatus.BOOKED)
            .update(status=AppointmentStatus.CANCELLED)
        )
        if not updated:
            raise Conflict(
                _("Lịch hẹn %(code)s không còn hiệu lực.") % {"code": appointment.code},
                code="appointment_closed",
            )
        Slot.objects.filter(pk=appointment.slot_id, booked__gt=0).update(booked=F("booked") - 1)
        audit.record("hall.appointment_cancelled", agency=appointment.agency, target=appointment)
    appointment.status = AppointmentStatus.CANCELLED
    return appointment


def send_reminders(*, day: date | None = None) -> int:
    """Nhắc lịch hẹn: one SMS the day before to each booking of ``day`` (tomorrow) not yet
    reminded; returns how many were queued. Run daily (``manage.py hall_appointments``)."""
    day = day or clock.today() + timedelta(days=1)
    count = 0
    due = (
        Appointment.objects.with_scopes_disabled()
        .select_related("slot", "agency", "field")
        .filter(day=day, status=AppointmentStatus.BOOKED, reminded_at__isnull=True)
    )
    for appointment in due:
        with transaction.atomic():
            claimed = (
                Appointment.objects.with_scopes_disabled()
                .filter(pk=appointment.pk, reminded_at__isnull=True)
                .update(reminded_at=clock.now())
            )
            if not claimed:
                continue
            queue_message(
                channel="sms",
                recipient=appointment.phone,
                body=(
                    "{agency} nhắc lịch hẹn {code} ngày mai lúc {start}, lĩnh vực {field}. "
                    "Mang theo CCCD, đến ki-ốt nhập mã để lấy số."
                ).format(**_sms_fields(appointment)),
                target=appointment,
                agency=appointment.agency,
            )
            count += 1
    return count


def mark_missed() -> int:
    """Không đến: bookings still open 30 minutes after their slot ended."""
    count = 0
    late = Appointment.objects.with_scopes_disabled().filter(
        status=AppointmentStatus.BOOKED, slot__end__lt=clock.now() - MISSED_AFTER
    )
    for appointment in late.select_related("agency"):
        with transaction.atomic():
            updated = (
                Appointment.objects.with_scopes_disabled()
                .filter(pk=appointment.pk, status=AppointmentStatus.BOOKED)
                .update(status=AppointmentStatus.NO_SHOW)
            )
            if updated:
                audit.record(
                    "hall.appointment_missed", agency=appointment.agency, target=appointment
                )
                count += 1
    return count
