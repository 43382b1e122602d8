"""The report schedule (lịch báo cáo định kỳ, DOMAIN R7.5–R7.7, plan (b)): which reports each
unit sends (Biểu 06, the one-stop report of Circular 01/2018 art. 11, the review report), for
which periods of Decree 09/2019 art. 12, by which day (the 17th by default, stored per unit);
a reminder through the notification outbox before that day; the day each was sent with the
file sent; and the late ones, for the supervisor's dashboard.

A period's report is due on ``due_day`` of the month its period ends in (periods end on the
14th), or of the next month when ``due_day`` is not after the 14th."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from motcua import audit, clock
from motcua.accounts.models import User
from motcua.agencies.models import Agency
from motcua.agencies.policy import require
from motcua.agencies.roles import Role
from motcua.documents import services as documents
from motcua.documents import storage
from motcua.documents.models import Origin
from motcua.documents.models import Role as FileRole
from motcua.errors import NotFound, ValidationFailed
from motcua.notify.services import queue_message
from motcua.reports.models import Frequency, ReportDue, ReportKind, ReportSchedule
from motcua.reports.periods import (
    Period,
    containing,
    first_half,
    month,
    nine_months,
    parse_period,
    quarter,
    whole_year,
)

MAX_DUE_DAY = 28  # every month has it
MAX_REMIND_DAYS = 31
# Who prepares and signs a unit's reports, and so is reminded of them.
REMINDED_ROLES = (Role.LEADER, Role.ADMIN, Role.SUPERVISOR)


def periods_of(frequency: str, year: int) -> list[Period]:
    """The periods of one report year (15/12 of the year before → 14/12) for ``frequency``."""
    if frequency == Frequency.MONTH:
        return [month(year, n) for n in range(1, 13)]
    if frequency == Frequency.QUARTER:
        return [quarter(year, n) for n in range(1, 5)]
    if frequency == Frequency.HALF:
        return [first_half(year)]
    if frequency == Frequency.NINE:
        return [nine_months(year)]
    return [whole_year(year)]


def due_date(period_end: date, due_day: int) -> date:
    """``due_day`` of the month ``period_end`` falls in, or of the next month if that day is not
    after ``period_end``."""
    if due_day > period_end.day:
        return period_end.replace(day=due_day)
    following = (period_end.replace(day=1) + timedelta(days=32)).replace(day=1)
    return following.replace(day=due_day)


@dataclass(frozen=True)
class Owed:
    """One period's report of a schedule and what happened to it (``row`` None: nothing)."""

    schedule: ReportSchedule
    period: Period
    due_on: date
    row: ReportDue | None

    @property
    def sent(self) -> bool:
        return self.row is not None and self.row.sent_on is not None

    def status(self, today: date) -> str:
        """``sent``, ``sent_late``, ``overdue`` (not sent after its due day) or ``open``."""
        if self.sent:
            return "sent_late" if self.row.sent_late else "sent"
        return "overdue" if today > self.due_on else "open"

    def late(self, today: date) -> bool:
        return self.status(today) in ("sent_late", "overdue")


def owed(schedule: ReportSchedule, today: date, rows: dict | None = None) -> list[Owed]:
    """Every period of the schedule that ended on or after ``starts_on`` and has begun by
    ``today``, oldest first, with its row if any."""
    if rows is None:
        rows = {r.period: r for r in schedule.dues.all()}
    first_year = containing(schedule.starts_on)[0]
    last_year = containing(today)[0]
    found = []
    for year in range(first_year, last_year + 1):
        for period in periods_of(schedule.frequency, year):
            if period.end < schedule.starts_on or period.start > today:
                continue
            found.append(
                Owed(
                    schedule,
                    period,
                    due_date(period.end, schedule.due_day),
                    rows.get(period.code),
                )
            )
    return found


def schedules_of(agency_ids: Iterable[int]) -> list[ReportSchedule]:
    return list(
        ReportSchedule.objects.filter(agency_id__in=list(agency_ids))
        .select_related("agency")
        .prefetch_related("dues", "dues__document")
        .order_by("agency__path", "kind", "frequency")
    )


