"""``manage.py due`` and ``GET /api/v1/calendar/due``: same rule, clear errors."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def due(*args) -> str:
    out = io.StringIO()
    call_command("due", *args, stdout=out)
    return out.getvalue()


def test_the_command_prints_only_the_due_time(catalog):
    assert due("2025-01-24T10:00:00+07:00", "5", "working_days") == "2025-02-07T10:00:00+07:00\n"


def test_a_time_without_offset_is_vietnamese_local_time(catalog):
    assert due("2025-04-28T15:00", "4", "hours") == "2025-04-29T09:00:00+07:00\n"


def test_the_agency_sessions_are_used(catalog):
    # Phường Minh Sơn opens at 07:30: 4 working hours from 15:00 end at 09:30 the next day.
    out = due("2025-04-28T15:00", "4", "hours", "--agency", "000.00.31.H99")
    assert out == "2025-04-29T09:30:00+07:00\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("2025-01-24T10:00", "5", "weeks"), "Đơn vị thời hạn không hợp lệ"),
        (("2025-01-24T10:00", "-1", "working_days"), "số âm"),
        (("hôm qua", "1", "working_days"), "không hợp lệ"),
        (("2029-06-01T10:00", "1", "working_days"), "năm 2029"),
        (
            ("2025-01-24T10:00", "1", "working_days", "--agency", "000.00.99.H99"),
            "Không có cơ quan",
        ),
    ],
)
def test_bad_input_is_a_clear_error(catalog, args, message):
    with pytest.raises(CommandError, match=message):
        due(*args)


def test_the_batch_prints_one_line_per_input_in_order(catalog, tmp_path):
    lines = [
        {"received_at": "2025-01-24T10:00:00+07:00", "amount": 5, "unit": "working_days"},
        {"received_at": "2025-01-24T15:30:00+07:00", "amount": 0, "unit": "same_day"},
        {"received_at": "2025-01-24T10:00", "amount": 1, "unit": "fortnights"},
        {
            "received_at": "2025-04-25T09:00",
            "amount": 1,
            "unit": "working_days",
            "agency": "000.00.33.H99",
        },
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\nnot json\n", encoding="utf-8")
    out = due("--batch", str(path)).splitlines()
    assert out[0] == "2025-02-07T10:00:00+07:00"
    assert out[1] == "2025-02-03T17:00:00+07:00"
    assert out[2].startswith("error: Đơn vị thời hạn không hợp lệ")
    assert out[3] == "2025-04-26T09:00:00+07:00"  # make-up Saturday
    assert out[4].startswith("error: ")
    assert len(out) == 5


def test_the_api_gives_the_same_due(client, catalog):
    response = client.get(
        "/api/v1/calendar/due",
        {"received_at": "2025-01-24T10:00:00+07:00", "amount": "5", "unit": "working_days"},
    )
    assert response.status_code == 200
    assert response.json() == {"due_at": "2025-02-07T10:00:00+07:00"}


@pytest.mark.parametrize(
    ("params", "code"),
    [
        ({"received_at": "x", "amount": "1", "unit": "working_days"}, "invalid_time"),
        ({"received_at": "2025-01-24T10:00", "amount": "1", "unit": "tuần"}, "invalid_limit"),
        (
            {"received_at": "2030-01-24T10:00", "amount": "1", "unit": "working_days"},
            "calendar_missing",
        ),
        ({"received_at": "2025-01-24T10:00", "amount": "1"}, "validation_error"),
    ],
)
def test_the_api_answers_bad_input_with_a_4xx_in_the_contract_shape(client, catalog, params, code):
    response = client.get("/api/v1/calendar/due", params)
    assert 400 <= response.status_code < 500
    body = response.json()
    assert body["error"] == code
    assert body["message"]
