"""Uploads, attachments and the citizen's data store (Kho dữ liệu điện tử của tổ chức, cá nhân).

An upload belongs to whoever sent it until a service attaches it to something (a dossier's
component, a supplement, a result). Attaching checks, under a row lock, that every file exists,
belongs to the actor and is not attached yet; one bad id refuses them all. Uploads never
attached are removed by ``sweep_orphan_files``."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Sum
from django.http import HttpResponse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from motcua import audit, clock
from motcua.agencies.policy import require
from motcua.documents import storage
from motcua.documents.models import (
    APPLICANT_ROLES,
    Attachment,
    Document,
    Origin,
    StoreItem,
)
from motcua.errors import DomainError, ValidationFailed


def _agency_of(user: Any) -> Any:
    return user.agency if getattr(user, "is_agency_staff", False) else None


def target_key(target: models.Model) -> tuple[str, int]:
    """``("dossiers.dossier", 42)``: how an attachment or store item names its object."""
    return target._meta.label_lower, int(target.pk)


def create_document(
    checked: storage.Checked,
    *,
    origin: str,
    uploaded_by: Any = None,
    agency: Any = None,
    electronic: bool = False,
) -> Document:
    """Write the blob and its row, in the caller's transaction (the blob goes if it rolls back)."""
    name = storage.write_blob(
        storage.storage_name(checked.name, checked.content_type), checked.content
    )
    return Document.objects.create(
        name=checked.name,
        storage_name=name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        pages=checked.pages,
        origin=origin,
        electronic=electronic,
        uploaded_by=uploaded_by if getattr(uploaded_by, "is_authenticated", False) else None,
        agency=agency,
    )


class UploadQuotaExceeded(DomainError):
    """An account has uploaded as much as it may for now (429)."""

    code = "upload_quota"
    status = 429


def check_upload_quota(actor: Any, size: int) -> None:
    """Hạn mức tải lên: at most ``UPLOAD_PER_MINUTE`` files a minute and ``UPLOAD_DAILY_MB``
    (``UPLOAD_DAILY_MB_STAFF`` for agency staff, who scan whole backlogs) a local day, per
    account. Counted from the documents themselves, so every worker and server agrees; the
    caller holds the account's row locked (:func:`upload`) so two uploads cannot both pass."""
    now = clock.now()
    mine = Document.objects.filter(uploaded_by=actor, origin=Origin.UPLOAD)
    if mine.filter(created_at__gt=now - timedelta(minutes=1)).count() >= (
        settings.UPLOAD_PER_MINUTE
    ):
        raise UploadQuotaExceeded(
            _("Tải lên quá nhiều tệp trong một phút: vui lòng thử lại sau ít phút."),
            details={"per_minute": settings.UPLOAD_PER_MINUTE},
        )
    staff = getattr(actor, "is_agency_staff", False)
    megabytes = settings.UPLOAD_DAILY_MB_STAFF if staff else settings.UPLOAD_DAILY_MB
    local = clock.local(now)
    midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
    used = mine.filter(created_at__gte=midnight).aggregate(total=Sum("size"))["total"] or 0
    if used + size > megabytes * 1024 * 1024:
        raise UploadQuotaExceeded(
            _("Đã vượt hạn mức tải lên trong ngày (%(mb)s MB): vui lòng thử lại vào ngày mai.")
            % {"mb": f"{megabytes:g}"},
            details={"daily_mb": megabytes, "used_bytes": used},
        )


def upload(content: bytes, name: str, *, actor: Any) -> Document:
    """Tải tệp lên: a paper of a dossier to come, or a draft result; checked by its content,
    within the account's quota."""
    require(actor, "documents.upload")
    checked = storage.check_upload(content, name)
    with transaction.atomic():
        get_user_model().objects.select_for_update().filter(pk=actor.pk).first()
        check_upload_quota(actor, len(checked.content))
        document = create_document(
            checked, origin=Origin.UPLOAD, uploaded_by=actor, agency=_agency_of(actor)
        )
        audit.record(
            "documents.uploaded",
            actor=actor,
            agency=_agency_of(actor),
            target=document,
            data={"name": document.name, "size": document.size, "sha256": document.sha256},
        )
    return document


@dataclass(frozen=True)
class Upload:
    """A file as it came in with a form (its name and bytes, size already limited), for the
    service that stores it in its own transaction."""

    name: str
    content: bytes


def incoming(uploaded: Iterable[Any]) -> list[Upload]:
    """Read the files of a form field (Django's ``UploadedFile``), refusing an oversize one."""
    return [Upload(f.name or "", storage.read_upload(f)) for f in uploaded]


def upload_all(uploads: Iterable[Upload], *, actor: Any) -> list[int]:
    """Store each :class:`Upload` (:func:`upload`) and answer their ids."""
    return [upload(u.content, u.name, actor=actor).pk for u in uploads]


