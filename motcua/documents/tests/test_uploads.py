"""POST /api/v1/files: files are judged by their bytes, named safely, stored with their hash."""

from __future__ import annotations

import hashlib
import re

import pytest
from django.core.files.storage import default_storage

from motcua.audit.models import Event
from motcua.documents.models import Document
from motcua.documents.tests import files

pytestmark = pytest.mark.django_db


@pytest.fixture
def counter(client, api_token, lan):
    return client, api_token(lan)


def test_a_staff_upload_answers_id_name_size_type_and_sha256(counter):
    client, auth = counter
    content = files.a_pdf(pages=2)

    response = files.post_file(client, auth, "/files", content, "Giấy khai sinh (bản sao).pdf")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "Giấy khai sinh (bản sao).pdf"
    assert body["size"] == len(content)
    assert body["content_type"] == "application/pdf"
    assert body["sha256"] == hashlib.sha256(content).hexdigest()
    stored = Document.objects.get(pk=body["id"])
    assert stored.pages == 2
    assert default_storage.open(stored.storage_name).read() == content


def test_the_storage_name_is_ascii_and_random_while_the_display_name_stays_vietnamese(counter):
    client, auth = counter

    body = files.post_file(client, auth, "/files", files.a_pdf(), "Đơn đề nghị (lần 2).pdf").json()

    stored = Document.objects.get(pk=body["id"])
    assert stored.name == "Đơn đề nghị (lần 2).pdf"
    assert re.fullmatch(
        r"documents/\d{4}/\d{2}/\d{2}/[0-9a-f]{32}-don-de-nghi-lan-2\.pdf", stored.storage_name
    )


def test_folders_and_unsafe_characters_in_a_name_are_dropped(counter):
    client, auth = counter

    body = files.post_file(client, auth, "/files", files.a_png(), "../../etc/ảnh<chụp>.png").json()

    assert body["name"] == "ảnh chụp.png"


def test_the_extension_tells_the_truth_about_the_content(counter):
    client, auth = counter

    body = files.post_file(client, auth, "/files", files.a_jpeg(), "bản quét.pdf").json()

    assert (body["content_type"], body["name"]) == ("image/jpeg", "bản quét.pdf.jpg")


def test_a_citizen_may_upload_papers_for_an_online_dossier(client, api_token, citizen):
    response = files.post_file(client, api_token(citizen), "/files", files.a_jpeg(), "cccd.jpg")

    assert response.status_code == 201, response.content
    assert Document.objects.get(pk=response.json()["id"]).uploaded_by == citizen


def test_an_anonymous_upload_is_refused(client):
    response = files.post_file(client, {}, "/files", files.a_pdf())

    assert response.status_code == 401
    assert Document.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (files.EXE, "quyet-dinh.pdf", "Chỉ nhận tệp PDF, JPEG, PNG"),
        (b"<html><script>alert(1)</script></html>", "to-khai.pdf", "Chỉ nhận tệp"),
        (b"", "rong.pdf", "Tệp rỗng"),
        (files.corrupt_pdf(), "hong.pdf", "Tệp PDF bị hỏng"),
        (files.encrypted_pdf(), "mat-khau.pdf", "đặt mật khẩu"),
    ],
    ids=["executable-renamed-pdf", "html", "empty", "truncated-pdf", "encrypted-pdf"],
)
def test_files_that_are_not_what_they_claim_are_refused_and_not_stored(
    counter, content, name, message
):
    client, auth = counter

    response = files.post_file(client, auth, "/files", content, name)

    assert response.status_code == 400
    body = response.json()
    assert body["error"] == "file_rejected"
    assert message in body["message"]
    assert Document.objects.count() == 0
    assert not default_storage.exists("documents")


def test_a_file_above_the_size_limit_is_refused_with_413(counter, settings):
    settings.UPLOAD_MAX_BYTES = 10_000
    client, auth = counter

    response = files.post_file(client, auth, "/files", files.a_pdf(pages=3))

    assert response.status_code == 413
    assert response.json()["error"] == "file_too_large"
    assert Document.objects.count() == 0


def test_each_upload_is_one_audit_event(counter, lan, no_scopes):
    client, auth = counter

    file_id = files.post_file(client, auth, "/files", files.a_png(), "logo.png").json()["id"]

    [event] = Event.objects.filter(action="documents.uploaded")
    assert (event.actor, event.target_id, event.data["name"]) == (lan, str(file_id), "logo.png")
