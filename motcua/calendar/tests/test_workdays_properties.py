"""Properties of the deadline engine, checked with hypothesis (STYLE.md habit 22).

Instants stay within 2024-01-01 … 2026-12-20, so dues that overflow land in the 2027 data.
A slow day-by-day reference walk, written from the rules and the raw calendar rows rather than
the engine's tables, is the oracle for working-time arithmetic.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from motcua.calendar import workdays
from motcua.calendar.tests import calendar_rows
from motcua.calendar.workdays import VN, Limit

ROWS = calendar_rows()
OFF = {d for d, kind in ROWS if kind != "makeup_workday"}
MAKEUP = {d for d, kind in ROWS if kind == "makeup_workday"}
LONG_SESSIONS = workdays.DEFAULT_SESSIONS
SHORT_SESSIONS = ((time(7, 30), time(11, 30)), (time(13, 30), time(17, 0)))
CALENDARS = {
    480: (workdays.calendar_from_rows(ROWS), LONG_SESSIONS),
    450: (workdays.calendar_from_rows(ROWS, sessions=SHORT_SESSIONS), SHORT_SESSIONS),
}
CAL = CALENDARS[480][0]

# No example database: the suite leaves no files behind.
PROPERTY = settings(database=None, max_examples=300, deadline=None)

BOUNDARY_CLOCKS = [
    time(0, 0),
    time(6, 59, 59, 999999),
    time(7, 0),
    time(7, 30),
    time(11, 29, 59, 999999),
    time(11, 30),
    time(12, 0),
    time(13, 30),
    time(14, 59, 59),
    time(15, 0),
    time(16, 59),
    time(17, 0),
    time(23, 59, 59, 999999),
]


@st.composite
def instants(draw):
    """Aware instants 2024-01-01 … 2026-12-20, often on a session boundary, in VN or UTC."""
    day = draw(st.dates(date(2024, 1, 1), date(2026, 12, 20)))
    clock = draw(st.one_of(st.sampled_from(BOUNDARY_CLOCKS), st.times()))
    local = datetime.combine(day, clock, tzinfo=VN)
    return local.astimezone(UTC) if draw(st.booleans()) else local


def working_day_limits():
    whole = st.integers(0, 40).map(Decimal)
    halves = st.integers(0, 80).map(lambda n: Decimal(n) / 2)
    return st.one_of(whole, halves).map(lambda a: Limit(a, workdays.Unit.WORKING_DAYS))


def hour_limits():
    quarters = st.integers(0, 800).map(lambda n: Decimal(n) / 4)
    return quarters.map(lambda a: Limit(a, workdays.Unit.HOURS))


def day_limits():
    return st.integers(0, 60).map(lambda n: Limit(Decimal(n), workdays.Unit.DAYS))


def any_limits():
    return st.one_of(
        working_day_limits(),
        hour_limits(),
        day_limits(),
        st.just(Limit(Decimal(0), workdays.Unit.SAME_DAY)),
    )


def calendars():
    return st.sampled_from(sorted(CALENDARS))


def limit_minutes(limit: Limit, day_minutes: int) -> int:
    per_unit = day_minutes if limit.unit is workdays.Unit.WORKING_DAYS else 60
    minutes = limit.amount * per_unit
    assert minutes == int(minutes)  # the strategies only make whole minutes
    return int(minutes)


# --- the reference walk ---------------------------------------------------------------------


def ref_is_working(day: date) -> bool:
    return day in MAKEUP or (day.weekday() < 5 and day not in OFF)


def ref_add(start: datetime, minutes: int, sessions) -> datetime:
    """Walk the calendar day by day from ``start``, spending ``minutes`` inside sessions.

    Zero minutes: the first instant at or after ``start`` inside a session (ends excluded).
    """
    cursor = start.astimezone(VN).replace(tzinfo=None)
    remaining = timedelta(minutes=minutes)
    day = cursor.date()
    while True:
        if ref_is_working(day):
            for opens, closes in sessions:
                begin = max(datetime.combine(day, opens), cursor)
                end = datetime.combine(day, closes)
                if begin >= end:
                    continue
                if remaining == timedelta(0):
                    return begin.replace(tzinfo=VN)
                if remaining <= end - begin:
                    return (begin + remaining).replace(tzinfo=VN)
                remaining -= end - begin
        day += timedelta(days=1)
        cursor = datetime.combine(day, time(0))


def civil_code_last_day(received: datetime, days: int) -> date:
    """DOMAIN §4.3 (B): the receipt's local date + ``days``, moved to a working day."""
    last = received.astimezone(VN).date() + timedelta(days=days)
    while not ref_is_working(last):
        last += timedelta(days=1)
    return last


