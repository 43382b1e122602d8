"""Every path of the lifecycle through the API, as the counter, the specialist and the leader
take it (issue: "a counter officer, a specialist and a leader can take a dossier through every
path above via the API")."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django_scopes import scopes_disabled

from motcua import clock
from motcua.accounts.services import create_staff_user
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.support import MONDAY, intake_body
from motcua.testing import PASSWORD

pytestmark = pytest.mark.django_db


@pytest.fixture
def received(as_user, lan, minh, hoa, monday):
    """A dossier just received at phường Minh Sơn, with its three officers' API clients."""
    counter, specialist, leader = as_user(lan), as_user(minh), as_user(hoa)
    code = counter.post("/dossiers", intake_body()).json()["code"]
    return code, counter, specialist, leader


def status(api, code):
    body = api.get(f"/dossiers/{code}").json()
    return body["status"], body["status_code"]


def test_the_ordinary_path_from_counter_to_result(received):
    code, counter, specialist, leader = received
    assert counter.act(code, "transfer").json()["status_code"] == 4
    assert specialist.get(f"/dossiers/{code}").json()["current_step"] == 2
    assert specialist.act(code, "transfer", note="Đủ điều kiện").json()["current_step"] == 3
    approved = leader.act(code, "approve").json()
    assert (approved["status"], approved["status_code"], approved["outcome"]) == ("done", 9, "done")
    assert approved["finished_at"] == "2025-03-10T09:00:00+07:00"
    returned = counter.act(code, "return_result", channel="counter").json()
    assert (returned["status_code"], returned["returned_at"]) == (10, "2025-03-10T09:00:00+07:00")
    detail = counter.get(f"/dossiers/{code}").json()
    assert [e["action"] for e in detail["events"]] == [
        "receive",
        "transfer",
        "transfer",
        "approve",
        "return_result",
    ]
    assert all(step["state"] == "done" for step in detail["steps"])


def test_the_transfer_preselects_the_next_step_and_can_name_the_officer(received, minh):
    code, counter, _specialist, _ = received
    moved = counter.act(code, "transfer", to_user="minh").json()
    assert (moved["current_step"], moved["assignee"]) == (2, "minh")


def test_a_transfer_to_someone_without_the_steps_role_is_refused(received, hoa):
    code, counter, *_ = received
    response = counter.act(code, "transfer", to_user="hoa")  # step 2 is the specialist's
    assert response.status_code == 400
    assert status(counter, code) == ("received", 2)


def test_supplementation_stops_the_clock_once_and_restarts_it_from_zero(received):
    code, counter, specialist, _ = received
    counter.act(code, "transfer")
    asked = specialist.act(
        code, "request_supplement", reason="Thiếu bản sao giấy ly hôn", items=["Bản án ly hôn"]
    )
    assert asked.json()["status_code"] == 5
    assert specialist.act(code, "request_supplement", reason="Lần hai").status_code == 409
    # The citizen brings the papers back two working days later, at 10:00.
    with clock.frozen(MONDAY + timedelta(days=2, hours=1)):
        resumed = counter.act(code, "supplement_received", file_ids=[]).json()
    assert resumed["status_code"] == 4
    # The legal rule restarts the 3 working days from the completion (Decree 61 art. 19).
    assert resumed["due_at"] == "2025-03-17T10:00:00+07:00"
    detail = counter.get(f"/dossiers/{code}").json()
    # DVCQG's variant pushes the old due (Thu 09:00) by the 2 days and 1 hour waited; here the
    # two rules meet on the same instant.
    assert detail["dvcqg_due_at"] == "2025-03-17T10:00:00+07:00"
    with scopes_disabled():
        assert Dossier.objects.get(code=code).supplements.get().completed_at is not None
    second = specialist.act(code, "request_supplement", reason="Lần hai")
    assert second.status_code == 409
    assert "một lần" in second.json()["message"]


def test_waiting_for_fees_does_not_count_against_the_agency(received):
    code, counter, specialist, _ = received
    counter.act(code, "transfer")
    due_before = specialist.get(f"/dossiers/{code}").json()["due_at"]
    assert specialist.act(code, "request_payment", amount=150000).json()["status_code"] == 6
    with clock.frozen(MONDAY + timedelta(days=1)):  # paid the next morning: one working day later
        paid = counter.act(code, "payment_received", receipt="BL-0012").json()
    assert paid["status_code"] == 4
    assert due_before == "2025-03-13T09:00:00+07:00"
    assert paid["due_at"] == "2025-03-14T09:00:00+07:00"


def test_an_apology_moves_the_due_once_and_keeps_the_original(received):
    code, counter, _specialist, leader = received
    counter.act(code, "transfer")
    sorry = leader.act(
        code,
        "apologize",
        reason="Cần xác minh thêm tại nơi cư trú trước đây",
        new_due_at="2025-03-18T16:00:00+07:00",
    )
    assert sorry.status_code == 200, sorry.content
    body = sorry.json()
    assert body["due_at"] == "2025-03-18T16:00:00+07:00"
    assert body["original_due_at"] == "2025-03-13T09:00:00+07:00"
    again = leader.act(code, "apologize", reason="Lần hai", new_due_at="2025-03-20T16:00:00+07:00")
    assert again.status_code == 409
    assert counter.get(f"/dossiers/{code}").json()["due_at"] == "2025-03-18T16:00:00+07:00"


