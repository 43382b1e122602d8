"""``Idempotency-Key`` on ``POST /api/v1/public/dossiers``: a client that retries after a
lost answer gets the same dossier, never a duplicate (issue 17, finding 16)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client

from motcua.dossiers.models import Dossier, SubmissionKey
from motcua.portal.tests.support import ANSWERS, COMPONENTS

BODY = {
    "procedure": "1.001193",
    "agency": "000.00.31.H99",
    "applicant": {"name": "Nguyễn Văn An", "phone": "0912345678"},
    "components": COMPONENTS,
    "answers": ANSWERS,
}


def _submit(client, auth, key=None, body=BODY):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(
        "/api/v1/public/dossiers", body, content_type="application/json", **auth, **headers
    )


def _count() -> int:
    return Dossier.objects.with_scopes_disabled().count()


@pytest.mark.django_db
def test_the_same_key_answers_with_the_same_dossier(client, catalog, citizen, api_token):
    auth = api_token(citizen)
    first = _submit(client, auth, "lan-1-8f2c")
    again = _submit(client, auth, "lan-1-8f2c")
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert _count() == 1
    assert _submit(client, auth).status_code == 201  # without a key: a new dossier
    assert _count() == 2


@pytest.mark.django_db
def test_the_same_key_with_other_content_is_a_conflict(client, catalog, citizen, api_token):
    auth = api_token(citizen)
    assert _submit(client, auth, "k-1").status_code == 201
    other = {**BODY, "applicant": {"name": "Nguyễn Văn Bình", "phone": "0912345678"}}
    response = _submit(client, auth, "k-1", other)
    assert response.status_code == 409
    assert response.json()["error"] == "idempotency_key_reused"
    assert _count() == 1


@pytest.mark.django_db
def test_keys_belong_to_one_account(client, catalog, citizen, api_token):
    from motcua.accounts.models import User

    other = User.objects.create_user("0987654321", password="x", phone="0987654321")
    assert _submit(client, api_token(citizen), "k-1").status_code == 201
    assert _submit(client, api_token(other), "k-1").status_code == 201
    assert _count() == 2


@pytest.mark.django_db
def test_a_key_that_is_not_printable_ascii_is_refused(client, catalog, citizen, api_token):
    response = _submit(client, api_token(citizen), "khóa")
    assert response.status_code == 400
    assert _count() == 0


@pytest.mark.django_db(transaction=True)
def test_two_copies_in_flight_at_once_make_one_dossier(catalog, citizen, api_token):
    auth = api_token(citizen)
    start = threading.Barrier(2)
    answers: list = []

    def send() -> None:
        try:
            start.wait()
            answers.append(_submit(Client(), auth, "cung-luc-1"))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [a.status_code for a in answers] == [201, 201]
    assert answers[0].json()["code"] == answers[1].json()["code"]
    assert _count() == 1
    assert SubmissionKey.objects.count() == 1