def civil_code_last_working_day(received: datetime, working_days: int) -> date:
    """(B) for working days: count working days from the day after the receipt."""
    day = received.astimezone(VN).date()
    counted = 0
    while counted < working_days:
        day += timedelta(days=1)
        counted += ref_is_working(day)
    return day


# --- properties -----------------------------------------------------------------------------


@PROPERTY
@given(received=instants(), limit=any_limits(), minutes=calendars())
def test_due_is_never_before_the_receipt(received, limit, minutes):
    cal, _ = CALENDARS[minutes]
    assert workdays.due_at(received, limit, cal) >= received


@PROPERTY
@given(
    received=instants(),
    limits=st.one_of(
        st.lists(working_day_limits(), min_size=2, max_size=2),
        st.lists(hour_limits(), min_size=2, max_size=2),
        st.lists(day_limits(), min_size=2, max_size=2),
    ),
    minutes=calendars(),
)
def test_more_time_never_gives_an_earlier_due(received, limits, minutes):
    cal, _ = CALENDARS[minutes]
    shorter, longer = sorted(limits, key=lambda limit: limit.amount)
    early, late = workdays.due_at(received, shorter, cal), workdays.due_at(received, longer, cal)
    if shorter.unit is workdays.Unit.DAYS:
        # Art. 148(2) moves a last day off to the close of the next working day, while a working
        # last day keeps the reception clock: Fri + 1 (Sat) ends Mon 17:00, Fri + 3 Mon 10:00.
        # More days never give an earlier day.
        assert early.date() <= late.date()
    else:
        assert early <= late


@PROPERTY
@given(
    received=instants(),
    limit=st.one_of(working_day_limits(), hour_limits()),
    minutes=calendars(),
)
def test_working_time_from_receipt_to_due_equals_the_limit(received, limit, minutes):
    cal, _ = CALENDARS[minutes]
    due = workdays.due_at(received, limit, cal)
    assert workdays.working_minutes_between(received, due, cal) == limit_minutes(
        limit, cal.day_minutes
    )


@PROPERTY
@given(received=instants(), limit=any_limits(), minutes=calendars())
def test_a_due_never_falls_on_a_day_off_nor_outside_a_session(received, limit, minutes):
    cal, _ = CALENDARS[minutes]
    due = workdays.due_at(received, limit, cal)
    assert due.tzinfo is VN
    assert cal.is_working_day(due.date())
    assert cal.is_working_instant(due)


@PROPERTY
@given(
    received=instants(),
    limit=st.one_of(working_day_limits(), hour_limits()),
    minutes=calendars(),
)
def test_working_time_dues_match_a_day_by_day_walk(received, limit, minutes):
    cal, sessions = CALENDARS[minutes]
    expected = ref_add(received, limit_minutes(limit, cal.day_minutes), sessions)
    assert workdays.due_at(received, limit, cal) == expected


@PROPERTY
@given(start=instants(), first=st.integers(0, 12_000), second=st.integers(1, 12_000))
def test_splitting_working_time_in_two_gives_the_same_due(start, first, second):
    halfway = workdays.add_working_minutes(start, first, CAL)
    assert workdays.add_working_minutes(halfway, second, CAL) == workdays.add_working_minutes(
        start, first + second, CAL
    )


@PROPERTY
@given(start=instants(), minutes=st.integers(0, 20_000), cal_minutes=calendars())
def test_adding_then_measuring_working_time_round_trips(start, minutes, cal_minutes):
    cal, _ = CALENDARS[cal_minutes]
    end = workdays.add_working_minutes(start, minutes, cal)
    assert workdays.working_minutes_between(start, end, cal) == minutes
    assert workdays.working_minutes_between(end, start, cal) == -minutes


@PROPERTY
@given(t=instants(), minutes=calendars())
def test_next_working_instant_is_the_first_open_instant_at_or_after(t, minutes):
    cal, sessions = CALENDARS[minutes]
    opened = workdays.next_working_instant(t, cal)
    assert opened >= t
    assert opened == ref_add(t, 0, sessions)
    assert workdays.next_working_instant(opened, cal) == opened
    assert workdays.working_minutes_between(t, opened, cal) == 0


