"""What people do with the archive, each a plain function that checks the policy, changes the
rows in one transaction and records the audit event: read a file (logged), its package,
lodging (nộp lưu), legal holds, the destruction list (danh sách hồ sơ đề nghị hủy)."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from motcua import audit, clock
from motcua.agencies.models import Agency
from motcua.agencies.policy import require, visible_agency_ids
from motcua.archive import closing, package
from motcua.archive.models import (
    AccessEntry,
    AccessKind,
    ArchiveDocument,
    ArchiveFile,
    DestructionList,
    DestructionState,
    DocumentKind,
    FileState,
    LodgingBatch,
)
from motcua.documents import storage
from motcua.documents.models import Attachment, Document, StoreItem
from motcua.dossiers.lifecycle import Status
from motcua.dossiers.models import Dossier
from motcua.errors import Conflict, NotFound, ValidationFailed
from motcua.notify import services as notify
from motcua.payments import services as payments

# Reading ---------------------------------------------------------------------------------------


def files_of(user: Any) -> QuerySet[ArchiveFile]:
    """The archived files a user may list: their agency (a supervisor: and those below)."""
    return ArchiveFile.objects.filter(agency_id__in=visible_agency_ids(user)).select_related(
        "agency", "dossier", "batch"
    )


def file_list(user: Any, agency: Agency, year: int) -> QuerySet[ArchiveFile]:
    """Danh mục hồ sơ: an agency's files of one year, by number."""
    require(user, "archive.view_archive", agency)
    return files_of(user).filter(agency=agency, year=year).order_by("number")


def log_access(file: ArchiveFile, user: Any, kind: str) -> None:
    """One line of the access log (nhật ký truy cập) for every read of an archived file."""
    AccessEntry.objects.create(file=file, user=user, kind=kind, at=clock.now())


def file_for(user: Any, file_code: str) -> ArchiveFile:
    """One archived file by its file code, read (and logged) by someone who may see it."""
    found = files_of(user).filter(file_code=file_code).first()
    if found is None or not user.has_perm("archive.view_archive", found):
        raise NotFound(_("Không tìm thấy hồ sơ lưu trữ."))
    log_access(found, user, AccessKind.VIEW)
    return found


@dataclass(frozen=True)
class Package:
    content: bytes
    filename: str


def package_for(user: Any, dossier_code: str) -> Package:
    """The archive package of a finished dossier (supervisor or the agency's administrator).

    A dossier whose work has ended but whose file is not closed yet is closed now (an archival
    action: the same as the automatic closing, earlier); one still at work, or whose result is
    not returned, has no package (409)."""
    dossier = (
        Dossier.objects.with_scopes_disabled()
        .select_related("agency", "handling_agency", "procedure", "field", "case", "version")
        .filter(code=dossier_code)
        .first()
    )
    if dossier is None or not user.has_perm("archive.package", dossier):
        raise NotFound(_("Không tìm thấy hồ sơ."))
    if dossier.status not in closing.CLOSABLE and not hasattr(dossier, "archive_file"):
        message = (
            _("Hồ sơ đã xử lý xong nhưng chưa trả kết quả: chưa có gói hồ sơ lưu trữ.")
            if dossier.status in (Status.DONE, Status.REFUSED)
            else _("Hồ sơ chưa kết thúc: chưa có gói hồ sơ lưu trữ.")
        )
        raise closing.NotClosable(message, details={"status": dossier.status})
    file = closing.close_file(dossier, actor=user)
    content = package.build(file)
    with transaction.atomic():
        log_access(file, user, AccessKind.PACKAGE)
    return Package(content, f"{dossier.code}.zip")


# Lodging (nộp lưu) -----------------------------------------------------------------------------


def _agency_for(user: Any, code: str, perm: str) -> Agency:
    agency = Agency.objects.filter(code=code).first()
    if agency is None or not user.has_perm(perm, agency):
        raise NotFound(_("Không tìm thấy cơ quan."))
    return agency


