from __future__ import annotations

import pytest

from motcua.dossiers.tests.support import intake_body


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
