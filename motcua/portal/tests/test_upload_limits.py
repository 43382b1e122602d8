"""Uploads have a daily quota and a per-minute limit per account, and a refused online
submission writes nothing: no document, no stored file, no audit row (issue 17, item 8)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled

from motcua import clock
from motcua.audit.models import Event
from motcua.documents.models import Document
from motcua.documents.tests import files
from motcua.dossiers.models import Dossier
from motcua.portal.tests.test_dossiers import form

pytestmark = pytest.mark.django_db


def stored_blobs(settings) -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def written() -> tuple[int, int, int]:
    with scopes_disabled():
        return Dossier.objects.count(), Document.objects.count(), Event.objects.count()


def test_a_refused_submission_writes_no_document_file_or_audit_row(
    client, catalog, citizen, settings
):
    client.force_login(citizen)
    before = written()
    papers = {
        f"file-{code}": SimpleUploadedFile(f"{code}.pdf", files.a_pdf(code))
        for code in ("to_khai_ks", "giay_chung_sinh", "giay_to_tuy_than")
    }

    page = client.post("/nop-ho-so/1.001193/", form(name="", **papers))  # no applicant name

    assert page.status_code == 400
    assert written() == before
    assert stored_blobs(settings) == []


def test_a_refused_supplement_writes_no_document_or_file(client, catalog, citizen, settings):
    from motcua.portal.tests.support import submit

    dossier = submit(citizen)
    client.force_login(citizen)
    before = written()
    scan = SimpleUploadedFile("bo-sung.pdf", files.a_pdf("Bổ sung"))

    page = client.post(f"/ho-so-cua-toi/{dossier.code}/bo-sung/", {"files": scan})

    assert page.status_code == 409  # the dossier was not asked for a supplement
    assert written() == before
    assert stored_blobs(settings) == []


def test_uploads_past_the_daily_quota_are_refused(client, api_token, citizen, settings):
    settings.UPLOAD_DAILY_MB = 0.05  # about 52 KB a day
    headers = api_token(citizen)
    pdf = files.a_pdf("Tờ khai", pages=2)  # about 20 KB
    answers = [files.post_file(client, headers, "/files", pdf, "a.pdf") for _ in range(4)]

    assert [a.status_code for a in answers] == [201, 201, 429, 429]
    refused = answers[-1].json()
    assert refused["error"] == "upload_quota"
    assert "hạn mức tải lên trong ngày" in refused["message"]
    assert Document.objects.filter(uploaded_by=citizen).count() == 2


def test_the_quota_starts_again_the_next_day(client, api_token, citizen, settings, monday):
    settings.UPLOAD_DAILY_MB = 0.03
    headers = api_token(citizen)
    pdf = files.a_pdf("Tờ khai", pages=2)
    assert files.post_file(client, headers, "/files", pdf, "a.pdf").status_code == 201
    assert files.post_file(client, headers, "/files", pdf, "a.pdf").status_code == 429
    with clock.frozen(monday.replace(day=11, hour=0, minute=5)):
        assert files.post_file(client, headers, "/files", pdf, "a.pdf").status_code == 201


def test_staff_have_their_own_larger_quota(client, api_token, lan, settings):
    settings.UPLOAD_DAILY_MB = 0.001
    settings.UPLOAD_DAILY_MB_STAFF = 10
    response = files.post_file(client, api_token(lan), "/files", files.a_pdf(), "a.pdf")
    assert response.status_code == 201


def test_uploads_are_throttled_per_account_and_minute(client, api_token, citizen, settings):
    settings.UPLOAD_PER_MINUTE = 3
    headers = api_token(citizen)
    png = files.a_png()
    answers = [
        files.post_file(client, headers, "/files", png, "a.png").status_code for _ in range(4)
    ]
    assert answers == [201, 201, 201, 429]
