"""``archive_verify`` reports an altered or missing stored file and a broken signature, and
never repairs or re-signs anything."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from motcua.archive import closing
from motcua.archive.tests.conftest import dossier
from motcua.documents import storage

pytestmark = pytest.mark.django_db


def _run() -> tuple[int, str]:
    out = io.StringIO()
    try:
        call_command("archive_verify", stdout=out)
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
    import hashlib

    file = closing.close_file(dossier(finished))
    result = file.documents.get(kind="result")
    content = bytearray(storage.read_blob(result.document.storage_name))
    content[content.index(b"Catalog")] ^= 0x20
    digest = hashlib.sha256(content).hexdigest()
    _replace(result.document.storage_name, bytes(content))
    result.sha256 = digest
    result.save(update_fields=["sha256"])
    result.document.sha256 = digest
    result.document.save(update_fields=["sha256"])

    code, out = _run()

    assert code == 1
    assert f"{result.path}: Chữ ký số bị hỏng" in out
