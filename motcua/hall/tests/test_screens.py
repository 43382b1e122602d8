"""The hall's screens without a browser: kiosk, booking, desk, counters admin, display."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django_scopes import scopes_disabled

from motcua import clock
from motcua.dossiers.services.intake import receive_dossier
from motcua.dossiers.tests.support import MONDAY, intake_body
from motcua.hall.models import Appointment, Counter, Ticket, TicketStatus
from motcua.hall.tests.support import HOTICH, counters, person

pytestmark = pytest.mark.django_db


def kiosk(client, agency, **data):
    return client.post(f"/sanh/{agency.code}/ki-ot/", data)


def test_the_kiosk_menu_lists_the_fields_served(agency_a, client):
    counters(agency_a)
    page = client.get(f"/sanh/{agency_a.code}/ki-ot/").content.decode()
    assert "Hộ tịch" in page and "Chứng thực" in page
    assert "Xác nhận lịch hẹn" in page and "Tra cứu hồ sơ" in page
    form = client.get(f"/sanh/{agency_a.code}/ki-ot/", {"step": "ticket", "field": HOTICH})
    assert "Số định danh cá nhân" in form.content.decode()


def test_the_kiosk_issues_a_ticket_and_refuses_a_second(agency_a, client, monday):
    counters(agency_a)
    first = kiosk(client, agency_a, step="ticket", field=HOTICH, id_number=person(1))
    assert first.status_code == 200
    assert 'id="ticket-number">A001<' in first.content.decode()
    again = kiosk(client, agency_a, step="ticket", field=HOTICH, id_number=person(1))
    assert again.status_code == 409
    assert "đã có một số đang chờ" in again.content.decode()
    bad = kiosk(client, agency_a, step="ticket", field=HOTICH, id_number="12")
    assert bad.status_code == 400
    assert "Số định danh cá nhân không hợp lệ" in bad.content.decode()


def test_the_kiosk_checks_in_an_appointment(agency_a, client):
    counters(agency_a)
    with clock.frozen(MONDAY):
        answer = client.post(
            "/dat-lich-hen/",
            {
                "agency": agency_a.code,
                "field": HOTICH,
                "date": "2025-03-11",
                "start": datetime(2025, 3, 11, 9, 0, tzinfo=clock.VN).isoformat(),
                "name": "Trần Thị Bình",
                "phone": "0912345678",
                "id_number": person(3),
            },
        )
        assert answer.status_code == 200
    with scopes_disabled():
        code = Appointment.objects.get().code
    assert f'id="appointment-code">{code}<' in answer.content.decode()
    with clock.frozen(datetime(2025, 3, 11, 8, 50, tzinfo=clock.VN)):
        page = kiosk(client, agency_a, step="check_in", code=code.lower(), id_number=person(3))
    assert 'id="ticket-number">A001<' in page.content.decode()


def test_the_booking_page_walks_agency_field_day_slot(agency_a, client, monday):
    counters(agency_a)
    first = client.get("/dat-lich-hen/").content.decode()
    assert agency_a.name in first
    slots = client.get(
        "/dat-lich-hen/", {"agency": agency_a.code, "field": HOTICH, "date": "2025-03-11"}
    ).content.decode()
    assert "08:00–08:30" in slots and "còn 4 chỗ" in slots
    missing = client.post(
        "/dat-lich-hen/",
        {"agency": agency_a.code, "field": HOTICH, "date": "2025-03-11", "name": "An"},
    )
    assert missing.status_code == 400
    assert "Hãy chọn một khung giờ" in missing.content.decode()


def test_the_kiosk_looks_up_a_dossier_from_the_scanned_receipt(agency_a, lan, client, monday):
    counters(agency_a)
    dossier = receive_dossier(actor=lan, **{**intake_body(), "channel": "counter"})
    scanned = f"https://motcua.example/tra-cuu?code={dossier.code}"
    page = kiosk(client, agency_a, step="lookup", code=scanned, phone="0912345678")
    assert page.status_code == 200
    assert dossier.code in page.content.decode() and "Hẹn trả kết quả" in page.content.decode()
    wrong = kiosk(client, agency_a, step="lookup", code=scanned, phone="0999999999")
    assert wrong.status_code == 404


def test_the_desk_takes_a_counter_calls_and_finishes_with_the_dossier(
    agency_a, lan, client, monday
):
    one, _two, _three = counters(agency_a)
    kiosk(client, agency_a, step="ticket", field=HOTICH, id_number=person(1))
    kiosk(client, agency_a, step="ticket", field=HOTICH, id_number=person(2))
    client.force_login(lan)
    assert "Nhận quầy" in client.get("/office/sanh/").content.decode()
    client.post("/office/sanh/nhan-quay/", {"counter": one.pk})
    client.post("/office/sanh/goi-tiep/")
    page = client.get("/office/sanh/").content.decode()
    assert 'id="serving">A001<' in page
    with scopes_disabled():
        first = Ticket.objects.get(code="A001")
    client.post("/office/sanh/goi-lai/", {"ticket": first.pk})
    client.post("/office/sanh/vang-mat/", {"ticket": first.pk})
    client.post("/office/sanh/goi-tiep/")
    with scopes_disabled():
        second = Ticket.objects.get(code="A002")
    with clock.frozen(MONDAY + timedelta(minutes=3)):
        dossier = receive_dossier(actor=lan, **{**intake_body(), "channel": "counter"})
    with clock.frozen(MONDAY + timedelta(minutes=5)):
        page = client.get("/office/sanh/").content.decode()
        assert dossier.code in page  # offered to link on "Xong"
        done = client.post(
            "/office/sanh/xong/", {"ticket": second.pk, "dossier_code": dossier.code}, follow=True
        )
    assert "Đã phục vụ xong số A002" in done.content.decode()
    with scopes_disabled():
        first.refresh_from_db()
        second.refresh_from_db()
    assert (first.status, first.calls) == (TicketStatus.NO_SHOW, 2)
    assert (second.status, second.dossier) == (TicketStatus.DONE, dossier)


def test_the_kiosk_rates_a_visit_once(agency_a, lan, client, as_user, monday):
    one, _two, _three = counters(agency_a)
    kiosk(client, agency_a, step="ticket", field=HOTICH, id_number=person(1))
    api = as_user(lan)
    ticket = api.post(f"/queue/counters/{one.pk}/call-next").json()
    early = kiosk(client, agency_a, step="rate", number="a001", id_number=person(1))
    assert early.status_code == 409
    api.post(f"/queue/tickets/{ticket['id']}/finish", {})
    other = kiosk(client, agency_a, step="rate", number="A001", id_number=person(2))
    assert other.status_code == 404
    ask = kiosk(client, agency_a, step="rate", number="A001", id_number=person(1))
    assert "Rất hài lòng" in ask.content.decode()
    thanks = kiosk(
        client, agency_a, step="rate_level", number="A001", id_number=person(1), level="3"
    )
    assert "Cảm ơn" in thanks.content.decode()
    twice = kiosk(
        client, agency_a, step="rate_level", number="A001", id_number=person(1), level="1"
    )
    assert twice.status_code == 409
    with scopes_disabled():
        assert Ticket.objects.get().rating == 3


def test_only_counter_officers_use_the_desk(agency_a, minh, client):
    counters(agency_a)
    client.force_login(minh)
    assert client.get("/office/sanh/").status_code == 403


def test_the_agency_admin_adds_a_counter(agency_a, thu, lan, client):
    client.force_login(thu)
    page = client.post(
        "/office/quan-tri/quay/", {"name": "Quầy 5", "fields": [HOTICH]}, follow=True
    )
    assert "Đã tạo Quầy 5" in page.content.decode()
    empty = client.post("/office/quan-tri/quay/", {"name": "Quầy 6"})
    assert empty.status_code == 400
    assert "ít nhất một lĩnh vực" in empty.content.decode()
    with scopes_disabled():
        assert list(Counter.objects.values_list("name", flat=True)) == ["Quầy 5"]
    client.force_login(lan)
    assert client.get("/office/quan-tri/quay/").status_code == 403


def test_the_display_page_points_at_the_board(agency_a, client):
    counters(agency_a)
    page = client.get(f"/sanh/{agency_a.code}/man-hinh/")
    assert page.status_code == 200
    assert f"/api/v1/queue/board?agency={agency_a.code}" in page.content.decode()
    assert client.get("/sanh/000.00.99.H99/man-hinh/").status_code == 404


def test_the_kiosk_lookup_keeps_the_portal_lookup_limit(agency_a, client, settings):
    settings.RATELIMIT_LOOKUP = "2/m"
    counters(agency_a)
    answers = [
        kiosk(client, agency_a, step="lookup", code="KHONG-CO", phone="0912345678").status_code
        for _ in range(3)
    ]
    assert answers == [404, 404, 429]


def test_the_channel_says_kiosk_portal_or_guard(agency_a, client, citizen, lan, monday):
    counters(agency_a)
    kiosk(client, agency_a, step="ticket", field=HOTICH, id_number=person(1))
    client.force_login(citizen)
    kiosk(client, agency_a, step="ticket", field=HOTICH, id_number=person(2))
    client.force_login(lan)
    kiosk(client, agency_a, step="ticket", field=HOTICH, id_number=person(3))
    with scopes_disabled():
        channels = list(Ticket.objects.order_by("number").values_list("channel", flat=True))
    assert channels == ["kiosk", "portal", "guard"]
    page = client.get("/dat-lich-hen/", {"agency": agency_a.code}).content.decode()
    assert f"/sanh/{agency_a.code}/ki-ot/" in page
