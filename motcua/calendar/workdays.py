"""Deadline math: thời hạn giải quyết → hạn trả kết quả (ngày hẹn trả). DOMAIN.md §4.

Pure functions over a frozen :class:`WorkCalendar`: no Django, no database, no clock. The caller
loads the calendar rows (holidays, swapped days, make-up Saturdays) and the agency's working
sessions (buổi làm việc) once, builds the calendar, and asks it for dues.

Model. Working time is a single number line: the *position* of an instant is the working time
(in microseconds) from the start of the calendar's first working day. A working day has
``day_minutes`` of working time; position ``k * day + o`` is offset ``o`` into the ``k``-th working
day. Precomputed tables map a date to its working-day number and back, so a due is "position of
the receipt, plus the limit, back to an instant" in constant time, however long the limit.

Rules (DOMAIN.md §4.3, recommended clean form):

- A receipt is first normalised to the next working instant: inside a session it stays; before
  the first session → its start; in a gap (lunch) → the next session's start; at or after the end
  of the last session, or on a non-working day → the first session of the next working day.
- A due that lands exactly where a session ends stays at that end (11:30 or 17:00), never at the
  next start (13:30, or 07:00 the next working day): it is the same working instant, and the
  citizen reads the earlier clock time.
- A computation that needs a day of a year the calendar does not cover raises
  :class:`CalendarMissing` naming that year; it never falls back to a Monday–Friday week.

All inputs are aware datetimes (naive → ``ValueError``); results are in the calendar's zone.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from fractions import Fraction
from typing import Any
from zoneinfo import ZoneInfo

from motcua.errors import DomainError, ValidationFailed

VN = ZoneInfo("Asia/Ho_Chi_Minh")

DEFAULT_SESSIONS: tuple[tuple[time, time], ...] = (
    (time(7, 0), time(11, 30)),
    (time(13, 30), time(17, 0)),
)
DEFAULT_SAME_DAY_CUTOFF = time(15, 0)

#: Nominal hours in one working day (DOMAIN R4.1: TH stores limits in hours, 1 working day = 8 h).
NOMINAL_DAY_HOURS = 8

OFF_KINDS = frozenset({"holiday", "compensatory", "swap_off"})
MAKEUP_KIND = "makeup_workday"

_US_PER_SECOND = 1_000_000
_US_PER_MINUTE = 60 * _US_PER_SECOND
_US_PER_HOUR = 60 * _US_PER_MINUTE


class Unit(StrEnum):
    """Đơn vị thời hạn: how a procedure's time limit is counted."""

    WORKING_DAYS = "working_days"  # ngày làm việc
    HOURS = "hours"  # giờ làm việc
    DAYS = "days"  # ngày (calendar days)
    SAME_DAY = "same_day"  # trong ngày, with a cut-off (DOMAIN R4.13)


class CalendarMissing(DomainError):
    """The calendar has no data for a year the computation needs (fail closed, DOMAIN R4.10)."""

    code = "calendar_missing"
    status = 409

    def __init__(self, year: int) -> None:
        super().__init__(
            f"Chưa có lịch làm việc năm {year}: không thể tính hạn. "
            f"Hãy nạp lịch nghỉ lễ năm {year}.",
            details={"year": year},
        )
        self.year = year


class InvalidLimit(DomainError):
    """A time limit (thời hạn giải quyết) that cannot be used."""

    code = "invalid_limit"


# Small integers for the hot path: comparing ints is cheaper than comparing enum members.
_WORKING_DAYS, _HOURS, _DAYS, _SAME_DAY = range(4)
_UNIT_CODES = {
    Unit.WORKING_DAYS: _WORKING_DAYS,
    Unit.HOURS: _HOURS,
    Unit.DAYS: _DAYS,
    Unit.SAME_DAY: _SAME_DAY,
}


