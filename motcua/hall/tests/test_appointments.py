"""Appointments: slots, booking, limits, check-in at the kiosk, cancellation, reminders,
no-show (CONTRACT "The hall"; DOMAIN R14.9)."""

from __future__ import annotations

from datetime import datetime, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from motcua import clock
from motcua.hall.models import Appointment, AppointmentStatus, BookingRule, Ticket
from motcua.hall.tests.support import CHUNGTHUC, HOTICH, counters, person, take
from motcua.notify.models import Message

pytestmark = pytest.mark.django_db

MONDAY = datetime(2025, 3, 10, 9, 0, tzinfo=clock.VN)
TUESDAY_9 = datetime(2025, 3, 11, 9, 0, tzinfo=clock.VN)


def slots(client, agency, day="2025-03-11", field=HOTICH):
    return client.get(
        "/api/v1/public/appointment-slots", {"agency": agency.code, "field": field, "date": day}
    )


def book(client, agency, start=TUESDAY_9, n=1, field=HOTICH, **extra):
    body = {
        "agency": agency.code,
        "field": field,
        "start": start.isoformat(),
        "name": "Nguyễn Văn An",
        "phone": "0912345678",
        "id_number": person(n),
        **extra,
    }
    return client.post("/api/v1/public/appointments", body, content_type="application/json")


@pytest.fixture
def hall(agency_a):
    counters(agency_a)
    return agency_a


def test_slots_follow_the_rule_inside_working_sessions(hall, client, monday):
    answer = slots(client, hall)
    assert answer.status_code == 200
    starts = [
        clock.local(datetime.fromisoformat(s["start"])).strftime("%H:%M") for s in answer.json()
    ]
    # 08:00–16:00 by half hours, without the lunch break (11:30–13:30)
    assert starts[0] == "08:00" and starts[-1] == "15:30"
    assert "11:00" in starts and "11:30" not in starts and "13:00" not in starts
    assert "13:30" in starts
    assert {s["left"] for s in answer.json()} == {4}


def test_no_slots_on_a_day_off_nor_beyond_six_days(hall, client, monday):
    assert slots(client, hall, "2025-03-15").json() == []  # a Saturday
    too_far = slots(client, hall, "2025-03-17")
    assert too_far.status_code == 400
    assert "6 ngày" in too_far.json()["message"]


def test_booking_takes_a_place_and_sends_an_sms(hall, client, monday):
    answer = book(client, hall)
    assert answer.status_code == 201
    code = answer.json()["code"]
    assert code.startswith("LH")
    left = {s["start"]: s["left"] for s in slots(client, hall).json()}
    assert left[answer.json()["start"]] == 3
    with scopes_disabled():
        sms = Message.objects.get(channel="sms")
    assert sms.recipient == "0912345678"
    assert code in sms.body and "09:00 ngày 11/03/2025" in sms.body


def test_a_full_slot_is_409_and_writes_nothing(hall, client, monday):
    BookingRule.objects.create(agency=hall, capacity=2)
    assert book(client, hall, n=1).status_code == 201
    assert book(client, hall, n=2).status_code == 201
    full = book(client, hall, n=3)
    assert full.status_code == 409
    assert full.json()["error"] == "slot_full"
    with scopes_disabled():
        assert Appointment.objects.count() == 2
        assert Message.objects.count() == 2


def test_one_booking_per_field_and_day_per_person(hall, client, monday):
    assert book(client, hall).status_code == 201
    again = book(client, hall, start=TUESDAY_9 + timedelta(hours=1))
    assert again.status_code == 409 and again.json()["error"] == "appointment_exists"
    assert book(client, hall, field=CHUNGTHUC).status_code == 201


def test_a_third_booking_a_day_is_409(agency_a, client, monday):
    from motcua.hall.services import create_counter
    from motcua.hall.tests.support import fields

    create_counter(agency_a, "Quầy 1", fields(HOTICH, CHUNGTHUC, "XD-HDXD"))
    assert book(client, agency_a, field=HOTICH).status_code == 201
    assert book(client, agency_a, field=CHUNGTHUC).status_code == 201
    third = book(client, agency_a, field="XD-HDXD")
    assert third.status_code == 409
    assert third.json()["error"] == "too_many_appointments"


