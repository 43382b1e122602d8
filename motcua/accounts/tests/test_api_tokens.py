"""Token auth for /api/v1/: wrong password, expired and revoked tokens are refused."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django_scopes import scopes_disabled

from motcua import clock
from motcua.accounts.models import ApiToken
from motcua.testing import PASSWORD

pytestmark = pytest.mark.django_db


def post_token(client, username, password):
    return client.post(
        "/api/v1/auth/token",
        {"username": username, "password": password},
        content_type="application/json",
    )


def test_a_token_is_issued_for_the_right_password_and_stored_hashed(client, thu):
    response = post_token(client, "thu", PASSWORD)
    assert response.status_code == 200
    token = response.json()["token"]
    row = ApiToken.objects.get(user=thu)
    assert token not in (row.digest, row.prefix)
    assert len(row.digest) == 64
    assert (
        client.get("/api/v1/audit/events", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    )


def test_a_wrong_password_gets_401_in_the_contract_shape(client, thu):
    response = post_token(client, "thu", "sai-mat-khau")
    assert response.status_code == 401
    body = response.json()
    assert body["error"] == "invalid_credentials"
    assert "mật khẩu không đúng" in body["message"]
    assert not ApiToken.objects.exists()


def test_an_unknown_token_gets_401(client, thu):
    response = client.get("/api/v1/audit/events", HTTP_AUTHORIZATION="Bearer mc_not-a-real-token")
    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized"


def test_an_expired_token_is_refused(client, thu):
    token = post_token(client, "thu", PASSWORD).json()["token"]
    later = clock.now() + timedelta(hours=24 * 8)
    with clock.frozen(later):
        response = client.get("/api/v1/audit/events", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 401


def test_a_revoked_token_is_refused(client, thu):
    token = post_token(client, "thu", PASSWORD).json()["token"]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    assert client.post("/api/v1/auth/token/revoke", **auth).status_code == 204
    assert client.get("/api/v1/audit/events", **auth).status_code == 401
    with scopes_disabled():
        from motcua.audit.models import Event

        assert Event.objects.filter(action="accounts.token_revoked").count() == 1


def test_a_citizen_token_does_not_open_staff_endpoints(client, citizen):
    token = post_token(client, citizen.username, PASSWORD).json()["token"]
    response = client.get("/api/v1/audit/events", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 401


def test_malformed_input_gets_a_vietnamese_400(client):
    response = client.post("/api/v1/auth/token", {"username": "x"}, content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "validation_error"
    assert body["details"] == {"password": "thiếu trường bắt buộc"}
