"""The public endpoints' limits cannot be dodged with a made-up X-Forwarded-For, and the API
token endpoint is limited per account like the HTML login (issue 17, finding 2)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from motcua import clock
from motcua.testing import PASSWORD

START = datetime(2026, 3, 2, 1, 0, 10, tzinfo=UTC)


@pytest.mark.django_db
def test_made_up_forwarded_headers_do_not_reset_the_lookup_limit(client, settings):
    settings.RATELIMIT_PUBLIC = "5/h"
    statuses = [
        client.get(
            "/api/v1/public/lookup",
            {"code": "000.00.31.H99-250310-0001", "phone": "0912345678"},
            HTTP_X_FORWARDED_FOR=f"10.{i}.{i}.{i}",
        ).status_code
        for i in range(12)
    ]
    assert 429 not in statuses[:5]
    assert set(statuses[5:]) == {429}


@pytest.mark.django_db
def test_the_token_endpoint_makes_one_address_wait_after_failures(client, lan, settings):
    settings.LOGIN_FREE_FAILURES = 3

    def token(password: str, address: str = "198.51.100.1") -> int:
        return client.post(
            "/api/v1/auth/token",
            {"username": "lan", "password": password},
            content_type="application/json",
            REMOTE_ADDR=address,
        ).status_code

    with clock.frozen(START):
        assert [token("sai") for _ in range(5)] == [401, 401, 401, 401, 429]
        assert token(PASSWORD) == 429  # even the right password waits its turn
        assert token(PASSWORD, "198.51.100.2") == 200  # lan at her own desk is not locked out