def to_lodge(agency: Agency, year: int) -> QuerySet[ArchiveFile]:
    """Files of ``year`` that must be lodged (kept 5 years or more) and are not yet."""
    return ArchiveFile.objects.filter(
        agency=agency, year=year, batch__isnull=True, destroyed_at__isnull=True
    ).filter(Q(retention_years__isnull=True) | Q(retention_years__gte=5))


def lodge(user: Any, agency_code: str, year: int) -> LodgingBatch:
    """Nộp lưu: the agency's files of ``year`` that must be lodged join its batch of that year.
    Lodging again is idempotent: the same batch, with only files closed since added."""
    agency = _agency_for(user, agency_code, "archive.lodge")
    if year >= clock.today().year:
        raise ValidationFailed(
            _("Chỉ nộp lưu hồ sơ của các năm đã qua (năm %(year)s chưa kết thúc).")
            % {"year": year},
            details={"year": year},
        )
    now = clock.now()
    with transaction.atomic():
        batch, created = LodgingBatch.objects.select_for_update().get_or_create(
            agency=agency, year=year, defaults={"lodged_by": user, "created_at": now}
        )
        codes = list(to_lodge(agency, year).order_by("number").values_list("file_code", flat=True))
        if codes:
            ArchiveFile.objects.filter(file_code__in=codes).update(
                batch=batch, lodged_at=now, state=FileState.LODGED
            )
        if created or codes:
            audit.record(
                "archive.lodged",
                actor=user,
                agency=agency,
                target=batch,
                data={"year": year, "files": codes},
            )
    return batch


def batch_export(user: Any, agency_code: str, year: int) -> Package:
    """The export of a lodging batch: its list (mục lục) and every file's package."""
    agency = _agency_for(user, agency_code, "archive.lodge")
    batch = LodgingBatch.objects.filter(agency=agency, year=year).first()
    if batch is None:
        raise NotFound(_("Chưa có đợt nộp lưu năm %(year)s.") % {"year": year})
    files = list(batch.files.select_related("agency", "dossier").order_by("number"))
    buffer = io.BytesIO()
    lines = ["Số TT\tMã hồ sơ\tTiêu đề\tNgày bắt đầu\tNgày kết thúc\tThời hạn bảo quản\tSố tờ"]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:
        for file in files:
            if file.destroyed_at is None:
                archive.writestr(f"{file.file_code}.zip", package.build(file))
            lines.append(
                f"{file.number}\t{file.file_code}\t{file.title}\t{file.start_date:%d/%m/%Y}\t"
                f"{file.end_date:%d/%m/%Y}\t{file.retention_label}\t{file.page_total}"
            )
        archive.writestr("muc-luc-ho-so.tsv", "\n".join(lines) + "\n")
    with transaction.atomic():
        for file in files:
            log_access(file, user, AccessKind.EXPORT)
    return Package(buffer.getvalue(), f"nop-luu-{agency.code}-{year}.zip")


# Legal hold ------------------------------------------------------------------------------------


def set_hold(user: Any, file_code: str, *, hold: bool, reason: str = "") -> ArchiveFile:
    """Tạm giữ (a legal hold stops destruction) or release it; a hold needs its reason."""
    reason = (reason or "").strip()
    if hold and not reason:
        raise ValidationFailed(_("Cần ghi lý do tạm giữ hồ sơ."), details={"reason": "required"})
    with transaction.atomic():
        file = files_of(user).select_for_update(of=("self",)).filter(file_code=file_code).first()
        if file is None or not user.has_perm("archive.hold", file):
            raise NotFound(_("Không tìm thấy hồ sơ lưu trữ."))
        file.hold, file.hold_reason = hold, reason if hold else ""
        file.save(update_fields=["hold", "hold_reason"])
        audit.record(
            "archive.hold_set" if hold else "archive.hold_released",
            actor=user,
            agency=file.agency,
            target=file,
            data={"file_code": file.file_code, "reason": reason},
        )
    return file


