"""API tokens end with the password they were issued under, with the account, and (when a
logged-in browser got them) with the browser's session (issue 17, finding 7)."""

from __future__ import annotations

import pytest
from django.test import Client

from motcua.accounts.models import ApiToken
from motcua.accounts.services import change_staff_user
from motcua.accounts.tokens import user_for_token
from motcua.audit.models import Event
from motcua.testing import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_scopes")]

EVENTS = "/api/v1/audit/events"


def _token(client: Client, username: str) -> str:
    response = client.post(
        "/api/v1/auth/token",
        {"username": username, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200
    return response.json()["token"]


def _works(token: str) -> bool:
    status = Client().get(EVENTS, HTTP_AUTHORIZATION=f"Bearer {token}").status_code
    assert status in (200, 401)
    return status == 200


def test_a_password_change_ends_every_token(thu):
    token = _token(Client(), "thu")
    assert _works(token)
    thu.set_password("mat-khau-moi-2026")  # any path: the admin site, changepassword …
    thu.save()
    assert user_for_token(token) is None


def test_deactivating_an_account_revokes_its_tokens_for_good(thu, hoa, agency_a):
    token = _token(Client(), "hoa")
    change_staff_user(hoa, actor=thu, is_active=False)
    assert ApiToken.objects.get(user=hoa).revoked_at is not None
    event = Event.objects.get(action="accounts.token_revoked")
    assert event.data == {"reason": "deactivated", "count": 1}
    change_staff_user(hoa, actor=thu, is_active=True)
    assert user_for_token(token) is None


def test_logging_out_revokes_the_tokens_given_to_that_browser_only(client, thu):
    client.force_login(thu)
    browser_token = _token(client, "thu")
    script_token = _token(Client(), "thu")  # a script's token, no session
    assert _works(browser_token) and _works(script_token)
    assert client.post("/accounts/logout/").status_code == 302
    assert not _works(browser_token)
    assert _works(script_token)


def test_a_citizen_logging_out_of_the_portal_revokes_the_browsers_token(client, citizen):
    client.force_login(citizen)
    token = _token(client, citizen.username)
    assert user_for_token(token) == citizen
    assert client.post("/tai-khoan/dang-xuat/").status_code == 302
    assert ApiToken.objects.get(user=citizen).revoked_at is not None
    assert user_for_token(token) is None