def read(document: Document) -> bytes:
    return storage.read_blob(document.storage_name, sha256=document.sha256)


# Attaching -----------------------------------------------------------------------------------


def _is_attached() -> Exists:
    return Exists(Attachment.objects.filter(document=OuterRef("pk")))


def _in_store() -> Exists:
    return Exists(StoreItem.objects.filter(document=OuterRef("pk")))


def _may_attach(document: Document, actor: Any, colleagues: bool) -> bool:
    if document.uploaded_by_id == actor.pk:
        return True
    # A leader signs the draft a specialist of the same agency uploaded.
    return (
        colleagues
        and getattr(actor, "is_agency_staff", False)
        and document.agency_id == actor.agency_id
    )


def claim(ids: Iterable[int], *, actor: Any, colleagues: bool = False) -> list[Document]:
    """Lock and return the uploads ``ids`` for attaching, or refuse them all at once.

    Each must exist, belong to ``actor`` (or, with ``colleagues``, to staff of the actor's
    agency) and be attached nowhere yet. Someone else's file reads as missing."""
    wanted = list(dict.fromkeys(int(i) for i in ids))
    if not wanted:
        return []
    rows = (
        Document.objects.select_for_update()
        .filter(pk__in=wanted)
        .annotate(attached=_is_attached(), stored=_in_store())
    )
    found = {d.pk: d for d in rows}
    problems: dict[str, str] = {}
    for pk in wanted:
        document = found.get(pk)
        if document is None or not _may_attach(document, actor, colleagues):
            problems[str(pk)] = _("không tồn tại hoặc không phải tệp bạn đã tải lên")
        elif document.attached or document.stored:
            problems[str(pk)] = _("đã được đính kèm vào hồ sơ khác")
    if problems:
        listing = "; ".join(
            _("tệp số %(id)s %(why)s") % {"id": pk, "why": why} for pk, why in problems.items()
        )
        raise ValidationFailed(
            _("Tệp đính kèm không hợp lệ: %(listing)s.") % {"listing": listing},
            code="invalid_files",
            details={"file_ids": problems},
        )
    return [found[pk] for pk in wanted]


def attach(
    documents: Sequence[Document],
    target: models.Model,
    *,
    role: str,
    actor: Any,
    part: str = "",
    store_item: StoreItem | None = None,
    now: datetime | None = None,
) -> list[Attachment]:
    """Attach claimed files to ``target`` (in the caller's transaction)."""
    target_type, target_id = target_key(target)
    return Attachment.objects.bulk_create(
        Attachment(
            document=document,
            target_type=target_type,
            target_id=target_id,
            role=role,
            part=part,
            store_item=store_item,
            attached_by=actor if getattr(actor, "is_authenticated", False) else None,
            attached_at=now or clock.now(),
        )
        for document in documents
    )


def attachments_of(target: models.Model, *, applicant: bool = False) -> models.QuerySet[Attachment]:
    """The files attached to ``target``; ``applicant``: only those the applicant may see (no
    draft result, :data:`APPLICANT_ROLES`)."""
    target_type, target_id = target_key(target)
    found = Attachment.objects.filter(target_type=target_type, target_id=target_id)
    if applicant:
        found = found.filter(role__in=APPLICANT_ROLES)
    return found.select_related("document").order_by("attached_at", "id")


def attached_document(
    target: models.Model, document_id: int, *, applicant: bool = False
) -> Document | None:
    """One file attached to ``target`` (the caller already checked the target may be seen);
    ``applicant``: None for a file the applicant may not see."""
    row = attachments_of(target, applicant=applicant).filter(document_id=document_id).first()
    return row.document if row else None


# The citizen's data store ----------------------------------------------------------------------

STORE_PURPOSE_INTAKE = "tiếp nhận hồ sơ"  # the purpose recorded when none is given


def add_to_store(
    document: Document,
    *,
    id_number: str,
    kind: str,
    title: str,
    holder_name: str = "",
    source: models.Model | None = None,
    source_code: str = "",
    agency: Any = None,
    issued_on: date | None = None,
    procedure_code: str = "",
) -> StoreItem | None:
    """Put a digitised paper or an electronic result in its holder's data store (R5.3, R5.6);
    nothing without an ID number. Adding the same file twice keeps one item."""
    if not id_number:
        return None
    source_type, source_id = target_key(source) if source is not None else ("", None)
    item, _ = StoreItem.objects.get_or_create(
        id_number=id_number,
        document=document,
        defaults={
            "holder_name": holder_name,
            "kind": kind,
            "title": title[:500],
            "procedure_code": procedure_code,
            "source_type": source_type,
            "source_id": source_id,
            "source_code": source_code,
            "agency": agency,
            "issued_on": issued_on,
        },
    )
    return item


