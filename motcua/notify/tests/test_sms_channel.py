"""SMS goes out to an eSMS.vn gateway over its JSON protocol; anything but an accepted answer is
a failure to retry, never a silent success."""

from __future__ import annotations

import pytest

from motcua.notify.models import Message
from motcua.notify.services import queue_message
from motcua.notify.tests import fake_esms
from motcua.notify.tests.factories import outbox

pytestmark = pytest.mark.django_db

BODY = "Hồ sơ 000.00.31.H99-250124-0001 cần bổ sung: bản sao giấy chứng nhận kết hôn."


def send_sms(django_capture_on_commit_callbacks, recipient="0912345678") -> Message:
    with django_capture_on_commit_callbacks(execute=True):
        message = queue_message(channel="sms", recipient=recipient, body=BODY)
    return outbox().get(pk=message.pk)


def test_an_sms_reaches_the_gateway_with_the_exact_esms_fields(
    sms_gateway, django_capture_on_commit_callbacks
):
    message = send_sms(django_capture_on_commit_callbacks, recipient="+84 912 345 678")

    assert sms_gateway.requests == [
        {
            "ApiKey": fake_esms.API_KEY,
            "SecretKey": fake_esms.SECRET_KEY,
            "Phone": "0912345678",
            "Content": BODY,
            "Brandname": "UBND-MINHSON",
            "SmsType": "2",
            "IsUnicode": "1",
            "RequestId": str(message.pk),
            "Sandbox": "0",
        }
    ]
    assert sms_gateway.content_types[0].startswith("application/json")
    assert message.status == Message.Status.SENT
    assert message.provider_message_id  # the gateway's SMSID
    assert message.last_error == ""


def test_a_refusal_code_from_the_gateway_is_a_failure_to_retry(
    sms_gateway, django_capture_on_commit_callbacks
):
    sms_gateway.mode = fake_esms.REJECT
    sms_gateway.reject_message = "Số dư tài khoản không đủ"

    message = send_sms(django_capture_on_commit_callbacks)

    assert (message.status, message.attempts) == (Message.Status.PENDING, 1)
    assert message.last_error == "Cổng SMS từ chối tin (mã 99): Số dư tài khoản không đủ"
    assert message.provider_message_id == ""
    assert len(sms_gateway.requests) == 1


def test_wrong_api_keys_are_a_failure_not_a_success(
    settings, sms_gateway, django_capture_on_commit_callbacks
):
    settings.SMS_SECRET_KEY = "khoa-cu-da-doi"

    message = send_sms(django_capture_on_commit_callbacks)

    assert message.status == Message.Status.PENDING
    assert message.last_error == "Cổng SMS từ chối tin (mã 101): Authorize Failed"


def test_an_http_error_from_the_gateway_is_a_failure_to_retry(
    sms_gateway, django_capture_on_commit_callbacks
):
    sms_gateway.mode = fake_esms.HTTP_500

    message = send_sms(django_capture_on_commit_callbacks)

    assert (message.status, message.attempts) == (Message.Status.PENDING, 1)
    assert message.last_error == "Cổng SMS trả lỗi HTTP 500."


def test_a_gateway_that_does_not_answer_in_time_is_a_failure_to_retry(
    settings, sms_gateway, django_capture_on_commit_callbacks
):
    sms_gateway.mode = fake_esms.HANG
    settings.SMS_TIMEOUT_SECONDS = 0.5

    message = send_sms(django_capture_on_commit_callbacks)

    assert (message.status, message.attempts) == (Message.Status.PENDING, 1)
    assert message.last_error == "Cổng SMS không trả lời kịp (quá thời gian chờ)."
    assert len(sms_gateway.requests) == 1


def test_a_gateway_that_is_down_is_a_failure_to_retry(
    sms_gateway, django_capture_on_commit_callbacks
):
    sms_gateway.stop()

    message = send_sms(django_capture_on_commit_callbacks)

    assert (message.status, message.attempts) == (Message.Status.PENDING, 1)
    assert message.last_error.startswith("Không kết nối được cổng SMS")


def test_an_unconfigured_sms_gateway_is_never_a_success(
    settings, django_capture_on_commit_callbacks
):
    settings.SMS_GATEWAY_URL = ""

    message = send_sms(django_capture_on_commit_callbacks)

    assert (message.status, message.attempts) == (Message.Status.PENDING, 1)
    assert message.sent_at is None
    assert message.last_error == "Chưa cấu hình cổng SMS (SMS_GATEWAY_URL)."
