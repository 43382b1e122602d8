"""Reception (tiếp nhận): at the counter, by post, and online (DOMAIN §1.2, R1.9, R3.x)."""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from motcua import clock, text
from motcua.accounts.models import User
from motcua.agencies.models import Agency, Level
from motcua.catalog import eforms
from motcua.catalog.models import Procedure, ProcedureCase, ProcedureLevel, StepRole
from motcua.catalog.structure import CaseStructure, version_cases
from motcua.documents import services as files
from motcua.dossiers import codes, timing
from motcua.dossiers.inputs import Applicant, ComponentIn, Submitter, clean_reason
from motcua.dossiers.lifecycle import NATIONAL_CODE, Action, Status
from motcua.dossiers.models import (
    Channel,
    Dossier,
    DossierComponent,
    ProcessStep,
    ScanExemption,
    StepState,
    SubmissionKey,
)
from motcua.dossiers.services import core, delivery, digitisation, processing
from motcua.errors import Conflict, NotFound, ValidationFailed


@dataclass(frozen=True)
class Route:
    """Who receives and who decides a dossier of a procedure (R1.19, R11.3–R11.4)."""

    receiving: Agency
    handling: Agency
    boundary_free: bool


def find_procedure(code: str) -> Procedure:
    procedure = (
        Procedure.objects.select_related("current_version", "deciding_agency")
        .filter(code=str(code or "").strip(), published=True)
        .first()
    )
    if procedure is None or procedure.current_version is None:
        raise NotFound(
            _("Không có thủ tục hành chính mã %(code)s.") % {"code": repr(code)},
            code="unknown_procedure",
        )
    return procedure


def find_case(procedure: Procedure, case_code: str | None) -> CaseStructure:
    cases = version_cases(procedure.current_version_id)
    if not case_code:
        return cases[0]  # the first case is the procedure's ordinary one
    for structure in cases:
        if structure.case.code == case_code:
            return structure
    names = ", ".join(c.case.code for c in cases)
    raise ValidationFailed(
        _("Thủ tục %(procedure)s không có trường hợp %(case)s (có: %(names)s).")
        % {"procedure": procedure.code, "case": repr(case_code), "names": names},
        details={"case": case_code},
    )


def route(procedure: Procedure, receiving: Agency, handling_code: str | None = None) -> Route:
    """Check that ``receiving`` may receive this procedure and find the deciding agency."""
    if procedure.level == ProcedureLevel.PROVINCE:
        handling = procedure.deciding_agency
        normal = receiving.level == Level.CENTRE or receiving.pk == handling.pk
        if not normal and not procedure.boundary_free:
            raise ValidationFailed(
                _(
                    "Thủ tục %(procedure)s cấp tỉnh được tiếp nhận tại Trung tâm Phục vụ "
                    "hành chính công; đơn vị này không tiếp nhận được."
                )
                % {"procedure": procedure.code},
                code="not_receivable",
            )
        return Route(receiving, handling, boundary_free=not normal)
    # Commune procedures: decided by the commune of the applicant; another commune may receive
    # it only when the procedure is boundary-free (phi địa giới).
    handling = receiving
    if handling_code and handling_code != receiving.code:
        handling = Agency.objects.filter(code=handling_code, level=Level.COMMUNE).first()
        if handling is None:
            raise ValidationFailed(
                _("Không có UBND cấp xã mã %(code)s.") % {"code": handling_code},
                code="unknown_agency",
            )
    if handling.level != Level.COMMUNE:
        raise ValidationFailed(
            _("Thủ tục %(procedure)s cấp xã phải chỉ rõ UBND cấp xã giải quyết.")
            % {"procedure": procedure.code},
            code="not_receivable",
        )
    if handling.pk != receiving.pk and not procedure.boundary_free:
        raise ValidationFailed(
            _("Thủ tục %(procedure)s không được tiếp nhận không phụ thuộc địa giới hành chính.")
            % {"procedure": procedure.code},
            code="not_receivable",
        )
    return Route(receiving, handling, boundary_free=handling.pk != receiving.pk)


