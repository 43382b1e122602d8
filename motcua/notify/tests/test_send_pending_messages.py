"""send_pending_messages: the sweeper as a command for cron and systemd."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from motcua.notify.models import Message
from motcua.notify.services import queue_message
from motcua.notify.tests.factories import outbox

pytestmark = pytest.mark.django_db


def test_it_sends_messages_whose_delivery_task_was_lost(sms_gateway, smtp_server):
    # Queued and committed, but the process died before enqueueing: no on-commit callback ran.
    sms = queue_message(channel="sms", recipient="0912345678", body="Hồ sơ đã có kết quả.")
    mail = queue_message(
        channel="email", recipient="an@example.vn", subject="Kết quả", body="Hồ sơ đã có kết quả."
    )
    assert sms_gateway.requests == [] and smtp_server.envelopes == []

    out = io.StringIO()
    call_command("send_pending_messages", stdout=out)

    assert out.getvalue().strip() == "Đã gửi 2 thông báo."
    assert outbox().get(pk=sms.pk).status == Message.Status.SENT
    assert outbox().get(pk=mail.pk).status == Message.Status.SENT
    assert len(sms_gateway.accepted) == 1
    assert len(smtp_server.envelopes) == 1


def test_it_refuses_a_limit_below_one():
    with pytest.raises(CommandError, match="--limit phải là số nguyên dương"):
        call_command("send_pending_messages", "--limit", "0")
