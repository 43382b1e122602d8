"""The citizen hears about each step that concerns them, in Vietnamese, by SMS and e-mail."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from motcua.dossiers.tests.support import intake_body
from motcua.notify.models import Message

pytestmark = pytest.mark.django_db


def bodies(channel: str) -> list[str]:
    with scopes_disabled():
        return list(
            Message.objects.filter(channel=channel).order_by("id").values_list("body", flat=True)
        )


def test_every_step_that_concerns_the_citizen_sends_a_message(as_user, lan, minh, hoa, monday):
    counter, specialist, leader = as_user(lan), as_user(minh), as_user(hoa)
    code = counter.post("/dossiers", intake_body()).json()["code"]
    counter.act(code, "transfer")
    specialist.act(code, "request_supplement", reason="Thiếu giấy ly hôn")
    counter.act(code, "supplement_received")
    specialist.act(code, "transfer")
    leader.act(code, "apologize", reason="Cần xác minh", new_due_at="2025-03-25T10:00:00+07:00")
    leader.act(code, "approve")
    sms = bodies("sms")
    assert len(sms) == 4  # received, supplement, apology, result ready (transfers say nothing)
    assert f"đã tiếp nhận hồ sơ {code}" in sms[0]
    assert "cần bổ sung, hoàn thiện: Thiếu giấy ly hôn" in sms[1]
    assert "xin lỗi" in sms[2] and "10:00 ngày 25/03/2025" in sms[2]
    assert "đã có kết quả" in sms[3]
    assert len(bodies("email")) == 4
    with scopes_disabled():
        assert set(Message.objects.values_list("recipient", flat=True)) == {
            "0912345678",
            "an@example.vn",
        }


def test_a_dossier_without_contacts_sends_nothing(as_user, lan, monday):
    body = intake_body(applicant={"name": "Không Có Số"})
    as_user(lan).post("/dossiers", body)
    assert bodies("sms") == bodies("email") == []
