"""Counters, tickets per field, calling, the board (CONTRACT "The hall")."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from motcua import clock
from motcua.audit.models import Event
from motcua.dossiers.services.intake import receive_dossier
from motcua.dossiers.tests.support import MONDAY, intake_body
from motcua.hall.models import Counter, Ticket, TicketStatus
from motcua.hall.tests.support import CHUNGTHUC, HOTICH, counters, take

pytestmark = pytest.mark.django_db


def test_create_counter_prints_its_id_and_the_api_lists_it(agency_a, client):
    out = StringIO()
    call_command(
        "create_counter", agency_a.code, "Quầy 1", "--fields", "TP-HOTICH,XD-HDXD", stdout=out
    )
    with scopes_disabled():
        counter = Counter.objects.get()
    assert out.getvalue().strip() == str(counter.pk)
    answer = client.get("/api/v1/queue/counters", {"agency": agency_a.code})
    assert answer.status_code == 200
    assert answer.json() == [
        {"id": counter.pk, "name": "Quầy 1", "fields": ["TP-HOTICH", "XD-HDXD"]}
    ]


def test_create_counter_refuses_an_unknown_field_and_writes_nothing(agency_a):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Không có lĩnh vực mã KHONG-CO"):
        call_command("create_counter", agency_a.code, "Quầy 9", "--fields", "TP-HOTICH,KHONG-CO")
    with scopes_disabled():
        assert not Counter.objects.exists()


def test_each_field_has_its_own_letter_and_sequence(agency_a, client, monday):
    counters(agency_a)
    first = take(client, agency_a, HOTICH, 1)
    assert first.status_code == 201
    body = first.json()
    assert body["number"] == "A001"
    assert body["agency"] == agency_a.code and body["field"] == HOTICH
    assert body["waiting_before"] == 0
    assert take(client, agency_a, HOTICH, 2).json()["number"] == "A002"
    other = take(client, agency_a, CHUNGTHUC, 1).json()
    assert other["number"] == "B001"
    assert other["waiting_before"] == 0
    assert take(client, agency_a, HOTICH, 3).json()["waiting_before"] == 2


def test_a_second_open_ticket_of_the_same_person_and_field_is_409(agency_a, client, monday):
    counters(agency_a)
    assert take(client, agency_a, HOTICH, 1).status_code == 201
    again = take(client, agency_a, HOTICH, 1)
    assert again.status_code == 409
    assert again.json()["error"] == "ticket_exists"
    assert "đã có một số đang chờ" in again.json()["message"]
    with scopes_disabled():
        assert Ticket.objects.count() == 1


def test_numbers_start_again_the_next_day(agency_a, client):
    counters(agency_a)
    with clock.frozen(MONDAY):
        take(client, agency_a, HOTICH, 1)
        take(client, agency_a, HOTICH, 2)
    with clock.frozen(MONDAY + timedelta(days=1)):
        assert take(client, agency_a, HOTICH, 1).json()["number"] == "A001"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"id_number": "12345"}, "id_number"),
        ({"phone": "12"}, "recipient"),
        ({"priority": "vip"}, "priority"),
    ],
)
def test_bad_input_is_a_clear_400_and_writes_nothing(agency_a, client, body, field):
    counters(agency_a)
    answer = take(client, agency_a, HOTICH, 1, **body)
    assert answer.status_code == 400
    assert field in answer.json()["details"]
    with scopes_disabled():
        assert not Ticket.objects.exists()


def test_a_field_no_counter_serves_is_refused(agency_a, client):
    counters(agency_a)
    answer = take(client, agency_a, "NNMT-DATDAI", 1)
    assert answer.status_code == 400
    assert "không có quầy nào tiếp nhận" in answer.json()["message"]


def test_priority_groups_first_then_first_come(agency_a, lan, as_user, client):
    one, _two, _three = counters(agency_a)
    with clock.frozen(MONDAY):
        take(client, agency_a, HOTICH, 1)
    with clock.frozen(MONDAY + timedelta(minutes=1)):
        take(client, agency_a, HOTICH, 2)
    with clock.frozen(MONDAY + timedelta(minutes=2)):
        take(client, agency_a, HOTICH, 3, priority="elderly")
    api = as_user(lan)
    with clock.frozen(MONDAY + timedelta(minutes=5)):
        called = [
            api.post(f"/queue/counters/{one.pk}/call-next").json()["number"] for _ in range(3)
        ]
        assert called == ["A003", "A001", "A002"]
        assert api.post(f"/queue/counters/{one.pk}/call-next").status_code == 204


def test_a_counter_calls_only_the_fields_it_serves(agency_a, lan, as_user, client, monday):
    _one, two, _three = counters(agency_a)
    take(client, agency_a, HOTICH, 1)
    api = as_user(lan)
    assert api.post(f"/queue/counters/{two.pk}/call-next").status_code == 204
    take(client, agency_a, CHUNGTHUC, 2)
    assert api.post(f"/queue/counters/{two.pk}/call-next").json()["number"] == "B001"


def test_calling_at_a_counter_of_another_agency_is_403(agency_a, outsider, as_user, client, monday):
    one, _two, _three = counters(agency_a)
    take(client, agency_a, HOTICH, 1)
    answer = as_user(outsider).post(f"/queue/counters/{one.pk}/call-next")
    assert answer.status_code == 403
    with scopes_disabled():
        assert Ticket.objects.get().status == TicketStatus.WAITING


def test_calling_needs_a_staff_token(agency_a, client, citizen, as_user):
    one, _two, _three = counters(agency_a)
    assert client.post(f"/api/v1/queue/counters/{one.pk}/call-next").status_code == 401
    assert as_user(citizen).post(f"/queue/counters/{one.pk}/call-next").status_code == 401


def test_recall_no_show_and_finish_with_the_dossier_received(agency_a, lan, as_user, client):
    one, _two, _three = counters(agency_a)
    api = as_user(lan)
    with clock.frozen(MONDAY):
        take(client, agency_a, HOTICH, 1)
        take(client, agency_a, HOTICH, 2)
    with clock.frozen(MONDAY + timedelta(minutes=4)):
        first = api.post(f"/queue/counters/{one.pk}/call-next").json()
        assert api.post(f"/queue/tickets/{first['id']}/recall").status_code == 200
        gone = api.post(f"/queue/tickets/{first['id']}/no-show")
        assert gone.json()["status"] == "no_show"
        assert api.post(f"/queue/tickets/{first['id']}/recall").status_code == 409
        second = api.post(f"/queue/counters/{one.pk}/call-next").json()
        dossier = receive_dossier(actor=lan, **{**intake_body(), "channel": "counter"})
    with clock.frozen(MONDAY + timedelta(minutes=15)):
        wrong = api.post(f"/queue/tickets/{second['id']}/finish", {"dossier_code": "KHONG-CO"})
        assert wrong.status_code == 400
        assert "Không có hồ sơ mã KHONG-CO" in wrong.json()["message"]
        done = api.post(f"/queue/tickets/{second['id']}/finish", {"dossier_code": dossier.code})
        assert done.status_code == 200 and done.json()["status"] == "done"
    with scopes_disabled():
        ticket = Ticket.objects.get(pk=second["id"])
        assert ticket.dossier == dossier
        assert ticket.called_at == MONDAY + timedelta(minutes=4)
        assert ticket.finished_at == MONDAY + timedelta(minutes=15)
        actions = list(
            Event.objects.filter(action__startswith="hall.ticket").values_list("action", flat=True)
        )
    assert actions.count("hall.ticket_issued") == 2
    assert {
        "hall.ticket_called",
        "hall.ticket_recalled",
        "hall.ticket_no_show",
        "hall.ticket_finished",
    } <= set(actions)


def test_after_done_the_person_may_take_a_number_again(agency_a, lan, as_user, client, monday):
    one, _two, _three = counters(agency_a)
    first = take(client, agency_a, HOTICH, 1).json()
    api = as_user(lan)
    api.post(f"/queue/counters/{one.pk}/call-next")
    api.post(f"/queue/tickets/{first['id']}/finish", {})
    assert take(client, agency_a, HOTICH, 1).status_code == 201


def test_calling_the_next_closes_the_one_still_served(agency_a, lan, as_user, client, monday):
    one, _two, _three = counters(agency_a)
    take(client, agency_a, HOTICH, 1)
    take(client, agency_a, HOTICH, 2)
    api = as_user(lan)
    first = api.post(f"/queue/counters/{one.pk}/call-next").json()
    api.post(f"/queue/counters/{one.pk}/call-next")
    with scopes_disabled():
        assert Ticket.objects.get(pk=first["id"]).status == TicketStatus.DONE


def test_the_board_shows_counters_and_waiting_with_an_etag(agency_a, lan, as_user, client, monday):
    one, _two, _three = counters(agency_a)
    take(client, agency_a, HOTICH, 1)
    take(client, agency_a, HOTICH, 2)
    take(client, agency_a, CHUNGTHUC, 3)
    as_user(lan).post(f"/queue/counters/{one.pk}/call-next")
    answer = client.get("/api/v1/queue/board", {"agency": agency_a.code})
    assert answer.status_code == 200
    board = answer.json()
    serving = {c["name"]: c["serving"] for c in board["counters"]}
    assert serving == {"Quầy 1": "A001", "Quầy 2": None, "Quầy 3": None}
    assert {f["code"]: f["waiting"] for f in board["fields"]} == {HOTICH: 1, CHUNGTHUC: 1}
    assert board["recent"][0]["number"] == "A001" and board["recent"][0]["counter"] == "Quầy 1"
    etag = answer["ETag"]
    same = client.get("/api/v1/queue/board", {"agency": agency_a.code}, HTTP_IF_NONE_MATCH=etag)
    assert same.status_code == 304
    take(client, agency_a, HOTICH, 4)
    changed = client.get("/api/v1/queue/board", {"agency": agency_a.code}, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_the_board_of_an_unknown_agency_is_404(client):
    assert client.get("/api/v1/queue/board", {"agency": "000.00.99.H99"}).status_code == 404


def test_taking_a_number_is_rate_limited(agency_a, client, settings, monday):
    settings.RATELIMIT_TICKET = "3/m"
    counters(agency_a)
    answers = [take(client, agency_a, HOTICH, n).status_code for n in range(1, 6)]
    assert answers == [201, 201, 201, 429, 429]
