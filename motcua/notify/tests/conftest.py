"""Local fakes speaking the real protocols: an SMTP server and an eSMS.vn gateway."""

from __future__ import annotations

import pytest

from motcua.notify.tests import fake_esms
from motcua.notify.tests.fake_smtp import start_smtp_server


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on 127.0.0.1; Django's SMTP backend points at it."""
    controller, mailbox = start_smtp_server()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = controller.hostname
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    yield mailbox
    controller.stop()


@pytest.fixture
def sms_gateway(settings):
    """A fake eSMS.vn gateway on 127.0.0.1; the SMS settings point at it."""
    gateway = fake_esms.FakeEsmsGateway()
    gateway.start()
    settings.SMS_GATEWAY_URL = gateway.url
    settings.SMS_API_KEY = fake_esms.API_KEY
    settings.SMS_SECRET_KEY = fake_esms.SECRET_KEY
    settings.SMS_BRANDNAME = "UBND-MINHSON"
    settings.SMS_TIMEOUT_SECONDS = 5
    yield gateway
    gateway.stop()
