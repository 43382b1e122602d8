"""No orphan on failure: a blob whose row rolls back is deleted; uploads never attached and
blobs without a row are swept."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction

from motcua import clock
from motcua.documents import services, storage
from motcua.documents.models import Document, Role
from motcua.documents.tests import files


class Boom(Exception):
    pass


def _upload(user, name="to-khai.pdf"):
    return services.upload(files.a_pdf(), name, actor=user)


@pytest.mark.django_db
def test_a_blob_is_deleted_when_the_savepoint_that_wrote_it_rolls_back(lan):
    with pytest.raises(Boom), transaction.atomic():
        document = _upload(lan)
        assert default_storage.exists(document.storage_name)
        raise Boom

    assert not default_storage.exists(document.storage_name)
    assert not Document.objects.filter(pk=document.pk).exists()


@pytest.mark.django_db
def test_a_blob_written_in_an_inner_block_goes_when_the_outer_block_fails_later(lan):
    with pytest.raises(Boom), transaction.atomic():
        with transaction.atomic():
            document = _upload(lan)
        assert default_storage.exists(document.storage_name)  # inner block done, not committed
        raise Boom

    assert not default_storage.exists(document.storage_name)


@pytest.mark.django_db
def test_a_blob_survives_an_unrelated_savepoint_rolled_back_after_it(lan):
    with transaction.atomic():
        document = _upload(lan)
        with pytest.raises(Boom), transaction.atomic():
            raise Boom
        assert default_storage.exists(document.storage_name)


@pytest.mark.django_db(transaction=True)
def test_a_committed_upload_keeps_its_blob(lan):
    document = _upload(lan)

    assert Document.objects.filter(pk=document.pk).exists()
    assert default_storage.exists(document.storage_name)
    assert services.read(document) == default_storage.open(document.storage_name).read()


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_deletes_its_blob_and_keeps_the_committed_one(lan):
    kept = _upload(lan, "giu-lai.pdf")
    with pytest.raises(Boom), transaction.atomic():
        lost = _upload(lan, "mat-di.pdf")
        raise Boom

    assert default_storage.exists(kept.storage_name)
    assert not default_storage.exists(lost.storage_name)
    assert list(Document.objects.values_list("name", flat=True)) == ["giu-lai.pdf"]


@pytest.mark.django_db
def test_a_stored_file_that_changed_is_refused_when_read(lan):
    document = _upload(lan)
    with default_storage.open(document.storage_name, "wb") as handle:
        handle.write(files.a_pdf("Giả mạo"))

    with pytest.raises(storage.BlobDamaged, match="SHA-256"):
        services.read(document)


@pytest.mark.django_db
def test_the_sweep_removes_old_unattached_uploads_and_keeps_attached_ones(lan, agency_a):
    with clock.frozen(clock.now() - timedelta(hours=30)):
        old_orphan = _upload(lan, "bo-quen.pdf")
        old_attached = _upload(lan, "dinh-kem.pdf")
        services.attach([old_attached], agency_a, role=Role.COMPONENT, actor=lan)
    fresh = _upload(lan, "vua-tai.pdf")

    swept = services.sweep_orphans(older_than=timedelta(hours=24))

    assert swept.uploads == 1
    assert set(Document.objects.values_list("name", flat=True)) == {"dinh-kem.pdf", "vua-tai.pdf"}
    assert not default_storage.exists(old_orphan.storage_name)
    assert default_storage.exists(old_attached.storage_name)
    assert default_storage.exists(fresh.storage_name)


@pytest.mark.django_db
def test_the_sweep_command_removes_old_blobs_that_have_no_row(lan, settings, no_scopes):
    settings.ORPHAN_FILE_HOURS = 0  # everything written before "now" is old enough
    document = _upload(lan)
    stray = default_storage.save("documents/2024/01/02/lost-by-a-crash.pdf", ContentFile(b"%PDF-"))

    call_command("sweep_orphan_files", "--hours", "0")

    assert not default_storage.exists(stray)
    assert not default_storage.exists(document.storage_name)  # unattached, and old enough
    assert Document.objects.count() == 0
