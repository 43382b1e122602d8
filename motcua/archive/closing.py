"""Closing a file (đóng hồ sơ, Decree 30/2020 art. 28; DOMAIN R14.12–R14.13).

A dossier's file is closed ``ARCHIVE_CLOSE_AFTER_DAYS`` after its work ended (the result
returned, or the dossier withdrawn or stopped). Closing takes a number in the agency's file list
(danh mục hồ sơ) of the year the work ended, copies the procedure's retention, renders the
receipt and the control sheet as PDF/A, seals each signed result with a document time-stamp
when a time-stamp authority is configured (PAdES B-LTA, :mod:`motcua.archive.longterm`), and
freezes the list of documents with their SHA-256 and, for a signed PDF whose signatures are
found intact, the seal of that check (:mod:`motcua.archive.verify`). After that only archival
actions touch it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext as _

from motcua import audit, clock, text
from motcua.archive import longterm, verify
from motcua.archive.models import ArchiveDocument, ArchiveFile, DocumentKind, FileCounter
from motcua.documents import services as files
from motcua.documents import storage
from motcua.documents.models import Document, Origin
from motcua.dossiers import slips
from motcua.dossiers.lifecycle import Status
from motcua.dossiers.models import Dossier
from motcua.errors import Conflict

CLOSABLE = (Status.RETURNED, Status.WITHDRAWN, Status.STOPPED)
"""The work is over: nothing more can happen to the dossier in the lifecycle."""

LODGE_WITHIN_DAYS = 365  # lodged with the agency archive within 1 year of the work's end
# At the same moment, documents follow the course of the work.
_RANK = {kind: rank for rank, kind in enumerate(DocumentKind.values)}


class NotClosable(Conflict):
    code = "dossier_not_finished"


def work_ended_at(dossier: Dossier) -> datetime | None:
    """When the work on the dossier ended: the result returned, or processing stopped."""
    if dossier.status not in CLOSABLE:
        return None
    return dossier.returned_at or dossier.finished_at


def due_for_closing(now: datetime) -> Any:
    """Finished dossiers whose file is due to be closed and is not yet."""
    before = now - timedelta(days=settings.ARCHIVE_CLOSE_AFTER_DAYS)
    ended = Q(status=Status.RETURNED, returned_at__lte=before) | Q(
        status__in=(Status.WITHDRAWN, Status.STOPPED), finished_at__lte=before
    )
    return (
        Dossier.objects.with_scopes_disabled()
        .filter(ended, archive_file__isnull=True)
        .order_by("returned_at", "finished_at", "id")
    )


def file_code(agency_code: str, year: int, number: int, notation: str) -> str:
    """Decree 30 file code: organisation id . year . number-notation (mã hồ sơ)."""
    return f"{agency_code}.{year}.{number:05d}.{notation}"


def file_title(dossier: Dossier, *, personal: bool = True) -> str:
    """Tiêu đề hồ sơ: the procedure, the applicant (``personal``) and the dossier code. The
    minimal record a destroyed file keeps names no one (``personal=False``)."""
    if not personal:
        return _("Hồ sơ %(procedure)s (mã hồ sơ %(code)s)") % {
            "procedure": dossier.procedure.name,
            "code": dossier.code,
        }
    return _("Hồ sơ %(procedure)s của %(applicant)s (mã hồ sơ %(code)s)") % {
        "procedure": dossier.procedure.name,
        "applicant": dossier.applicant_name,
        "code": dossier.code,
    }


def _next_number(agency_id: int, year: int) -> int:
    counter, _created = FileCounter.objects.select_for_update().get_or_create(
        agency_id=agency_id, year=year
    )
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def _path(order: int, name: str, content_type: str) -> str:
    stem = name.rsplit(".", 1)[0]
    slug = slugify(text.search_key(stem))[:60].strip("-") or "tai-lieu"
    return f"tai-lieu/{order:02d}-{slug}.{storage.EXTENSIONS[content_type]}"


@dataclass
class _Piece:
    kind: str
    title: str
    dated: datetime
    document: Document | None = None
    content: bytes | None = None  # rendered here, not yet stored


_ROLE_KIND = {
    "component": DocumentKind.COMPONENT,
    "supplement": DocumentKind.SUPPLEMENT,
    "draft": DocumentKind.DRAFT,
    "result": DocumentKind.RESULT,
}


def _pieces(dossier: Dossier, ended: datetime) -> list[_Piece]:
    pieces = [
        _Piece(_ROLE_KIND[a.role], a.document.name, a.attached_at, a.document)
        for a in files.attachments_of(dossier).select_related("document")
    ]
    if dossier.received_at is not None:
        receipt = slips.render(dossier, "receipt", archival=True)
        pieces.append(
            _Piece(
                DocumentKind.RECEIPT, receipt.filename, dossier.received_at, None, receipt.content
            )
        )
        sheet = slips.render(dossier, "control_sheet", archival=True)
        pieces.append(
            _Piece(DocumentKind.CONTROL_SHEET, sheet.filename, ended, None, sheet.content)
        )
    pieces.sort(key=lambda p: (p.dated, _RANK[p.kind]))
    return pieces


def close_file(dossier: Dossier, *, now: datetime | None = None, actor: Any = None) -> ArchiveFile:
    """Đóng hồ sơ: the file of a finished dossier, once (a second call answers the same file)."""
    now = now or clock.now()
    existing = ArchiveFile.objects.select_related("agency").filter(dossier=dossier).first()
    if existing is not None:
        existing.dossier = dossier  # the package names it: no second read
        return existing
    ended = work_ended_at(dossier)
    if ended is None:
        raise NotClosable(
            _("Hồ sơ %(code)s chưa kết thúc: chưa thể đóng hồ sơ lưu trữ.") % {"code": dossier.code}
        )
    pieces = _pieces(dossier, ended)  # rendering and time-stamping stay outside the lock
    sealed = {
        id(p): longterm.seal_for_archive(files.read(p.document))
        for p in pieces
        if p.kind == DocumentKind.RESULT and p.document is not None and p.document.electronic
    }
    with transaction.atomic():
        locked = Dossier.objects.with_scopes_disabled().select_for_update().get(pk=dossier.pk)
        existing = ArchiveFile.objects.filter(dossier=locked).first()
        if existing is not None:
            return existing
        agency = dossier.handling_agency
        year = clock.local(ended).year
        number = _next_number(agency.pk, year)
        procedure = dossier.procedure
        archive_file = ArchiveFile.objects.create(
            dossier=dossier,
            agency=agency,
            year=year,
            number=number,
            file_code=file_code(agency.code, year, number, dossier.field.code),
            title=file_title(dossier),
            retention_years=procedure.retention_years,
            retention_source=procedure.retention_source,
            start_date=clock.local(dossier.received_at or dossier.created_at).date(),
            end_date=clock.local(ended).date(),
            doc_total=len(pieces),
            page_total=0,
            closed_at=now,
            lodge_due=clock.local(ended).date() + timedelta(days=LODGE_WITHIN_DAYS),
        )
        pages = 0
        for order, piece in enumerate(pieces, start=1):
            document = piece.document
            content = sealed.get(id(piece)) or piece.content
            if content is not None:
                checked = storage.describe(
                    content, piece.title, allowed=(storage.PDF,), made_here=True
                )
                document = files.create_document(
                    checked, origin=Origin.ARCHIVE, agency=agency, electronic=bool(piece.document)
                )
            assert document is not None
            pages += document.pages or 0
            signatures, seal = (
                verify.seal_of(files.read(document), document.sha256)
                if document.content_type == storage.PDF
                else (0, "")
            )
            ArchiveDocument.objects.create(
                file=archive_file,
                order=order,
                document=document,
                kind=piece.kind,
                title=piece.title[:255],
                path=_path(order, piece.title, document.content_type),
                dated=piece.dated,
                sha256=document.sha256,
                size=document.size,
                pages=document.pages or 0,
                signatures=signatures,
                signatures_seal=seal,
            )
        archive_file.page_total = pages
        archive_file.save(update_fields=["page_total"])
        audit.record(
            "archive.file_closed",
            actor=actor,
            agency=agency,
            target=archive_file,
            data={"dossier": dossier.code, "file_code": archive_file.file_code},
        )
    return archive_file


@dataclass(frozen=True)
class Closed:
    closed: int
    failed: list[tuple[str, str]]


def close_due(*, now: datetime | None = None, limit: int | None = None) -> Closed:
    """Close every file that is due (``manage.py archive_close``); one failure stops no other."""
    now = now or clock.now()
    due = due_for_closing(now).select_related("handling_agency", "procedure", "field", "agency")
    closed, failed = 0, []
    for dossier in due[:limit] if limit else due:
        try:
            close_file(dossier, now=now)
            closed += 1
        except Exception as exc:  # reported per dossier: the others go on
            failed.append((dossier.code, str(exc)))
    return Closed(closed, failed)


def lodging_due_soon(agency_ids: list[int], today: date, days: int = 30) -> Any:
    """Files to lodge whose lodging falls due within ``days`` (or is overdue): the warning."""
    return ArchiveFile.objects.filter(
        agency_id__in=agency_ids,
        batch__isnull=True,
        destroyed_at__isnull=True,
        lodge_due__lte=today + timedelta(days=days),
    ).filter(Q(retention_years__isnull=True) | Q(retention_years__gte=5))
