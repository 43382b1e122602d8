"""The archive package (CONTRACT v1.1): documents as stored in time order, metadata.xml with
the Appendix VI fields, a manifest whose every line matches; only for a finished dossier, only
for the supervisor or the agency's administrator."""

from __future__ import annotations

import hashlib
import io
import zipfile
from xml.etree import ElementTree as ET

import pytest

from motcua.archive.models import AccessEntry, ArchiveFile
from motcua.documents import storage
from motcua.dossiers.tests.support import intake_body
from motcua.signing.pades import verify_pdf

pytestmark = pytest.mark.django_db


def _zip(response) -> zipfile.ZipFile:
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.content))


def test_the_package_holds_documents_metadata_and_a_manifest(
    as_user, thu, finished, trusted_ca, no_scopes
):
    package = _zip(as_user(thu).get(f"/archive/{finished}.zip"))

    names = package.namelist()
    assert names[-2:] == ["metadata.xml", "manifest-sha256.txt"]
    documents = names[:-2]
    assert [n.split("/")[0] for n in documents] == ["tai-lieu"] * 5
    assert documents == sorted(documents)  # numbered in time order
    manifest = package.read("manifest-sha256.txt").decode().splitlines()
    assert len(manifest) == len(names) - 1
    for line in manifest:
        digest, path = line.split("  ", 1)
        assert hashlib.sha256(package.read(path)).hexdigest() == digest
    meta = ET.fromstring(package.read("metadata.xml"))  # noqa: S314 - our own output
    file = ArchiveFile.objects.get(dossier__code=finished)
    assert meta.findtext("FileCode") == file.file_code
    assert meta.findtext("Maintenance") == "Vĩnh viễn"
    assert meta.findtext("Language") == "Tiếng Việt"
    assert meta.findtext("Rights").startswith("Hạn chế")
    assert meta.findtext("Title").startswith("Hồ sơ Cấp Giấy xác nhận tình trạng hôn nhân")
    assert (meta.findtext("StartDate"), meta.findtext("EndDate")) == ("2025-03-10", "2025-03-10")
    assert meta.findtext("DocTotal") == "5"
    assert int(meta.findtext("PageTotal")) == file.page_total
    for field in ("Creator", "Description"):
        assert meta.findtext(field)
    result = file.documents.get(kind="result")
    stored = storage.read_blob(result.document.storage_name)
    assert package.read(result.path) == stored  # bytes unchanged
    assert all(r.valid for r in verify_pdf(stored, trust_roots=[trusted_ca[0]]))
    assert AccessEntry.objects.filter(file=file, user=thu, kind="package").count() == 1


def test_the_supervisor_may_take_the_package_and_others_may_not(
    as_user, giamsat, lan, hoa, outsider, finished
):
    assert as_user(giamsat).get(f"/archive/{finished}.zip").status_code == 200
    for someone in (lan, hoa, outsider):
        assert as_user(someone).get(f"/archive/{finished}.zip").status_code == 404


def test_a_dossier_still_at_work_has_no_package(as_user, lan, thu, monday, no_scopes):
    code = as_user(lan).post("/dossiers", intake_body()).json()["code"]

    response = as_user(thu).get(f"/archive/{code}.zip")

    assert response.status_code == 409
    assert response.json()["error"] == "dossier_not_finished"
    assert "chưa kết thúc" in response.json()["message"]
    assert not ArchiveFile.objects.exists()


def test_an_altered_stored_document_is_refused_not_packaged(as_user, thu, finished, no_scopes):
    as_user(thu).get(f"/archive/{finished}.zip")
    result = ArchiveFile.objects.get().documents.get(kind="result")
    name = result.document.storage_name
    altered = bytearray(storage.read_blob(name))
    altered[100] ^= 0x01
    store = storage.storage()
    store.delete(name)
    store.save(name, io.BytesIO(bytes(altered)))

    response = as_user(thu).get(f"/archive/{finished}.zip")

    assert response.status_code == 409
    assert response.json()["error"] == "file_damaged"
