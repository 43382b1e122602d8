"""Closing a file (đóng hồ sơ): after the configured delay, once, with a Decree 30 code in the
agency's file list, the documents in time order, the papers we render as PDF/A."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command

from motcua import clock
from motcua.archive import closing
from motcua.archive.models import ArchiveFile, FileState
from motcua.archive.tests.conftest import dossier
from motcua.audit.models import Event
from motcua.dossiers.tests.support import intake_body

pytestmark = pytest.mark.django_db


def test_a_file_is_due_only_after_the_delay(finished, settings, no_scopes):
    settings.ARCHIVE_CLOSE_AFTER_DAYS = 30
    now = clock.now()

    assert not closing.due_for_closing(now + timedelta(days=29)).filter(code=finished).exists()
    assert closing.due_for_closing(now + timedelta(days=31)).filter(code=finished).exists()


def test_archive_close_closes_what_is_due_once(finished, settings, no_scopes, capsys):
    settings.ARCHIVE_CLOSE_AFTER_DAYS = 30
    with clock.frozen(clock.now() + timedelta(days=31)):
        call_command("archive_close")
        call_command("archive_close")

    [file] = ArchiveFile.objects.all()
    assert file.dossier.code == finished
    assert file.state == FileState.CLOSED
    assert file.file_code == "000.00.31.H99.2025.00001.TP-HOTICH"
    assert (file.year, file.number) == (2025, 1)
    assert file.retention_years is None and file.retention_label == "Vĩnh viễn"
    assert file.start_date.isoformat() == file.end_date.isoformat() == "2025-03-10"
    assert file.lodge_due.isoformat() == "2026-03-10"
    assert "Đã đóng 1 hồ sơ lưu trữ." in capsys.readouterr().out
    assert Event.objects.filter(action="archive.file_closed").count() == 1


def test_the_documents_are_in_time_order_with_rendered_papers_as_pdf_a(finished, no_scopes):
    file = closing.close_file(dossier(finished))

    documents = list(file.documents.order_by("order"))
    assert [d.kind for d in documents] == [
        "receipt",
        "component",
        "draft",
        "result",
        "control_sheet",
    ]
    assert [d.path[:11] for d in documents] == [
        "tai-lieu/01",
        "tai-lieu/02",
        "tai-lieu/03",
        "tai-lieu/04",
        "tai-lieu/05",
    ]
    assert file.doc_total == 5
    assert file.page_total == sum(d.pages for d in documents) >= 5
    for rendered in (documents[0], documents[-1]):
        content = rendered.document.storage_name
        from motcua.documents import storage

        blob = storage.read_blob(content, sha256=rendered.sha256)
        assert b"pdfaid:part" in blob  # PDF/A identification in the XMP metadata
    assert documents[3].signatures == 2  # the leader and the seal


def test_closing_twice_answers_the_same_file_and_numbers_follow_on(
    as_user, lan, minh, hoa, certificates, monday, no_scopes
):
    from motcua.archive.tests.conftest import finish

    first, second = finish(as_user, lan, minh, hoa), finish(as_user, lan, minh, hoa)

    a = closing.close_file(dossier(first))
    assert closing.close_file(dossier(first)).pk == a.pk
    b = closing.close_file(dossier(second))

    assert (a.number, b.number) == (1, 2)
    assert ArchiveFile.objects.count() == 2


def test_a_dossier_still_at_work_cannot_be_closed(as_user, lan, monday, no_scopes):
    code = as_user(lan).post("/dossiers", intake_body()).json()["code"]

    with pytest.raises(closing.NotClosable) as error:
        closing.close_file(dossier(code))

    assert "chưa kết thúc" in error.value.message
    assert not ArchiveFile.objects.exists()
