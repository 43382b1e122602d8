"""The hand-over between specialist and leader (issue 21 items 1–3, 5): the action a role needs
comes first, a state's forbidden actions are not offered, a leader sends a dossier back with a
note, the specialist hands a draft result over and the leader signs that draft, and the
officer picker lists the step's officers with their load."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled

from motcua.documents.models import Attachment
from motcua.documents.tests.files import a_pdf
from motcua.dossiers.models import Dossier, ProcessStep
from motcua.dossiers.services import actions
from motcua.dossiers.services.intake import receive_dossier
from motcua.dossiers.tests.support import intake_body
from motcua.errors import PermissionDenied, ValidationFailed
from motcua.testing import PASSWORD

pytestmark = pytest.mark.django_db


def fresh(dossier):
    with scopes_disabled():
        return Dossier.objects.select_related("current_step").get(pk=dossier.pk)


def act(dossier, action, user, **body):
    return actions.perform(fresh(dossier), action, actor=user, body=body)


@pytest.fixture
def at_specialist(lan, minh, monday):
    body = intake_body()
    body.pop("channel")
    dossier = receive_dossier(actor=lan, **body)
    return act(dossier, "transfer", lan, to_user="minh")


@pytest.fixture
def at_leader(at_specialist, minh):
    return act(at_specialist, "transfer", minh)


def offered(client, user, dossier) -> list[str]:
    client.force_login(user)
    page = client.get(f"/office/ho-so/{dossier.code}/")
    return page.context["allowed"]


def test_the_leader_is_offered_approval_first_and_no_empty_hand_over(client, hoa, at_leader):
    allowed = offered(client, hoa, at_leader)
    assert allowed[0] == "approve"
    assert "transfer" not in allowed  # nothing after the leader's step but the return
    assert "send_back" in allowed
    page = client.get(f"/office/ho-so/{at_leader.code}/").content.decode()
    assert 'id="action-approve" open' in page


def test_a_specialist_who_handed_over_is_no_longer_offered_what_the_holder_does(
    client, minh, at_leader
):
    allowed = offered(client, minh, at_leader)
    assert not {"request_supplement", "request_payment", "apologize", "transfer"} & set(allowed)
    with pytest.raises(PermissionDenied):
        act(at_leader, "request_supplement", minh, reason="Thiếu giấy tờ")


def test_the_holder_specialist_may_still_ask_for_papers(client, minh, at_specialist):
    allowed = offered(client, minh, at_specialist)
    assert allowed[0] == "transfer"
    assert {"request_supplement", "request_payment", "apologize", "send_back"} <= set(allowed)


def test_a_leader_sends_the_dossier_back_to_the_specialist_with_a_note(
    client, hoa, minh, at_leader
):
    client.force_login(hoa)
    response = client.post(
        f"/office/ho-so/{at_leader.code}/thao-tac/send_back/",
        {"to_step": "2", "note": "Bổ sung căn cứ pháp lý vào dự thảo"},
    )
    assert response.status_code == 302
    dossier = fresh(at_leader)
    assert (dossier.status, dossier.current_step.order, dossier.assignee) == (
        "in_progress",
        2,
        minh,
    )
    with scopes_disabled():
        states = dict(ProcessStep.objects.filter(dossier=dossier).values_list("order", "state"))
        movement = dossier.movements.latest("at", "id")
    assert states[2] == "active" and states[3] == "pending"
    assert (movement.action, movement.note) == ("send_back", "Bổ sung căn cứ pháp lý vào dự thảo")
    assert offered(client, minh, dossier)[0] == "transfer"
    dossier = act(dossier, "transfer", minh, note="Đã sửa")
    assert fresh(dossier).current_step.order == 3


def test_sending_back_needs_a_reason_and_an_earlier_step(hoa, at_leader):
    before = fresh(at_leader)
    with pytest.raises(ValidationFailed):
        act(at_leader, "send_back", hoa, note="")
    with pytest.raises(ValidationFailed):
        act(at_leader, "send_back", hoa, to_step=3, note="Không hợp lệ")
    after = fresh(at_leader)
    assert (after.current_step_id, after.status) == (before.current_step_id, before.status)


def test_the_counter_may_not_send_back(lan, at_specialist):
    with pytest.raises(PermissionDenied):
        act(at_specialist, "send_back", lan, note="Trả lại")


def test_the_specialist_hands_a_draft_over_and_the_leader_signs_it(
    client, minh, hoa, at_specialist, give_certificate, agency_a
):
    give_certificate(hoa)
    give_certificate(agency=agency_a)
    client.force_login(minh)
    draft = SimpleUploadedFile("du-thao.pdf", a_pdf("Dự thảo xác nhận"), "application/pdf")
    response = client.post(
        f"/office/ho-so/{at_specialist.code}/thao-tac/transfer/",
        {"note": "Trình ký", "draft": draft},
    )
    assert response.status_code == 302
    with scopes_disabled():
        handed = Attachment.objects.get(role="draft")
    client.force_login(hoa)
    page = client.get(f"/office/ho-so/{at_specialist.code}/").content.decode()
    assert "du-thao.pdf" in page and "Ký số dự thảo này" in page
    response = client.post(
        f"/office/ho-so/{at_specialist.code}/phe-duyet/",
        {"result_file_id": str(handed.document_id)},
    )
    assert response.status_code == 302
    with scopes_disabled():
        roles = sorted(Attachment.objects.values_list("role", flat=True))
        result = Attachment.objects.get(role="result").document
    assert roles == ["draft", "result"]  # the draft once, the signed result beside it
    assert result.electronic and result.pk != handed.document_id
    assert fresh(at_specialist).status_code == 9


def test_a_draft_must_be_a_pdf_and_a_refused_hand_over_keeps_nothing(client, minh, at_specialist):
    from motcua.documents.models import Document
    from motcua.documents.tests.files import a_png

    client.force_login(minh)
    picture = SimpleUploadedFile("anh.png", a_png(), "image/png")
    response = client.post(
        f"/office/ho-so/{at_specialist.code}/thao-tac/transfer/", {"draft": picture}, follow=True
    )
    assert "Dự thảo kết quả phải là tệp PDF" in response.content.decode()
    with scopes_disabled():
        assert not Document.objects.exists()
    assert fresh(at_specialist).current_step.order == 2


def test_the_leader_replaces_the_draft(
    client, minh, hoa, at_specialist, give_certificate, agency_a
):
    give_certificate(hoa)
    give_certificate(agency=agency_a)
    draft = SimpleUploadedFile("du-thao.pdf", a_pdf("Dự thảo 1"), "application/pdf")
    client.force_login(minh)
    client.post(f"/office/ho-so/{at_specialist.code}/thao-tac/transfer/", {"draft": draft})
    client.force_login(hoa)
    better = SimpleUploadedFile("ban-sua.pdf", a_pdf("Dự thảo 2"), "application/pdf")
    response = client.post(f"/office/ho-so/{at_specialist.code}/phe-duyet/", {"result": better})
    assert response.status_code == 302
    with scopes_disabled():
        roles = sorted(Attachment.objects.values_list("role", flat=True))
    assert roles == ["draft", "draft", "result"]


def test_the_officer_picker_lists_the_steps_officers_with_their_load(
    client, lan, minh, at_specialist, agency_a
):
    from motcua.accounts.services import create_staff_user

    create_staff_user(
        "tung", agency=agency_a, role="specialist", password=PASSWORD, full_name="Đỗ Văn Tùng"
    )
    body = intake_body()
    body.pop("channel")
    dossier = receive_dossier(actor=lan, **body)
    client.force_login(lan)
    page = client.get(f"/office/ho-so/{dossier.code}/").content.decode()
    assert "Trần Văn Minh · 1 hồ sơ đang xử lý" in page  # holds at_specialist
    assert "Đỗ Văn Tùng · 0 hồ sơ đang xử lý" in page
    assert page.index("Đỗ Văn Tùng") < page.index("Trần Văn Minh")  # least loaded first
    assert 'name="to_user" placeholder' not in page
    client.post(f"/office/ho-so/{dossier.code}/thao-tac/transfer/", {"to_user": "tung"})
    assert fresh(dossier).assignee.username == "tung"


def test_the_screen_order_names_every_action_once():
    from motcua.dossiers.lifecycle import SCREEN_ORDER

    assert sorted(SCREEN_ORDER) == sorted(actions.SERVICES)
