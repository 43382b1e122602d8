"""``archive_verify`` reports an altered or missing stored file and a broken signature, and
never repairs or re-signs anything. The signatures of a file whose bytes are those a full check
found intact (its seal) are not parsed again; every other signed file, and every file under
``--full``, is checked in full."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from motcua.archive import closing, verify
from motcua.archive.models import ArchiveDocument
from motcua.archive.tests.conftest import dossier
from motcua.documents import storage

pytestmark = pytest.mark.django_db


def _run(*args: str) -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("archive_verify", *args, stdout=out)
    except SystemExit as exit:
        return int(exit.code), out.getvalue()
    return 0, out.getvalue()


def _replace(name: str, content: bytes) -> None:
    store = storage.storage()
    store.delete(name)
    store.save(name, io.BytesIO(content))


def test_an_untouched_archive_verifies(finished, no_scopes):
    closing.close_file(dossier(finished))

    code, out = _run()

    assert code == 0
    assert "Đã kiểm tra 5 tệp (2 chữ ký số); 0 lỗi." in out
    assert "Chữ ký số: 0 kiểm tra lại đầy đủ; 2 không phân tích lại" in out


def test_an_altered_file_is_reported_and_left_as_it_is(finished, no_scopes):
    file = closing.close_file(dossier(finished))
    paper = file.documents.get(kind="component")
    altered = storage.read_blob(paper.document.storage_name) + b"%% them\n"
    _replace(paper.document.storage_name, altered)

    code, out = _run()

    assert code == 1
    assert f"LỖI {file.file_code} {paper.path}: Tệp đã bị thay đổi" in out
    assert storage.read_blob(paper.document.storage_name) == altered  # not repaired


def test_a_missing_file_is_reported(finished, no_scopes):
    file = closing.close_file(dossier(finished))
    sheet = file.documents.get(kind="control_sheet")
    storage.storage().delete(sheet.document.storage_name)

    code, out = _run()

    assert code == 1
    assert f"{sheet.path}: Không đọc được tệp" in out


def test_a_broken_signature_is_reported_even_when_the_digest_was_rewritten(finished, no_scopes):
    """Somebody changed a signed result and its recorded digests to match: the signature
    still tells."""
    file = closing.close_file(dossier(finished))
    result = file.documents.get(kind="result")
    _tamper(result)

    code, out = _run()

    assert code == 1
    assert f"{result.path}: Chữ ký số bị hỏng" in out


@pytest.fixture
def parses(monkeypatch) -> list[int]:
    """The full signature checks ``archive_verify`` makes (the pyHanko parse), counted."""
    calls: list[int] = []
    real = verify.broken_signatures

    def counted(content: bytes):
        calls.append(len(content))
        return real(content)

    monkeypatch.setattr(verify, "broken_signatures", counted)
    return calls


def _tamper(result: ArchiveDocument) -> bytes:
    """The signed result with a byte of its signed range changed, its digests rewritten to
    match (as someone with write access to the database and the storage could)."""
    import hashlib

    content = bytearray(storage.read_blob(result.document.storage_name))
    content[content.index(b"Catalog")] ^= 0x20
    digest = hashlib.sha256(content).hexdigest()
    _replace(result.document.storage_name, bytes(content))
    result.sha256 = digest
    result.save(update_fields=["sha256"])
    result.document.sha256 = digest
    result.document.save(update_fields=["sha256"])
    return bytes(content)


def test_closing_seals_intact_signatures_and_verify_does_not_parse_them_again(
    finished, no_scopes, parses
):
    file = closing.close_file(dossier(finished))
    result = file.documents.get(kind="result")
    assert result.signatures == 2
    assert verify.sealed(result.signatures_seal, result.sha256, 2)
    assert not verify.sealed(result.signatures_seal, result.sha256, 1)
    assert all(not d.signatures_seal for d in file.documents.filter(signatures=0))
    parses.clear()  # closing checked them

    code, out = _run()

    assert code == 0
    assert parses == []
    assert "Chữ ký số: 0 kiểm tra lại đầy đủ; 2 không phân tích lại" in out


def test_full_re_checks_every_signature(finished, no_scopes, parses):
    closing.close_file(dossier(finished))
    parses.clear()

    code, out = _run("--full")

    assert code == 0
    assert len(parses) == 1  # the one signed result, both its signatures
    assert "Đã kiểm tra 5 tệp (2 chữ ký số); 0 lỗi." in out
    assert "Chữ ký số: 2 kiểm tra lại đầy đủ; 0 không phân tích lại" in out


def test_a_sealed_result_altered_after_closing_is_reported(finished, no_scopes, parses):
    file = closing.close_file(dossier(finished))
    result = file.documents.get(kind="result")
    content = storage.read_blob(result.document.storage_name)
    _replace(result.document.storage_name, content.replace(b"/Catalog", b"/Catalog ", 1))
    parses.clear()

    code, out = _run()

    assert code == 1
    assert f"LỖI {file.file_code} {result.path}: Tệp đã bị thay đổi" in out
    assert parses == []  # the digest alone tells


def test_a_seal_does_not_vouch_for_rewritten_bytes(finished, no_scopes, parses):
    file = closing.close_file(dossier(finished))
    result = file.documents.get(kind="result")
    kept = result.signatures_seal
    _tamper(result)
    parses.clear()

    code, out = _run()

    assert code == 1
    assert f"{result.path}: Chữ ký số bị hỏng" in out
    assert len(parses) == 1
    result.refresh_from_db()
    assert result.signatures_seal == kept  # a broken file is never sealed


def test_a_file_without_a_seal_is_checked_in_full_then_sealed(finished, no_scopes, parses):
    """A file closed before seals existed (or sealed under another server key)."""
    file = closing.close_file(dossier(finished))
    file.documents.update(signatures_seal="")
    result = file.documents.get(kind="result")
    parses.clear()

    first = _run()
    second = _run()

    assert first[0] == second[0] == 0
    assert "2 kiểm tra lại đầy đủ; 0 không phân tích lại" in first[1]
    assert "0 kiểm tra lại đầy đủ; 2 không phân tích lại" in second[1]
    assert len(parses) == 1
    result.refresh_from_db()
    assert verify.sealed(result.signatures_seal, result.sha256, 2)


def test_a_seal_made_with_the_server_key_for_broken_bytes_is_caught_by_full(
    finished, no_scopes, parses
):
    """The limit of the fast path, stated: whoever holds the server key can vouch for bytes
    they altered. ``--full`` trusts no seal and finds the broken signature."""
    file = closing.close_file(dossier(finished))
    result = file.documents.get(kind="result")
    _tamper(result)
    result.signatures_seal = verify.seal(result.sha256, 2)
    result.save(update_fields=["signatures_seal"])

    assert _run()[0] == 0
    code, out = _run("--full")

    assert code == 1
    assert f"{result.path}: Chữ ký số bị hỏng" in out