# Destruction (tiêu hủy) ------------------------------------------------------------------------


def expiry(file: ArchiveFile) -> date | None:
    """The day the retention ends (None: permanent)."""
    if file.retention_years is None:
        return None
    end = file.end_date
    try:
        return end.replace(year=end.year + file.retention_years)
    except ValueError:  # 29 February
        return end.replace(year=end.year + file.retention_years, day=28)


def past_retention(agency: Agency, today: date) -> list[ArchiveFile]:
    """Files whose retention is over, not held, not destroyed, on no open list."""
    open_lists = DestructionList.objects.exclude(state=DestructionState.DESTROYED)
    candidates = (
        ArchiveFile.objects.filter(
            agency=agency, retention_years__isnull=False, destroyed_at__isnull=True, hold=False
        )
        .filter(end_date__lte=today.replace(year=today.year - 1))
        .exclude(destruction_lists__in=open_lists)
        .order_by("year", "number")
    )
    return [f for f in candidates if (expiry(f) or today) <= today]


def propose_destruction(user: Any, agency_code: str) -> DestructionList:
    """Lập danh sách hồ sơ đề nghị hủy from the files past retention."""
    agency = _agency_for(user, agency_code, "archive.propose_destruction")
    with transaction.atomic():
        Agency.objects.select_for_update().filter(pk=agency.pk).first()
        files = past_retention(agency, clock.today())
        if not files:
            raise Conflict(
                _("Không có hồ sơ hết thời hạn bảo quản để đề nghị hủy."),
                code="nothing_to_destroy",
            )
        listed = DestructionList.objects.create(
            agency=agency, proposed_by=user, proposed_at=clock.now()
        )
        listed.files.set(files)
        audit.record(
            "archive.destruction_proposed",
            actor=user,
            agency=agency,
            target=listed,
            data={"files": [f.file_code for f in files]},
        )
    return listed


def _list_for(user: Any, pk: int, perm: str) -> DestructionList:
    listed = (
        DestructionList.objects.select_for_update()
        .filter(pk=pk, agency_id__in=visible_agency_ids(user))
        .first()
    )
    if listed is None or not user.has_perm(perm, listed.agency):
        raise NotFound(_("Không tìm thấy danh sách hồ sơ đề nghị hủy."))
    return listed


def _refuse_holds(listed: DestructionList) -> None:
    held = list(listed.files.filter(hold=True).values_list("file_code", flat=True))
    if held:
        raise Conflict(
            _("Có hồ sơ đang bị tạm giữ theo yêu cầu pháp lý: %(codes)s. Không được hủy.")
            % {"codes": ", ".join(held)},
            code="legal_hold",
            details={"held": held},
        )


def approve_destruction(user: Any, pk: int) -> DestructionList:
    """Phê duyệt: the agency's leader approves a proposed list."""
    with transaction.atomic():
        listed = _list_for(user, pk, "archive.approve_destruction")
        if listed.state != DestructionState.PROPOSED:
            raise Conflict(
                _("Danh sách này không ở trạng thái chờ phê duyệt."), code="not_proposed"
            )
        _refuse_holds(listed)
        listed.state, listed.approved_by, listed.approved_at = (
            DestructionState.APPROVED,
            user,
            clock.now(),
        )
        listed.save(update_fields=["state", "approved_by", "approved_at"])
        audit.record(
            "archive.destruction_approved",
            actor=user,
            agency=listed.agency,
            target=listed,
            data={"files": list(listed.files.values_list("file_code", flat=True))},
        )
    return listed


def _still_used(document: Document, dossier_id: int) -> bool:
    """Another dossier or a citizen's data store still holds this file."""
    elsewhere = Attachment.objects.filter(document=document).exclude(
        target_type="dossiers.dossier", target_id=dossier_id
    )
    return elsewhere.exists() or StoreItem.objects.filter(document=document).exists()


