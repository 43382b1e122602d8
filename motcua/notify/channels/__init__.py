"""Channel adapters, one module per transport (STYLE.md habit 15). A new channel is one module,
one entry here, one choice on ``Message.Channel`` and a test against a local fake."""

from __future__ import annotations

from motcua.notify.channels.base import Channel, DeliveryError
from motcua.notify.channels.email import EmailChannel
from motcua.notify.channels.inbox import InboxChannel
from motcua.notify.channels.sms import SmsChannel

CHANNELS: dict[str, type[Channel]] = {
    "email": EmailChannel,
    "sms": SmsChannel,
    "inbox": InboxChannel,
}

__all__ = ["CHANNELS", "Channel", "DeliveryError"]
