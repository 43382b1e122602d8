"""Nobody can lock a person out of the login by failing on purpose: failures count per
(account, address) with a growing delay, attempts per address (issue 17, finding 11)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from motcua import clock
from motcua.limits.backoff import delay_after
from motcua.testing import PASSWORD

pytestmark = pytest.mark.django_db

START = datetime(2026, 3, 2, 1, 0, 10, tzinfo=UTC)
ATTACKER, LAN_DESK = "203.0.113.66", "198.51.100.20"


def _login(client, password: str, address: str, username: str = "lan") -> int:
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    ).status_code


def test_forty_failures_elsewhere_do_not_lock_a_staff_member_out(client, lan):
    with clock.frozen(START):
        for i in range(40):
            _login(client, "sai", f"203.0.113.{i}")
        assert _login(client, PASSWORD, LAN_DESK) == 302


def test_failures_from_one_address_wait_longer_and_longer(client, lan, settings):
    settings.LOGIN_FREE_FAILURES = 3
    with clock.frozen(START):
        assert [_login(client, "sai", ATTACKER) for _ in range(4)] == [200, 200, 200, 200]
        assert _login(client, "sai", ATTACKER) == 429  # the 4th failure costs 1 s
    with clock.frozen(START + timedelta(seconds=1)):
        assert _login(client, "sai", ATTACKER) == 200  # the 5th failure: 2 s
    with clock.frozen(START + timedelta(seconds=2)):
        response = client.post(
            "/accounts/login/", {"username": "lan", "password": PASSWORD}, REMOTE_ADDR=ATTACKER
        )
        assert response.status_code == 429
        assert response["Retry-After"] == "1"
    with clock.frozen(START + timedelta(seconds=3)):
        assert _login(client, PASSWORD, ATTACKER) == 302


def test_a_success_clears_the_failures(client, lan, settings):
    settings.LOGIN_FREE_FAILURES = 2
    with clock.frozen(START):
        _login(client, "sai", LAN_DESK)
        _login(client, "sai", LAN_DESK)
        assert _login(client, PASSWORD, LAN_DESK) == 302
        client.logout()
        assert [_login(client, "sai", LAN_DESK) for _ in range(3)] == [200, 200, 200]


def test_the_delay_doubles_up_to_its_cap():
    delays = [delay_after(n, free=5, cap=900) for n in range(4, 20)]
    assert delays[:6] == [0, 0, 1, 2, 4, 8]
    assert max(delays) == 900


def test_a_citizen_is_not_locked_out_of_the_portal_by_strangers(client, citizen):
    with clock.frozen(START):
        for i in range(40):
            client.post(
                "/tai-khoan/dang-nhap/",
                {"contact": "0912345678", "password": "sai"},
                REMOTE_ADDR=f"203.0.113.{i}",
            )
        response = client.post(
            "/tai-khoan/dang-nhap/",
            {"contact": "0912345678", "password": PASSWORD},
            REMOTE_ADDR=LAN_DESK,
        )
    assert response.status_code == 302