def _check_components(case: CaseStructure, given: list[ComponentIn]) -> list:
    catalog = {c.code: c for c in case.components}
    unknown = [c.code for c in given if c.code not in catalog]
    if unknown:
        raise ValidationFailed(
            _("Thành phần hồ sơ không thuộc trường hợp này: %(codes)s.")
            % {"codes": ", ".join(unknown)},
            details={"components": unknown},
        )
    present = {
        c.code
        for c in given
        if c.originals or c.copies or c.photocopies or c.file_ids or c.from_store
    }
    missing = [c for c in catalog.values() if c.required and c.code not in present]
    if missing:
        raise ValidationFailed(
            _("Hồ sơ chưa đủ thành phần bắt buộc: %(names)s.")
            % {"names": "; ".join(c.name for c in missing)},
            code="incomplete_dossier",
            details={"missing": [c.code for c in missing]},
        )
    return [(catalog[c.code], c) for c in given]


def _create_steps(
    dossier: Dossier, case: CaseStructure, route: Route, start, due, actor
) -> list[ProcessStep]:
    """The dossier's own copy of the process, its first step already started."""
    steps = []
    for definition in case.steps:
        if definition.role in (StepRole.COUNTER, StepRole.COUNTER_RETURN):
            agency_id = route.receiving.pk  # the one-stop unit that received it (R1.19, R11.4)
        else:
            agency_id = definition.agency_id or route.handling.pk
        steps.append(
            ProcessStep(
                dossier=dossier,
                order=definition.order,
                name=definition.name,
                role=definition.role,
                hours=definition.hours,
                agency_id=agency_id,
                parallel_group=definition.parallel_group,
            )
        )
    for step, step_due in zip(
        steps, timing.plan_step_dues(steps, start, route.receiving, due), strict=True
    ):
        step.due_at = step_due
    first = steps[0]
    first.state, first.started_at = StepState.ACTIVE, start
    first.assignee = actor if first.role == StepRole.COUNTER else None
    return ProcessStep.objects.bulk_create(steps)


def _new_dossier(
    *,
    procedure: Procedure,
    case: ProcedureCase,
    route: Route,
    channel: str,
    applicant: Applicant,
    status: Status,
    note: str,
    sets_count: int,
    result_delivery: str,
    delivery_address: str,
    citizen: Any = None,
) -> Dossier:
    submitter = applicant.submitter or Submitter()
    return Dossier(
        agency=route.receiving,
        handling_agency=route.handling,
        current_agency=route.receiving,
        procedure=procedure,
        version=procedure.current_version,
        case=case,
        field_id=procedure.field_id,
        channel=channel,
        status=status,
        status_code=NATIONAL_CODE[status],
        boundary_free=route.boundary_free,
        applicant_kind=applicant.kind,
        applicant_name=applicant.name,
        applicant_id_number=applicant.id_number,
        applicant_phone=applicant.phone,
        applicant_email=applicant.email,
        applicant_address=applicant.address,
        submitter_name=submitter.name,
        submitter_id_number=submitter.id_number,
        submitter_phone=submitter.phone,
        submitter_address=submitter.address,
        search_key=text.search_key(f"{applicant.name} {applicant.phone} {applicant.id_number}"),
        citizen=citizen,
        note=text.nfc(note or "")[:2000],
        sets_count=max(1, int(sets_count or 1)),
        result_delivery=result_delivery,
        delivery_address=text.nfc(delivery_address or "")[:500],
    )


def _clean_delivery(result_delivery: str | None, delivery_address: str | None) -> tuple[str, str]:
    delivery = result_delivery or Channel.COUNTER
    if delivery not in Channel.values:
        raise ValidationFailed(
            _("Hình thức nhận kết quả %(channel)s không hợp lệ.") % {"channel": repr(delivery)}
        )
    if delivery == Channel.POST and not (delivery_address or "").strip():
        raise ValidationFailed(_("Nhận kết quả qua bưu chính cần địa chỉ nhận."))
    return delivery, delivery_address or ""


def _start_clock(dossier: Dossier, row, *, received_at, actor, route: Route) -> None:
    """Reception: start the legal clock and the internal process (R1.6, R4.x)."""
    case = find_case(dossier.procedure, dossier.case.code)
    core.apply_clock(dossier, row, received_at)
    first = _create_steps(dossier, case, route, received_at, dossier.due_at, actor)[0]
    dossier.current_step, dossier.assignee = first, first.assignee
    dossier.current_agency_id = first.agency_id
    core.grant_access(dossier, route.receiving.pk, route.handling.pk, first.agency_id)


