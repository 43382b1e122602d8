"""Average handling time (766 criterion 2.2) per procedure and per process step: the
set-based sums equal the deadline engine's working time dossier by dossier."""

from __future__ import annotations

from decimal import Decimal

from motcua.agencies.models import Agency
from motcua.calendar import workdays
from motcua.calendar.services import calendar_for
from motcua.dossiers.models import ProcessStep, StepState
from motcua.reports import handling_time
from motcua.reports.periods import parse_period
from motcua.reports.tests.conftest import CIVIL, COPY, A
from motcua.reports.tests.factories import make_dossier, vn

Q1 = parse_period("2025-Q1")
RESOLVED = ("d1", "d2", "d5", "d6", "d13", "d15", "d19", "d20")


def test_the_total_working_time_equals_the_engine_dossier_by_dossier(q1):
    agency = Agency.objects.get(code=A)
    cal = calendar_for(agency)
    expected = sum(
        workdays.working_minutes_between(q1[k].received_at, q1[k].finished_at, cal)
        for k in RESOLVED
    )
    days, count = handling_time.average_days_by_agency([agency.pk], Q1)[agency.pk]
    assert count == len(RESOLVED)
    assert days == Decimal(expected) / cal.day_minutes
    # d1: received Saturday 14/12 23:59 → counts from Monday 07:30; finished Friday 09:00.
    assert workdays.working_minutes_between(q1["d1"].received_at, q1["d1"].finished_at, cal) == (
        4 * 450 + 90
    )


def test_averages_per_procedure_are_in_the_procedure_unit(q1):
    agency = Agency.objects.get(code=A)
    cal = calendar_for(agency)
    rows = {r["procedure"]: r for r in handling_time.by_procedure([agency.pk], Q1)}
    civil = [k for k in RESOLVED if k != "d20"]
    minutes = sum(
        workdays.working_minutes_between(q1[k].received_at, q1[k].finished_at, cal) for k in civil
    )
    assert rows[CIVIL]["dossiers"] == 7
    assert rows[CIVIL]["unit_label"] == "ngày làm việc"
    assert rows[CIVIL]["average"] == handling_time.quantize(Decimal(minutes) / 450 / 7)
    assert rows[CIVIL]["limit"] == 3
    # Chứng thực, same day: 09:00 → 10:00 is 60 of 450 working minutes.
    assert rows[COPY]["average"] == Decimal("0.13")
    assert rows[COPY]["share_of_limit"] == Decimal("13.3")


def test_a_calendar_day_procedure_is_averaged_in_calendar_days(catalog):
    # 2.000806 Đăng ký kết hôn có yếu tố nước ngoài: 15 days.
    for finished in (vn(2025, 1, 20, 9), vn(2025, 1, 25, 21)):
        make_dossier("2.000806", agency=A, received_at=vn(2025, 1, 10, 9),
                     due_at=vn(2025, 1, 27, 9), finished_at=finished, outcome="done")  # fmt: skip
    agency = Agency.objects.get(code=A)
    (row,) = handling_time.by_procedure([agency.pk], Q1)
    assert row["unit_label"] == "ngày"
    assert row["average"] == Decimal("12.75")  # (10 days + 15.5 days) / 2


def test_process_steps_over_budget_come_first(catalog, minh):
    agency = Agency.objects.get(code=A)
    dossier = make_dossier(CIVIL, agency=A, received_at=vn(2025, 2, 3, 9),
                           due_at=vn(2025, 2, 6, 9))  # fmt: skip

    def step(order, name, hours, start, end, due):
        ProcessStep.objects.create(
            dossier=dossier, order=order, name=name, role="specialist", hours=hours,
            agency=agency, state=StepState.DONE, started_at=start, finished_at=end, due_at=due,
        )  # fmt: skip

    step(1, "Tiếp nhận", Decimal("0.5"), vn(2025, 2, 3, 9), vn(2025, 2, 3, 9, 30),
         vn(2025, 2, 3, 9, 30))  # fmt: skip
    # 09:30 Mon → 09:30 Tue: 2 h + 3.5 h on Monday, 2 h on Tuesday = 7.5 working hours.
    step(2, "Thẩm định", Decimal(2), vn(2025, 2, 3, 9, 30), vn(2025, 2, 4, 9, 30),
         vn(2025, 2, 3, 14, 30))  # fmt: skip
    rows = handling_time.by_step([agency.pk], Q1)
    assert [(r["order"], r["step"]) for r in rows] == [(2, "Thẩm định"), (1, "Tiếp nhận")]
    assert rows[0]["average_hours"] == Decimal("7.50")
    assert rows[0]["budget_hours"] == Decimal("2.00")
    assert rows[0]["over_budget"] == Decimal("375.0")
    assert rows[0]["late"] == 1
    assert rows[1]["average_hours"] == Decimal("0.50")
    assert rows[1]["late"] == 0


def test_instants_on_days_off_count_from_the_next_opening(catalog):
    # Received Friday 24/01/2025 16:00, finished Monday 03/02 08:00 after Tết (25/01–02/02):
    # 60 minutes on Friday, 30 minutes on Monday.
    make_dossier(CIVIL, agency=A, received_at=vn(2025, 1, 24, 16), due_at=vn(2025, 2, 5, 16),
                 finished_at=vn(2025, 2, 3, 8), outcome="done")  # fmt: skip
    agency = Agency.objects.get(code=A)
    days, count = handling_time.average_days_by_agency([agency.pk], Q1)[agency.pk]
    assert (days * 450, count) == (90, 1)
