"""Outbox rows for tests that need a message in a given state without living through it."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from motcua import clock
from motcua.notify.models import Message


class MessageFactory(DjangoModelFactory):
    class Meta:
        model = Message

    channel = Message.Channel.SMS
    recipient = "0912345678"
    body = "Hồ sơ 000.00.31.H99-250124-0001 đã có kết quả."
    status = Message.Status.PENDING

    class Params:
        failed = factory.Trait(
            status=Message.Status.FAILED,
            attempts=6,
            last_error="Không kết nối được cổng SMS: [Errno 111] Connection refused",
        )
        sent = factory.Trait(
            status=Message.Status.SENT,
            attempts=1,
            sent_at=factory.LazyFunction(clock.now),
            provider_message_id="esms-da-gui",
        )


def outbox():
    """Every message, past the agency scope (tests look at the whole table)."""
    return Message.objects.with_scopes_disabled()