@pytest.mark.parametrize(
    ("extra", "field"),
    [({"phone": "abc"}, "recipient"), ({"id_number": "1"}, "id_number"), ({"name": " "}, "name")],
)
def test_bad_booking_input_is_400_and_writes_nothing(hall, client, monday, extra, field):
    answer = book(client, hall, **extra)
    assert answer.status_code == 400
    assert field in answer.json()["details"]
    with scopes_disabled():
        assert not Appointment.objects.exists()


def test_a_start_off_the_grid_is_refused(hall, client, monday):
    answer = book(client, hall, start=TUESDAY_9 + timedelta(minutes=10))
    assert answer.status_code == 400
    assert "Không có khung giờ hẹn" in answer.json()["message"]


def test_check_in_turns_the_booking_into_a_ticket_counted_from_the_slot(hall, client, lan, as_user):
    with clock.frozen(MONDAY):
        code = book(client, hall).json()["code"]
    with clock.frozen(TUESDAY_9 - timedelta(minutes=40)):
        take(client, hall, HOTICH, 50)  # a walk-in at 08:20
        early = client.post(
            f"/api/v1/public/appointments/{code}/check-in",
            {"id_number": person(1)},
            content_type="application/json",
        )
        assert early.status_code == 201
    with clock.frozen(TUESDAY_9 + timedelta(minutes=5)):
        take(client, hall, HOTICH, 51)  # a walk-in at 09:05
        late = client.post(
            f"/api/v1/public/appointments/{code}/check-in",
            {"id_number": person(1)},
            content_type="application/json",
        )
        assert late.status_code == 409
        one = as_user(lan)
        counter_id = one.get("/queue/counters", {"agency": hall.code}).json()[0]["id"]
        order = [
            one.post(f"/queue/counters/{counter_id}/call-next").json()["number"] for _ in range(3)
        ]
    assert order == ["A001", "A002", "A003"]  # 08:20 walk-in, the 09:00 booking, 09:05 walk-in
    with scopes_disabled():
        appointment = Appointment.objects.get()
        assert appointment.status == AppointmentStatus.CHECKED_IN
        assert appointment.ticket.code == "A002"


def test_check_in_needs_the_right_id_number_and_the_right_day(hall, client):
    with clock.frozen(MONDAY):
        code = book(client, hall).json()["code"]
        wrong_day = client.post(
            f"/api/v1/public/appointments/{code}/check-in",
            {"id_number": person(1)},
            content_type="application/json",
        )
        assert wrong_day.status_code == 409 and wrong_day.json()["error"] == "not_today"
    with clock.frozen(TUESDAY_9):
        wrong = client.post(
            f"/api/v1/public/appointments/{code}/check-in",
            {"id_number": person(2)},
            content_type="application/json",
        )
        assert wrong.status_code == 404
    with scopes_disabled():
        assert not Ticket.objects.exists()


def test_cancelling_frees_the_place(hall, client, monday):
    BookingRule.objects.create(agency=hall, capacity=1)
    code = book(client, hall).json()["code"]
    assert book(client, hall, n=2).status_code == 409
    wrong = client.post(
        f"/api/v1/public/appointments/{code}/cancel",
        {"phone": "0987654321"},
        content_type="application/json",
    )
    assert wrong.status_code == 404
    done = client.post(
        f"/api/v1/public/appointments/{code}/cancel",
        {"phone": "0912345678"},
        content_type="application/json",
    )
    assert done.status_code == 200 and done.json()["status"] == "cancelled"
    assert book(client, hall, n=2).status_code == 201


def test_reminders_go_once_the_day_before_and_missed_bookings_are_marked(hall, client):
    with clock.frozen(MONDAY):
        book(client, hall)
    with clock.frozen(MONDAY.replace(hour=17)):
        out = StringIO()
        call_command("hall_appointments", stdout=out)
        assert "Đã nhắc 1 lịch hẹn" in out.getvalue()
        call_command("hall_appointments", stdout=StringIO())
    with scopes_disabled():
        reminders = Message.objects.filter(body__contains="nhắc lịch hẹn")
        assert reminders.count() == 1
        assert "ngày mai lúc 09:00" in reminders.get().body
    with clock.frozen(TUESDAY_9 + timedelta(hours=2)):
        out = StringIO()
        call_command("hall_appointments", stdout=out)
        assert "1 lịch hẹn không đến" in out.getvalue()
    with scopes_disabled():
        assert Appointment.objects.get().status == AppointmentStatus.NO_SHOW