@core.service
def receive_dossier(
    *,
    actor: User,
    procedure: str,
    applicant: Any,
    components: Any = None,
    case: str | None = None,
    channel: str = Channel.COUNTER,
    note: str = "",
    handling_agency: str | None = None,
    sets_count: int = 1,
    result_delivery: str | None = None,
    delivery_address: str = "",
    idempotency_key: str = "",
    scans: Mapping[str, Sequence[files.Upload]] | None = None,
) -> Dossier:
    """Tiếp nhận hồ sơ tại Bộ phận Một cửa (counter or post): the dossier gets its code and due
    and starts at the first step of the procedure's internal process. With an
    ``idempotency_key`` the same intake again returns the dossier of the first. ``scans``: the
    papers scanned at the counter, by component code, stored with the dossier or not at all."""
    row = core.check(actor, Action.RECEIVE, None)
    digest, earlier = _keyed(
        actor, idempotency_key, procedure, applicant, components, case, channel, note,
        handling_agency, sets_count, result_delivery, delivery_address,
    )  # fmt: skip
    if earlier is not None:
        return earlier
    components = _with_scans(components, scans, actor=actor)
    if channel not in Channel.values:
        raise ValidationFailed(
            _("Kênh nộp %(channel)s không hợp lệ (counter, online, post).")
            % {"channel": repr(channel)}
        )
    found = find_procedure(procedure)
    structure = find_case(found, case)
    the_route = route(found, actor.agency, handling_agency)
    person = Applicant.parse(applicant)
    papers = _check_components(structure, ComponentIn.parse_many(components))
    delivery, address = _clean_delivery(result_delivery, delivery_address)
    try:
        # A savepoint only where a key can collide: the loser reads the winner's dossier after it.
        with transaction.atomic(savepoint=bool(idempotency_key)):
            now = clock.now()
            dossier = _new_dossier(
                procedure=found,
                case=structure.case,
                route=the_route,
                channel=channel,
                applicant=person,
                status=Status.RECEIVED,
                note=note,
                sets_count=sets_count,
                result_delivery=delivery,
                delivery_address=address,
            )
            dossier.code = _provisional_code(now)
            dossier.save()
            if idempotency_key:  # first, so a copy in flight waits here on the unique pair
                SubmissionKey.objects.create(
                    sender=actor, key=idempotency_key, digest=digest, dossier=dossier
                )
            _store_components(dossier, papers, actor=actor)
            _start_clock(dossier, row, received_at=now, actor=actor, route=the_route)
            # The day's counter is locked from here to the commit: take it late, keep it short
            # (the store filing needs the code).
            dossier.code = codes.next_code(the_route.receiving, clock.local(now).date())
            if any(given.file_ids for _definition, given in papers):
                digitisation.file_in_store(dossier)
            return core.record(
                dossier,
                Action.RECEIVE,
                actor=actor,
                row=row,
                before=None,
                now=now,
                note=dossier.note,
                data={"channel": channel},
                update_fields=["code"],
            )
    except IntegrityError:
        earlier = _earlier_submission(actor, idempotency_key, digest) if idempotency_key else None
        if earlier is None:
            raise
        return earlier


def _with_scans(
    components: Any, scans: Mapping[str, Sequence[files.Upload]] | None, *, actor: User
) -> Any:
    """The components with the ids of their scans, stored now (in the service's transaction)."""
    if not scans or not isinstance(components, list):
        return components
    with_ids = []
    for item in components:
        code = item.get("code") if isinstance(item, dict) else None
        ids = files.upload_all(scans.get(code, ()), actor=actor) if code else []
        with_ids.append({**item, "file_ids": [*item.get("file_ids", []), *ids]} if ids else item)
    return with_ids


def _store_components(dossier: Dossier, papers: list, *, actor: User) -> None:
    record_components(dossier, papers)
    given = [paper for _definition, paper in papers]
    if any(paper.file_ids or paper.store_item_ids for paper in given):  # paper alone: no files
        digitisation.attach_papers(dossier, given, actor=actor)


