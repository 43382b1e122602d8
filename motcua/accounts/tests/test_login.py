"""Web login: Vietnamese form, Argon2 hashes, rate limit, CSRF."""

from __future__ import annotations

import pytest
from django.test import Client

from motcua import settings as production
from motcua.accounts.services import create_staff_user
from motcua.testing import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_login_page_is_in_vietnamese(client):
    response = client.get("/accounts/login/")
    assert response.status_code == 200
    assert "Tên đăng nhập" in response.content.decode()


def test_passwords_are_hashed_with_argon2(settings, agency_a):
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS  # the suite's own hasher is faster
    lan = create_staff_user("lan", agency=agency_a, role="counter", password=PASSWORD)
    assert lan.password.startswith("argon2$")
    assert lan.check_password(PASSWORD)


def test_a_staff_member_logs_in(client, lan):
    response = client.post("/accounts/login/", {"username": "lan", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(lan.pk)


def test_repeated_wrong_passwords_are_throttled(client, lan, settings):
    settings.RATELIMIT_LOGIN = "3/m"
    codes = [
        client.post("/accounts/login/", {"username": "lan", "password": "sai"}).status_code
        for _ in range(5)
    ]
    assert codes[:3] == [200, 200, 200]
    assert codes[3:] == [429, 429]
    # Even the right password waits now: the limit is on attempts, not failures.
    response = client.post("/accounts/login/", {"username": "lan", "password": PASSWORD})
    assert response.status_code == 429
    assert "quá nhiều lần" in response.content.decode()


def test_login_needs_the_csrf_token(lan):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post("/accounts/login/", {"username": "lan", "password": PASSWORD})
    assert response.status_code == 403