def late_reports(agency_ids: Iterable[int], today: date | None = None) -> list[Owed]:
    """Reports of the agencies not sent by their due day, or sent after it, in the current
    and the previous report year: what the supervisor's dashboard flags."""
    today = today or clock.today()
    since = containing(today)[0] - 1
    late = []
    for schedule in schedules_of(agency_ids):
        if not schedule.active:
            continue
        for item in owed(schedule, today, {r.period: r for r in schedule.dues.all()}):
            if item.period.end.year >= since and item.late(today):
                late.append(item)
    return sorted(late, key=lambda o: (o.due_on, o.schedule.agency.path))


def _whole(value: Any, field: str, low: int, high: int) -> int:
    try:
        number = int(str(value).strip())
    except ValueError:
        number = None
    if number is None or not low <= number <= high:
        raise ValidationFailed(
            _("“%(value)s” không hợp lệ: cần số nguyên từ %(low)s đến %(high)s.")
            % {"value": value, "low": low, "high": high},
            details={field: "invalid"},
        )
    return number


def _schedule_state(row: ReportSchedule) -> dict[str, Any]:
    return {
        "kind": row.kind,
        "frequency": row.frequency,
        "due_day": row.due_day,
        "remind_days": row.remind_days,
        "starts_on": row.starts_on.isoformat(),
        "active": row.active,
    }


def set_schedule(
    user: Any,
    agency: Agency,
    kind: str,
    frequency: str,
    *,
    due_day: Any = 17,
    remind_days: Any = 3,
    starts_on: Any = None,
    active: bool = True,
) -> ReportSchedule:
    """Add or change one report of a unit's schedule (audited)."""
    require(user, "reports.manage_schedule", agency)
    if kind not in ReportKind.values:
        raise ValidationFailed(
            _("Loại báo cáo “%(kind)s” không có.") % {"kind": kind}, details={"kind": "unknown"}
        )
    if frequency not in Frequency.values:
        raise ValidationFailed(
            _("Kỳ báo cáo “%(frequency)s” không có.") % {"frequency": frequency},
            details={"frequency": "unknown"},
        )
    due_day = _whole(due_day, "due_day", 1, MAX_DUE_DAY)
    remind_days = _whole(remind_days, "remind_days", 0, MAX_REMIND_DAYS)
    starts = (
        clock.day_from(starts_on, "starts_on") if starts_on not in (None, "") else clock.today()
    )
    with transaction.atomic():
        row = (
            ReportSchedule.objects.select_for_update()
            .filter(agency=agency, kind=kind, frequency=frequency)
            .first()
        )
        before = _schedule_state(row) if row else None
        if row is None:
            row = ReportSchedule(agency=agency, kind=kind, frequency=frequency)
        row.due_day = due_day
        row.remind_days = remind_days
        row.starts_on = starts
        row.active = bool(active)
        row.save()
        audit.record(
            "reports.schedule_set",
            actor=user,
            agency=agency,
            target=row,
            before=before,
            after=_schedule_state(row),
        )
    return row


def _schedule(schedule_id: Any) -> ReportSchedule:
    row = ReportSchedule.objects.select_related("agency").filter(pk=schedule_id).first()
    if row is None:
        raise NotFound(_("Không có báo cáo này trong lịch báo cáo."))
    return row


def _period_of(schedule: ReportSchedule, code: str) -> Period:
    period = parse_period(code)
    if period.code not in {p.code for p in periods_of(schedule.frequency, period.end.year)}:
        raise ValidationFailed(
            _("Kỳ %(period)s không phải kỳ của báo cáo %(frequency)s.")
            % {"period": period.code, "frequency": schedule.get_frequency_display().lower()},
            details={"period": "wrong_frequency"},
        )
    if period.end < schedule.starts_on:
        raise ValidationFailed(
            _("Kỳ %(period)s kết thúc trước khi lịch báo cáo áp dụng.") % {"period": period.code},
            details={"period": "before_schedule"},
        )
    return period


