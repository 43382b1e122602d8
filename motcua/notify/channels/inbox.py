"""The portal inbox (hộp thư trên Cổng): the outbox row is the inbox, so there is no transport."""

from __future__ import annotations

from typing import TYPE_CHECKING

from motcua.notify.channels.base import Channel, DeliveryError

if TYPE_CHECKING:
    from motcua.notify.models import Message


class InboxChannel(Channel):
    def send(self, message: Message) -> str:
        if message.user_id is None:
            raise DeliveryError("Tin trên Cổng không có tài khoản người nhận.")
        return ""