PERSONAL_FIELDS = {
    "applicant_name": "",
    "applicant_id_number": "",
    "applicant_phone": "",
    "applicant_email": "",
    "applicant_address": "",
    "submitter_name": "",
    "submitter_id_number": "",
    "submitter_phone": "",
    "submitter_address": "",
    "delivery_address": "",
    "note": "",
    "eform_answers": {},
    "search_key": "",
    "citizen": None,
}
"""What a destroyed file's dossier forgets of the people behind it (Decree 13/2023: personal
data is deleted once its purpose, here the retention, has ended)."""


def _minimal_record(file: ArchiveFile, dossier: Dossier) -> None:
    """What a destroyed file keeps (the record of a destruction needs the file code, title,
    dates and the decision, which its destruction list holds): its code, a title that names no
    one, its dates and retention, and per document its kind, time, pages and digest; the names
    of papers (a citizen's file names may carry theirs) give way to their kind. The messages
    sent about the dossier (SMS, e-mail, the payment platform's, the e-receipts) forget the
    applicant too."""
    file.title = closing.file_title(dossier, personal=False)
    for doc in file.documents.all():
        ext = doc.path.rsplit(".", 1)[-1]
        doc.title = str(DocumentKind(doc.kind).label)
        doc.path = f"tai-lieu/{doc.order:02d}-{doc.kind.replace('_', '-')}.{ext}"
        doc.save(update_fields=["title", "path"])
    Dossier.objects.with_scopes_disabled().filter(pk=dossier.pk).update(**PERSONAL_FIELDS)
    notify.forget_about(dossier)  # the SMS and e-mails sent to the applicant
    payments.forget_payer(dossier)  # the payment platform's INIT and the e-receipts


def destroy(user: Any, pk: int) -> DestructionList:
    """Tiêu hủy an approved list: each file's documents are removed (a paper another dossier or
    a citizen's data store still holds is kept for them), the file keeps a minimal record (code,
    a title naming no one, dates, retention, its documents' kinds and digests) and its dossier
    forgets the applicant's personal data (:data:`PERSONAL_FIELDS`)."""
    with transaction.atomic():
        listed = _list_for(user, pk, "archive.propose_destruction")
        if listed.state != DestructionState.APPROVED:
            raise Conflict(
                _("Danh sách chưa được lãnh đạo phê duyệt: không được hủy."),
                code="not_approved",
            )
        _refuse_holds(listed)
        now = clock.now()
        blobs: list[str] = []
        files = list(listed.files.select_for_update().all())
        dossiers = (
            Dossier.objects.with_scopes_disabled()
            .select_related("procedure")
            .in_bulk([f.dossier_id for f in files])
        )
        for file in files:
            archived = list(file.documents.select_related("document"))
            ArchiveDocument.objects.filter(file=file).update(document=None)
            Attachment.objects.filter(
                target_type="dossiers.dossier", target_id=file.dossier_id
            ).delete()
            for doc in archived:
                if doc.document is None:
                    continue
                if not _still_used(doc.document, file.dossier_id):
                    blobs.append(doc.document.storage_name)
                    doc.document.delete()
            with translation.override(settings.LANGUAGE_CODE):  # the record is in Vietnamese
                _minimal_record(file, dossiers[file.dossier_id])
            file.state, file.destroyed_at = FileState.DESTROYED, now
            file.save(update_fields=["state", "destroyed_at", "title"])
        listed.state, listed.destroyed_by, listed.destroyed_at = (
            DestructionState.DESTROYED,
            user,
            now,
        )
        listed.save(update_fields=["state", "destroyed_by", "destroyed_at"])
        audit.record(
            "archive.destroyed",
            actor=user,
            agency=listed.agency,
            target=listed,
            data={"files": [f.file_code for f in files], "documents_removed": len(blobs)},
        )
        store = storage.storage()
        transaction.on_commit(lambda: [store.delete(name) for name in blobs])
    return listed
