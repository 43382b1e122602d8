from datetime import date, datetime

import pytest

from motcua import clock
from motcua.errors import ValidationFailed
from motcua.reports import periods


@pytest.mark.parametrize(
    ("code", "start", "end"),
    [
        ("2025-01", date(2024, 12, 15), date(2025, 1, 14)),
        ("2025-03", date(2025, 2, 15), date(2025, 3, 14)),
        ("2025-12", date(2025, 11, 15), date(2025, 12, 14)),
        ("2025-Q1", date(2024, 12, 15), date(2025, 3, 14)),
        ("2025-Q2", date(2025, 3, 15), date(2025, 6, 14)),
        ("2025-Q3", date(2025, 6, 15), date(2025, 9, 14)),
        ("2025-Q4", date(2025, 9, 15), date(2025, 12, 14)),
        ("2025-H1", date(2024, 12, 15), date(2025, 6, 14)),
        ("2025-9M", date(2024, 12, 15), date(2025, 9, 14)),
        ("2025", date(2024, 12, 15), date(2025, 12, 14)),
        ("2024-02", date(2024, 1, 15), date(2024, 2, 14)),
    ],
)
def test_every_period_form_follows_decree_09_2019(code, start, end):
    period = periods.parse_period(code)
    assert (period.start, period.end, period.code) == (start, end, code)


def test_period_bounds_are_vietnamese_local_midnights_both_ends_included():
    q1 = periods.parse_period("2025-Q1")
    assert q1.start_at == datetime(2024, 12, 15, tzinfo=clock.VN)
    assert q1.end_at == datetime(2025, 3, 15, tzinfo=clock.VN)
    assert q1.last_day_at == datetime(2025, 3, 14, tzinfo=clock.VN)
    assert q1.start_at.isoformat() == "2024-12-15T00:00:00+07:00"


def test_labels_are_vietnamese():
    assert periods.parse_period("2025-Q1").label == "Quý I năm 2025"
    assert periods.parse_period("2025-03").label == "Tháng 3 năm 2025"
    assert periods.parse_period("2025-H1").label == "6 tháng đầu năm 2025"
    assert periods.parse_period("2025-9M").label == "9 tháng năm 2025"
    assert periods.parse_period("2025").label == "Năm 2025"
    assert periods.parse_period("2025-Q1").range_text == "Từ ngày 15/12/2024 đến ngày 14/03/2025"


def test_a_from_to_range_is_any_range_of_days():
    period = periods.resolve(start="2025-01-01", end="2025-01-31")
    assert (period.start, period.end) == (date(2025, 1, 1), date(2025, 1, 31))
    assert periods.resolve(start="2025-01-01", end="2025-01-01").end_at == datetime(
        2025, 1, 2, tzinfo=clock.VN
    )


@pytest.mark.parametrize(
    "code", ["2025-13", "2025-00", "2025-Q5", "2025-H2", "25-Q1", "2025-q1", "abc", "2025-1"]
)
def test_bad_period_codes_are_refused(code):
    with pytest.raises(ValidationFailed) as caught:
        periods.parse_period(code)
    assert caught.value.code == "invalid_period"


@pytest.mark.parametrize(
    ("start", "end"),
    [("2025-02-01", "2025-01-01"), ("2025-02-30", "2025-03-01"), ("2025-01-01", "")],
)
def test_bad_ranges_are_refused(start, end):
    with pytest.raises(ValidationFailed):
        periods.resolve(start=start, end=end)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (datetime(2025, 12, 14, 23, 0), "2025-Q4"),
        (datetime(2025, 12, 15, 1, 0), "2026-Q1"),
        (datetime(2025, 3, 14, 12, 0), "2025-Q1"),
        (datetime(2025, 3, 15, 12, 0), "2025-Q2"),
    ],
)
def test_the_default_is_the_quarter_containing_today(today, expected):
    with clock.frozen(today.replace(tzinfo=clock.VN)):
        assert periods.resolve().code == expected
