"""The admin lists the outbox read-only and can put failed messages back in the queue."""

from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.audit.models import Event
from motcua.notify.models import Message
from motcua.notify.tests.factories import MessageFactory, outbox

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:notify_message_changelist")
INDEX = reverse("admin:index")


def test_the_outbox_is_listed_and_filtered_but_not_editable(admin_client):
    MessageFactory(failed=True, recipient="0988000111")
    MessageFactory(sent=True, recipient="0977000222")

    listing = admin_client.get(CHANGELIST, {"status__exact": "failed"})

    assert listing.status_code == 200
    assert "0988000111" in listing.text
    assert "0977000222" not in listing.text
    assert admin_client.get(reverse("admin:notify_message_add")).status_code == 403


def test_retrying_puts_failed_messages_through_the_service_and_leaves_others_alone(
    admin_client, admin_user, sms_gateway, django_capture_on_commit_callbacks
):
    failed = MessageFactory(failed=True)
    sent = MessageFactory(sent=True)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            CHANGELIST, {"action": "retry_now", "_selected_action": [failed.pk, sent.pk]}
        )

    assert response.status_code == 302
    failed = outbox().get(pk=failed.pk)
    assert (failed.status, failed.attempts) == (Message.Status.SENT, 1)
    assert [r["RequestId"] for r in sms_gateway.requests] == [str(failed.pk)]
    assert outbox().get(pk=sent.pk).provider_message_id == "esms-da-gui"
    event = Event.objects.with_scopes_disabled().get(action="notify.message_retried")
    assert (event.actor, event.target_id) == (admin_user, str(failed.pk))
    assert event.before == {"status": "failed", "attempts": 6}


def test_the_admin_index_alerts_on_messages_failed_for_good_and_they_can_be_resent(
    admin_client, admin_user, smtp_server, django_capture_on_commit_callbacks
):
    failed = MessageFactory(
        failed=True, channel=Message.Channel.EMAIL, recipient="duc@example.vn", subject="Kết quả"
    )
    MessageFactory(sent=True)
    MessageFactory()  # pending: the sweeper still has it

    index = admin_client.get(INDEX)

    assert "1 thông báo gửi không thành công" in index.text
    link = f"{CHANGELIST}?status__exact=failed"
    assert f'href="{link}"' in index.text
    assert "duc@example.vn" in admin_client.get(link).text

    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(CHANGELIST, {"action": "retry_now", "_selected_action": [failed.pk]})

    failed = outbox().get(pk=failed.pk)
    assert (failed.status, failed.attempts) == (Message.Status.SENT, 1)
    [received] = smtp_server.messages
    assert received["To"] == "duc@example.vn"
    assert received["Message-ID"] == failed.provider_message_id
    event = Event.objects.with_scopes_disabled().get(action="notify.message_retried")
    assert (event.actor, event.before) == (admin_user, {"status": "failed", "attempts": 6})
    assert "gửi không thành công" not in admin_client.get(INDEX).text


def test_no_alert_when_nothing_failed(admin_client):
    MessageFactory(sent=True)

    assert "gửi không thành công" not in admin_client.get(INDEX).text
