"""``POST /api/v1/verify`` cannot be used to tie up the server: a login by default, a small
size limit, and a bounded number of verifications at a time (issue 17, finding 3)."""

from __future__ import annotations

import pytest

from motcua.accounts.tokens import token_for
from motcua.documents.tests import files
from motcua.limits import slots

pytestmark = pytest.mark.django_db


def bearer(user) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token_for(user)[0]}"}


def test_verification_needs_a_login_by_default(client, trusted_ca):
    response = files.post_file(client, {}, "/verify", files.a_pdf(), "ket-qua.pdf")
    assert response.status_code == 401


def test_a_server_may_open_verification_to_everybody(client, trusted_ca, settings):
    settings.VERIFY_PUBLIC = True
    response = files.post_file(client, {}, "/verify", files.a_pdf(), "ket-qua.pdf")
    assert response.status_code == 200
    assert response.json()["signed"] is False


def test_files_above_the_verification_limit_are_refused_unread(client, citizen, settings):
    pdf = files.a_pdf(pages=3)
    settings.VERIFY_MAX_BYTES = len(pdf) - 1
    assert len(pdf) < settings.UPLOAD_MAX_BYTES
    response = files.post_file(client, bearer(citizen), "/verify", pdf, "ket-qua.pdf")
    assert response.status_code == 413
    assert "Tệp quá lớn" in response.json()["message"]


def test_a_verification_finding_every_slot_taken_is_answered_503_at_once(
    client, citizen, trusted_ca, settings
):
    settings.VERIFY_CONCURRENCY = 1
    with slots.slot("verify", 1):  # another worker is verifying
        response = files.post_file(client, bearer(citizen), "/verify", files.a_pdf(), "a.pdf")
    assert response.status_code == 503
    assert response.json()["error"] == "busy"
    again = files.post_file(client, bearer(citizen), "/verify", files.a_pdf(), "a.pdf")
    assert again.status_code == 200


def test_slots_are_shared_and_freed(settings):
    with slots.slot("verify", 2) as first, slots.slot("verify", 2) as second:
        assert {first, second} == {0, 1}
        with pytest.raises(slots.Busy), slots.slot("verify", 2):
            pass
    with slots.slot("verify", 2) as again:
        assert again == 0
