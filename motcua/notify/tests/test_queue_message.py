"""queue_message(): checks the input, writes the row in the caller's transaction, and sends
only after that transaction commits."""

from __future__ import annotations

import unicodedata

import pytest
from django.db import transaction
from django_scopes import scope

from motcua.errors import ValidationFailed
from motcua.notify.models import Message
from motcua.notify.services import queue_message
from motcua.notify.tests.factories import outbox

pytestmark = pytest.mark.django_db

BODY = "Hồ sơ 000.00.31.H99-250124-0001 đã được tiếp nhận. Hẹn trả kết quả: 16:00 ngày 31/01/2025."


def test_a_queued_message_waits_for_the_callers_commit_before_it_is_sent(
    sms_gateway, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        message = queue_message(channel="sms", recipient="0912345678", body=BODY)
        assert outbox().get().status == Message.Status.PENDING
        assert sms_gateway.requests == []
    assert len(callbacks) == 1

    callbacks[0]()

    message = outbox().get(pk=message.pk)
    assert message.status == Message.Status.SENT
    assert [r["Phone"] for r in sms_gateway.accepted] == ["0912345678"]


def test_a_rolled_back_action_leaves_no_message_and_sends_nothing(
    sms_gateway, smtp_server, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        queue_message(channel="sms", recipient="0912345678", body=BODY)
        queue_message(channel="email", recipient="an@example.vn", body=BODY)
        raise RuntimeError("the dossier action failed after queueing its messages")

    assert callbacks == []
    assert not outbox().exists()
    assert sms_gateway.requests == []
    assert smtp_server.envelopes == []


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("0912345678", "0912345678"),
        ("+84 912 345 678", "0912345678"),
        ("84912345678", "0912345678"),
        ("0912.345.678", "0912345678"),
        ("(024) 3825-1234", "02438251234"),
        ("０９１２３４５６７８", "0912345678"),  # full-width digits from an IME
    ],
)
def test_phone_numbers_are_stored_in_national_form(given, stored):
    message = queue_message(channel="sms", recipient=given, body=BODY)
    assert outbox().get(pk=message.pk).recipient == stored


@pytest.mark.parametrize(
    "phone",
    ["", "12345", "091234567", "091234567890", "+1 202 555 0100", "0912abc678", "٠٩١٢٣٤٥٦٧٨"],
)
def test_a_bad_phone_is_refused_in_vietnamese_and_nothing_is_written(
    phone, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ValidationFailed) as e:
        queue_message(channel="sms", recipient=phone, body=BODY)
    assert "Số điện thoại" in e.value.message
    assert "không hợp lệ" in e.value.message
    assert not outbox().exists()
    assert callbacks == []


@pytest.mark.parametrize("address", ["", "an", "an@", "an.example.vn", "an @example.vn", "an@@vn"])
def test_a_bad_email_address_is_refused_in_vietnamese_and_nothing_is_written(
    address, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ValidationFailed) as e:
        queue_message(channel="email", recipient=address, subject="Thông báo", body=BODY)
    assert e.value.message.startswith("Địa chỉ thư điện tử")
    assert not outbox().exists()
    assert callbacks == []


def test_an_empty_body_is_refused():
    with pytest.raises(ValidationFailed) as e:
        queue_message(channel="sms", recipient="0912345678", body=" \n ")
    assert e.value.message == "Nội dung thông báo không được để trống."
    assert not outbox().exists()


def test_an_unknown_channel_is_refused():
    with pytest.raises(ValidationFailed) as e:
        queue_message(channel="zalo", recipient="0912345678", body=BODY)
    assert "Kênh gửi “zalo” không hợp lệ" in e.value.message
    assert not outbox().exists()


def test_text_is_stored_nfc_and_an_email_without_subject_gets_a_default_one():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hường: hồ sơ đã có kết quả.")
    message = queue_message(channel="email", recipient="huong@example.vn", body=decomposed)
    stored = outbox().get(pk=message.pk)
    assert stored.body == unicodedata.normalize("NFC", decomposed)
    assert stored.body != decomposed
    assert stored.subject == "Thông báo từ Bộ phận Một cửa"


def test_a_portal_inbox_message_needs_an_account(django_capture_on_commit_callbacks):
    with pytest.raises(ValidationFailed) as e:
        queue_message(channel="inbox", recipient="", body=BODY)
    assert e.value.message == "Tin trên Cổng dịch vụ công cần có tài khoản người nhận."
    assert not outbox().exists()


def test_a_portal_inbox_message_is_delivered_at_once_to_the_account(
    citizen, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue_message(
            channel="inbox", recipient="", subject="Tiếp nhận hồ sơ", body=BODY, user=citizen
        )
    stored = outbox().get(pk=message.pk)
    assert (stored.status, stored.user, stored.recipient) == (
        Message.Status.SENT,
        citizen,
        citizen.username,
    )
    assert stored.sent_at is not None


def test_the_target_is_recorded_as_label_and_id(citizen):
    message = queue_message(
        channel="sms", recipient="0912345678", body=BODY, target=citizen, user=citizen
    )
    stored = outbox().get(pk=message.pk)
    assert (stored.target_type, stored.target_id) == ("accounts.user", str(citizen.pk))


def test_staff_of_another_agency_do_not_see_the_message(agency_a, agency_b):
    queue_message(channel="sms", recipient="0912345678", body=BODY, agency=agency_a)
    with scope(agency=[agency_b.pk]):
        assert Message.objects.count() == 0
    with scope(agency=[agency_a.pk]):
        assert Message.objects.count() == 1
