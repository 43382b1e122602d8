"""Fixed-window counters in the database (issue 22, finding 7)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from motcua import clock
from motcua.limits.counters import Rate, hit, parse_rate
from motcua.limits.models import Counter

START = datetime(2026, 3, 2, 1, 0, 10, tzinfo=UTC)


@pytest.mark.parametrize(
    ("rate", "expected"),
    [
        ("10/m", Rate(10, 60)),
        ("30/h", Rate(30, 3600)),
        ("5/15m", Rate(5, 900)),
        ("2/d", Rate(2, 86400)),
    ],
)
def test_rates_read_as_count_per_period(rate, expected):
    assert parse_rate(rate) == expected


@pytest.mark.django_db
def test_the_count_passes_the_limit_and_a_new_window_starts_again():
    with clock.frozen(START):
        assert [hit("lookup", "198.51.100.7", "3/m") for _ in range(5)] == [
            False,
            False,
            False,
            True,
            True,
        ]
        assert hit("lookup", "198.51.100.8", "3/m") is False  # another address
        assert hit("login", "198.51.100.7", "3/m") is False  # another scope
    with clock.frozen(START + timedelta(minutes=1)):
        assert hit("lookup", "198.51.100.7", "3/m") is False


@pytest.mark.django_db
def test_expired_windows_are_deleted_and_nothing_names_the_address():
    with clock.frozen(START):
        hit("lookup", "198.51.100.7", "3/m")
    with clock.frozen(START + timedelta(minutes=5)):
        hit("lookup", "198.51.100.9", "3/m")
    rows = list(Counter.objects.all())
    assert len(rows) == 1
    assert "198.51" not in rows[0].key
