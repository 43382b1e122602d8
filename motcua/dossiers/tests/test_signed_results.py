"""Approval with an electronic result: the leader's PAdES signature and the agency's seal on the
draft, verified with pyHanko; every signing error leaves the dossier unapproved and nothing
stored."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.files.storage import default_storage
from django_scopes import scopes_disabled

from motcua.catalog.models import Procedure
from motcua.documents import signatures
from motcua.documents.models import Attachment, Document, SigningIdentity, StoreItem
from motcua.documents.tests import files
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.support import intake_body
from motcua.signing import democa
from motcua.signing.pades import verify_pdf
from motcua.signing.tests.tsa import LocalTimestampAuthority
from motcua.tests.reading import text_of

pytestmark = pytest.mark.django_db

AGENCY = "Ủy ban nhân dân phường Minh Sơn"
DRAFT = "Giấy xác nhận tình trạng hôn nhân"


@pytest.fixture
def at_leader(as_user, lan, minh, hoa, monday):
    """A dossier waiting at the leader's step, and the specialist's draft result."""
    counter, specialist, leader = as_user(lan), as_user(minh), as_user(hoa)
    code = counter.post("/dossiers", intake_body()).json()["code"]
    counter.act(code, "transfer")
    specialist.act(code, "transfer")
    draft = files.post_file(
        specialist.client, specialist.auth, "/files", files.a_pdf(DRAFT), "Dự thảo.pdf"
    ).json()["id"]
    return code, draft, leader


@pytest.fixture
def certificates(give_certificate, hoa, agency_a):
    return give_certificate(hoa), give_certificate(agency=agency_a)


def result_of(leader, code) -> bytes:
    [result] = [
        d for d in leader.get(f"/dossiers/{code}").json()["documents"] if d["role"] == "result"
    ]
    response = leader.get(f"/dossiers/{code}/files/{result['id']}")
    assert response.status_code == 200
    return response.content


def status_of(code) -> str:
    with scopes_disabled():
        return Dossier.objects.get(code=code).status


def nothing_stored_for(code, draft) -> bool:
    with scopes_disabled():
        dossier = Dossier.objects.get(code=code)
    return (
        not Attachment.objects.filter(target_id=dossier.pk).exists()
        and not Document.objects.exclude(pk=draft).exists()
        and not StoreItem.objects.filter(kind="result").exists()
        and default_storage.listdir("documents") is not None
    )


def test_the_leader_signs_and_the_seal_follows_and_both_verify(at_leader, certificates, trusted_ca):
    code, draft, leader = at_leader

    response = leader.act(code, "approve", result_file_id=draft)

    assert response.status_code == 200, response.content
    assert response.json()["status_code"] == 9
    signed = result_of(leader, code)
    first, second = verify_pdf(signed, trust_roots=[trusted_ca[0]])
    assert (first.signer_name, second.signer_name) == ("Lê Thị Hoa", AGENCY)
    assert first.valid and second.valid
    assert first.intact and second.intact
    text = text_of(signed)
    assert DRAFT in text
    assert "Ký bởi: Lê Thị Hoa" in text
    assert f"Cơ quan: {AGENCY}" in text
    assert "Thời gian: 10/03/2025 09:00" in text
    assert f"Con dấu: {AGENCY}" in text


def test_the_signed_result_is_the_dossiers_electronic_result_beside_its_draft(
    at_leader, certificates, no_scopes
):
    code, draft, leader = at_leader

    leader.act(code, "approve", result_file_id=draft)

    documents = leader.get(f"/dossiers/{code}").json()["documents"]
    assert [(d["role"], d["electronic"]) for d in documents] == [
        ("draft", False),
        ("result", True),
    ]
    result = Document.objects.get(pk=documents[1]["id"])
    assert result.origin == "signed"
    assert result.name == f"Giấy xác nhận tình trạng hôn nhân - {code}.pdf"
    [item] = StoreItem.objects.filter(kind="result")
    assert (item.id_number, item.document, item.source_code) == ("001090000001", result, code)
    event = Dossier.objects.get(code=code).movements.get(action="approve")
    assert event.data["signed_by"] == ["Lê Thị Hoa", AGENCY]
    assert event.data["electronic_result"] is True


def test_a_changed_byte_in_the_signed_result_fails_verification(
    at_leader, certificates, trusted_ca
):
    code, draft, leader = at_leader
    leader.act(code, "approve", result_file_id=draft)
    tampered = bytearray(result_of(leader, code))
    tampered[tampered.index(b"Catalog")] ^= 0x20

    reports = verify_pdf(bytes(tampered), trust_roots=[trusted_ca[0]])

    assert not any(r.valid for r in reports)
    assert "Nội dung văn bản đã bị thay đổi sau khi ký." in reports[0].problems


def test_a_procedure_without_a_seal_gets_the_leaders_signature_only(
    at_leader, give_certificate, hoa, trusted_ca
):
    give_certificate(hoa)
    Procedure.objects.filter(code="1.004873").update(result_needs_seal=False)
    code, draft, leader = at_leader

    assert leader.act(code, "approve", result_file_id=draft).status_code == 200

    [only] = verify_pdf(result_of(leader, code), trust_roots=[trusted_ca[0]])
    assert (only.signer_name, only.valid) == ("Lê Thị Hoa", True)


def test_a_time_stamp_authority_makes_the_signatures_time_stamped(
    at_leader, certificates, trusted_ca, settings
):
    code, draft, leader = at_leader
    tsa = democa.issue_timestamp_authority(trusted_ca)
    with LocalTimestampAuthority(tsa, chain=(trusted_ca[0],)) as authority:
        settings.TSA_URL = authority.url
        assert leader.act(code, "approve", result_file_id=draft).status_code == 200

    first, second = verify_pdf(result_of(leader, code), trust_roots=[trusted_ca[0]])
    assert first.timestamp_time is not None and second.timestamp_time is not None
    assert first.valid and second.valid


def test_a_missing_seal_refuses_the_approval_and_stores_nothing(at_leader, give_certificate, hoa):
    give_certificate(hoa)
    code, draft, leader = at_leader

    response = leader.act(code, "approve", result_file_id=draft)

    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "seal_missing"
    assert "chưa có chứng thư số của cơ quan (con dấu)" in body["message"]
    assert status_of(code) == "in_progress"
    assert nothing_stored_for(code, draft)


def test_an_expired_certificate_refuses_the_approval_and_stores_nothing(
    at_leader, certificates, trusted_ca
):
    code, draft, leader = at_leader
    person, _seal = certificates
    expired = democa.issue_signer(
        trusted_ca,
        common_name="Lê Thị Hoa",
        organisation=AGENCY,
        valid_from=datetime(2020, 1, 1, tzinfo=UTC),
        valid_to=datetime(2022, 1, 1, tzinfo=UTC),
        passphrase="mật-khẩu-thử",
        key_type="ec",
    )
    with default_storage.open(person.key_file, "wb") as handle:  # the old card, still on file
        handle.write(expired)

    response = leader.act(code, "approve", result_file_id=draft)

    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "certificate_expired"
    assert body["message"] == "Chứng thư số đã hết hạn ngày 01/01/2022."
    assert status_of(code) == "in_progress"
    assert nothing_stored_for(code, draft)


def test_a_wrong_passphrase_refuses_the_approval(at_leader, certificates):
    code, draft, leader = at_leader
    person, _seal = certificates
    SigningIdentity.objects.filter(pk=person.pk).update(
        passphrase_encrypted=signatures.encrypt_passphrase("mật khẩu cũ")
    )

    response = leader.act(code, "approve", result_file_id=draft)

    assert (response.status_code, response.json()["error"]) == (400, "wrong_passphrase")
    assert response.json()["message"] == "Sai mật khẩu chứng thư số."
    assert status_of(code) == "in_progress"
    assert nothing_stored_for(code, draft)


def test_a_damaged_draft_refuses_the_approval(at_leader, certificates):
    code, draft, leader = at_leader
    with default_storage.open(Document.objects.get(pk=draft).storage_name, "wb") as handle:
        handle.write(files.corrupt_pdf())

    response = leader.act(code, "approve", result_file_id=draft)

    assert response.status_code == 409
    assert "đã bị thay đổi" in response.json()["message"]
    assert status_of(code) == "in_progress"


def test_a_result_that_is_no_pdf_is_refused(at_leader, certificates, as_user, minh):
    code, _draft, leader = at_leader
    specialist = as_user(minh)
    image = files.post_file(specialist.client, specialist.auth, "/files", files.a_jpeg()).json()

    response = leader.act(code, "approve", result_file_id=image["id"])

    assert response.status_code == 400
    assert response.json()["message"] == "Kết quả giải quyết phải là tệp PDF."
    assert status_of(code) == "in_progress"


def test_a_draft_of_another_agency_cannot_be_signed(at_leader, certificates, as_user, outsider):
    code, _draft, leader = at_leader
    theirs = as_user(outsider)
    foreign = files.post_file(theirs.client, theirs.auth, "/files", files.a_pdf()).json()["id"]

    response = leader.act(code, "approve", result_file_id=foreign)

    assert response.status_code == 400
    assert status_of(code) == "in_progress"


def test_someone_who_may_not_approve_gets_403_before_any_signing(
    at_leader, certificates, as_user, minh
):
    code, draft, _leader = at_leader

    response = as_user(minh).act(code, "approve", result_file_id=draft)

    assert response.status_code == 403
    assert Document.objects.count() == 1  # the draft only


def test_without_a_certificate_the_file_is_kept_as_the_scan_of_a_paper_result(at_leader, no_scopes):
    code, draft, leader = at_leader

    response = leader.act(code, "approve", result_file_id=draft)

    assert response.status_code == 200, response.content
    documents = leader.get(f"/dossiers/{code}").json()["documents"]
    assert [(d["id"], d["role"], d["electronic"]) for d in documents] == [(draft, "result", False)]


def test_a_result_signed_elsewhere_with_a_trusted_token_counts_as_electronic(
    at_leader, give_certificate, hoa, as_user, minh, no_scopes
):
    code, _draft, leader = at_leader
    token = give_certificate(hoa)  # stands for a USB token: signed outside MộtCửa
    presigned = signatures.sign(
        files.a_pdf(DRAFT),
        token,
        field_name="Token",
        reason="Ký bằng USB token",
        location="Minh Sơn",
        stamp_lines=["Ký bởi: Lê Thị Hoa"],
    )
    token.is_active = False
    token.save(update_fields=["is_active"])
    specialist = as_user(minh)
    file_id = files.post_file(specialist.client, specialist.auth, "/files", presigned).json()["id"]

    assert leader.act(code, "approve", result_file_id=file_id).status_code == 200

    [result] = leader.get(f"/dossiers/{code}").json()["documents"]
    assert (result["id"], result["electronic"]) == (file_id, True)


def test_approving_without_a_file_is_still_a_paper_result(at_leader, certificates):
    code, _draft, leader = at_leader

    response = leader.act(code, "approve")

    assert response.status_code == 200
    assert leader.get(f"/dossiers/{code}").json()["documents"] == []
