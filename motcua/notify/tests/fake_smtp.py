"""A real SMTP server on 127.0.0.1 (aiosmtpd) that keeps what it receives, for e-mail tests."""

from __future__ import annotations

import email
import email.policy
import socket
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


def free_port() -> int:
    """A port nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Mailbox:
    """aiosmtpd handler: accepts every message and keeps its envelope."""

    def __init__(self) -> None:
        self.envelopes: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"

    @property
    def messages(self) -> list[EmailMessage]:
        """What arrived, parsed the way a mail client would (SMTP's CRLF line ends turned into
        newlines, as a mail store does)."""
        return [
            email.message_from_bytes(
                envelope.content.replace(b"\r\n", b"\n"), policy=email.policy.default
            )
            for envelope in self.envelopes
        ]


def start_smtp_server() -> tuple[Controller, Mailbox]:
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    return controller, mailbox