def record_components(dossier: Dossier, papers: list) -> None:
    """The dossier's papers (thành phần hồ sơ): ``(definition, ComponentIn)`` pairs."""
    DossierComponent.objects.bulk_create(
        DossierComponent(
            dossier=dossier,
            component=definition,
            code=definition.code,
            name=definition.name,
            originals=given.originals,
            copies=given.copies,
            photocopies=given.photocopies,
            scan_exempt=ScanExemption.ONLINE
            if dossier.channel == Channel.ONLINE
            else given.scan_exempt,
            digitised=bool(given.file_ids or given.store_item_ids),
            from_store=given.from_store,
            reused=bool(given.store_item_ids),
        )
        for definition, given in papers
    )


def find_agency(code: str) -> Agency:
    agency = Agency.objects.filter(code=str(code or "").strip()).first()
    if agency is None:
        raise ValidationFailed(
            _("Không có cơ quan mã %(code)s.") % {"code": repr(code)}, code="unknown_agency"
        )
    return agency


@core.service
def submit_online(
    *,
    actor: User,
    procedure: str,
    agency: str,
    applicant: Any,
    components: Any = None,
    case: str | None = None,
    note: str = "",
    result_delivery: str | None = None,
    delivery_address: str = "",
    answers: Any = None,
    idempotency_key: str = "",
    scans: Mapping[str, Sequence[files.Upload]] | None = None,
) -> Dossier:
    """Nộp hồ sơ trực tuyến: status 1 (Mới đăng ký) until the counter accepts it (R1.9). The
    code is taken at acceptance, from the date of reception (R3.5). With an
    ``idempotency_key`` the same submission again returns the dossier of the first. ``scans``:
    the files chosen in the portal's form, by component code."""
    row = core.check(actor, Action.SUBMIT, None)
    digest, earlier = _keyed(
        actor, idempotency_key, procedure, agency, applicant, components, case, note,
        result_delivery, delivery_address, answers,
    )  # fmt: skip
    if earlier is not None:
        return earlier
    components = _with_scans(components, scans, actor=actor)
    found = find_procedure(procedure)
    if found.online_level == "none":
        raise ValidationFailed(
            _("Thủ tục %(procedure)s không cung cấp dịch vụ trực tuyến.")
            % {"procedure": found.code}
        )
    receiving = find_agency(agency)
    structure = find_case(found, case)
    the_route = route(found, receiving)
    person = Applicant.parse(applicant, phone_required=True)
    papers = _check_components(structure, ComponentIn.parse_many(components))
    delivery, address = _clean_delivery(result_delivery or Channel.ONLINE, delivery_address)
    filled = eforms.clean_answers(found.current_version.eform or [], answers)
    try:
        with transaction.atomic(savepoint=bool(idempotency_key)):  # as in receive_dossier
            now = clock.now()
            dossier = open_online(
                procedure=found,
                case=structure.case,
                route=the_route,
                applicant=person,
                note=note,
                result_delivery=delivery,
                delivery_address=address,
                citizen=actor,
                submitted_at=now,
                eform_answers=filled,
            )
            if idempotency_key:  # first, so a copy in flight waits here on the unique pair
                SubmissionKey.objects.create(
                    sender=actor, key=idempotency_key, digest=digest, dossier=dossier
                )
            _store_components(dossier, papers, actor=actor)
            return core.record(
                dossier, Action.SUBMIT, actor=actor, row=row, before=None, now=now,
                note=dossier.note,
            )  # fmt: skip
    except IntegrityError:
        earlier = _earlier_submission(actor, idempotency_key, digest) if idempotency_key else None
        if earlier is None:
            raise
        return earlier


MAX_KEY_LENGTH = 255


def _submission_digest(*content: Any) -> str:
    data = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(data.encode()).hexdigest()


def _keyed(actor: User, key: str, *content: Any) -> tuple[str, Dossier | None]:
    """The content's digest ("" without a key) and the dossier an earlier request with this
    ``Idempotency-Key`` made, or None."""
    if not key:
        return "", None
    digest = _submission_digest(*content)
    return digest, _earlier_submission(actor, key, digest)


