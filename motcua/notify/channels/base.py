"""What a channel adapter is: one method that sends one message or raises DeliveryError."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from motcua.notify.models import Message


class DeliveryError(Exception):
    """The provider did not accept the message this time; the outbox tries again later.

    ``str(error)`` is a Vietnamese sentence an operator can act on; it is kept in
    ``Message.last_error``."""


class Channel(ABC):
    """A transport for one kind of message (kênh gửi thông báo).

    Adapters read their settings when they send, hold no state between messages and never
    touch the outbox row: the service records the outcome."""

    @abstractmethod
    def send(self, message: Message) -> str:
        """Hand ``message`` to the provider; answer the provider's id for it ("" if none).

        Raise :class:`DeliveryError` when it was not accepted."""
