"""Delivery retries with back-off, never sends twice, and gives up after MAX_ATTEMPTS."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from motcua import clock
from motcua.errors import Conflict
from motcua.notify import services
from motcua.notify.models import Message
from motcua.notify.services import deliver, queue_message, send_due_messages
from motcua.notify.tests import fake_esms
from motcua.notify.tests.factories import MessageFactory, outbox

T0 = datetime(2025, 1, 24, 9, 15, tzinfo=UTC)  # 16:15 in Hà Nội, a Friday
BODY = "Mã xác thực của ông/bà là 482916. Mã có hiệu lực trong 5 phút."


def minutes(n: float) -> timedelta:
    return timedelta(minutes=n)


def queue_sms(django_capture_on_commit_callbacks, **extra) -> Message:
    with django_capture_on_commit_callbacks(execute=True):
        message = queue_message(channel="sms", recipient="0912345678", body=BODY, **extra)
    return outbox().get(pk=message.pk)


@pytest.mark.django_db
def test_when_the_gateway_is_down_the_sweeper_delivers_after_the_backoff(
    sms_gateway, django_capture_on_commit_callbacks
):
    sms_gateway.stop()
    with clock.frozen(T0):
        message = queue_sms(django_capture_on_commit_callbacks)
    assert (message.status, message.attempts) == (Message.Status.PENDING, 1)
    assert message.next_attempt_at == T0 + minutes(1)
    assert message.last_error.startswith("Không kết nối được cổng SMS")

    sms_gateway.start()  # back, on the same address
    with clock.frozen(T0 + timedelta(seconds=59)):
        assert send_due_messages() == 0
    assert sms_gateway.requests == []

    with clock.frozen(T0 + minutes(1)):
        assert send_due_messages() == 1
    message = outbox().get(pk=message.pk)
    assert (message.status, message.attempts) == (Message.Status.SENT, 2)
    assert message.sent_at == T0 + minutes(1)
    assert message.last_error == ""
    assert len(sms_gateway.requests) == 1
    assert len(sms_gateway.accepted) == 1

    with clock.frozen(T0 + minutes(500)):
        assert send_due_messages() == 0
    assert len(sms_gateway.requests) == 1


@pytest.mark.django_db
def test_failed_attempts_back_off_1_5_15_60_240_minutes_then_the_message_fails(
    sms_gateway, django_capture_on_commit_callbacks
):
    sms_gateway.mode = fake_esms.REJECT
    with clock.frozen(T0):
        message = queue_sms(django_capture_on_commit_callbacks)
    attempt_at = T0
    for attempts, wait in enumerate([1, 5, 15, 60, 240], start=1):
        assert (message.status, message.attempts) == (Message.Status.PENDING, attempts)
        assert message.next_attempt_at == attempt_at + minutes(wait)
        attempt_at = message.next_attempt_at
        with clock.frozen(attempt_at - timedelta(seconds=1)):
            assert deliver(message.pk).attempts == attempts  # not due yet: untouched
        with clock.frozen(attempt_at):
            message = deliver(message.pk)

    assert (message.status, message.attempts) == (Message.Status.FAILED, services.MAX_ATTEMPTS)
    assert services.MAX_ATTEMPTS == 6
    assert message.last_error.startswith("Cổng SMS từ chối tin (mã 99)")
    assert len(sms_gateway.requests) == 6

    sms_gateway.mode = fake_esms.ACCEPT
    with clock.frozen(T0 + timedelta(days=2)):
        assert send_due_messages() == 0
        assert deliver(message.pk).status == Message.Status.FAILED
    assert len(sms_gateway.requests) == 6


@pytest.mark.django_db
def test_delivering_a_sent_message_again_sends_nothing(
    sms_gateway, django_capture_on_commit_callbacks
):
    with clock.frozen(T0):
        message = queue_sms(django_capture_on_commit_callbacks)
    assert message.status == Message.Status.SENT

    with clock.frozen(T0 + minutes(10)):
        again = deliver(message.pk)
        assert send_due_messages() == 0
        deliver(message.pk)

    assert (again.status, again.attempts, again.sent_at) == (Message.Status.SENT, 1, T0)
    assert again.provider_message_id == message.provider_message_id
    assert len(sms_gateway.requests) == 1


@pytest.mark.django_db
def test_a_worker_that_died_mid_send_is_taken_over_when_its_claim_runs_out(sms_gateway):
    message = MessageFactory(next_attempt_at=T0)
    with clock.frozen(T0):
        _, claimed = services._claim(message.pk)  # a worker claims, then dies before sending
    assert claimed

    with clock.frozen(T0 + minutes(4)):
        assert send_due_messages() == 0
    assert sms_gateway.requests == []

    with clock.frozen(T0 + minutes(5)):
        assert send_due_messages() == 1
    message = outbox().get(pk=message.pk)
    assert (message.status, message.attempts) == (Message.Status.SENT, 2)
    assert len(sms_gateway.requests) == 1


@pytest.mark.django_db
def test_a_late_outcome_from_a_worker_whose_claim_ran_out_does_not_overwrite_the_newer_one(
    sms_gateway,
):
    message = MessageFactory(next_attempt_at=T0)
    with clock.frozen(T0):
        _, claimed = services._claim(message.pk)  # a worker claims and stalls past its lease
    assert claimed
    with clock.frozen(T0 + services.CLAIM_LEASE):
        assert send_due_messages() == 1  # another worker takes over and sends

    with clock.frozen(T0 + minutes(6)):
        late = services._record(message.pk, 1, error="Cổng SMS trả lỗi HTTP 500.")

    assert (late.status, late.attempts, late.last_error) == (Message.Status.SENT, 2, "")
    assert outbox().get(pk=message.pk).status == Message.Status.SENT


@pytest.mark.django_db
def test_only_a_failed_message_can_be_retried(admin_user):
    message = MessageFactory(next_attempt_at=T0)
    with pytest.raises(Conflict) as e:
        services.retry_message(message, actor=admin_user)
    assert e.value.message == "Chỉ gửi lại được thông báo gửi không thành công."
    assert outbox().get(pk=message.pk).status == Message.Status.PENDING


@pytest.mark.django_db
def test_workers_that_die_on_every_attempt_do_not_keep_the_message_forever(sms_gateway):
    message = MessageFactory(next_attempt_at=T0)
    at = T0
    for _ in range(services.MAX_ATTEMPTS):
        with clock.frozen(at):
            assert services._claim(message.pk)[1]
        at += services.CLAIM_LEASE

    with clock.frozen(at):
        assert send_due_messages() == 0
    message = outbox().get(pk=message.pk)
    assert message.status == Message.Status.FAILED
    assert message.last_error == "Đã thử gửi 6 lần; lần cuối bị gián đoạn."
    assert sms_gateway.requests == []


@pytest.mark.django_db
def test_a_one_time_code_past_its_expiry_is_not_sent(
    sms_gateway, django_capture_on_commit_callbacks
):
    sms_gateway.stop()
    with clock.frozen(T0):
        message = queue_sms(django_capture_on_commit_callbacks, expires_at=T0 + minutes(0.5))
    assert message.status == Message.Status.PENDING

    sms_gateway.start()
    with clock.frozen(T0 + minutes(1)):
        assert send_due_messages() == 0
    message = outbox().get(pk=message.pk)
    assert message.status == Message.Status.FAILED
    assert message.last_error == "Tin đã quá hạn gửi, không gửi nữa."
    assert sms_gateway.requests == []


@pytest.mark.django_db
def test_the_sweeper_sends_the_oldest_due_messages_first_up_to_its_limit(sms_gateway):
    newest = MessageFactory(next_attempt_at=T0 - minutes(1))
    oldest = MessageFactory(next_attempt_at=T0 - minutes(3))
    middle = MessageFactory(next_attempt_at=T0 - minutes(2))
    not_due = MessageFactory(next_attempt_at=T0 + minutes(1))

    with clock.frozen(T0):
        assert send_due_messages(limit=2) == 2

    assert [r["RequestId"] for r in sms_gateway.requests] == [str(oldest.pk), str(middle.pk)]
    statuses = dict(outbox().values_list("pk", "status"))
    assert statuses[newest.pk] == statuses[not_due.pk] == Message.Status.PENDING


@pytest.mark.django_db(transaction=True)
def test_a_message_being_sent_by_one_worker_is_not_sent_by_another(sms_gateway):
    message = MessageFactory(next_attempt_at=T0)
    sms_gateway.mode = fake_esms.HOLD  # the gateway holds the first worker's request
    outcome: dict[str, Message] = {}

    def first_worker() -> None:
        try:
            with clock.frozen(T0):
                outcome["first"] = deliver(message.pk)
        finally:
            connection.close()

    worker = threading.Thread(target=first_worker)
    worker.start()
    try:
        assert sms_gateway.arrived.wait(timeout=10)
        with clock.frozen(T0 + timedelta(seconds=2)):
            second = deliver(message.pk)
            assert send_due_messages() == 0
    finally:
        sms_gateway.release()
        worker.join(timeout=10)

    assert (second.status, second.attempts) == (Message.Status.PENDING, 1)
    assert outcome["first"].status == Message.Status.SENT
    assert len(sms_gateway.requests) == 1
    assert outbox().get(pk=message.pk).status == Message.Status.SENT