@PROPERTY
@given(received=instants(), amount=st.integers(0, 40))
def test_working_day_due_is_never_after_the_civil_code_last_day(received, amount):
    due = workdays.due_at(received, Limit(Decimal(amount), workdays.Unit.WORKING_DAYS), CAL)
    if amount:
        assert due.date() <= civil_code_last_working_day(received, amount)


@PROPERTY
@given(received=instants(), days=st.integers(1, 60), minutes=calendars())
def test_calendar_day_due_keeps_the_clock_and_never_passes_the_civil_code_day(
    received, days, minutes
):
    cal, _ = CALENDARS[minutes]
    due = workdays.due_at(received, Limit(Decimal(days), workdays.Unit.DAYS), cal)
    last_day = civil_code_last_day(received, days)
    assert due.date() <= last_day
    opened = workdays.next_working_instant(received, cal)
    if opened.date() == received.astimezone(VN).date():
        # Received on a working day before closing: plain calendar arithmetic; the clock is kept
        # when that day is a working day, else the next working day's close (art. 148(2)).
        assert due.date() == civil_code_last_day(opened, days)
        plain = opened.date() + timedelta(days=days)
        if ref_is_working(plain):
            assert due.timetz() == opened.timetz()
        else:
            assert due.timetz() == cal.sessions[-1][1].replace(tzinfo=VN)
    else:
        assert due.timetz() in (opened.timetz(), cal.sessions[-1][1].replace(tzinfo=VN))


@PROPERTY
@given(received=instants(), minutes=calendars())
def test_same_day_due_is_the_end_of_the_receipt_day_or_the_next_working_day(received, minutes):
    cal, _ = CALENDARS[minutes]
    due = workdays.due_at(received, Limit(Decimal(0), workdays.Unit.SAME_DAY), cal)
    opened = workdays.next_working_instant(received, cal)
    assert due.time() == cal.sessions[-1][1]
    if opened.time() < time(15, 0):
        assert due.date() == opened.date()
    else:
        following = workdays.next_working_instant(
            datetime.combine(opened.date(), time(23, 59), tzinfo=VN), cal
        )
        assert due.date() == following.date()


@PROPERTY
@given(
    start=instants(),
    budgets=st.lists(st.integers(0, 96).map(lambda n: Decimal(n) / 4), min_size=1, max_size=6),
    minutes=calendars(),
)
def test_step_dues_are_consecutive_and_the_last_is_the_dossier_due(start, budgets, minutes):
    cal, _ = CALENDARS[minutes]
    dues = workdays.step_dues(start, budgets, cal)
    assert len(dues) == len(budgets)
    assert all(earlier <= later for earlier, later in pairwise(dues))
    total = sum(budgets, Decimal(0))
    limit = Limit(total / workdays.NOMINAL_DAY_HOURS, workdays.Unit.WORKING_DAYS)
    assert dues[-1] == workdays.due_at(start, limit, cal)


@PROPERTY
@given(
    received=instants(),
    limit=st.one_of(working_day_limits(), hour_limits()),
    wait_from=st.integers(0, 3_000),
    wait=st.integers(0, 6_000),
)
def test_supplement_subtract_extends_the_due_by_exactly_the_working_wait(
    received, limit, wait_from, wait
):
    original = workdays.due_at(received, limit, CAL)
    requested = workdays.add_working_minutes(received, wait_from, CAL)
    completed = workdays.add_working_minutes(requested, wait, CAL)
    dues = workdays.due_after_supplement(
        limit=limit,
        cal=CAL,
        original_due=original,
        requested_at=requested,
        completed_at=completed,
    )
    assert dues.restart == workdays.due_at(completed, limit, CAL)
    assert dues.subtract >= original
    assert workdays.working_minutes_between(original, dues.subtract, CAL) == wait
    assert CAL.is_working_instant(dues.subtract)


@PROPERTY
@given(due=instants(), start=instants(), wait=st.integers(0, 6_000))
def test_a_wait_pushes_any_due_later_by_exactly_its_working_time(due, start, wait):
    end = workdays.add_working_minutes(start, wait, CAL)
    later = workdays.pushed_later(due, paused_from=start, paused_to=end, cal=CAL)
    assert workdays.working_minutes_between(due, later, CAL) == wait
    if wait:
        assert CAL.is_working_instant(later)
    else:
        assert later == due
