"""Signing identities (chứng thư số) and verification: POST /api/v1/verify and ``verify_pdf``."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from django.core.management import CommandError, call_command
from django.core.management.base import OutputWrapper
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from motcua.documents import signatures
from motcua.documents.models import SigningIdentity
from motcua.documents.tests import files
from motcua.signing import democa
from motcua.signing.base import SigningError

pytestmark = pytest.mark.django_db


def _p12(ca, passphrase="đúng-mật-khẩu", **validity):
    return democa.issue_signer(
        ca,
        common_name="Lê Thị Hoa",
        organisation="UBND phường Minh Sơn",
        valid_from=validity.get("valid_from", datetime(2024, 1, 1, tzinfo=UTC)),
        valid_to=validity.get("valid_to", datetime(2045, 1, 1, tzinfo=UTC)),
        passphrase=passphrase,
        key_type="ec",
    )


def _signed(identity, pdf=None):
    return signatures.sign(
        pdf or files.a_pdf("Quyết định"),
        identity,
        field_name="ChuKy",
        reason="Phê duyệt",
        location="Minh Sơn",
        stamp_lines=["Ký bởi: Lê Thị Hoa", "Thời gian: 10/03/2025 09:00"],
    )


def _edited_after_signing(signed: bytes) -> bytes:
    """New page content added as an incremental update, as an editor would save it."""
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    page_ref, _ = writer.find_page_for_modification(0)
    page = page_ref.get_object()
    page["/Contents"] = writer.add_object(
        generic.StreamObject(stream_data=b"BT /F1 24 Tf 50 50 Td (KHONG DONG Y) Tj ET")
    )
    writer.update_container(page)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_registered_identity_keeps_its_passphrase_encrypted_and_signs(trusted_ca, hoa):
    identity = signatures.register_identity(
        _p12(trusted_ca), kind="person", agency=hoa.agency, user=hoa, passphrase="đúng-mật-khẩu"
    )

    assert identity.subject_name == "Lê Thị Hoa"
    assert identity.not_after == datetime(2045, 1, 1, tzinfo=UTC)
    assert "đúng-mật-khẩu" not in identity.passphrase_encrypted
    assert identity.passphrase_encrypted
    [report] = signatures.verify(_signed(identity)).signatures
    assert (report.signer_name, report.valid) == ("Lê Thị Hoa", True)


def test_a_passphrase_named_by_an_environment_variable_never_enters_the_database(
    trusted_ca, hoa, monkeypatch
):
    monkeypatch.setenv("MOTCUA_P12_HOA", "đúng-mật-khẩu")
    identity = signatures.register_identity(
        _p12(trusted_ca),
        kind="person",
        agency=hoa.agency,
        user=hoa,
        passphrase_env="MOTCUA_P12_HOA",
    )

    assert identity.passphrase_encrypted == ""
    assert signatures.verify(_signed(identity)).valid
    monkeypatch.delenv("MOTCUA_P12_HOA")
    with pytest.raises(SigningError, match="biến môi trường MOTCUA_P12_HOA"):
        _signed(identity)


def test_a_wrong_passphrase_is_refused_at_registration(trusted_ca, hoa):
    with pytest.raises(SigningError, match="Sai mật khẩu chứng thư số"):
        signatures.register_identity(
            _p12(trusted_ca), kind="person", agency=hoa.agency, user=hoa, passphrase="sai"
        )

    assert SigningIdentity.objects.count() == 0


def test_an_expired_certificate_is_refused_at_registration(trusted_ca, hoa):
    expired = _p12(
        trusted_ca,
        valid_from=datetime(2020, 1, 1, tzinfo=UTC),
        valid_to=datetime(2021, 1, 1, tzinfo=UTC),
    )

    with pytest.raises(SigningError, match="đã hết hạn ngày 01/01/2021"):
        signatures.register_identity(
            expired, kind="person", agency=hoa.agency, user=hoa, passphrase="đúng-mật-khẩu"
        )


def test_a_new_certificate_replaces_the_old_one(give_certificate, hoa):
    first = give_certificate(hoa)
    second = give_certificate(hoa)

    first.refresh_from_db()
    assert not first.is_active
    assert signatures.identity_of(hoa) == second


def test_after_a_secret_key_rotation_the_fallback_still_opens_the_passphrase(
    give_certificate, hoa, settings
):
    identity = give_certificate(hoa)
    settings.SECRET_KEY_FALLBACKS = [settings.SECRET_KEY]
    settings.SECRET_KEY = "a-new-secret-key-after-rotation-0123456789"

    assert signatures.verify(_signed(identity)).valid

    settings.SECRET_KEY_FALLBACKS = []
    with pytest.raises(SigningError, match="SECRET_KEY đã đổi"):
        _signed(identity)


def test_the_command_registers_a_leader_with_the_passphrase_from_stdin(
    trusted_ca, hoa, tmp_path, monkeypatch
):
    path = tmp_path / "hoa.p12"
    path.write_bytes(_p12(trusted_ca))
    monkeypatch.setattr("sys.stdin", io.StringIO("đúng-mật-khẩu\n"))
    out = io.StringIO()

    call_command(
        "register_signing_identity", str(path), "--user", "hoa", "--passphrase-stdin", stdout=out
    )

    assert "Lê Thị Hoa" in out.getvalue()
    assert signatures.identity_of(hoa).subject_name == "Lê Thị Hoa"


# Verification ----------------------------------------------------------------------------------


def _verify(client, content, name="ket-qua.pdf"):
    """Verify as a logged-in account (any account may; anonymous callers only when the
    server opens verification to the public)."""
    return files.post_file(client, _reader_auth(), "/verify", content, name)


def _reader_auth() -> dict[str, str]:
    from motcua.accounts.models import User
    from motcua.accounts.tokens import token_for

    reader, _ = User.objects.get_or_create(username="nguoi-doc", defaults={"full_name": "Đọc"})
    return {"HTTP_AUTHORIZATION": f"Bearer {token_for(reader)[0]}"}


def test_anyone_can_verify_a_signed_pdf(client, give_certificate, hoa):
    signed = _signed(give_certificate(hoa))

    body = _verify(client, signed).json()

    assert (body["signed"], body["valid"]) == (True, True)
    [signature] = body["signatures"]
    assert signature["signer"] == "Lê Thị Hoa"
    assert signature["intact"] and signature["trusted"]
    assert signature["signing_time"].endswith("+07:00")
    assert signature["problems"] == []


def test_a_pdf_edited_after_signing_fails_verification(client, give_certificate, hoa):
    signed = _signed(give_certificate(hoa))

    body = _verify(client, _edited_after_signing(signed)).json()

    assert (body["signed"], body["valid"]) == (True, False)
    assert "Văn bản có thay đổi không được phép sau khi ký." in body["signatures"][0]["problems"]


def test_a_pdf_with_a_changed_signed_byte_is_not_intact(client, give_certificate, hoa):
    signed = bytearray(_signed(give_certificate(hoa)))
    signed[signed.index(b"Catalog")] ^= 0x20

    [signature] = _verify(client, bytes(signed)).json()["signatures"]

    assert not signature["intact"]
    assert not signature["valid"]


def test_a_signature_from_an_unknown_authority_is_intact_but_not_trusted(
    client, give_certificate, hoa, settings
):
    signed = _signed(give_certificate(hoa))
    settings.SIGNING_TRUST_ROOTS = []

    [signature] = _verify(client, signed).json()["signatures"]

    assert signature["intact"]
    assert not signature["trusted"]
    assert not signature["valid"]


def test_an_unsigned_pdf_is_reported_as_not_signed(client, trusted_ca):
    assert _verify(client, files.a_pdf()).json() == {
        "signed": False,
        "valid": False,
        "signatures": [],
    }


def test_only_pdfs_can_be_verified(client, trusted_ca):
    response = _verify(client, files.a_png(), "anh.png")

    assert response.status_code == 400
    assert "Chỉ nhận tệp PDF" in response.json()["message"]


def test_verification_is_rate_limited(client, trusted_ca, settings):
    settings.RATELIMIT_PUBLIC = "2/m"
    pdf = files.a_pdf()

    statuses = [_verify(client, pdf).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]


def test_the_verify_pdf_command_reports_signer_time_and_validity(give_certificate, hoa, tmp_path):
    path = tmp_path / "ket-qua.pdf"
    path.write_bytes(_signed(give_certificate(hoa)))
    out = io.StringIO()

    call_command("verify_pdf", str(path), stdout=OutputWrapper(out))

    report = out.getvalue()
    assert "Chữ ký 1" in report and "Lê Thị Hoa" in report
    assert "Nguyên vẹn: có; tin cậy: có; hợp lệ: có" in report
    assert "Mọi chữ ký số đều hợp lệ." in report


def test_the_verify_pdf_command_fails_on_an_edited_pdf(give_certificate, hoa, tmp_path):
    path = tmp_path / "ket-qua.pdf"
    path.write_bytes(_edited_after_signing(_signed(give_certificate(hoa))))
    out = io.StringIO()

    with pytest.raises(CommandError, match="không hợp lệ"):
        call_command("verify_pdf", str(path), stdout=OutputWrapper(out))

    assert "hợp lệ: KHÔNG" in out.getvalue()
