"""E-mail through Django's configured backend (SMTP in production, EMAIL_URL in settings)."""

from __future__ import annotations

import smtplib
from email.utils import make_msgid
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.utils import DNS_NAME

from motcua.notify.channels.base import Channel, DeliveryError

if TYPE_CHECKING:
    from motcua.notify.models import Message

# Django's SMTP backend waits forever unless told otherwise; a stuck server must not hold a
# message past the worker's claim on it (services.CLAIM_LEASE).
DEFAULT_TIMEOUT_SECONDS = 30


class EmailChannel(Channel):
    def send(self, message: Message) -> str:
        message_id = make_msgid(idstring=f"motcua.{message.pk}", domain=str(DNS_NAME))
        email = EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.recipient],
            headers={"Message-ID": message_id},
        )
        timeout = settings.EMAIL_TIMEOUT or DEFAULT_TIMEOUT_SECONDS
        try:
            connection = get_connection(fail_silently=False, timeout=timeout)
            accepted = connection.send_messages([email])
        except (smtplib.SMTPException, OSError) as error:
            raise DeliveryError(f"Máy chủ thư không nhận thư: {error}") from error
        if not accepted:
            raise DeliveryError("Máy chủ thư không nhận thư (không có thư nào được gửi).")
        return message_id
