"""The admin lists the outbox read-only and can put failed messages back in the queue."""

from __future__ import annotations

import pytest
from django.urls import reverse

from motcua.audit.models import Event
from motcua.notify.models import Message
from motcua.notify.tests.factories import MessageFactory, outbox

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:notify_message_changelist")


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
