"""Digitisation of dossiers (số hóa hồ sơ, DOMAIN R5.3–R5.5): the files of each paper, the
papers taken from the applicant's data store instead of asked again, scans made at the counter,
and the digitised papers filed in the applicant's store once the dossier is received."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from motcua import audit
from motcua.agencies.policy import is_citizen_account, require
from motcua.documents import services as files
from motcua.documents import storage
from motcua.documents.models import Document, Origin, Role, StoreItem, StoreKind
from motcua.dossiers.inputs import ComponentIn
from motcua.dossiers.models import Dossier, DossierComponent
from motcua.dossiers.services import core
from motcua.errors import Conflict, NotFound, ValidationFailed


def attach_papers(dossier: Dossier, papers: Sequence[ComponentIn], *, actor: Any) -> None:
    """Link the uploads and store items named for each paper at intake; one bad id refuses the
    whole dossier (the caller's transaction rolls back)."""
    ids = [i for paper in papers for i in paper.file_ids]
    twice = sorted(i for i, n in Counter(ids).items() if n > 1)
    if twice:
        raise ValidationFailed(
            _("Một tệp được đính kèm vào hai thành phần hồ sơ: %(ids)s.")
            % {"ids": ", ".join(str(i) for i in twice)},
            code="invalid_files",
            details={"file_ids": twice},
        )
    uploads = {d.pk: d for d in files.claim(ids, actor=actor)}
    for paper in papers:
        files.attach(
            [uploads[i] for i in paper.file_ids],
            dossier,
            role=Role.COMPONENT,
            part=paper.code,
            actor=actor,
        )
        chosen = files.pick_store_items(
            paper.store_item_ids,
            actor=actor,
            id_number=dossier.applicant_id_number,
            among=store_of(actor),
        )
        for item in chosen:
            files.attach(
                [item.document],
                dossier,
                role=Role.COMPONENT,
                part=paper.code,
                actor=actor,
                store_item=item,
            )


def store_of(actor: Any) -> QuerySet[StoreItem]:
    """The part of the data store ``actor`` may reuse from: at the counter, what the officer's
    own agency filed (R5.3, ``files.store_of_agency``); a citizen account, its own part."""
    if getattr(actor, "is_agency_staff", False):
        return files.store_of_agency(actor)
    return citizen_store(actor)


def citizen_store(user: Any) -> QuerySet[StoreItem]:
    """Kho dữ liệu của tôi: what the account's own dossiers put in the store. A login by phone
    or e-mail proves no identity, so papers filed under the same ID number by other dossiers
    stay out (a VNeID login would prove it, see ``accounts.identity``)."""
    if not is_citizen_account(user):
        return StoreItem.objects.none()
    own = Dossier.objects.with_scopes_disabled().filter(citizen_id=user.pk).values("pk")
    return StoreItem.objects.filter(source_type=Dossier._meta.label_lower, source_id__in=own)


def citizen_store_document(user: Any, item_id: int) -> Document | None:
    """The file of one item of the account's own store, or None (someone else's reads as none)."""
    item = citizen_store(user).select_related("document").filter(pk=item_id).first()
    return item.document if item else None


def file_in_store(dossier: Dossier) -> None:
    """Put the dossier's digitised papers in the applicant's data store (at reception, when the
    dossier has its code); papers that came from the store are there already."""
    if not dossier.applicant_id_number:
        return
    papers = list(
        files.attachments_of(dossier).filter(role=Role.COMPONENT, store_item__isnull=True)
    )
    if not papers:
        return
    names = dict(DossierComponent.objects.filter(dossier=dossier).values_list("code", "name"))
    for attachment in papers:
        _store(dossier, attachment.document, StoreKind.COMPONENT, names.get(attachment.part, ""))


def _store(dossier: Dossier, document: Any, kind: str, title: str) -> None:
    files.add_to_store(
        document,
        id_number=dossier.applicant_id_number,
        holder_name=dossier.applicant_name,
        kind=kind,
        title=title or document.name,
        source=dossier,
        source_code=dossier.code,
        agency=dossier.agency if kind == StoreKind.COMPONENT else dossier.handling_agency,
        procedure_code=dossier.procedure.code,
    )


def digitise_component(
    dossier: Dossier, component_code: str, *, actor: Any, content: bytes, name: str
) -> Document:
    """Số hóa thành phần hồ sơ: a scan of one paper of a received dossier, uploaded at the
    counter (or by the handling specialist); the paper is marked digitised and filed in the
    applicant's data store."""
    checked = storage.check_upload(content, name)
    with transaction.atomic(durable=True):
        d = core.lock(dossier)
        require(actor, "dossiers.digitise", d)
        if d.received_at is None:
            raise Conflict(_("Hồ sơ chưa được tiếp nhận: chưa số hóa thành phần hồ sơ được."))
        component = DossierComponent.objects.filter(dossier=d, code=component_code).first()
        if component is None:
            raise NotFound(
                _("Hồ sơ không có thành phần %(code)s.") % {"code": repr(component_code)},
                code="unknown_component",
            )
        document = files.create_document(
            checked, origin=Origin.UPLOAD, uploaded_by=actor, agency=d.agency
        )
        files.attach([document], d, role=Role.COMPONENT, part=component.code, actor=actor)
        component.digitised = True
        component.save(update_fields=["digitised"])
        _store(d, document, StoreKind.COMPONENT, component.name)
        audit.record(
            "dossier.component_digitised",
            actor=actor,
            agency=actor.agency,
            target=d,
            data={
                "component": component.code,
                "file_id": document.pk,
                "sha256": document.sha256,
            },
        )
    return document
