"""The electronic archive: packaging closed files and re-checking the stored files.

    python bench/bench_archive.py [--dossiers 200] [--files 10000]

Prepares a throwaway SQLite database and media folder (or the database of ``DATABASE_URL``,
emptied first only when it is a throwaway one) with the catalogue and a leader with a demo
certificate, then (not timed):

- ``--dossiers`` returned dossiers of phường Minh Sơn, each with its signed result (leader and
  seal, PAdES), closed: three documents each (receipt and control sheet as PDF/A, the result);
- ``--files`` archived documents for ``archive_verify``: the closed files' documents plus
  copies of them under new names, a third of them signed results.

Then times, one process:

- the archive package of each dossier as ``GET /api/v1/archive/{code}.zip`` builds it (the
  permission check, reading every document back against its SHA-256, metadata.xml, manifest,
  zip, the access log): dossiers per second;
- ``archive_verify`` over all ``--files`` documents: hashes only; as ``archive_verify`` runs
  by default (the digests, and the signatures of every signed file whose bytes are not those
  a full check sealed: here, as in an archive closed by this version, none, so no signature
  is parsed again); and ``--full`` (every signature parsed and checked again by pyHanko).

A calibration line (a fixed CPU loop) and the load average are printed before and after.
Figures only; nothing here asserts a speed (STYLE.md habit 23).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SECRET = "bench-only-1"  # noqa: S105 - throwaway accounts and demo certificates
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))  # run as a script from anywhere in the checkout
sys.path.insert(0, str(REPO / "bench"))
from common import calibration  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dossiers", type=int, default=200)
    parser.add_argument("--files", type=int, default=10000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ.update(
            DEBUG="1",
            DATABASE_URL=os.environ.get("DATABASE_URL") or f"sqlite:///{tmp}/bench.sqlite3",
            MEDIA_ROOT=f"{tmp}/media",
            LOG_LEVEL="WARNING",
            DJANGO_SETTINGS_MODULE="motcua.settings",
        )
        for name in ("TSA_URL", "TASKS_BACKEND", "STORAGE_URL"):  # the defaults: no network
            os.environ.pop(name, None)
        import django

        django.setup()
        run(args.dossiers, args.files)


def _returned_dossiers(count: int) -> list[str]:
    """Dossiers received, decided with a signed result and returned (setup, not timed)."""
    from datetime import UTC, datetime

    from django.db import transaction
    from django_scopes import scopes_disabled

    from motcua import clock
    from motcua.accounts.services import create_staff_user
    from motcua.agencies.models import Agency
    from motcua.documents import services as files
    from motcua.documents import signatures, storage
    from motcua.documents.models import Origin, Role
    from motcua.documents.tests.files import a_pdf
    from motcua.dossiers.lifecycle import Status
    from motcua.dossiers.models import Dossier
    from motcua.dossiers.services import intake
    from motcua.signing import democa

    ward = Agency.objects.get(code="000.00.31.H99")
    lan = create_staff_user("lan", agency=ward, role="counter", password=SECRET)
    hoa = create_staff_user("hoa", agency=ward, role="leader", password=SECRET)
    ca = signatures.demo_ca(create=True)
    assert ca is not None
    for user in (hoa, None):
        p12 = democa.issue_signer(
            ca,
            common_name=user.display_name if user else ward.name,
            organisation=ward.name,
            valid_from=datetime(2024, 1, 1, tzinfo=UTC),
            valid_to=datetime(2045, 1, 1, tzinfo=UTC),
            passphrase=SECRET,
            key_type="ec",
        )
        signatures.register_identity(
            p12, kind="person" if user else "seal", agency=ward, user=user, passphrase=SECRET
        )
    signed = a_pdf("Giấy xác nhận tình trạng hôn nhân")
    for identity in (signatures.identity_of(hoa), signatures.seal_of(ward)):
        signed = signatures.sign(
            signed, identity, field_name="Ky", reason="Phê duyệt", location="", stamp_lines=["Ký"]
        )
    applicant = {"name": "Nguyễn Thị Hường", "id_number": "038185001234", "phone": "0912345678"}
    papers = [{"code": "to_khai_tthn", "originals": 1}, {"code": "giay_to_tuy_than", "copies": 1}]
    codes = []
    with scopes_disabled():
        for _ in range(count):
            dossier = intake.receive_dossier(
                actor=lan, procedure="1.004873", applicant=applicant, components=papers
            )
            with transaction.atomic():
                result = files.create_document(
                    storage.describe(signed, "Kết quả.pdf", allowed=(storage.PDF,)),
                    origin=Origin.SIGNED,
                    agency=ward,
                    electronic=True,
                )
                files.attach([result], dossier, role=Role.RESULT, actor=hoa, now=clock.now())
            codes.append(dossier.code)
        now = clock.now()  # the lifecycle itself is benchmarked elsewhere: set it returned
        Dossier.objects.filter(code__in=codes).update(
            status=Status.RETURNED, status_code=10, finished_at=now, returned_at=now
        )
    return codes


def _more_files(wanted: int) -> int:
    """Copies of the closed files' documents under new names, as more closed files: the same
    bytes, so the same digests and the same seals of their signatures (a seal vouches for
    bytes, not for a row)."""
    from django.db import transaction

    from motcua.archive.models import ArchiveDocument, ArchiveFile
    from motcua.documents import storage

    originals = list(ArchiveDocument.objects.select_related("document", "file"))
    described = {
        d.pk: storage.describe(
            storage.read_blob(d.document.storage_name), d.title, allowed=(storage.PDF,)
        )
        for d in originals[:3]
    }
    template = ArchiveFile.objects.order_by("pk").first()
    assert template is not None
    have = len(originals)
    batch = 0
    while have < wanted:
        with transaction.atomic():  # a hundred files a commit
            for _ in range(100):
                if have >= wanted:
                    break
                batch += 1
                have += _copy_file(template, originals[:3], described, batch)
    return have


def _copy_file(template: Any, originals: list[Any], described: dict[int, Any], batch: int) -> int:
    """One more closed file: a copy of ``template`` with copies of ``originals``."""
    from motcua.archive.models import ArchiveDocument, ArchiveFile
    from motcua.documents import services as files

    file = ArchiveFile.objects.get(pk=template.pk)
    file.pk = None
    file.file_code = f"{template.file_code}.copy{batch}"
    file.number = 100000 + batch
    file.dossier_id = _spare_dossier()
    file.save()
    rows = []
    for order, doc in enumerate(originals, start=1):
        document = files.create_document(
            described[doc.pk], origin=doc.document.origin, agency=doc.document.agency
        )
        rows.append(
            ArchiveDocument(
                file=file,
                order=order,
                document=document,
                kind=doc.kind,
                title=doc.title,
                path=doc.path,
                dated=doc.dated,
                sha256=document.sha256,
                size=document.size,
                pages=doc.pages,
                signatures=doc.signatures,
                signatures_seal=doc.signatures_seal,
            )
        )
    ArchiveDocument.objects.bulk_create(rows)
    return len(rows)


_spare: list[int] = []


def _spare_dossier() -> int:
    """A dossier row for each copied file (an archived file belongs to one dossier)."""
    from django_scopes import scopes_disabled

    from motcua.dossiers.models import Dossier

    with scopes_disabled():
        if not _spare:
            source = Dossier.objects.order_by("pk").first()
            assert source is not None
            made = []
            for n in range(4000):
                copy = Dossier.objects.get(pk=source.pk)
                copy.pk = None
                copy.code = f"{source.code}-B{n:04d}"
                made.append(copy)
            _spare.extend(d.pk for d in Dossier.objects.bulk_create(made))
        return _spare.pop()


def run(dossiers: int, wanted_files: int) -> None:
    from django.core.management import call_command
    from django.db import connection
    from django_scopes import scopes_disabled

    from motcua.accounts.services import create_staff_user
    from motcua.agencies.models import Agency
    from motcua.archive import closing, services, verify
    from motcua.dossiers.models import Dossier

    call_command("migrate", verbosity=0)
    from motcua.calendar.importing import PACKAGED_CALENDAR, import_file
    from motcua.catalog.importing import DEFAULT_CATALOG, import_catalog, load_file

    import_catalog(load_file(DEFAULT_CATALOG))
    import_file(PACKAGED_CALENDAR)
    print(f"{connection.vendor}; {calibration()}")
    began = time.perf_counter()
    codes = _returned_dossiers(dossiers)
    with scopes_disabled():
        for dossier in Dossier.objects.filter(code__in=codes).select_related(
            "handling_agency", "procedure", "field", "agency", "case", "version"
        ):
            closing.close_file(dossier)
    print(
        f"{len(codes)} dossiers returned and closed, 3 documents each "
        f"(setup, not timed: {time.perf_counter() - began:.0f} s)"
    )
    admin = create_staff_user(
        "thu", agency=Agency.objects.get(code="000.00.31.H99"), role="admin", password=SECRET
    )
    services.package_for(admin, codes[0])  # warm
    began, cpu = time.perf_counter(), time.process_time()
    size = 0
    for code in codes:
        size += len(services.package_for(admin, code).content)
    spent, cpu = time.perf_counter() - began, time.process_time() - cpu
    print(
        f"archive package (GET …/archive/{{code}}.zip work) n={len(codes)}: "
        f"{len(codes) / spent:7.1f} dossiers/s   {spent / len(codes) * 1000:6.1f} ms each   "
        f"{size / len(codes) / 1024:.0f} KiB each   (this process's CPU "
        f"{cpu / len(codes) * 1000:.1f} ms each: {len(codes) / cpu:.1f}/s on one idle core)"
    )
    began = time.perf_counter()
    total = _more_files(wanted_files)
    setup = time.perf_counter() - began
    print(f"{total} archived documents in storage (setup, not timed: {setup:.0f} s)")
    runs = (
        ("archive_verify --hashes-only", False, False),
        ("archive_verify", True, False),
        ("archive_verify --full", True, True),
    )
    for name, deep, full in runs:
        began, cpu = time.perf_counter(), time.process_time()
        report = verify.verify_all(deep=deep, full=full)
        spent, cpu = time.perf_counter() - began, time.process_time() - cpu
        assert not report.problems, report.problems[:3]  # a benchmark of a broken archive misleads
        print(
            f"{name:<30} {report.checked} files, {report.signatures} signatures "
            f"({report.rechecked} parsed and checked again, {report.vouched} vouched for by "
            f"their seal): {report.checked / spent:8.1f} files/s   ({spent:.1f} s; this "
            f"process's CPU {cpu:.1f} s: {report.checked / cpu:.1f} files/s on one idle core)"
        )
    print(calibration())


if __name__ == "__main__":
    main()