def test_an_apology_after_the_due_time_is_refused(received):
    code, _counter, _specialist, leader = received
    with clock.frozen(MONDAY + timedelta(days=4)):
        late = leader.act(code, "apologize", reason="Trễ", new_due_at="2025-03-20T16:00:00+07:00")
    assert late.status_code == 409
    assert "quá thời hạn" in late.json()["message"]


def test_a_refusal_after_appraisal_is_a_result_returned_at_the_counter(received):
    code, counter, _specialist, leader = received
    counter.act(code, "transfer")
    refused = leader.act(code, "refuse", reason="Không đủ điều kiện theo Luật Hộ tịch").json()
    assert (refused["status"], refused["status_code"], refused["outcome"]) == (
        "refused",
        9,
        "refused",
    )
    assert counter.act(code, "return_result", channel="post").json()["status_code"] == 10


def test_the_citizen_withdraws_and_the_leader_stops(as_user, lan, hoa, monday):
    counter, leader = as_user(lan), as_user(hoa)
    first = counter.post("/dossiers", intake_body()).json()["code"]
    second = counter.post("/dossiers", intake_body()).json()["code"]
    withdrawn = counter.act(first, "withdraw", reason="Công dân có đơn xin rút hồ sơ").json()
    assert (withdrawn["status_code"], withdrawn["outcome"]) == (7, "withdrawn")
    stopped = leader.act(second, "stop", reason="Người yêu cầu đã chết").json()
    assert (stopped["status_code"], stopped["outcome"]) == (8, "stopped")
    assert counter.act(first, "return_result").status_code == 409


def test_wrong_role_is_403_wrong_state_409_other_agency_404_and_nothing_changes(
    received, as_user, outsider
):
    code, counter, specialist, _leader = received
    assert specialist.act(code, "return_result").status_code == 403
    assert counter.act(code, "accept").status_code == 409
    assert as_user(outsider).act(code, "transfer").status_code == 404
    assert as_user(outsider).get(f"/dossiers/{code}").status_code == 404
    assert counter.act(code, "fly_to_the_moon").status_code == 404
    detail = counter.get(f"/dossiers/{code}").json()
    assert (detail["status"], len(detail["events"])) == ("received", 1)


def test_the_leader_cannot_approve_before_the_dossier_reaches_them(received):
    code, counter, _specialist, leader = received
    counter.act(code, "transfer")
    early = leader.act(code, "approve")
    assert early.status_code == 409
    assert status(counter, code) == ("in_progress", 4)


def test_a_delegated_counter_officer_decides_at_the_counter(as_user, agency_b, monday):
    """4 tại chỗ: received, approved and returned in one sitting by a delegated officer."""
    tuan = create_staff_user(
        "tuan", agency=agency_b, role="counter", password=PASSWORD, counter_delegate=True
    )
    from motcua.catalog.models import Procedure

    Procedure.objects.filter(code="2.000815").update(at_counter=True)
    officer = as_user(tuan)
    body = intake_body(
        procedure="2.000815", components=[{"code": "ban_chinh", "originals": 1, "copies": 2}]
    )
    code = officer.post("/dossiers", body).json()["code"]
    assert officer.act(code, "approve").json()["status_code"] == 9
    assert officer.act(code, "return_result").json()["status_code"] == 10


def test_an_undelegated_counter_officer_may_not_approve(as_user, lan, monday):
    from motcua.catalog.models import Procedure

    Procedure.objects.filter(code="2.000815").update(at_counter=True)
    body = intake_body(
        procedure="2.000815", components=[{"code": "ban_chinh", "originals": 1, "copies": 2}]
    )
    code = as_user(lan).post("/dossiers", body).json()["code"]
    assert as_user(lan).act(code, "approve").status_code == 403


def test_online_dossiers_wait_in_status_1_and_get_their_code_at_acceptance(
    client, as_user, lan, citizen, monday
):
    from motcua.dossiers.tests.support import Api

    applicant = Api(client, citizen)
    body = intake_body()
    body.pop("channel")
    body["agency"] = "000.00.31.H99"
    submitted = applicant.post("/public/dossiers", body)
    assert submitted.status_code == 201, submitted.content
    reference = submitted.json()["code"]
    assert submitted.json()["status_code"] == 1
    assert reference.startswith("DK-")
    counter = as_user(lan)
    waiting = counter.get("/dossiers", {"status": "1"}).json()["items"]
    assert [d["code"] for d in waiting] == [reference]
    with clock.frozen(MONDAY + timedelta(hours=2)):
        accepted = counter.act(reference, "accept").json()
    assert accepted["code"] == "000.00.31.H99-250310-0001"
    assert (accepted["status_code"], accepted["received_at"]) == (2, "2025-03-10T11:00:00+07:00")


def test_an_online_dossier_can_be_rejected_with_a_reason(client, as_user, lan, citizen, monday):
    from motcua.dossiers.tests.support import Api

    body = intake_body()
    body.pop("channel")
    body["agency"] = "000.00.31.H99"
    reference = Api(client, citizen).post("/public/dossiers", body).json()["code"]
    assert as_user(lan).act(reference, "reject").status_code == 400  # a reason is required
    rejected = as_user(lan).act(reference, "reject", reason="Sai thẩm quyền").json()
    assert rejected["status_code"] == 3
