"""Reception at the counter: code, due, process, trail and messages; bad input writes nothing."""

from __future__ import annotations

import itertools

import pytest
from django_scopes import scopes_disabled

from motcua.audit.models import Event
from motcua.dossiers.models import DailyCounter, Dossier, Movement, ProcessStep
from motcua.dossiers.tests.support import MONDAY, intake_body
from motcua.notify.models import Message

pytestmark = pytest.mark.django_db


def everything_written():
    with scopes_disabled():
        return (
            Dossier.objects.count(),
            DailyCounter.objects.filter(last__gt=0).count(),
            Movement.objects.count(),
            Event.objects.filter(action__startswith="dossier.").count(),
            Message.objects.count(),
        )


def test_the_counter_receives_a_dossier_with_its_code_and_due(as_user, lan, monday):
    response = as_user(lan).post("/dossiers", intake_body())
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["code"] == "000.00.31.H99-250310-0001"
    assert (body["status"], body["status_code"]) == ("received", 2)
    assert body["received_at"] == "2025-03-10T09:00:00+07:00"
    # 3 working days on phường Minh Sơn's 07:30–11:30, 13:30–17:00 sessions.
    assert body["due_at"] == "2025-03-13T09:00:00+07:00"
    assert (body["agency"], body["handling_agency"], body["channel"]) == (
        "000.00.31.H99",
        "000.00.31.H99",
        "counter",
    )


def test_reception_starts_the_internal_process_with_step_dues(as_user, lan, monday):
    code = as_user(lan).post("/dossiers", intake_body()).json()["code"]
    with scopes_disabled():
        steps = list(ProcessStep.objects.filter(dossier__code=code).order_by("order"))
    assert [s.role for s in steps] == ["counter", "specialist", "leader", "counter_return"]
    assert [s.state for s in steps] == ["active", "pending", "pending", "pending"]
    assert steps[0].assignee == lan
    assert steps[-1].due_at == MONDAY.replace(day=13)
    assert all(a.due_at < b.due_at for a, b in itertools.pairwise(steps))


def test_codes_follow_each_other_per_agency_and_day(as_user, lan, outsider, monday):
    first = as_user(lan).post("/dossiers", intake_body()).json()["code"]
    second = as_user(lan).post("/dossiers", intake_body()).json()["code"]
    other = as_user(outsider).post("/dossiers", intake_body()).json()["code"]
    assert (first, second) == ("000.00.31.H99-250310-0001", "000.00.31.H99-250310-0002")
    assert other == "000.00.33.H99-250310-0001"


def test_reception_writes_one_event_one_movement_and_tells_the_citizen(as_user, lan, monday):
    code = as_user(lan).post("/dossiers", intake_body()).json()["code"]
    with scopes_disabled():
        events = list(Event.objects.filter(target_repr=code))
        assert [e.action for e in events] == ["dossier.receive"]
        assert events[0].actor == lan
        assert Movement.objects.filter(dossier__code=code).count() == 1
        messages = {m.channel: m for m in Message.objects.all()}
    assert set(messages) == {"sms", "email"}
    assert code in messages["sms"].body
    assert "09:00 ngày 13/03/2025" in messages["sms"].body
    assert messages["email"].recipient == "an@example.vn"


@pytest.mark.parametrize(
    ("change", "status", "expected"),
    [
        ({"procedure": "9.999999"}, 404, "unknown_procedure"),
        ({"applicant": {"name": "", "phone": "0912345678"}}, 400, "Thiếu họ tên"),
        ({"applicant": {"name": "Trần B", "phone": "12345"}}, 400, "Số điện thoại"),
        ({"applicant": {"name": "Trần B", "id_number": "0010900"}}, 400, "Số định danh"),
        ({"applicant": {"name": "Trần B", "email": "khong-phai-email"}}, 400, "thư điện tử"),
        ({"components": [{"code": "khong_co", "originals": 1}]}, 400, "không thuộc trường hợp"),
        ({"components": [{"code": "to_khai_tthn", "originals": 1}]}, 400, "chưa đủ thành phần"),
        ({"case": "khong_co"}, 400, "không có trường hợp"),
        ({"channel": "fax"}, 400, "Kênh nộp"),
        ({"procedure": "1.012753"}, 400, "Trung tâm Phục vụ"),
    ],
)
def test_bad_intake_is_refused_and_writes_nothing(as_user, lan, monday, change, status, expected):
    before = everything_written()
    response = as_user(lan).post("/dossiers", intake_body(**change))
    assert response.status_code == status, response.content
    body = response.json()
    assert expected in body["error"] + body["message"]
    assert everything_written() == before
    assert as_user(lan).post("/dossiers", intake_body()).json()["code"].endswith("-0001")


def test_only_a_counter_officer_receives(as_user, minh, monday):
    response = as_user(minh).post("/dossiers", intake_body())
    assert response.status_code == 403
    assert everything_written() == (0, 0, 0, 0, 0)


def test_a_postal_dossier_is_received_like_one_at_the_counter(as_user, lan, monday):
    body = as_user(lan).post("/dossiers", intake_body(channel="post")).json()
    assert (body["channel"], body["status_code"]) == ("post", 2)