def mark_sent(
    user: Any, schedule_id: Any, period_code: str, sent_on: Any, content: bytes, name: str
) -> ReportDue:
    """Record that a period's report was sent on ``sent_on`` (not in the future), with the
    file sent (PDF, checked like every upload). A second record corrects the first (audited)."""
    schedule = _schedule(schedule_id)
    require(user, "reports.send_report", schedule.agency)
    period = _period_of(schedule, period_code)
    day = clock.day_from(sent_on, "sent_on")
    if day > clock.today():
        raise ValidationFailed(
            _("Ngày gửi không thể sau hôm nay."), details={"sent_on": "in_future"}
        )
    if day < period.start:
        raise ValidationFailed(
            _("Ngày gửi phải sau ngày bắt đầu kỳ báo cáo."), details={"sent_on": "too_early"}
        )
    checked = storage.check_upload(content, name, allowed=(storage.PDF,))
    with transaction.atomic():
        row, _created = ReportDue.objects.select_for_update().get_or_create(
            schedule=schedule,
            period=period.code,
            defaults={
                "agency": schedule.agency,
                "due_on": due_date(period.end, schedule.due_day),
            },
        )
        before = (
            {"sent_on": row.sent_on.isoformat(), "document": row.document_id}
            if row.sent_on
            else None
        )
        document = documents.create_document(
            checked, origin=Origin.UPLOAD, uploaded_by=user, agency=schedule.agency
        )
        documents.attach([document], row, role=FileRole.RESULT, actor=user)
        row.sent_on = day
        row.sent_by = user
        row.document = document
        row.recorded_at = clock.now()
        row.save()
        audit.record(
            "reports.report_sent",
            actor=user,
            agency=schedule.agency,
            target=row,
            before=before,
            after={
                "period": period.code,
                "due_on": row.due_on.isoformat(),
                "sent_on": day.isoformat(),
                "late": row.sent_late,
                "document": document.pk,
                "sha256": document.sha256,
            },
        )
    return row


def _recipients(agency: Agency) -> list[tuple[str, str, User]]:
    """(channel, address, user) for the unit's leaders, admins and supervisors: e-mail when
    they have one, else SMS; nobody without either."""
    found = []
    users = User.objects.filter(agency=agency, is_active=True, role__in=REMINDED_ROLES)
    for user in users.order_by("pk"):
        if user.email:
            found.append(("email", user.email, user))
        elif user.phone:
            found.append(("sms", user.phone, user))
    return found


def _reminder_text(item: Owed) -> tuple[str, str]:
    schedule = item.schedule
    subject = _("Nhắc gửi báo cáo: %(kind)s") % {"kind": schedule.get_kind_display()}
    body = _(
        "%(agency)s: báo cáo “%(kind)s” kỳ %(period)s (%(range)s) phải gửi trước hết ngày "
        "%(due)s. Sau khi gửi, ghi ngày gửi và tệp báo cáo trên Lịch báo cáo."
    ) % {
        "agency": schedule.agency.name,
        "kind": schedule.get_kind_display(),
        "period": item.period.label,
        "range": item.period.range_text,
        "due": item.due_on.strftime("%d/%m/%Y"),
    }
    return subject, body


def send_reminders(today: date | None = None) -> int:
    """Queue one reminder per unsent report whose due day is at most ``remind_days`` away
    (and not passed), once: the period's row remembers it, in the messages' transaction.
    Returns the number of messages queued."""
    today = today or clock.today()
    queued = 0
    for schedule in ReportSchedule.objects.filter(active=True).select_related("agency"):
        for item in owed(schedule, today):
            if item.sent or (item.row and item.row.reminded_at):
                continue
            if not item.due_on - timedelta(days=schedule.remind_days) <= today <= item.due_on:
                continue
            queued += _remind(item)
    return queued


def _remind(item: Owed) -> int:
    schedule = item.schedule
    with transaction.atomic():
        row, _created = ReportDue.objects.select_for_update().get_or_create(
            schedule=schedule,
            period=item.period.code,
            defaults={"agency": schedule.agency, "due_on": item.due_on},
        )
        if row.reminded_at or row.sent_on:  # another sweeper got here first
            return 0
        subject, body = _reminder_text(item)
        recipients = _recipients(schedule.agency)
        for channel, address, user in recipients:
            queue_message(
                channel=channel,
                recipient=address,
                subject=subject if channel == "email" else "",
                body=body,
                target=row,
                agency=schedule.agency,
                user=user,
            )
        row.reminded_at = clock.now()
        row.reminders = len(recipients)
        row.save(update_fields=["reminded_at", "reminders"])
    return len(recipients)
