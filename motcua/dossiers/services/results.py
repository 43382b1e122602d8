"""The result of a dossier as a file (kết quả giải quyết, DOMAIN R5.6): at approval the draft
result PDF is signed by the approver (chữ ký số) and, when the procedure needs it, by the
agency's seal; the signed file becomes the dossier's electronic result and goes into the
applicant's data store.

Signing happens before the approval's transaction (it may call a time-stamp server, which must
not hold the dossier's lock); storing happens inside it, so an error anywhere leaves neither a
result nor an approval behind."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from motcua import clock
from motcua.documents import branding, signatures, storage
from motcua.documents import services as files
from motcua.documents.models import Document, Origin, Role, StoreKind
from motcua.dossiers.models import Dossier
from motcua.errors import ValidationFailed
from motcua.signing.base import SigningError


@dataclass(frozen=True)
class Prepared:
    """A result ready to store: the draft it came from and the bytes to keep."""

    draft: Document
    content: bytes | None  # the signed file; None: the draft itself is the result
    electronic: bool
    signers: tuple[str, ...] = ()


def _needs_seal(dossier: Dossier) -> bool:
    return dossier.procedure.result_needs_seal and dossier.version.result_is_document


def prepare(dossier: Dossier, *, actor: Any, file_id: int, at: datetime) -> Prepared:
    """Read the draft result and sign it: the approver, then the seal. Writes nothing.

    Without a signing identity the approver signed on paper: the file is kept as the scan of
    the result, electronic only if it already carries valid signatures (a USB token)."""
    draft = _draft(file_id, actor)
    if draft.content_type != storage.PDF:
        raise ValidationFailed(
            _("Kết quả giải quyết phải là tệp PDF."), details={"result_file_id": file_id}
        )
    content = files.read(draft)
    identity = signatures.identity_of(actor)
    if identity is None:
        electronic = signatures.verify(content).valid
        return Prepared(draft, None, electronic)
    agency = dossier.handling_agency
    place = branding.place_of(agency)
    when = signatures.stamp_time(at)
    signed = signatures.sign(
        content,
        identity,
        field_name="ChuKyNguoiCoThamQuyen",
        reason=f"Phê duyệt kết quả giải quyết hồ sơ {dossier.code}",
        location=place,
        stamp_lines=[
            f"Ký bởi: {identity.subject_name}",
            *([actor.title] if actor.title else []),
            f"Cơ quan: {agency.name}",
            f"Thời gian: {when}",
        ],
    )
    signers = [identity.subject_name]
    if _needs_seal(dossier):
        seal = signatures.seal_of(agency)
        if seal is None:
            raise SigningError(
                _("%(agency)s chưa có chứng thư số của cơ quan (con dấu) để đóng dấu kết quả.")
                % {"agency": agency.name},
                code="seal_missing",
            )
        signed = signatures.sign(
            signed,
            seal,
            field_name="ConDauCoQuan",
            reason=f"Đóng dấu kết quả giải quyết hồ sơ {dossier.code}",
            location=place,
            stamp_lines=[f"Con dấu: {agency.name}", f"Thời gian: {when}"],
        )
        signers.append(seal.subject_name)
    return Prepared(draft, signed, True, tuple(signers))


def _draft(file_id: int, actor: Any) -> Document:
    """The draft without a lock (signing is read-only); :func:`store` claims it for real."""
    draft = Document.objects.filter(pk=file_id).first()
    if draft is None or not (
        draft.uploaded_by_id == actor.pk or draft.agency_id == getattr(actor, "agency_id", None)
    ):
        raise ValidationFailed(
            _("Không có tệp kết quả số %(id)s do cơ quan bạn tải lên.") % {"id": file_id},
            code="invalid_files",
            details={"result_file_id": file_id},
        )
    return draft


def store(prepared: Prepared, dossier: Dossier, *, actor: Any, now: datetime) -> Document:
    """In the approval's transaction: attach the draft, store the signed result beside it and
    file the result in the applicant's data store."""
    handed_over = files.attached_document(dossier, prepared.draft.pk) is not None
    if handed_over:  # the draft a specialist attached when handing the dossier over
        draft = prepared.draft
    else:
        [draft] = files.claim([prepared.draft.pk], actor=actor, colleagues=True)
    if prepared.content is None:
        result = draft
        if prepared.electronic:
            result.electronic = True
            result.save(update_fields=["electronic"])
    else:
        if not handed_over:
            files.attach([draft], dossier, role=Role.DRAFT, actor=actor, now=now)
        checked = storage.describe(
            prepared.content,
            f"{dossier.version.result_name} - {dossier.code}.pdf",
            allowed=(storage.PDF,),
            made_here=True,
        )
        result = files.create_document(
            checked,
            origin=Origin.SIGNED,
            uploaded_by=actor,
            agency=dossier.handling_agency,
            electronic=True,
        )
    files.attach([result], dossier, role=Role.RESULT, actor=actor, now=now)
    files.add_to_store(
        result,
        id_number=dossier.applicant_id_number,
        holder_name=dossier.applicant_name,
        kind=StoreKind.RESULT,
        title=dossier.version.result_name,
        source=dossier,
        source_code=dossier.code,
        agency=dossier.handling_agency,
        issued_on=clock.local(now).date(),
        procedure_code=dossier.procedure.code,
    )
    return result
