"""The deadline engine against DOMAIN.md §4.7 and worked examples (no database)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from motcua.calendar import workdays
from motcua.calendar.tests import calendar_rows
from motcua.calendar.workdays import (
    VN,
    CalendarMissing,
    InvalidLimit,
    Limit,
    Standing,
    Timeliness,
    Unit,
    WorkCalendar,
)
from motcua.errors import DomainError, ValidationFailed

ROWS = calendar_rows()
CAL = workdays.calendar_from_rows(ROWS)
# Most agencies of the sample province open at 07:30: a 450-minute day.
SHORT_SESSIONS = ((time(7, 30), time(11, 30)), (time(13, 30), time(17, 0)))
SHORT = workdays.calendar_from_rows(ROWS, sessions=SHORT_SESSIONS)


def vn(text: str) -> datetime:
    """``"2025-01-24 10:00"`` as Vietnamese local time."""
    return datetime.fromisoformat(text).replace(tzinfo=VN)


def wd(amount: int | str) -> Limit:
    return Limit.parse(amount, "working_days")


# DOMAIN.md §4.7, column A: (row, received, amount, unit, due).
DOMAIN_VECTORS = [
    (1, "2025-01-24 10:00", 5, "working_days", "2025-02-07 10:00"),
    (2, "2025-01-23 16:30", 3, "working_days", "2025-02-04 16:30"),
    (3, "2025-01-24 17:30", 1, "working_days", "2025-02-03 17:00"),
    (4, "2025-01-25 09:00", 2, "working_days", "2025-02-04 17:00"),
    (5, "2025-01-24 15:30", 0, "same_day", "2025-02-03 17:00"),
    (6, "2025-04-04 10:00", 1, "working_days", "2025-04-08 10:00"),
    (7, "2025-04-25 09:00", 1, "working_days", "2025-04-26 09:00"),
    (8, "2025-04-29 15:00", 2, "working_days", "2025-05-06 15:00"),
    (9, "2025-04-28 10:00", 4, "hours", "2025-04-28 16:00"),
    (10, "2025-04-28 15:00", 4, "hours", "2025-04-29 09:00"),
    (11, "2025-04-28 11:45", 8, "hours", "2025-04-29 11:30"),
    (12, "2025-08-29 14:00", 1, "working_days", "2025-09-03 14:00"),
    (13, "2025-01-24 10:00", 15, "working_days", "2025-02-21 10:00"),
    (14, "2025-12-31 10:00", 1, "working_days", "2026-01-05 10:00"),
    (15, "2026-01-09 10:00", 1, "working_days", "2026-01-10 10:00"),
    (16, "2026-02-13 09:00", 2, "working_days", "2026-02-24 09:00"),
    (17, "2026-04-24 10:00", 3, "working_days", "2026-05-04 10:00"),
    (18, "2026-11-23 10:00", 1, "working_days", "2026-11-25 10:00"),
    (19, "2024-04-26 10:00", 2, "working_days", "2024-05-03 10:00"),
    (20, "2026-08-21 10:00", 1, "working_days", "2026-08-22 10:00"),
    (21, "2026-08-28 10:00", 1, "working_days", "2026-09-03 10:00"),
    (22, "2027-02-03 10:00", 1, "working_days", "2027-02-11 10:00"),
    (23, "2027-04-29 10:00", 2, "working_days", "2027-05-05 10:00"),
]


@pytest.mark.parametrize(
    ("row", "received", "amount", "unit", "expected"),
    DOMAIN_VECTORS,
    ids=[f"vector-{v[0]}" for v in DOMAIN_VECTORS],
)
def test_domain_vector_gives_the_column_a_due(row, received, amount, unit, expected):
    due = workdays.due_at(vn(received), Limit.parse(amount, unit), CAL)
    assert due == vn(expected)
    assert due.tzinfo is VN


def test_domain_table_has_all_twenty_three_vectors():
    assert [v[0] for v in DOMAIN_VECTORS] == list(range(1, 24))


def test_the_same_instant_given_in_utc_gives_the_same_due():
    received = vn("2025-01-24 10:00").astimezone(UTC)
    due = workdays.due_at(received, wd(5), CAL)
    assert due == vn("2025-02-07 10:00")
    assert due.tzinfo is VN
    assert due.utcoffset() == timedelta(hours=7)


def test_an_instant_in_another_zone_is_read_as_vietnamese_local_time():
    paris = datetime(2025, 4, 28, 5, 0, tzinfo=ZoneInfo("Europe/Paris"))  # 10:00 in Vietnam
    assert workdays.due_at(paris, Limit.parse(4, "hours"), CAL) == vn("2025-04-28 16:00")


def test_the_packaged_calendar_covers_2024_to_2027():
    assert {d.year for d, _ in ROWS} == {2024, 2025, 2026, 2027}


# --- the calendar ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "kind"), [r for r in ROWS if r[0].year <= 2026], ids=lambda v: str(v)
)
def test_every_listed_day_of_2024_to_2026_has_its_kind(day, kind):
    assert CAL.is_working_day(day) is (kind == "makeup_workday")


def test_make_up_saturday_counts_as_a_working_day():
    assert date(2025, 4, 26).weekday() == 5
    assert CAL.is_working_day(date(2025, 4, 26))
    assert not CAL.is_working_day(date(2025, 4, 19))  # an ordinary Saturday
    assert workdays.due_at(vn("2025-04-25 16:00"), Limit.parse(2, "hours"), CAL) == vn(
        "2025-04-26 08:00"
    )


def test_ordinary_weekdays_work_and_weekends_rest():
    assert CAL.is_working_day(date(2025, 3, 12))  # Wednesday
    assert not CAL.is_working_day(date(2025, 3, 15))  # Saturday
    assert not CAL.is_working_day(date(2025, 3, 16))  # Sunday


@pytest.mark.parametrize(
    ("year", "count"),
    [
        (2024, 262 - 12 + 1),  # weekdays − weekdays off + make-up Saturday 04/05
        (2025, 261 - 12 + 1),  # make-up Saturday 26/04
        (2026, 261 - 14 + 2),  # make-up Saturdays 10/01 and 22/08
    ],
)
def test_working_days_in_a_year_follow_the_announced_schedule(year, count):
    days = [
        date(year, 1, 1) + timedelta(n)
        for n in range((date(year + 1, 1, 1) - date(year, 1, 1)).days)
    ]
    assert sum(CAL.is_working_day(d) for d in days) == count


def test_is_working_instant_counts_session_ends_but_not_lunch_or_night():
    assert CAL.is_working_instant(vn("2025-04-28 07:00"))
    assert CAL.is_working_instant(vn("2025-04-28 11:30"))
    assert not CAL.is_working_instant(vn("2025-04-28 11:31"))
    assert not CAL.is_working_instant(vn("2025-04-28 13:29"))
    assert CAL.is_working_instant(vn("2025-04-28 17:00"))
    assert not CAL.is_working_instant(vn("2025-04-28 17:00:01"))
    assert not CAL.is_working_instant(vn("2025-04-30 10:00"))  # Ngày Chiến thắng


def test_calendar_day_minutes_follow_the_sessions():
    assert CAL.day_minutes == 480
    assert SHORT.day_minutes == 450


def test_sessions_must_be_ordered_and_on_whole_minutes():
    with pytest.raises(ValueError, match="overlap"):
        workdays.calendar_from_rows(ROWS, sessions=((time(13), time(17)), (time(7), time(11))))
    with pytest.raises(ValueError, match="whole minute"):
        workdays.calendar_from_rows(ROWS, sessions=((time(7, 0, 30), time(11)),))
    with pytest.raises(ValueError, match="start before"):
        workdays.calendar_from_rows(ROWS, sessions=((time(11), time(7)),))


def test_a_day_both_off_and_made_up_is_refused():
    with pytest.raises(ValueError, match="both off and make-up"):
        WorkCalendar.build(
            sessions=workdays.DEFAULT_SESSIONS,
            off_days=[date(2025, 4, 26)],
            makeup_days=[date(2025, 4, 26)],
            years=[2025],
        )


def test_a_later_row_overrides_an_earlier_one_for_the_same_date():
    # A unit that works on the national swap day 02/05/2025 lists it after the national rows.
    cal = workdays.calendar_from_rows([*ROWS, (date(2025, 5, 2), "makeup_workday")])
    assert cal.is_working_day(date(2025, 5, 2))
    assert not CAL.is_working_day(date(2025, 5, 2))


def test_an_unknown_row_kind_is_refused_with_a_vietnamese_message():
    with pytest.raises(ValidationFailed, match="Loại ngày không hợp lệ «nghi_le»"):
        workdays.calendar_from_rows([(date(2025, 1, 1), "nghi_le")])


def test_calendar_years_default_to_the_years_in_the_rows():
    assert CAL.years == frozenset({2024, 2025, 2026, 2027})
    only_2025 = workdays.calendar_from_rows([r for r in ROWS if r[0].year == 2025])
    assert only_2025.years == frozenset({2025})


def test_calendars_with_the_same_data_are_equal():
    assert workdays.calendar_from_rows(ROWS) == CAL
    assert hash(workdays.calendar_from_rows(ROWS)) == hash(CAL)
    assert SHORT != CAL


# --- normalising the receipt -------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "normalised"),
    [
        ("2025-04-28 06:15", "2025-04-28 07:00"),  # before opening
        ("2025-04-28 07:00", "2025-04-28 07:00"),
        ("2025-04-28 09:41:07.250000", "2025-04-28 09:41:07.250000"),  # inside: unchanged
        ("2025-04-28 11:30", "2025-04-28 13:30"),  # a session's end is closed
        ("2025-04-28 12:10", "2025-04-28 13:30"),  # lunch
        ("2025-04-28 17:00", "2025-04-29 07:00"),  # closing time
        ("2025-04-29 21:00", "2025-05-05 07:00"),  # evening before 30/4–04/05
        ("2025-04-27 10:00", "2025-04-28 07:00"),  # Sunday
        ("2025-04-25 18:00", "2025-04-26 07:00"),  # Friday night before a make-up Saturday
    ],
)
def test_next_working_instant_moves_a_receipt_to_the_next_opening(received, normalised):
    assert workdays.next_working_instant(vn(received), CAL) == vn(normalised)


def test_receipt_in_the_lunch_gap_counts_from_the_afternoon_start():
    assert workdays.due_at(vn("2025-04-28 12:00"), Limit.parse(1, "hours"), CAL) == vn(
        "2025-04-28 14:30"
    )


def test_after_hours_receipt_counts_from_the_next_working_morning():
    assert workdays.due_at(vn("2025-04-28 19:30"), Limit.parse(3, "hours"), CAL) == vn(
        "2025-04-29 10:00"
    )


def test_zero_working_time_gives_the_normalised_receipt():
    assert workdays.due_at(vn("2025-04-28 12:00"), wd(0), CAL) == vn("2025-04-28 13:30")
    assert workdays.add_working_minutes(vn("2025-04-28 17:00"), 0, CAL) == vn("2025-04-29 07:00")


def test_a_due_on_a_session_end_stays_at_that_end():
    assert workdays.due_at(vn("2025-04-28 07:00"), wd(1), CAL) == vn("2025-04-28 17:00")
    assert workdays.due_at(vn("2025-04-28 09:00"), Limit.parse("2.5", "hours"), CAL) == vn(
        "2025-04-28 11:30"
    )


def test_seconds_and_microseconds_of_the_receipt_are_kept():
    received = vn("2025-04-28 10:00:42.123456")
    assert workdays.due_at(received, wd(1), CAL) == vn("2025-04-29 10:00:42.123456")
    assert workdays.due_at(received, Limit.parse(1, "hours"), CAL) == vn(
        "2025-04-28 11:00:42.123456"
    )


def test_working_day_dues_cross_the_year_boundary_into_2026():
    assert workdays.due_at(vn("2025-12-31 16:00"), wd(1), CAL) == vn("2026-01-05 16:00")
    assert workdays.due_at(vn("2025-12-31 17:30"), wd(1), CAL) == vn("2026-01-05 17:00")
    assert workdays.due_at(vn("2025-12-30 10:00"), wd(3), CAL) == vn("2026-01-06 10:00")


# --- the 450-minute day ------------------------------------------------------------------


def test_one_working_day_on_a_450_minute_calendar_ends_at_the_same_clock_time():
    assert workdays.due_at(vn("2025-04-28 10:00"), wd(1), SHORT) == vn("2025-04-29 10:00")
    assert workdays.due_at(vn("2025-01-24 10:00"), wd(5), SHORT) == vn("2025-02-07 10:00")


def test_a_450_minute_calendar_opens_at_07_30():
    assert workdays.next_working_instant(vn("2025-04-28 07:10"), SHORT) == vn("2025-04-28 07:30")
    assert workdays.due_at(vn("2025-04-28 07:10"), wd(1), SHORT) == vn("2025-04-28 17:00")
    assert workdays.due_at(vn("2025-04-28 15:00"), Limit.parse(4, "hours"), SHORT) == vn(
        "2025-04-29 09:30"
    )


# --- calendar days ("ngày") --------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "days", "expected"),
    [
        ("2025-03-10 10:00", 15, "2025-03-25 10:00"),  # a Tuesday: plain calendar arithmetic
        # Civil Code art. 148(2) (DOMAIN R14.23): a last day that is a weekend or holiday ends
        # at the close (17:00) of the next working day, not at the reception clock time.
        ("2025-03-10 10:00", 5, "2025-03-17 17:00"),  # lands on Saturday → Monday 17:00
        ("2025-01-20 09:00", 10, "2025-02-03 17:00"),  # lands in Tết (30/01) → first day after
        ("2025-04-28 12:15", 1, "2025-04-29 13:30"),  # lunch receipt keeps the afternoon start
        ("2025-01-24 16:00", 1, "2025-02-03 17:00"),  # Saturday 25/01, then Tết → 03/02
        ("2025-04-25 09:00", 1, "2025-04-26 09:00"),  # make-up Saturday 26/04 is a working day
        ("2025-08-29 14:00", 3, "2025-09-03 17:00"),  # Monday 01/09 is Quốc khánh
        ("2025-09-01 10:00", 1, "2025-09-03 17:00"),  # received on a holiday → floor B
        # Received after hours: the count from Monday 07:00 would end Tuesday 07:00, but the
        # Civil-Code last day (Friday + 1 = Saturday → Monday) ends Monday 17:00 (floor B).
        ("2025-03-14 17:30", 1, "2025-03-17 17:00"),
        ("2025-01-25 09:00", 3, "2025-02-03 17:00"),  # Saturday receipt in Tết, floor B
        ("2025-04-28 10:00", 0, "2025-04-28 10:00"),
    ],
)
def test_calendar_day_limit_keeps_the_clock_on_a_working_last_day_else_ends_at_close(
    received, days, expected
):
    assert workdays.due_at(vn(received), Limit.parse(days, "days"), CAL) == vn(expected)


# --- same day ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("received", "expected"),
    [
        ("2025-04-28 08:00", "2025-04-28 17:00"),
        ("2025-04-28 14:59", "2025-04-28 17:00"),
        ("2025-04-28 15:00", "2025-04-29 17:00"),  # at the cut-off: next working day
        ("2025-04-28 16:59", "2025-04-29 17:00"),
        ("2025-04-28 18:00", "2025-04-29 17:00"),  # after hours: counts as received next day
        ("2025-04-27 10:00", "2025-04-28 17:00"),  # Sunday: received at Monday's opening
        ("2025-04-25 15:30", "2025-04-26 17:00"),  # next working day is a make-up Saturday
    ],
)
def test_same_day_procedure_ends_today_or_after_the_cutoff_next_working_day(received, expected):
    assert workdays.due_at(vn(received), Limit.parse(0, "same_day"), CAL) == vn(expected)


def test_same_day_cutoff_can_be_set_per_procedure():
    limit = Limit.parse(0, "same_day")
    at_1430 = vn("2025-04-28 14:30")
    assert workdays.due_at(at_1430, limit, CAL, same_day_cutoff=time(14)) == vn("2025-04-29 17:00")
    assert workdays.due_at(at_1430, limit, CAL, same_day_cutoff=time(16)) == vn("2025-04-28 17:00")


# --- failing closed ----------------------------------------------------------------------


def test_a_due_running_into_an_unloaded_year_names_that_year():
    with pytest.raises(CalendarMissing) as caught:
        workdays.due_at(vn("2027-12-30 10:00"), wd(10), CAL)
    assert caught.value.year == 2028
    assert caught.value.code == "calendar_missing"
    assert caught.value.message == (
        "Chưa có lịch làm việc năm 2028: không thể tính hạn. Hãy nạp lịch nghỉ lễ năm 2028."
    )
    assert caught.value.as_dict()["details"] == {"year": 2028}
    assert isinstance(caught.value, DomainError)


def test_a_due_inside_the_last_loaded_year_is_still_computed():
    assert workdays.due_at(vn("2027-12-30 10:00"), wd(1), CAL) == vn("2027-12-31 10:00")
    assert workdays.due_at(vn("2027-12-31 16:00"), Limit.parse(1, "hours"), CAL) == vn(
        "2027-12-31 17:00"
    )


def test_a_receipt_after_the_last_working_instant_of_the_data_fails_closed():
    with pytest.raises(CalendarMissing, match="năm 2028"):
        workdays.next_working_instant(vn("2027-12-31 17:30"), CAL)


@pytest.mark.parametrize(
    "limit",
    [Limit.parse(60, "days"), Limit.parse(0, "same_day"), Limit.parse(80, "hours")],
    ids=["days", "same_day", "hours"],
)
def test_every_unit_fails_closed_past_the_data(limit):
    with pytest.raises(CalendarMissing, match="năm 2028"):
        workdays.due_at(vn("2027-12-31 16:30"), limit, CAL)


def test_a_receipt_in_an_unloaded_year_names_that_year():
    with pytest.raises(CalendarMissing, match="năm 2023"):
        workdays.due_at(vn("2023-12-29 10:00"), wd(1), CAL)
    with pytest.raises(CalendarMissing, match="năm 2028"):
        CAL.is_working_day(date(2028, 1, 3))


def test_a_gap_between_loaded_years_is_never_crossed_as_a_plain_week():
    cal = workdays.calendar_from_rows([r for r in ROWS if r[0].year in (2024, 2026)])
    assert workdays.due_at(vn("2024-12-02 10:00"), wd(3), cal) == vn("2024-12-05 10:00")
    with pytest.raises(CalendarMissing, match="năm 2025"):
        workdays.due_at(vn("2024-12-30 10:00"), wd(3), cal)
    with pytest.raises(CalendarMissing, match="năm 2025"):
        workdays.working_minutes_between(vn("2024-12-30 10:00"), vn("2026-01-05 10:00"), cal)
    assert workdays.due_at(vn("2026-01-05 10:00"), wd(1), cal) == vn("2026-01-06 10:00")


def test_the_calendar_never_falls_back_to_a_monday_to_friday_week():
    # 2027-12-31 is a Friday; 2028-01-03 a Monday that would be a plain working day.
    with pytest.raises(CalendarMissing):
        workdays.due_at(vn("2027-12-31 10:00"), wd(1), CAL)


# --- limits ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "unit", "message"),
    [
        (5, "weeks", "Đơn vị thời hạn không hợp lệ"),
        (5, "", "Đơn vị thời hạn không hợp lệ"),
        (-1, "working_days", "không được là số âm"),
        ("-0.5", "hours", "không được là số âm"),
        ("NaN", "working_days", "số hữu hạn"),
        (float("nan"), "hours", "số hữu hạn"),
        ("Infinity", "days", "số hữu hạn"),
        ("năm", "working_days", "không phải là số"),
        (None, "working_days", "không phải là số"),
        (True, "working_days", "không phải là số"),
        ("1.5", "days", "số ngày nguyên"),
        (1, "same_day", "phải là 0"),
    ],
)
def test_invalid_limits_are_refused_with_a_vietnamese_message(amount, unit, message):
    with pytest.raises(InvalidLimit, match=message) as caught:
        Limit.parse(amount, unit)
    assert caught.value.code == "invalid_limit"
    assert isinstance(caught.value, DomainError)


def test_limit_parse_accepts_text_numbers_and_enum_units():
    assert Limit.parse(" 1.5 ", " hours ") == Limit(Decimal("1.5"), Unit.HOURS)
    assert Limit.parse(0.5, Unit.WORKING_DAYS).amount == Decimal("0.5")
    assert Limit.parse(3, "days").unit is Unit.DAYS
    assert Limit(3, "working_days") == Limit.parse("3.0", "working_days")


def test_limits_are_validated_even_when_built_directly():
    with pytest.raises(InvalidLimit):
        Limit(Decimal(-3), Unit.WORKING_DAYS)


def test_half_a_working_day_is_half_the_calendars_day():
    assert workdays.due_at(vn("2025-04-28 07:00"), wd("0.5"), CAL) == vn("2025-04-28 11:00")
    assert workdays.due_at(vn("2025-04-28 07:30"), wd("0.5"), SHORT) == vn("2025-04-28 11:15")
    assert workdays.due_at(vn("2025-04-28 09:00"), wd("0.5"), CAL) == vn("2025-04-28 15:00")


# --- working-time helpers ----------------------------------------------------------------


def test_working_minutes_between_skips_lunch_nights_and_holidays():
    between = workdays.working_minutes_between
    assert between(vn("2025-04-28 10:00"), vn("2025-04-28 14:00"), CAL) == 90 + 30
    # Tue 29/04 15:00 → Tue 06/05 15:00: two working days over 30/4–04/05.
    assert between(vn("2025-04-29 15:00"), vn("2025-05-06 15:00"), CAL) == 960
    assert between(vn("2025-05-06 15:00"), vn("2025-04-29 15:00"), CAL) == -960
    assert between(vn("2025-04-28 17:00"), vn("2025-04-29 07:00"), CAL) == 0
    assert between(vn("2025-04-28 10:00"), vn("2025-04-28 10:00:59"), CAL) == 0


def test_add_working_minutes_refuses_negative_or_fractional_minutes():
    with pytest.raises(ValueError):
        workdays.add_working_minutes(vn("2025-04-28 10:00"), -1, CAL)
    with pytest.raises(ValueError):
        workdays.add_working_minutes(vn("2025-04-28 10:00"), 1.5, CAL)


def test_naive_datetimes_are_refused():
    naive = datetime(2025, 4, 28, 10, 0)
    with pytest.raises(ValueError, match="Naive"):
        workdays.due_at(naive, wd(1), CAL)
    with pytest.raises(ValueError, match="Naive"):
        workdays.next_working_instant(naive, CAL)
    with pytest.raises(ValueError, match="Naive"):
        workdays.classify_finished(naive, vn("2025-04-28 10:00"))
    with pytest.raises(ValueError, match="Naive"):
        workdays.classify_running(vn("2025-04-28 10:00"), naive)
    with pytest.raises(ValueError, match="Naive"):
        workdays.reappointment_allowed(
            now=naive, due=vn("2025-04-28 10:00"), already_reappointed=False
        )


# --- supplementation ---------------------------------------------------------------------


def test_supplement_restart_counts_the_whole_limit_again_and_subtract_adds_the_wait():
    # 5 WD received Mon 03/03/2025 10:00 → due Mon 10/03 10:00. Supplement requested Wed 05/03
    # 10:00, completed Fri 07/03 14:00: the citizen took 2 working days (to Fri 10:00) and 120
    # minutes (10:00–11:30, 13:30–14:00).
    limit = wd(5)
    original = workdays.due_at(vn("2025-03-03 10:00"), limit, CAL)
    assert original == vn("2025-03-10 10:00")
    dues = workdays.due_after_supplement(
        limit=limit,
        cal=CAL,
        original_due=original,
        requested_at=vn("2025-03-05 10:00"),
        completed_at=vn("2025-03-07 14:00"),
    )
    assert dues.restart == vn("2025-03-14 14:00")  # legal rule (R4.16): 5 WD from completion
    assert dues.subtract == vn("2025-03-12 14:00")  # DVCQG (R4.17): +2 WD 120 min of waiting


def test_supplement_subtract_skips_holidays_in_the_wait_and_in_the_extension():
    dues = workdays.due_after_supplement(
        limit=wd(3),
        cal=CAL,
        original_due=vn("2025-04-29 16:00"),
        requested_at=vn("2025-04-28 16:00"),  # Mon
        completed_at=vn("2025-05-05 08:00"),  # Mon after the 30/4–04/05 break
    )
    # Waiting time: Mon 16:00–17:00, Tue 29/04 all day, Mon 05/05 07:00–08:00 = 600 minutes.
    waited = workdays.working_minutes_between(vn("2025-04-28 16:00"), vn("2025-05-05 08:00"), CAL)
    assert waited == 60 + 480 + 60
    # Tue 29/04 16:00 + 600 min: 60 to Tue 17:00, Mon 05/05 all day, 60 on Tue 06/05.
    assert dues.subtract == vn("2025-05-06 08:00")
    assert dues.restart == vn("2025-05-08 08:00")  # 3 WD from Mon 05/05 08:00


def test_a_wait_without_working_time_leaves_the_original_due():
    dues = workdays.due_after_supplement(
        limit=wd(2),
        cal=CAL,
        original_due=vn("2025-03-12 10:00"),
        requested_at=vn("2025-03-08 10:00"),  # Saturday
        completed_at=vn("2025-03-09 10:00"),  # Sunday: no working time elapsed
    )
    assert dues.subtract == vn("2025-03-12 10:00")
    assert dues.restart == vn("2025-03-11 17:00")


def test_a_supplement_completed_before_it_was_requested_is_refused():
    with pytest.raises(ValueError):
        workdays.due_after_supplement(
            limit=wd(2),
            cal=CAL,
            original_due=vn("2025-03-12 10:00"),
            requested_at=vn("2025-03-10 10:00"),
            completed_at=vn("2025-03-07 10:00"),
        )


# --- internal process steps ----------------------------------------------------------------


def test_same_day_birth_registration_steps_fit_in_the_day():
    # Đăng ký khai sinh (1.001193), same day: counter 0.5 h, specialist 2 h, leader 1 h,
    # return 0.5 h.
    start = vn("2025-04-28 08:00")
    dues = workdays.step_dues(start, [0.5, 2, 1, 0.5], CAL)
    assert dues == [
        vn("2025-04-28 08:30"),
        vn("2025-04-28 10:30"),
        vn("2025-04-28 11:30"),
        vn("2025-04-28 14:00"),
    ]
    assert dues[-1] <= workdays.due_at(start, Limit.parse(0, "same_day"), CAL)


@pytest.mark.parametrize("cal", [CAL, SHORT], ids=["480-min", "450-min"])
def test_last_step_due_equals_the_dossier_due(cal):
    # Xác nhận tình trạng hôn nhân style budgets for a 4 WD limit: 4 + 16 + 8 + 4 = 32 h.
    start = vn("2025-04-24 09:20")
    dues = workdays.step_dues(start, [Decimal(4), Decimal(16), Decimal(8), Decimal(4)], cal)
    assert dues[-1] == workdays.due_at(start, wd(4), cal)
    assert dues == sorted(dues)
    assert len(dues) == 4


def test_step_hours_are_nominal_and_scale_to_a_450_minute_day():
    start = vn("2025-04-28 07:30")
    # 4 nominal hours = half a day = 225 minutes on a 450-minute day; 8 h = one day.
    assert workdays.step_dues(start, [4, 4], SHORT) == [
        vn("2025-04-28 11:15"),
        vn("2025-04-28 17:00"),
    ]
    assert workdays.step_dues(start, [4, 4], CAL) == [
        vn("2025-04-28 11:30"),
        vn("2025-04-29 07:30"),
    ]


def test_catalogue_step_budgets_end_on_the_dossier_due():
    # 1.012790 Đăng ký biến động: 10 WD = 4 + 48 + 16 + 8 + 4 hours.
    start = vn("2026-08-20 15:10")
    dues = workdays.step_dues(start, [4, 48, 16, 8, 4], CAL)
    assert dues[-1] == workdays.due_at(start, wd(10), CAL) == vn("2026-09-07 15:10")


def test_a_negative_step_budget_is_refused():
    with pytest.raises(InvalidLimit):
        workdays.step_dues(vn("2025-04-28 08:00"), [1, -1], CAL)


# --- classification ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("finished", "expected"),
    [
        ("2025-02-06 16:00", Timeliness.EARLY),
        ("2025-02-07 16:00", Timeliness.ON_TIME),  # same date, even though after 10:00
        ("2025-02-07 06:00", Timeliness.ON_TIME),
        ("2025-02-10 08:00", Timeliness.LATE),
    ],
)
def test_finished_dossier_is_classified_by_local_date(finished, expected):
    assert workdays.classify_finished(vn(finished), vn("2025-02-07 10:00")) is expected


def test_finished_classification_uses_vietnamese_dates_for_utc_instants():
    # 2025-02-07 23:30 in VN is still 16:30 on the 7th in UTC, and 00:30 on the 8th VN is
    # 17:30 on the 7th UTC: only the local date counts.
    due = vn("2025-02-07 10:00").astimezone(UTC)
    assert workdays.classify_finished(vn("2025-02-07 23:30").astimezone(UTC), due) is (
        Timeliness.ON_TIME
    )
    assert workdays.classify_finished(vn("2025-02-08 00:30").astimezone(UTC), due) is (
        Timeliness.LATE
    )


def test_finished_dossier_without_a_due_is_on_time():
    assert workdays.classify_finished(vn("2030-01-01 10:00"), None) is Timeliness.ON_TIME


def test_running_dossier_is_overdue_only_once_its_due_has_passed():
    due = vn("2025-02-07 10:00")
    assert workdays.classify_running(due, vn("2025-02-07 10:00")) is Standing.WITHIN
    assert workdays.classify_running(due, vn("2025-02-07 10:01")) is Standing.OVERDUE
    assert workdays.classify_running(None, vn("2099-01-01 00:00")) is Standing.WITHIN


def test_classification_values_are_the_report_codes():
    assert [t.value for t in Timeliness] == ["truoc_han", "dung_han", "qua_han"]
    assert [s.value for s in Standing] == ["trong_han", "qua_han"]


# --- re-appointment (Mẫu 04) -------------------------------------------------------------


def test_reappointment_is_allowed_once_and_only_before_the_due():
    due = vn("2025-02-07 10:00")
    allowed = workdays.reappointment_allowed
    assert allowed(now=vn("2025-02-06 16:00"), due=due, already_reappointed=False)
    assert not allowed(now=vn("2025-02-06 16:00"), due=due, already_reappointed=True)
    assert not allowed(now=due, due=due, already_reappointed=False)
    assert not allowed(now=vn("2025-02-08 08:00"), due=due, already_reappointed=False)
    assert not allowed(now=vn("2025-02-06 16:00"), due=None, already_reappointed=False)
