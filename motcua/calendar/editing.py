"""Adding next year's announcement by hand, one day at a time (the admin screens)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from motcua import clock, text
from motcua.agencies.policy import require
from motcua.audit import record
from motcua.calendar.importing import day_problem
from motcua.calendar.models import CalendarDay
from motcua.calendar.services import forget_calendars
from motcua.errors import PermissionDenied, ValidationFailed


def add_day(
    day: date, kind: str, name: str, source: str, *, agency: Any, actor: Any
) -> CalendarDay:
    """A national row (``agency=None``, superusers only) or a row for the actor's agency."""
    require(actor, "calendar.manage_calendar")
    if agency is None and not actor.is_superuser:
        raise PermissionDenied(_("Chỉ quản trị hệ thống được sửa lịch nghỉ toàn quốc."))
    if agency is not None and not actor.is_superuser and agency.pk != actor.agency_id:
        raise PermissionDenied(_("Chỉ được sửa lịch riêng của cơ quan mình."))
    name = text.nfc(name or "")
    problem = day_problem(day, kind, name)
    if problem:
        raise ValidationFailed(problem[0].upper() + problem[1:])
    if CalendarDay.objects.filter(date=day, agency=agency).exists():
        raise ValidationFailed(_("Ngày %(day)s đã có trong lịch.") % {"day": f"{day:%d/%m/%Y}"})
    with transaction.atomic():
        row = CalendarDay.objects.create(
            date=day,
            kind=kind,
            name=name,
            source=text.nfc(source or ""),
            agency=agency,
            updated_at=clock.now(),
        )
        record(
            "calendar.day_added",
            actor=actor,
            agency=agency,
            target=row,
            after={"date": day.isoformat(), "kind": kind},
        )
        transaction.on_commit(forget_calendars)
    forget_calendars()
    return row


def remove_day(row: CalendarDay, *, actor: Any) -> None:
    require(actor, "calendar.manage_calendar")
    if row.agency_id is None and not actor.is_superuser:
        raise PermissionDenied(_("Chỉ quản trị hệ thống được sửa lịch nghỉ toàn quốc."))
    if row.agency_id is not None and not actor.is_superuser and row.agency_id != actor.agency_id:
        raise PermissionDenied(_("Chỉ được sửa lịch riêng của cơ quan mình."))
    with transaction.atomic():
        record(
            "calendar.day_removed",
            actor=actor,
            agency=row.agency,
            target=row,
            before={"date": row.date.isoformat(), "kind": row.kind},
        )
        row.delete()
        transaction.on_commit(forget_calendars)
    forget_calendars()
