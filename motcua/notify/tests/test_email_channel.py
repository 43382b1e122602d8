"""E-mail goes out through Django's SMTP backend to a real SMTP server."""

from __future__ import annotations

import pytest
from django.conf import settings

from motcua.notify.models import Message
from motcua.notify.services import queue_message
from motcua.notify.tests.factories import outbox
from motcua.notify.tests.fake_smtp import free_port

pytestmark = pytest.mark.django_db

SUBJECT = "Tiếp nhận hồ sơ 000.00.31.H99-250124-0001"
BODY = (
    "Kính gửi ông Nguyễn Văn Đức,\n\n"
    "Phường Minh Sơn đã tiếp nhận hồ sơ 000.00.31.H99-250124-0001 (Đăng ký khai sinh).\n"
    "Hẹn trả kết quả: 16:00 ngày 31/01/2025."
)


def test_an_email_arrives_over_smtp_with_its_vietnamese_subject_and_body(
    smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = queue_message(
            channel="email", recipient="duc@example.vn", subject=SUBJECT, body=BODY
        )

    message = outbox().get(pk=message.pk)
    assert message.status == Message.Status.SENT
    assert message.attempts == 1
    [envelope] = smtp_server.envelopes
    assert envelope.rcpt_tos == ["duc@example.vn"]
    [received] = smtp_server.messages
    # Django 5.2 folds a long encoded subject onto a continuation line; unfolding keeps that
    # line's leading space, which mail clients drop when they display it.
    assert received["Subject"].strip() == SUBJECT
    assert received["To"] == "duc@example.vn"
    assert received["From"].addresses[0].display_name == "MộtCửa"
    assert received["From"].addresses[0].addr_spec == "khongtraloi@motcua.example"
    assert received.get_content_charset() == "utf-8"
    assert received.get_content().rstrip("\n") == BODY
    assert received["Message-ID"] == message.provider_message_id
    assert settings.DEFAULT_FROM_EMAIL.endswith("<khongtraloi@motcua.example>")


def test_an_unreachable_mail_server_leaves_the_message_pending_for_a_retry(
    settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()  # nothing listens there
    settings.EMAIL_TIMEOUT = 5

    with django_capture_on_commit_callbacks(execute=True):
        message = queue_message(
            channel="email", recipient="duc@example.vn", subject=SUBJECT, body=BODY
        )

    message = outbox().get(pk=message.pk)
    assert (message.status, message.attempts) == (Message.Status.PENDING, 1)
    assert message.last_error.startswith("Máy chủ thư không nhận thư")
    assert message.sent_at is None
