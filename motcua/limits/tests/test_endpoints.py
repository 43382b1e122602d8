"""The public endpoints' limits cannot be dodged with a made-up X-Forwarded-For, and the API
token endpoint is limited per account like the HTML login (issue 17, finding 2)."""

from __future__ import annotations

import pytest

from motcua.testing import PASSWORD


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
def test_wrong_passwords_for_one_account_from_many_addresses_are_limited(client, lan, settings):
    settings.RATELIMIT_LOGIN = "5/h"
    statuses = [
        client.post(
            "/api/v1/auth/token",
            {"username": "lan", "password": "wrong"},
            content_type="application/json",
            REMOTE_ADDR=f"198.51.100.{i}",
        ).status_code
        for i in range(1, 10)
    ]
    assert statuses[:5] == [401] * 5
    assert set(statuses[5:]) == {429}
    # the right password from a fresh address is refused too while the account is limited
    right = client.post(
        "/api/v1/auth/token",
        {"username": "LAN", "password": PASSWORD},
        content_type="application/json",
        REMOTE_ADDR="198.51.100.200",
    )
    assert right.status_code == 429
