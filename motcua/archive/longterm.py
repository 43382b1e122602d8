"""Long-term validity of signed results in the archive (DOMAIN R14.15): at closing a signed
result gets a document time-stamp (PAdES B-LTA) with the validation data of its signatures;
``archive_refresh`` adds a new one before the last one's time-stamping certificate expires.
The pyHanko work is in :mod:`motcua.signing.longterm`; this module reads the settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from motcua import audit, clock
from motcua.archive import verify
from motcua.archive.models import ArchiveDocument
from motcua.documents import services as files
from motcua.documents import signatures, storage
from motcua.documents.models import Origin
from motcua.signing import longterm
from motcua.signing.base import SigningError


def enabled() -> bool:
    """Time-stamps need a time-stamp authority (``TSA_URL``)."""
    return bool(settings.TSA_URL)


def seal_for_archive(content: bytes) -> bytes | None:
    """The result with its validation data and a document time-stamp; None without a TSA."""
    if not enabled():
        return None
    return longterm.add_document_timestamp(
        content, timestamper_url=settings.TSA_URL, trust_roots=signatures.trust_roots()
    )


def count_signatures(content: bytes) -> int:
    """Signatures and document time-stamps in a PDF (0 when it cannot be read)."""
    return longterm.count_signatures(content)


def last_timestamp_expiry(content: bytes) -> datetime | None:
    """When the certificate of the last document time-stamp expires (None: none yet)."""
    return longterm.last_timestamp_expiry(content)


@dataclass(frozen=True)
class Refreshed:
    refreshed: list[str]  # file codes
    problems: list[tuple[str, str]]  # (file code / path, message)


def _due(document: ArchiveDocument, content: bytes, before: datetime) -> bool:
    expiry = last_timestamp_expiry(content)
    return expiry is not None and expiry <= before


def refresh_due(*, now: datetime | None = None) -> Refreshed:
    """``archive_refresh``: a new document time-stamp on every archived signed result whose
    last time-stamp's certificate expires within ``ARCHIVE_REFRESH_DAYS``. A file whose bytes
    no longer match their digest is reported and left alone: never re-stamped."""
    if not enabled():
        return Refreshed([], [("", _("Chưa cấu hình máy chủ cấp dấu thời gian (TSA_URL)."))])
    now = now or clock.now()
    before = now + timedelta(days=settings.ARCHIVE_REFRESH_DAYS)
    refreshed, problems = [], []
    candidates = (
        ArchiveDocument.objects.filter(
            document__isnull=False, signatures__gt=0, file__destroyed_at__isnull=True
        )
        .select_related("document", "file", "file__agency")
        .order_by("file_id", "order")
    )
    for doc in candidates:
        where = f"{doc.file.file_code} {doc.path}"
        try:
            content = storage.read_blob(doc.document.storage_name, sha256=doc.sha256)
        except storage.BlobDamaged as exc:
            problems.append((where, exc.message))
            continue
        if not _due(doc, content, before):
            continue
        try:
            stamped = longterm.refresh_timestamp(
                content, timestamper_url=settings.TSA_URL, trust_roots=signatures.trust_roots()
            )
        except SigningError as exc:
            problems.append((where, exc.message))
            continue
        _replace(doc, stamped)
        refreshed.append(doc.file.file_code)
    return Refreshed(refreshed, problems)


def _replace(doc: ArchiveDocument, content: bytes) -> None:
    """The archived copy becomes the re-stamped one; the copy it replaces goes."""
    old = doc.document
    checked = storage.describe(content, old.name, allowed=(storage.PDF,), made_here=True)
    with transaction.atomic():
        new = files.create_document(
            checked, origin=Origin.ARCHIVE, agency=doc.file.agency, electronic=True
        )
        found, seal = verify.seal_of(content, new.sha256)
        doc.document, doc.sha256, doc.size = new, new.sha256, new.size
        doc.signatures_seal = seal if found == doc.signatures else ""
        doc.save(update_fields=["document", "sha256", "size", "signatures_seal"])
        if old.origin == Origin.ARCHIVE and not old.attachments.exists():
            name = old.storage_name
            old.delete()
            store = storage.storage()
            transaction.on_commit(lambda: store.delete(name))
        audit.record(
            "archive.timestamp_refreshed",
            agency=doc.file.agency,
            target=doc.file,
            data={"path": doc.path, "sha256": new.sha256},
        )
