from __future__ import annotations

import pytest

from motcua.dossiers.tests.support import intake_body


@pytest.fixture
def platform_fake(settings):
    """The fake national payment platform on a free port; the PAYMENT_* settings point at it."""
    from motcua.payments import fake_platform

    fake = fake_platform.FakePlatform()
    fake.start()
    settings.PAYMENT_INIT_URL = fake.init_url
    settings.PAYMENT_QUERY_URL = fake.query_url
    settings.PAYMENT_PARTNER_CODE = fake_platform.PARTNER
    settings.PAYMENT_SECRET = fake_platform.SECRET
    settings.PAYMENT_TIMEOUT_SECONDS = 5
    yield fake
    fake.stop()


@pytest.fixture
def waiting(as_user, lan, minh, monday):
    """A dossier of phường Minh Sơn waiting for a 150.000 đ fee (status 6): its code and the
    counter officer's and the specialist's API clients."""
    counter, specialist = as_user(lan), as_user(minh)
    code = counter.post("/dossiers", intake_body()).json()["code"]
    counter.act(code, "transfer")
    assert specialist.act(code, "request_payment", amount=150000).json()["status_code"] == 6
    return code, counter, specialist


def post_confirmation(client, body, **extra):
    return client.post(
        "/api/v1/payments/dvcqg/confirm", body, content_type="application/json", **extra
    )
