"""import_calendar: the yearly announcements load idempotently; a bad row loads nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from motcua.calendar.importing import PACKAGED_CALENDAR
from motcua.calendar.models import CalendarDay
from motcua.calendar.services import calendar_for, forget_calendars

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_catalog")]

HEADER = "date,kind,name,source\n"


def write(tmp_path, body: str):
    path = tmp_path / "lich.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return str(path)


def test_the_packaged_national_calendar_loads_once(capsys):
    call_command("import_calendar")
    first = CalendarDay.objects.count()
    call_command("import_calendar", str(PACKAGED_CALENDAR))
    assert CalendarDay.objects.count() == first == 54
    assert "0 ngày mới" in capsys.readouterr().out.splitlines()[-1]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("2028-02-30,holiday,Tết,x\n", "Dòng 2: ngày '2028-02-30' không hợp lệ"),
        ("2028-01-03,holiday,A,x\n2028-01-04,nghi_phep,B,x\n", "Dòng 3: loại 'nghi_phep'"),
        (
            "2028-01-03,holiday,A,x\n2028-01-05,makeup_workday,Làm bù,x\n",
            "Dòng 3: ngày làm bù 05/01/2028",
        ),
        ("2028-01-01,holiday,Tết Dương lịch,x\n", "rơi vào cuối tuần"),
        ("2028-01-03,holiday,A,x\n2028-01-03,swap_off,B,x\n", "trùng với dòng 2"),
        ("2028-01-03,holiday,A\n", "cần 4 cột"),
    ],
)
def test_a_bad_row_stops_the_import_with_its_line_and_loads_nothing(tmp_path, body, message):
    with pytest.raises(CommandError, match=message):
        call_command("import_calendar", write(tmp_path, body))
    assert CalendarDay.objects.count() == 0


def test_a_wrong_header_is_refused(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("ngay,loai\n2028-01-03,holiday\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Dòng 1: tiêu đề"):
        call_command("import_calendar", str(path))


def test_a_new_year_opens_the_calendar_for_deadlines(tmp_path):
    from motcua.calendar.workdays import CalendarMissing, Limit, due_at
    from motcua.clock import VN

    call_command("import_calendar")
    received = __import__("datetime").datetime(2028, 1, 3, 9, 0, tzinfo=VN)
    with pytest.raises(CalendarMissing, match="2028"):
        due_at(received, Limit.parse(1, "working_days"), calendar_for(None))
    call_command(
        "import_calendar", write(tmp_path, "2028-01-04,holiday,Ngày nghỉ thử,Thông báo thử\n")
    )
    due = due_at(received, Limit.parse(1, "working_days"), calendar_for(None))
    assert due.date() == date(2028, 1, 5)


def test_prune_removes_days_the_file_no_longer_lists(tmp_path):
    call_command(
        "import_calendar",
        write(tmp_path, "2028-01-03,swap_off,A,x\n2028-01-08,makeup_workday,B,x\n"),
    )
    call_command("import_calendar", write(tmp_path, "2028-01-04,holiday,C,x\n"), "--prune")
    assert list(CalendarDay.objects.values_list("date", flat=True)) == [date(2028, 1, 4)]


def test_an_agency_row_overrides_the_national_calendar(tmp_path, catalog, agency_b):
    forget_calendars()
    assert calendar_for(agency_b).is_working_day(date(2026, 12, 1))
    call_command(
        "import_calendar",
        write(tmp_path, "2026-12-01,holiday,Ngày truyền thống xã,Quyết định thử\n"),
        "--agency",
        agency_b.code,
    )
    assert not calendar_for(agency_b).is_working_day(date(2026, 12, 1))
    assert calendar_for(None).is_working_day(date(2026, 12, 1))