def _earlier_submission(actor: User, key: str, digest: str) -> Dossier | None:
    """The dossier an earlier request with this key made, or None; the key with other
    content is a conflict."""
    if len(key) > MAX_KEY_LENGTH or not key.isascii() or not key.isprintable():
        raise ValidationFailed(
            _("Idempotency-Key không hợp lệ: tối đa 255 ký tự ASCII in được."),
            details={"Idempotency-Key": "invalid"},
        )
    earlier = SubmissionKey.objects.filter(sender=actor, key=key).first()
    if earlier is None:
        return None
    if earlier.digest != digest:
        raise Conflict(
            _("Idempotency-Key này đã dùng cho một hồ sơ có nội dung khác."),
            code="idempotency_key_reused",
        )
    return Dossier.objects.with_scopes_disabled().get(pk=earlier.dossier_id)


def open_online(
    *,
    procedure: Procedure,
    case: ProcedureCase,
    route: Route,
    applicant: Applicant,
    note: str,
    result_delivery: str,
    delivery_address: str,
    submitted_at: Any,
    citizen: Any = None,
    eform_answers: Any = None,
    national_code: str = "",
) -> Dossier:
    """The saved new dossier of an online submission (portal or DVCQG), in status 1 in the
    receiving agency's online queue; the caller's transaction records it."""
    dossier = _new_dossier(
        procedure=procedure,
        case=case,
        route=route,
        channel=Channel.ONLINE,
        applicant=applicant,
        status=Status.SUBMITTED,
        note=note,
        sets_count=1,
        result_delivery=result_delivery,
        delivery_address=delivery_address,
        citizen=citizen,
    )
    dossier.code = _provisional_code(clock.now())
    dossier.national_code = national_code
    dossier.submitted_at = submitted_at
    dossier.eform_answers = eform_answers or {}
    dossier.save()
    core.grant_access(dossier, route.receiving.pk)
    return dossier


REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
"""Digits and capitals a person reads out by phone without confusion (no 0/O, 1/I)."""


def _provisional_code(now) -> str:
    """A reference until reception gives the official code (an online submission keeps it
    while it waits; the lookup still finds it afterwards): ``DK-XXXXX-XXXXX``, short enough to
    read out by phone, 50 random bits (about 10^15 references)."""
    picked = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(10))
    return f"DK-{picked[:5]}-{picked[5:]}"


@core.service
def accept(dossier: Dossier, *, actor: User) -> Dossier:
    """Tiếp nhận hồ sơ trực tuyến: reception time and code are now (R1.9, R3.5)."""
    with core.acting(dossier, Action.ACCEPT, actor) as act:
        d = act.dossier
        the_route = Route(d.agency, d.handling_agency, d.boundary_free)
        submission = d.code
        _start_clock(d, act.row, received_at=act.now, actor=actor, route=the_route)
        d.code = codes.next_code(d.agency, clock.local(act.now).date())
        digitisation.file_in_store(d)
        return core.record(
            d,
            Action.ACCEPT,
            actor=actor,
            row=act.row,
            before=act.before,
            now=act.now,
            data={"submission": submission},
            update_fields=["code"],
        )


@core.service
def reject(dossier: Dossier, *, actor: User, reason: str) -> Dossier:
    """Không tiếp nhận hồ sơ trực tuyến, with the reason (Mẫu 03, R1.5)."""
    reason = clean_reason(reason)
    with core.acting(dossier, Action.REJECT, actor) as act:
        core.apply_clock(act.dossier, act.row, act.now)
        return core.record(
            act.dossier,
            Action.REJECT,
            actor=actor,
            row=act.row,
            before=act.before,
            now=act.now,
            note=reason,
            data={"reason": reason},
        )


COUNTER_DECISION_NOTE = "Giải quyết tại quầy"  # part of the record: Vietnamese in any language


@core.service
def decide_at_counter(*, actor: User, **intake: Any) -> Dossier:
    """Giải quyết tại quầy (4 tại chỗ, R1.7–R1.8, R11.1–R11.2): a delegated counter officer
    receives the dossier, approves it and hands the result over at once; all three or none."""
    dossier = receive_dossier.__wrapped__(actor=actor, **intake)
    dossier = processing.approve.__wrapped__(dossier, actor=actor, note=COUNTER_DECISION_NOTE)
    return delivery.return_result.__wrapped__(dossier, actor=actor, channel=Channel.COUNTER)