def store_of_agency(actor: Any) -> models.QuerySet[StoreItem]:
    """The part of the data store an officer may see and reuse: the papers and results their own
    agency filed. Another agency's items stay out until the citizen's presence is proven (the
    chip ID card read or a one-time code to their phone), which is not built yet."""
    agency = _agency_of(actor)
    if agency is None:
        return StoreItem.objects.none()
    return StoreItem.objects.filter(agency=agency)


def look_up_store(id_number: str, *, actor: Any, purpose: str = "") -> list[StoreItem]:
    """Tra cứu kho dữ liệu: what papers and results an ID number already holds in the officer's
    own agency (see :func:`store_of_agency`). Counter staff only (the citizen stands in front of
    them); every lookup is recorded with its purpose (mục đích)."""
    require(actor, "documents.view_store")
    id_number = "".join(str(id_number or "").split())
    if not id_number.isdigit() or len(id_number) not in (9, 10, 12, 13):
        raise ValidationFailed(
            _("Số định danh cá nhân hoặc mã số doanh nghiệp không hợp lệ."),
            details={"id_number": id_number},
        )
    purpose = " ".join(str(purpose or "").split())[:200] or STORE_PURPOSE_INTAKE
    items = list(
        store_of_agency(actor).filter(id_number=id_number).select_related("document", "agency")
    )
    with transaction.atomic():
        audit.record(
            "documents.store_looked_up",
            actor=actor,
            agency=_agency_of(actor),
            data={
                "id_number": id_number,
                "found": len(items),
                "purpose": purpose,
                "scope": "own_agency",
            },
        )
    return items


def pick_store_items(
    ids: Iterable[int],
    *,
    actor: Any,
    id_number: str,
    among: models.QuerySet[StoreItem] | None = None,
) -> list[StoreItem]:
    """The store items chosen instead of new copies: only the applicant's own, and only from
    ``among`` when the actor may see part of the store (a citizen account sees its own)."""
    wanted = list(dict.fromkeys(int(i) for i in ids))
    if not wanted:
        return []
    require(actor, "documents.use_store")
    items = StoreItem.objects.all() if among is None else among
    found = {
        item.pk: item
        for item in items.select_related("document").filter(
            pk__in=wanted, id_number=id_number or "-"
        )
    }
    missing = [pk for pk in wanted if pk not in found]
    if missing:
        raise ValidationFailed(
            _(
                "Giấy tờ trong kho dữ liệu không tồn tại hoặc không phải của người nộp hồ sơ: "
                "%(ids)s."
            )
            % {"ids": ", ".join(str(pk) for pk in missing)},
            code="invalid_store_items",
            details={"store_item_ids": missing},
        )
    return [found[pk] for pk in wanted]


# Sweeping ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Swept:
    uploads: int
    blobs: int

    def summary(self) -> str:
        return (
            f"Đã xóa {self.uploads} tệp tải lên không được đính kèm và "
            f"{self.blobs} tệp lưu trữ không có bản ghi."
        )


def _blob_folders(store: Any, folder: str) -> Iterable[tuple[str, list[str]]]:
    """Each folder under ``folder`` with the names of its files (object stores have no empty
    folders: a missing one just lists nothing)."""
    try:
        folders, files = store.listdir(folder)
    except FileNotFoundError:
        return
    if files:
        yield folder, [f"{folder}/{name}" for name in files]
    for sub in folders:
        yield from _blob_folders(store, f"{folder}/{sub}")


def sweep_orphans(*, older_than: timedelta) -> Swept:
    """Remove uploads nobody attached within ``older_than``, and blobs left without a row
    (a process that died between writing a blob and committing its row)."""
    cutoff = clock.now() - older_than
    store = storage.storage()
    stale = list(
        Document.objects.filter(created_at__lt=cutoff, origin=Origin.UPLOAD)
        .annotate(attached=_is_attached(), stored=_in_store())
        .filter(attached=False, stored=False)
    )
    for document in stale:
        with transaction.atomic():
            Document.objects.filter(pk=document.pk).delete()
        store.delete(document.storage_name)
    orphans = 0
    for _folder, names in _blob_folders(store, storage.PREFIX):  # one day's folder at a time
        known = set(
            Document.objects.filter(storage_name__in=names).values_list("storage_name", flat=True)
        )
        for name in names:
            if name in known or store.get_modified_time(name) >= cutoff:
                continue
            store.delete(name)
            orphans += 1
    if stale or orphans:
        with transaction.atomic():
            audit.record("documents.swept", data={"uploads": len(stale), "blobs": orphans})
    return Swept(uploads=len(stale), blobs=orphans)


def download(document: Document, *, inline: bool = False) -> HttpResponse:
    """A stored document for the browser, its content checked against its digest on reading."""
    return file_response(read(document), document.name, document.content_type, inline=inline)


def file_response(
    content: bytes, filename: str, content_type: str, *, inline: bool
) -> HttpResponse:
    """A file for the browser: downloaded, or shown inline (PDF slips), never sniffed. The one
    way the API, the staff screens and the portal hand out stored files."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(not inline, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response
