"""The demo inbox (hộp thư trình diễn): in a demo (``DEMO_INBOX``), SMS and e-mail go nowhere
outside; the outbox row is the message, shown on the demo inbox page, like the portal inbox."""

from __future__ import annotations

from typing import TYPE_CHECKING

from motcua.notify.channels.base import Channel

if TYPE_CHECKING:
    from motcua.notify.models import Message

PROVIDER_PREFIX = "hop-thu-trinh-dien:"


class DemoInboxChannel(Channel):
    def send(self, message: Message) -> str:
        return f"{PROVIDER_PREFIX}{message.pk}"