def _ceil_div(numerator: int, denominator: int) -> int:
    return -(-numerator // denominator)


def _to_decimal(amount: Any) -> Decimal:
    if isinstance(amount, bool):
        raise InvalidLimit(f"Thời hạn giải quyết không hợp lệ: «{amount}» không phải là số.")
    if isinstance(amount, Decimal):
        return amount
    if isinstance(amount, int):
        return Decimal(amount)
    if isinstance(amount, float):
        # repr() gives the shortest decimal that reads back as the float: 0.1 → "0.1".
        return Decimal(repr(amount))
    if isinstance(amount, str):
        try:
            return Decimal(amount.strip())
        except InvalidOperation:
            pass
    raise InvalidLimit(f"Thời hạn giải quyết không hợp lệ: «{amount}» không phải là số.")


@dataclass(frozen=True)
class Limit:
    """Thời hạn giải quyết: an amount and its unit, validated once.

    ``same_day`` takes amount 0 only; ``days`` takes whole days only. Construction converts the
    amount to exact integers, so computing a due never touches ``Decimal``.
    """

    amount: Decimal
    unit: Unit

    def __post_init__(self) -> None:
        try:
            unit = Unit(self.unit)
        except ValueError:
            choices = ", ".join(u.value for u in Unit)
            raise InvalidLimit(
                f"Đơn vị thời hạn không hợp lệ: «{self.unit}». Chọn một trong: {choices}."
            ) from None
        amount = _to_decimal(self.amount)
        if not amount.is_finite():
            raise InvalidLimit("Thời hạn giải quyết phải là một số hữu hạn.")
        if amount < 0:
            raise InvalidLimit("Thời hạn giải quyết không được là số âm.")
        if unit is Unit.SAME_DAY and amount != 0:
            raise InvalidLimit("Thời hạn «trong ngày» không kèm số lượng: số lượng phải là 0.")
        if unit is Unit.DAYS and amount != amount.to_integral_value():
            raise InvalidLimit("Thời hạn tính theo ngày phải là một số ngày nguyên.")
        num, den = (amount + 0).as_integer_ratio()  # + 0 turns -0 into 0
        # Frozen: the precomputed integers are set once, here.
        object.__setattr__(self, "amount", amount)
        object.__setattr__(self, "unit", unit)
        object.__setattr__(self, "_code", _UNIT_CODES[unit])
        object.__setattr__(self, "_num", num)
        object.__setattr__(self, "_den", den)
        object.__setattr__(self, "_hours_us", _ceil_div(num * _US_PER_HOUR, den))
        object.__setattr__(self, "_days", num // den)

    @classmethod
    def parse(cls, amount: Any, unit: Any) -> Limit:
        """A limit from loose input (form, JSON, CSV): ``Limit.parse("1.5", "hours")``."""
        if isinstance(unit, str):
            unit = unit.strip()
        return cls(amount=_to_decimal(amount), unit=unit)


@dataclass(frozen=True)
class SupplementDues:
    """Hạn trả kết quả after a supplementation (yêu cầu bổ sung, hoàn thiện hồ sơ).

    ``restart``: the legal rule, the limit counted again from zero from completion (DOMAIN R4.16,
    Decree 61 art. 19; the rule in force). ``subtract``: the DVCQG rule, the original due pushed
    later by the working time the dossier waited for the citizen (R4.17).
    """

    restart: datetime
    subtract: datetime


def _time_us(t: time) -> int:
    return ((t.hour * 60 + t.minute) * 60 + t.second) * _US_PER_SECOND + t.microsecond


@dataclass(frozen=True)
class WorkCalendar:
    """Lịch làm việc of one unit: sessions (buổi), days off, make-up days, covered years.

    A date is a working day when its year is covered and it is a make-up day, or a Monday–Friday
    not listed as off. Sessions are local wall-clock times on whole minutes, the same on every
    working day. Build it once (:meth:`build` or :func:`calendar_from_rows`); every method is
    then a table lookup.
    """

    sessions: tuple[tuple[time, time], ...]
    off_days: frozenset[date]
    makeup_days: frozenset[date]
    years: frozenset[int]
    tz: tzinfo = VN
    day_minutes: int = field(init=False, compare=False)

    # Lookup tables, set once by __post_init__. Per-day tables are indexed by the local date's
    # distance in days from 1 January of the first covered year; per-workday tables by the
    # working day's number k (0 = the first working day).
    _day_us: int = field(init=False, repr=False, compare=False)
    _epoch: datetime = field(init=False, repr=False, compare=False)  # local midnight, 1 Jan
    _epoch_utc: datetime | None = field(init=False, repr=False, compare=False)
    _first_ordinal: int = field(init=False, repr=False, compare=False)
    _size: int = field(init=False, repr=False, compare=False)
    _working: bytes = field(init=False, repr=False, compare=False)
    _next_workday: list[int] = field(init=False, repr=False, compare=False)
    _day_start: list[int] = field(init=False, repr=False, compare=False)  # position of its start
    _reach: list[int] = field(init=False, repr=False, compare=False)
    _block_end: list[int] = field(init=False, repr=False, compare=False)
    _workday_midnight: list[datetime] = field(init=False, repr=False, compare=False)
    _workday_index: list[int] = field(init=False, repr=False, compare=False)
    _minute_offset: list[int] = field(init=False, repr=False, compare=False)
    _minute_open: bytes = field(init=False, repr=False, compare=False)
    _clock_from: list[timedelta] = field(init=False, repr=False, compare=False)
    _clock_until: list[timedelta] = field(init=False, repr=False, compare=False)
    _default_cutoff_offset: int = field(init=False, repr=False, compare=False)

    @classmethod
    def build(
        cls,
        *,
        sessions: Sequence[tuple[time, time]],
        off_days: Iterable[date],
        makeup_days: Iterable[date],
        years: Iterable[int],
        tz: tzinfo = VN,
    ) -> WorkCalendar:
        """Validate the data and precompute the lookup tables."""
        return cls(
            sessions=tuple((start, end) for start, end in sessions),
            off_days=frozenset(off_days),
            makeup_days=frozenset(makeup_days),
            years=frozenset(int(y) for y in years),
            tz=tz,
        )

    def __post_init__(self) -> None:
        set_ = object.__setattr__  # frozen: everything is set once, here
        sessions = tuple((start, end) for start, end in self.sessions)
        _check_sessions(sessions)
        if not self.years:
            raise ValueError("A work calendar needs at least one covered year.")
        both = self.off_days & self.makeup_days
        if both:
            raise ValueError(f"Days both off and make-up: {sorted(both)}")
        set_(self, "sessions", sessions)
        set_(self, "off_days", frozenset(d for d in self.off_days if d.year in self.years))
        set_(self, "makeup_days", frozenset(d for d in self.makeup_days if d.year in self.years))
        self._build_clock_tables()
        self._build_day_tables()
        set_(self, "_default_cutoff_offset", self._cutoff_offset(DEFAULT_SAME_DAY_CUTOFF))

    def _build_clock_tables(self) -> None:
        """Clock minute ↔ working minute of the day (sessions are on whole minutes)."""
        bounds = [(s.hour * 60 + s.minute, e.hour * 60 + e.minute) for s, e in self.sessions]
        day_minutes = sum(e - s for s, e in bounds)
        # Per clock minute: the working offset of the next working instant at or after it (the
        # day's end after the last session), and whether the minute itself is working time.
        minute_offset = [day_minutes * _US_PER_MINUTE] * 1440
        minute_open = bytearray(1440)
        for m in range(1440):
            done = 0
            for s, e in bounds:
                if m < e:
                    minute_offset[m] = (done + max(m - s, 0)) * _US_PER_MINUTE
                    minute_open[m] = m >= s
                    break
                done += e - s
        # Per working minute w: the clock time where it starts, and (index w + 1) where it ends.
        clock_from: list[timedelta] = []
        clock_until: list[timedelta] = [timedelta(0)]  # index 0 is never read
        for s, e in bounds:
            for m in range(s, e):
                clock_from.append(timedelta(minutes=m))
                clock_until.append(timedelta(minutes=m + 1))
        set_ = object.__setattr__
        set_(self, "day_minutes", day_minutes)
        set_(self, "_day_us", day_minutes * _US_PER_MINUTE)
        set_(self, "_minute_offset", minute_offset)
        set_(self, "_minute_open", bytes(minute_open))
        set_(self, "_clock_from", clock_from)
        set_(self, "_clock_until", clock_until)

    def _build_day_tables(self) -> None:
        years = sorted(self.years)
        first = date(years[0], 1, 1).toordinal()
        size = date(years[-1], 12, 31).toordinal() - first + 1
        working = bytearray(size)
        next_workday = [0] * (size + 1)
        midnights: list[datetime] = []
        indexes: list[int] = []
        for i in range(size):
            day = date.fromordinal(first + i)
            next_workday[i] = len(midnights)
            if day.year in self.years and (
                day in self.makeup_days or (day.weekday() < 5 and day not in self.off_days)
            ):
                working[i] = 1
                midnights.append(datetime(day.year, day.month, day.day, tzinfo=self.tz))
                indexes.append(i)
        next_workday[size] = len(midnights)

        # Years covered without a gap form a block. A computation starting in a block may not
        # leave it: a due beyond it needs a year that has no data. -1 marks an uncovered day.
        reach = [-1] * size
        block_end = [-1] * size
        run_start = years[0]
        for n, year in enumerate(years):
            if n + 1 < len(years) and years[n + 1] == year + 1:
                continue
            lo = date(run_start, 1, 1).toordinal() - first
            hi = date(year, 12, 31).toordinal() - first
            reach[lo : hi + 1] = [next_workday[hi + 1]] * (hi + 1 - lo)
            block_end[lo : hi + 1] = [hi] * (hi + 1 - lo)
            if n + 1 < len(years):
                run_start = years[n + 1]

        epoch = datetime(years[0], 1, 1, tzinfo=self.tz)
        set_ = object.__setattr__
        set_(self, "_first_ordinal", first)
        set_(self, "_size", size)
        set_(self, "_epoch", epoch)
        set_(self, "_epoch_utc", epoch.astimezone(UTC) if self._fixed_offset(first, size) else None)
        set_(self, "_working", bytes(working))
        set_(self, "_next_workday", next_workday)
        set_(self, "_day_start", [k * self._day_us for k in next_workday])
        set_(self, "_reach", reach)
        set_(self, "_block_end", block_end)
        set_(self, "_workday_midnight", midnights)
        set_(self, "_workday_index", indexes)

    def _fixed_offset(self, first: int, size: int) -> bool:
        """Does the zone keep one UTC offset over the covered years (Asia/Ho_Chi_Minh: +07:00
        since 1975)? Then a UTC instant is turned into local wall time by plain subtraction."""
        offsets = set()
        for ordinal in range(first - 1, first + size + 1):
            day = date.fromordinal(ordinal)
            for hour in (0, 12):
                offsets.add(
                    datetime(day.year, day.month, day.day, hour, tzinfo=self.tz).utcoffset()
                )
        return len(offsets) == 1

    # --- public lookups -------------------------------------------------------------------

    def is_working_day(self, d: date) -> bool:
        """Is ``d`` a working day (ngày làm việc)? Raises CalendarMissing outside the data."""
        if isinstance(d, datetime):
            raise TypeError("is_working_day takes a date; use is_working_instant for an instant.")
        i = d.toordinal() - self._first_ordinal
        if i < 0 or i >= self._size or self._reach[i] < 0:
            raise CalendarMissing(d.year)
        return bool(self._working[i])

    def is_working_instant(self, t: datetime) -> bool:
        """Is ``t`` inside a session of a working day? A session's end counts as inside: a due at
        17:00 is within working hours."""
        local = self._local(t)
        if not self.is_working_day(local.date()):
            return False
        clock = _time_us(local.time())
        return any(_time_us(start) <= clock <= _time_us(end) for start, end in self.sessions)

    # --- the engine -----------------------------------------------------------------------

    def _local(self, t: datetime) -> datetime:
        if t.tzinfo is self.tz:
            return t
        if t.utcoffset() is None:
            raise ValueError(f"Naive datetime {t!r}: deadline math needs aware datetimes.")
        return t.astimezone(self.tz)

    def _locate(self, t: datetime) -> tuple[int, int]:
        """(position of ``t`` normalised to the next working instant, index of its local day)."""
        # Speed trick: subtracting two datetimes that share a tzinfo gives the wall-clock
        # difference, i.e. the local day number, second of day and microsecond in one step.
        zone = t.tzinfo
        if zone is self.tz:
            wall = t - self._epoch
        elif zone is UTC and self._epoch_utc is not None:
            wall = t - self._epoch_utc
        else:
            wall = self._local(t) - self._epoch
        i = wall.days
        if i < 0 or i >= self._size or self._reach[i] < 0:
            raise CalendarMissing(date.fromordinal(self._first_ordinal + i).year)
        if not self._working[i]:
            return self._day_start[i], i
        minute, second = divmod(wall.seconds, 60)
        if self._minute_open[minute]:
            return (
                self._day_start[i]
                + self._minute_offset[minute]
                + second * _US_PER_SECOND
                + wall.microseconds
            ), i
        return self._day_start[i] + self._minute_offset[minute], i

    def _instant(self, position: int, prefer_end: bool, i: int) -> datetime:
        """The instant at ``position``; ``i`` is the day the computation started from.

        With ``prefer_end`` a position where one session ends and the next begins is the end
        (11:30, and 17:00 rather than 07:00 the next working day); otherwise the start.
        """
        minutes, rest = divmod(position, _US_PER_MINUTE)
        k, minute = divmod(minutes, self.day_minutes)
        if rest or not prefer_end:
            if k >= self._reach[i]:
                raise CalendarMissing(self._missing_after(i))
            clock = self._clock_from[minute]
            if rest:
                return self._workday_midnight[k] + clock + timedelta(microseconds=rest)
            return self._workday_midnight[k] + clock
        if minute == 0:
            k -= 1
            minute = self.day_minutes
        if k >= self._reach[i]:
            raise CalendarMissing(self._missing_after(i))
        return self._workday_midnight[k] + self._clock_until[minute]

    def _missing_after(self, i: int) -> int:
        """The first uncovered year after the block of day ``i``."""
        return date.fromordinal(self._first_ordinal + self._block_end[i]).year + 1

    def _span_us(self, a: datetime, b: datetime) -> tuple[int, int, int]:
        """(working µs from ``a`` to ``b``, signed; position of ``a``; day index of ``a``)."""
        pos_a, i_a = self._locate(a)
        pos_b, i_b = self._locate(b)
        lo, hi = (i_a, i_b) if i_a <= i_b else (i_b, i_a)
        if hi > self._block_end[lo]:
            raise CalendarMissing(self._missing_after(lo))
        return pos_b - pos_a, pos_a, i_a

    def _cutoff_offset(self, cutoff: time) -> int:
        """Working offset of a cut-off clock time: a receipt normalised below it is "before"."""
        if cutoff.tzinfo is not None:
            raise ValueError("The same-day cut-off is a local wall-clock time, without tzinfo.")
        clock = _time_us(cutoff)
        offset = 0
        for start, end in self.sessions:
            start_us, end_us = _time_us(start), _time_us(end)
            if clock < end_us:
                return offset + max(clock - start_us, 0)
            offset += end_us - start_us
        return offset

    def _days_due(self, position: int, i: int, days: int) -> datetime:
        if days == 0:
            return self._instant(position, False, i)
        k, offset = divmod(position, self._day_us)
        if k >= self._reach[i]:
            raise CalendarMissing(self._missing_after(i))
        block_end = self._block_end[i]
        # (A) the normalised receipt's date + days: the reception clock time that day when it
        # is a working day; when it is off, the end of the next working day (Civil Code
        # art. 148(2), DOMAIN R14.23).
        a = self._workday_index[k] + days
        # (B) Civil Code art. 147–148: the receipt's own date + days, to the end of that day, or
        # of the next working day when it is off. B is a floor for A (DOMAIN §4.3).
        b = i + days
        if a > block_end:
            if b > block_end:
                raise CalendarMissing(self._missing_after(i))
            a = block_end + 1  # only compared below: A is past B anyway
        if self._next_workday[a] == self._next_workday[b] and self._working[a]:
            return self._instant(self._day_start[a] + offset, False, i)
        return self._instant(self._day_start[b] + self._day_us, True, i)


def _check_sessions(sessions: Sequence[tuple[time, time]]) -> None:
    if not sessions:
        raise ValueError("A work calendar needs at least one working session.")
    previous_end = None
    for start, end in sessions:
        for t in (start, end):
            if t.tzinfo is not None or t.second or t.microsecond:
                raise ValueError(f"Session time {t} must be a local clock time on a whole minute.")
        if not start < end:
            raise ValueError(f"Session {start}–{end} must start before it ends.")
        if previous_end is not None and start < previous_end:
            raise ValueError("Sessions must be in order and must not overlap.")
        previous_end = end


def calendar_from_rows(
    rows: Iterable[tuple[date, str]],
    *,
    sessions: Sequence[tuple[time, time]] = DEFAULT_SESSIONS,
    years: Iterable[int] | None = None,
    tz: tzinfo = VN,
) -> WorkCalendar:
    """A calendar from ``(date, kind)`` rows as in ``vn-public-sector.csv``.

    Kinds: ``holiday``, ``compensatory``, ``swap_off`` (days off) and ``makeup_workday`` (làm bù).
    When a date appears twice the later row wins, so pass the national rows first and a unit's
    own rows after them. ``years`` defaults to the years present in the rows.
    """
    kinds: dict[date, str] = {}
    for day, kind in rows:
        if kind not in OFF_KINDS and kind != MAKEUP_KIND:
            raise ValidationFailed(
                f"Loại ngày không hợp lệ «{kind}» ({day.isoformat()}): chọn holiday, "
                "compensatory, swap_off hoặc makeup_workday."
            )
        kinds[day] = kind
    covered = {d.year for d in kinds} if years is None else set(years)
    if not covered:
        raise ValidationFailed("Lịch làm việc trống: chưa có năm nào được nạp.")
    return WorkCalendar.build(
        sessions=sessions,
        off_days=(d for d, kind in kinds.items() if kind in OFF_KINDS),
        makeup_days=(d for d, kind in kinds.items() if kind == MAKEUP_KIND),
        years=covered,
        tz=tz,
    )


def next_working_instant(t: datetime, cal: WorkCalendar) -> datetime:
    """``t`` if the office is open then, else the start of the next session (DOMAIN §4.3 step 2).

    A session's end is closed: 11:30 → 13:30, 17:00 → 07:00 the next working day.
    """
    position, i = cal._locate(t)
    return cal._instant(position, False, i)


def add_working_minutes(start: datetime, minutes: int, cal: WorkCalendar) -> datetime:
    """``start`` plus ``minutes`` of working time (inside sessions, on working days).

    Zero minutes gives the normalised ``start``; a result on a session end stays at that end.
    """
    if isinstance(minutes, bool) or not isinstance(minutes, int) or minutes < 0:
        raise ValueError(f"minutes must be a non-negative int, not {minutes!r}")
    position, i = cal._locate(start)
    if minutes == 0:
        return cal._instant(position, False, i)
    return cal._instant(position + minutes * _US_PER_MINUTE, True, i)


def working_minutes_between(a: datetime, b: datetime, cal: WorkCalendar) -> int:
    """Working minutes from ``a`` to ``b`` (both normalised first); negative if ``b`` is earlier.

    A partial minute is dropped (truncated towards zero).
    """
    delta, _, _ = cal._span_us(a, b)
    if delta >= 0:
        return delta // _US_PER_MINUTE
    return -(-delta // _US_PER_MINUTE)


def due_at(
    received_at: datetime,
    limit: Limit,
    cal: WorkCalendar,
    *,
    same_day_cutoff: time = DEFAULT_SAME_DAY_CUTOFF,
) -> datetime:
    """Hạn trả kết quả (ngày hẹn trả) of a dossier received at ``received_at``.

    The receipt is first normalised to the next working instant ``N``. Then, by unit:

    - ``working_days``: ``N`` plus ``amount × day_minutes`` of working time, so one working day
      from 10:00 ends at 10:00 the next working day whatever the session lengths (on the
      default 8-hour sessions this is DOMAIN's 1 working day = 8 h).
    - ``hours``: ``N`` plus ``amount × 60`` minutes of working time.
    - ``days`` (ngày, calendar days; whole days only): the date of ``N`` plus ``amount`` days at
      the clock time of ``N``; if that date is not a working day, the end of the last session
      of the next working day (17:00 at the counter; Civil Code art. 148(2), DOMAIN R14.23).
      Civil Code floor (DOMAIN §4.3 (B), art. 147–148): the due is never later
      than the end of the last session of the "last day" — the receipt's own local date plus
      ``amount`` days, or the next working day when that date is off. The floor only bites when
      the receipt was normalised to a later day (received after hours or on a day off).
      Zero days gives ``N``.
    - ``same_day`` (trong ngày, R4.13): the end of the last session of ``N``'s day when ``N``
      is before ``same_day_cutoff``, else the end of the next working day. A receipt on a day
      off or after hours is normalised first, so it counts as received at the next opening.

    A due never lies on a non-working day nor outside a session (session ends count as inside).
    """
    position, i = cal._locate(received_at)
    code = limit._code
    if code == _WORKING_DAYS:
        if limit._den == 1:
            delta = limit._num * cal._day_us
        else:
            delta = _ceil_div(limit._num * cal._day_us, limit._den)
    elif code == _HOURS:
        delta = limit._hours_us
    elif code == _DAYS:
        return cal._days_due(position, i, limit._days)
    else:
        if same_day_cutoff == DEFAULT_SAME_DAY_CUTOFF:
            cutoff = cal._default_cutoff_offset
        else:
            cutoff = cal._cutoff_offset(same_day_cutoff)
        k, offset = divmod(position, cal._day_us)
        return cal._instant((k + (1 if offset < cutoff else 2)) * cal._day_us, True, i)
    if delta == 0:
        return cal._instant(position, False, i)
    return cal._instant(position + delta, True, i)


def due_after_supplement(
    *,
    limit: Limit,
    cal: WorkCalendar,
    original_due: datetime,
    requested_at: datetime,
    completed_at: datetime,
    same_day_cutoff: time = DEFAULT_SAME_DAY_CUTOFF,
) -> SupplementDues:
    """Both dues after a supplementation requested at ``requested_at`` and completed at
    ``completed_at`` (DOMAIN R4.16–R4.19): see :class:`SupplementDues`."""
    restart = due_at(completed_at, limit, cal, same_day_cutoff=same_day_cutoff)
    subtract = pushed_later(original_due, paused_from=requested_at, paused_to=completed_at, cal=cal)
    return SupplementDues(restart=restart, subtract=subtract)


def pushed_later(
    due: datetime, *, paused_from: datetime, paused_to: datetime, cal: WorkCalendar
) -> datetime:
    """``due`` moved later by the working time from ``paused_from`` to ``paused_to``: the wait
    does not count against the agency (chờ thực hiện nghĩa vụ tài chính R1.22; the DVCQG
    supplement rule R4.17). A wait without working time leaves ``due`` as it was."""
    paused, _, _ = cal._span_us(paused_from, paused_to)
    if paused < 0:
        raise ValueError("the wait ends before it starts")
    if paused == 0:
        return cal._local(due)
    position, i = cal._locate(due)
    return cal._instant(position + paused, True, i)


def step_dues(
    start: datetime, budgets_hours: Sequence[Decimal | float], cal: WorkCalendar
) -> list[datetime]:
    """Hạn xử lý của từng bước (NgayHenTraCaNhan): the personal due of each internal-process
    step, one after another from ``start``.

    Budgets are nominal hours (1 working day = 8 h, DOMAIN R4.1), scaled to the calendar's
    day: on a 450-minute day, 8 h is 450 working minutes. Sums are exact, so when the budgets
    add up to the procedure's limit the last step's due is the dossier's due.
    """
    position, i = cal._locate(start)
    total = Fraction(0)
    dues = []
    for hours in budgets_hours:
        budget = Fraction(_to_decimal(hours))
        if budget < 0:
            raise InvalidLimit("Thời gian xử lý của một bước không được là số âm.")
        total += budget
        delta = total * cal._day_us / NOMINAL_DAY_HOURS
        delta_us = _ceil_div(delta.numerator, delta.denominator)
        dues.append(cal._instant(position + delta_us, delta_us > 0, i))
    return dues


class Timeliness(StrEnum):
    """Kết quả giải quyết so với hạn (DOMAIN R4.20)."""

    EARLY = "truoc_han"  # trước hạn
    ON_TIME = "dung_han"  # đúng hạn
    LATE = "qua_han"  # quá hạn


class Standing(StrEnum):
    """Hồ sơ đang giải quyết at the end of a report period (DOMAIN R4.21)."""

    WITHIN = "trong_han"  # trong hạn
    OVERDUE = "qua_han"  # quá hạn


def _require_aware(*instants: datetime | None) -> None:
    for t in instants:
        if t is not None and t.utcoffset() is None:
            raise ValueError(f"Naive datetime {t!r}: aware datetimes only.")


def classify_finished(finished_at: datetime, due: datetime | None, tz: tzinfo = VN) -> Timeliness:
    """Trước hạn / đúng hạn / quá hạn of a finished dossier by the LOCAL DATES of ``finished_at``
    and ``due`` (R4.20): finishing at 16:00 on the due date at 10:00 is on time. No due → on
    time."""
    _require_aware(finished_at, due)
    if due is None:
        return Timeliness.ON_TIME
    finished_day = finished_at.astimezone(tz).date()
    due_day = due.astimezone(tz).date()
    if finished_day < due_day:
        return Timeliness.EARLY
    if finished_day == due_day:
        return Timeliness.ON_TIME
    return Timeliness.LATE


def classify_running(due: datetime | None, at: datetime) -> Standing:
    """Trong hạn / quá hạn of an unfinished dossier at ``at`` (R4.21): overdue iff ``due < at``.

    For a report period ending on date ``to``, pass the local midnight starting ``to``: then
    overdue means the due's local date is before ``to``. No due → within.
    """
    _require_aware(due, at)
    if due is None:
        return Standing.WITHIN
    return Standing.OVERDUE if due < at else Standing.WITHIN


def reappointment_allowed(
    *, now: datetime, due: datetime | None, already_reappointed: bool
) -> bool:
    """May the body apologise and set a new date (Phiếu xin lỗi và hẹn lại, Mẫu 04)? R1.21:
    once only, and only before the due time has passed."""
    _require_aware(now, due)
    if due is None or already_reappointed:
        return False
    return now < due
