"""The one place that reads the time (STYLE.md habit 7).

Everything that needs "now" asks :func:`now`; tests and the demo move time with
:func:`frozen` instead of patching Django. Instants are aware; people see
Asia/Ho_Chi_Minh (:data:`VN`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone as _dj_timezone
from django.utils.translation import gettext as _

from motcua.errors import ValidationFailed

VN = ZoneInfo("Asia/Ho_Chi_Minh")

_frozen_at: ContextVar[datetime | None] = ContextVar("motcua_frozen_at", default=None)


def now() -> datetime:
    """The current instant, aware (UTC as Django stores it)."""
    frozen = _frozen_at.get()
    if frozen is not None:
        return frozen
    return _dj_timezone.now()  # noqa: TID251 - the one allowed use


def local_now() -> datetime:
    """The current instant in Vietnamese local time."""
    return now().astimezone(VN)


def today() -> date:
    """Today's date in Vietnam (giờ Việt Nam), whatever the server's zone."""
    return local_now().date()


def day_from(value: Any, field: str) -> date:
    """A day typed as ``YYYY-MM-DD`` (or given as a date), else a 400 naming ``field``."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise ValidationFailed(
            _("Ngày “%(value)s” không hợp lệ (cần dạng YYYY-MM-DD).") % {"value": value},
            details={field: "invalid"},
        ) from exc


def local(instant: datetime) -> datetime:
    """``instant`` seen from Vietnam; a naive value is taken as Vietnamese local time."""
    if instant.tzinfo is None:
        return instant.replace(tzinfo=VN)
    return instant.astimezone(VN)


@contextlib.contextmanager
def frozen(at: datetime) -> Iterator[datetime]:
    """Stop the clock at ``at`` (aware) for the duration of the block."""
    if at.tzinfo is None:
        raise ValueError("clock.frozen needs an aware datetime")
    token = _frozen_at.set(at)
    try:
        yield at
    finally:
        _frozen_at.reset(token)
