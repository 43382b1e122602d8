"""Channel adapters, one module per transport (STYLE.md habit 15). A new channel is one module,
one entry here, one choice on ``Message.Channel`` and a test against a local fake."""

from __future__ import annotations

from django.conf import settings

from motcua.notify.channels.base import Channel, DeliveryError
from motcua.notify.channels.demo import DemoInboxChannel
from motcua.notify.channels.email import EmailChannel
from motcua.notify.channels.inbox import InboxChannel
from motcua.notify.channels.sms import SmsChannel

CHANNELS: dict[str, type[Channel]] = {
    "email": EmailChannel,
    "sms": SmsChannel,
    "inbox": InboxChannel,
}

DEMO_REPLACED = ("sms", "email")
"""The channels the demo inbox stands in for when ``DEMO_INBOX`` is on."""


def channel_for(name: str) -> Channel:
    """The adapter that sends a message of channel ``name``: the demo inbox in a demo."""
    if settings.DEMO_INBOX and name in DEMO_REPLACED:
        return DemoInboxChannel()
    return CHANNELS[name]()


__all__ = ["CHANNELS", "DEMO_REPLACED", "Channel", "DeliveryError", "channel_for"]
