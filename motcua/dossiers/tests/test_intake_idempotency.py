"""``Idempotency-Key`` on the counter's ``POST /api/v1/dossiers``: a counter system that retries
after a lost answer gets the same dossier, never a duplicate (issue 17, finding 16)."""

from __future__ import annotations

import pytest

from motcua.dossiers.models import Dossier, SubmissionKey
from motcua.dossiers.tests.support import intake_body

pytestmark = pytest.mark.django_db


def _receive(client, auth, key=None, **overrides):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(
        "/api/v1/dossiers",
        intake_body(**overrides),
        content_type="application/json",
        **auth,
        **headers,
    )


def _count() -> int:
    return Dossier.objects.with_scopes_disabled().count()


def test_the_same_key_answers_with_the_same_dossier(client, catalog, lan, api_token, monday):
    auth = api_token(lan)
    first = _receive(client, auth, "quay-1-0001")
    again = _receive(client, auth, "quay-1-0001")

    assert first.status_code == again.status_code == 201
    assert again.json()["code"] == first.json()["code"]
    assert _count() == 1
    assert SubmissionKey.objects.get().sender == lan


def test_the_same_key_with_other_content_is_a_conflict_and_writes_nothing(
    client, catalog, lan, api_token, monday
):
    auth = api_token(lan)
    _receive(client, auth, "quay-1-0002")
    other = _receive(client, auth, "quay-1-0002", note="Một hồ sơ khác")

    assert other.status_code == 409
    assert other.json()["error"] == "idempotency_key_reused"
    assert _count() == 1


def test_without_a_key_each_request_is_a_new_dossier(client, catalog, lan, api_token, monday):
    auth = api_token(lan)
    codes = {_receive(client, auth).json()["code"] for _ in range(2)}
    assert len(codes) == 2 and _count() == 2


def test_a_key_belongs_to_the_officer_who_sent_it(
    client, catalog, lan, outsider, api_token, monday
):
    """Another officer's request with the same key is their own intake."""
    first = _receive(client, api_token(lan), "quay-1-0003")
    theirs = _receive(client, api_token(outsider), "quay-1-0003")

    assert first.status_code == theirs.status_code == 201
    assert theirs.json()["code"] != first.json()["code"]
