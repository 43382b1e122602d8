"""The working calendar of an agency, built from rows once and kept in memory.

The national rows plus the agency's own rows, with the agency's working sessions, become one
frozen :class:`~motcua.calendar.workdays.WorkCalendar`. Built calendars are cached per process
for a short time and dropped at once when this process imports new rows; other processes pick
up a change within ``CACHE_SECONDS``."""

from __future__ import annotations

import threading
import time as _time
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from motcua.calendar import workdays
from motcua.calendar.models import OFF_KINDS, CalendarDay, DayKind
from motcua.errors import ValidationFailed

CACHE_SECONDS = 60.0

_lock = threading.Lock()
_cache: dict[Any, tuple[float, workdays.WorkCalendar]] = {}


def forget_calendars() -> None:
    with _lock:
        _cache.clear()


def _build(agency: Any) -> workdays.WorkCalendar:
    national = list(CalendarDay.objects.filter(agency__isnull=True).values_list("date", "kind"))
    own = (
        list(CalendarDay.objects.filter(agency=agency).values_list("date", "kind"))
        if agency is not None
        else []
    )
    days = dict(national)
    days.update(own)  # an agency row overrides the national row of the same date
    sessions = agency.working_sessions if agency is not None else workdays.DEFAULT_SESSIONS
    return workdays.WorkCalendar.build(
        sessions=sessions,
        off_days=[d for d, kind in days.items() if kind in OFF_KINDS],
        makeup_days=[d for d, kind in days.items() if kind == DayKind.MAKEUP_WORKDAY],
        # Only the national announcement makes a year "known": fail closed otherwise.
        years={d.year for d, _ in national},
    )


def calendar_for(agency: Any = None) -> workdays.WorkCalendar:
    """The working calendar of ``agency`` (``None``: national rows, default sessions)."""
    key = (agency.pk, tuple(map(tuple, agency.sessions or []))) if agency is not None else None
    now = _time.monotonic()
    with _lock:
        hit = _cache.get(key)
        if hit is not None and now - hit[0] < CACHE_SECONDS:
            return hit[1]
    cal = _build(agency)
    with _lock:
        _cache[key] = (now, cal)
    return cal


def parse_instant(value: str) -> datetime:
    """An ISO 8601 instant; one without an offset is Vietnamese local time (CONTRACT.md)."""
    try:
        instant = datetime.fromisoformat(value.strip())
    except (AttributeError, ValueError):
        raise ValidationFailed(
            _("Thời điểm %(value)s không hợp lệ (cần ISO 8601, ví dụ 2025-01-24T10:00:00+07:00).")
            % {"value": repr(value)},
            code="invalid_time",
        ) from None
    return instant if instant.tzinfo else instant.replace(tzinfo=workdays.VN)


def compute_due(received_at: datetime, amount: Any, unit: Any, *, agency: Any = None) -> datetime:
    """Hạn trả kết quả for a receipt at ``received_at`` under ``amount`` ``unit`` in
    ``agency``'s calendar: the rule of ``manage.py due`` and ``GET /api/v1/calendar/due``."""
    limit = workdays.Limit.parse(amount, unit)
    return workdays.due_at(received_at, limit, calendar_for(agency))
