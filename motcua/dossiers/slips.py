"""A dossier's official forms as PDF (mẫu phiếu, DOMAIN §2; CONTRACT.md
``/dossiers/{code}/documents/{kind}.pdf``): each kind's data is read from the dossier, its
steps and movements and the agency's header, then typeset by :mod:`motcua.documents.pdf`.

A kind that does not fit the dossier's history (a refusal slip for a dossier nobody refused)
is a 409. The form set follows the date of the act the paper records: Circular 01/2018 before
15 September 2025, Circular 03/2025 from then (``documents/slips/form_sets.json``), unless the
agency or the caller chooses."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import Min, Q
from django.utils.translation import gettext as _

from motcua import audit, clock, text
from motcua.agencies.models import Agency
from motcua.catalog import fees
from motcua.catalog.models import LimitUnit, StepRole
from motcua.documents import branding, pdf, qr
from motcua.documents import services as files
from motcua.documents.models import Role
from motcua.dossiers.lifecycle import Action, Outcome, Status
from motcua.dossiers.models import (
    Apology,
    Channel,
    Dossier,
    Movement,
    ProcessStep,
    StepState,
    SupplementRequest,
)
from motcua.errors import Conflict, NotFound, ValidationFailed

MAX_BOOK_DAYS = 366


@dataclass(frozen=True)
class Printed:
    content: bytes
    filename: str


@dataclass(frozen=True)
class Paper:
    """One printable kind: the form, the agency whose header it bears, and its data."""

    form: str
    agency: Agency
    on: date  # the day of the act the paper records: picks the form set
    data: dict[str, Any]


def _who(user: Any) -> str | None:
    return user.display_name if user is not None else None


def _head(agency: Agency) -> dict[str, Any]:
    return {
        "agency": branding.header(agency),
        "place": branding.place_of(agency),
        "printed_at": clock.today(),
    }


def _applicant(d: Dossier) -> dict[str, Any]:
    return {
        "name": d.applicant_name,
        "address": d.applicant_address,
        "phone": d.applicant_phone,
        "email": d.applicant_email,
        "id_number": d.applicant_id_number,
    }


def _submitter(d: Dossier) -> dict[str, Any]:
    """Người nộp thay: who handed the dossier in for its owner (ủy quyền)."""
    return {
        "name": d.submitter_name,
        "address": d.submitter_address,
        "phone": d.submitter_phone,
        "email": None,
        "id_number": d.submitter_id_number,
    }


def _case_name(d: Dossier) -> str | None:
    return d.case.name if d.case.name != d.procedure.name else None


def _lookup_url(d: Dossier) -> str:
    return qr.lookup_url(settings.SITE_URL, d.code)


def _day(instant: datetime | None) -> date:
    return clock.local(instant).date() if instant else clock.today()


def _amount(value: Decimal) -> str:
    return f"{value.normalize():f}".replace(".", ",")


def _time_limit(d: Dossier) -> str | None:
    if d.case.no_due_date:
        return "Không có ngày hẹn trả"
    amount, unit = d.case.limit_for(d.channel)
    if unit == LimitUnit.SAME_DAY:
        return "Trong ngày"
    return f"{_amount(Decimal(amount))} {text.in_site_language(LimitUnit(unit).label)}"


def _delivery(d: Dossier) -> str:
    if d.result_delivery == Channel.POST:
        return f"Qua dịch vụ bưu chính công ích: {d.delivery_address}"
    if d.result_delivery == Channel.ONLINE:
        return "Trực tuyến, trên Cổng Dịch vụ công"
    return f"Bộ phận Một cửa, {d.agency.name}"


def _movement(d: Dossier, *actions: str) -> Movement | None:
    return (
        Movement.objects.filter(dossier=d, action__in=actions)
        .select_related("actor")
        .order_by("-at", "-id")
        .first()
    )


def _reason(d: Dossier, movement: Movement | None) -> str | None:
    """Lý do of a refusal, withdrawal or stop: kept on its movement, or, for a dossier from the
    historical import, on the dossier (CONTRACT v1.1 ``reason``); ``None`` prints a blank."""
    if movement is not None and movement.note:
        return movement.note
    return d.outcome_reason or None


def _not_applicable(message: str) -> Conflict:
    return Conflict(message, code="document_not_applicable")


# One builder per kind ------------------------------------------------------------------------


def _receipt(d: Dossier) -> Paper:
    if d.received_at is None:
        raise _not_applicable(_("Hồ sơ chưa được tiếp nhận: chưa có Giấy tiếp nhận hồ sơ."))
    pages: dict[str, int] = defaultdict(int)
    for attachment in files.attachments_of(d).filter(role=Role.COMPONENT):
        pages[attachment.part] += attachment.document.pages or 0
    fee = fees.quote(d.case.fees.all())
    received = _movement(d, Action.RECEIVE, Action.ACCEPT)
    apology = Apology.objects.filter(dossier=d).first()
    data = {
        **_head(d.agency),
        "lookup_url": _lookup_url(d),
        "dossier": {
            "code": d.code,
            "received_at": d.received_at,
            # A reprint after an apology shows the first appointment and the new one.
            "due_at": apology.previous_due_at if apology else d.due_at,
            "new_due_at": apology.new_due_at if apology else None,
            "channel_label": text.in_site_language(Channel(d.channel).label),
            "procedure_name": d.procedure.name,
            "case_name": _case_name(d),
            "time_limit_text": _time_limit(d),
            "result_delivery": _delivery(d),
            "sets_count": d.sets_count,
            "fee_vnd": fee.total_vnd if fee.has_fee else None,
            "book_volume": book_volume(d),
            "book_entry": f"{book_entry(d):02d}",
        },
        # Who handed it in: the owner (chủ hồ sơ), or the person submitting for them (ủy quyền).
        "applicant": _submitter(d) if d.submitter_name else _applicant(d),
        "owner": {"name": d.applicant_name, "address": d.applicant_address or None}
        if d.submitter_name
        else None,
        "components": [
            {
                "name": c.name,
                "originals": c.originals,
                "certified_copies": c.copies,
                "copies": c.photocopies,
                "pages": pages.get(c.code) or None,
            }
            for c in d.components.all()
        ],
        "receiver_name": _who(received.actor) if received else None,
    }
    return Paper("mau01_receipt", d.agency, _day(d.received_at), data)


def _supplement_request(d: Dossier) -> Paper:
    asked = (
        SupplementRequest.objects.filter(dossier=d)
        .select_related("requested_by")
        .order_by("-requested_at")
        .first()
    )
    if asked is None:
        raise _not_applicable(_("Hồ sơ chưa có yêu cầu bổ sung, hoàn thiện."))
    data = {
        **_head(d.agency),
        "lookup_url": _lookup_url(d),
        "dossier": {
            "code": d.code,
            "procedure_name": d.procedure.name,
            "case_name": _case_name(d),
            "received_at": d.received_at,
        },
        "applicant": _applicant(d),
        "missing": asked.items or [asked.reason],
        "reason": asked.reason,
        "officer": {"name": _who(asked.requested_by), "phone": d.agency.phone or None},
        "website": settings.SITE_URL,
    }
    return Paper("mau02_supplement_request", d.agency, _day(asked.requested_at), data)


def _refusal(d: Dossier) -> Paper:
    if d.status not in (Status.NOT_RECEIVED, Status.REFUSED):
        raise _not_applicable(_("Hồ sơ không bị từ chối: không có Phiếu từ chối."))
    refused = _movement(d, Action.REJECT, Action.REFUSE)
    # Refused at reception by the one-stop unit (Mẫu 03, signed by the officer who refused), or
    # after appraisal by the deciding agency: its notice, signed by its head or the leader
    # signing for them, whoever clicked the action (Decree 61 art. 19).
    at_reception = d.status == Status.NOT_RECEIVED
    agency = d.agency if at_reception else d.handling_agency
    data = {
        **_head(agency),
        "lookup_url": _lookup_url(d),
        "dossier": {
            "code": d.code,
            "procedure_name": d.procedure.name,
            "case_name": _case_name(d),
            "submitted_at": d.submitted_at or d.received_at,
        },
        "applicant": _applicant(d),
        "reasons": [_reason(d, refused)] if _reason(d, refused) else [],
        "stage": "reception" if at_reception else "appraisal",
        "officer": {
            "name": _who(refused.actor) if refused and at_reception else None,
            "phone": agency.phone,
        },
        "signer": None if at_reception else branding.signer(agency),
        "website": settings.SITE_URL,
    }
    return Paper("mau03_refusal", agency, _day(d.finished_at), data)


def _apology(d: Dossier) -> Paper:
    apology = Apology.objects.filter(dossier=d).first()
    if apology is None:
        raise _not_applicable(_("Hồ sơ không có Phiếu xin lỗi và hẹn lại ngày trả kết quả."))
    data = {
        **_head(d.handling_agency),
        "lookup_url": _lookup_url(d),
        "dossier": {
            "code": d.code,
            "received_at": d.received_at,
            "due_at": apology.previous_due_at,
            "procedure_name": d.procedure.name,
        },
        "applicant": _applicant(d),
        "reason": apology.reason,
        "new_due_at": apology.new_due_at,
        "return_place": _delivery(d),
        "signer": branding.signer(d.handling_agency),
    }
    return Paper("mau04_apology", d.handling_agency, _day(apology.at), data)


def has_stop_notice(d: Dossier) -> bool:
    """A received dossier stopped or withdrawn on a day whose form set has the stop notice
    (Circular 03/2025 Mẫu 05; the 2018 set has none)."""
    if d.status not in (Status.STOPPED, Status.WITHDRAWN) or d.received_at is None:
        return False
    form_set = branding.form_set(d.handling_agency, _day(d.finished_at), None)
    return "mau05_stop_notice" in pdf.available_forms(form_set)


def _stop_notice(d: Dossier) -> Paper:
    if d.status not in (Status.STOPPED, Status.WITHDRAWN) or d.received_at is None:
        raise _not_applicable(_("Hồ sơ không bị dừng giải quyết: không có Thông báo dừng."))
    stopped = _movement(d, Action.STOP, Action.WITHDRAW)
    data = {
        **_head(d.handling_agency),
        "lookup_url": _lookup_url(d),
        "dossier": {
            "code": d.code,
            "received_at": d.received_at,
            "procedure_name": d.procedure.name,
        },
        "applicant": _applicant(d),
        "requested_at": _day(stopped.at) if stopped and d.status == Status.WITHDRAWN else None,
        "reason": _reason(d, stopped),
        "return_place": _delivery(d),
        "signer": branding.signer(d.handling_agency),
    }
    return Paper("mau05_stop_notice", d.handling_agency, _day(d.finished_at), data)


def _unit(step: ProcessStep, d: Dossier) -> str:
    label = text.in_site_language(StepRole(step.role).label)
    if step.agency_id != d.agency_id:
        return f"{label}, {step.agency.short_name or step.agency.name}"
    return label


def _timeliness(step: ProcessStep) -> str | None:
    """Trước hạn / đúng hạn / quá hạn of the step that handed the dossier on."""
    if step.finished_at is None or step.due_at is None:
        return None
    if step.finished_at > step.due_at:
        return "overdue"
    return "before" if _day(step.finished_at) < _day(step.due_at) else "on_time"


def _stages(steps: list[ProcessStep]) -> list[list[ProcessStep]]:
    """Consecutive steps of one parallel group run side by side: one stage."""
    stages: list[list[ProcessStep]] = []
    for step in steps:
        group = step.parallel_group
        if stages and group is not None and stages[-1][0].parallel_group == group:
            stages[-1].append(step)
        else:
            stages.append([step])
    return stages


def _control_sheet(d: Dossier) -> Paper:
    """Phiếu kiểm soát: one row per hand-over between the steps of the internal process; the
    hand-overs that happened carry their time, the people and the timeliness of the giver,
    the rest stay blank to be filled in by hand as the paper travels."""
    if d.received_at is None:
        raise _not_applicable(_("Hồ sơ chưa được tiếp nhận: chưa có Phiếu kiểm soát."))
    steps = [
        s
        for s in ProcessStep.objects.filter(dossier=d).select_related("agency", "assignee")
        if s.state != StepState.SKIPPED
    ]
    givers: dict[int, Any] = {}
    for movement in Movement.objects.filter(dossier=d).select_related("actor").order_by("at"):
        if movement.step_id is not None and movement.step_id not in givers:
            givers[movement.step_id] = movement.actor
    handovers = []
    for before, after in itertools.pairwise(_stages(steps)):
        for giver, receiver in itertools.product(before, after):
            started = receiver.started_at is not None
            handovers.append(
                {
                    "from_unit": _unit(giver, d),
                    "to_unit": _unit(receiver, d),
                    "at": receiver.started_at,
                    "giver_name": _who(givers.get(receiver.pk) or giver.assignee)
                    if started
                    else None,
                    "receiver_name": _who(receiver.assignee) if started else None,
                    "result": _timeliness(giver) if started else None,
                }
            )
    if not handovers:
        raise _not_applicable(_("Quy trình một bước: hồ sơ không có giao, nhận giữa các bộ phận."))
    others = {s.agency_id: s.agency for s in steps}
    others.pop(d.handling_agency_id, None)
    others.pop(d.agency_id, None)
    data = {
        "agency": branding.header(d.agency),
        "place": branding.place_of(d.agency),
        "printed_at": clock.today(),
        "lookup_url": _lookup_url(d),
        "dossier": {
            "code": d.code,
            "received_at": d.received_at,
            "due_at": d.due_at,
            "procedure_name": d.procedure.name,
        },
        "applicant": {"name": d.applicant_name},
        "handling_agency": d.handling_agency.name,
        "coordinating_agencies": ", ".join(a.name for a in others.values()) or None,
        "handovers": handovers,
    }
    return Paper("mau05_control_sheet", d.agency, _day(d.received_at), data)


KINDS: dict[str, Callable[[Dossier], Paper]] = {
    "receipt": _receipt,
    "supplement_request": _supplement_request,
    "refusal": _refusal,
    "apology": _apology,
    "control_sheet": _control_sheet,
    "stop_notice": _stop_notice,
}


def render(
    dossier: Dossier,
    kind: str,
    *,
    version: str | None = None,
    paper: str | None = None,
    archival: bool = False,
) -> Printed:
    """The PDF of one kind of paper for ``dossier`` (fetched through ``access.dossier_for``),
    on A5 or, with ``paper="a4"``, on A4; ``archival``: PDF/A-2b, for the archived file."""
    build = KINDS.get(kind)
    if build is None:
        raise NotFound(
            _("Không có loại giấy tờ %(kind)s (có: %(kinds)s).")
            % {"kind": repr(kind), "kinds": ", ".join(KINDS)},
            code="unknown_document",
        )
    built = build(dossier)
    form_set = branding.form_set(built.agency, built.on, version)
    if built.form not in pdf.available_forms(form_set):
        raise _not_applicable(_("Bộ mẫu %(set)s không có loại giấy tờ này.") % {"set": form_set})
    data = {**built.data, "paper": paper} if paper else built.data
    content = pdf.render_pdf(
        built.form,
        data,
        version=form_set,
        overrides=branding.overrides(built.agency),
        archival=archival,
    )
    return Printed(content, f"{kind}-{dossier.code}.pdf")


# Mẫu 06: the tracking book -----------------------------------------------------------------


def _book_note(d: Dossier) -> str | None:
    notes = []
    if d.channel != Channel.COUNTER:
        notes.append(text.in_site_language(Channel(d.channel).label))
    if d.status in (Status.REFUSED, Status.WITHDRAWN, Status.STOPPED):
        notes.append(text.in_site_language(Status(d.status).label))
    if d.return_channel == Channel.POST:
        notes.append("Trả qua bưu chính")
    return "; ".join(notes) or None


def book_volume(d: Dossier) -> str:
    """Quyển số: one book per agency and year (Circular 01/2018 art. 10)."""
    return str(clock.local(d.received_at).year)


def book_entry(d: Dossier) -> int:
    """Số thứ tự in the book: the dossier's rank among those its agency received in the same
    local year, from 01 (Circular 01/2018 art. 10), the same whatever period is printed.
    Counted, not stored: a historical import dated earlier in the year renumbers later
    entries."""
    local = clock.local(d.received_at)
    year_start = datetime(local.year, 1, 1, tzinfo=clock.VN)
    earlier = (
        Dossier.objects.with_scopes_disabled()
        .filter(agency_id=d.agency_id, received_at__gte=year_start)
        .filter(Q(received_at__lt=d.received_at) | Q(received_at=d.received_at, id__lt=d.id))
        .count()
    )
    return earlier + 1


def _numbered(dossiers) -> Iterator[tuple[Dossier, int]]:
    """Each dossier (in order of reception) with its number in its year's book: one count for
    the first of each year, then one by one."""
    volume, number = None, 0
    for d in dossiers:
        if book_volume(d) != volume:
            volume, number = book_volume(d), book_entry(d)
        else:
            number += 1
        yield d, number


def tracking_book(
    agency: Agency, first: date, last: date, *, version: str | None = None
) -> Printed:
    """Sổ theo dõi hồ sơ (Mẫu 06; Mẫu 07 of 2025) of the dossiers ``agency`` received from
    ``first`` to ``last`` (local days, both included), in order of reception. Call inside the
    request's agency scope."""
    if last < first:
        raise ValidationFailed(
            _("Ngày kết thúc phải sau ngày bắt đầu."),
            details={"from": str(first), "to": str(last)},
        )
    if (last - first).days >= MAX_BOOK_DAYS:
        raise ValidationFailed(
            _("Sổ theo dõi in tối đa %(days)s ngày một lần.") % {"days": MAX_BOOK_DAYS},
            details={"from": str(first), "to": str(last)},
        )
    start = datetime.combine(first, time(0), tzinfo=clock.VN)
    end = datetime.combine(last + timedelta(days=1), time(0), tzinfo=clock.VN)
    dossiers = (
        Dossier.objects.filter(agency=agency, received_at__gte=start, received_at__lt=end)
        .select_related("procedure", "handling_agency")
        .annotate(transferred_at=Min("movements__at", filter=Q(movements__action=Action.TRANSFER)))
        .order_by("received_at", "id")
    )
    rows = [
        {
            "no": number,
            "code": d.code,
            "procedure_name": d.procedure.name,
            "sets": d.sets_count,
            "applicant_name": d.applicant_name,
            "address_phone": ", ".join(p for p in (d.applicant_address, d.applicant_phone) if p),
            "handling_agency": d.handling_agency.short_name or d.handling_agency.name,
            "received_at": d.received_at,
            "due_at": d.due_at,
            "transferred_at": d.transferred_at,
            "result_received_at": d.finished_at
            if d.outcome in (Outcome.DONE, Outcome.REFUSED)
            else None,
            "returned_at": d.returned_at,
            "note": _book_note(d),
        }
        for d, number in _numbered(dossiers)
    ]
    data = {
        "agency": branding.header(agency),
        "place": branding.place_of(agency),
        "printed_at": clock.today(),
        "period_from": first,
        "period_to": last,
        "book_volume": ", ".join(str(year) for year in range(first.year, last.year + 1)),
        "rows": rows,
    }
    form_set = branding.form_set(agency, first, version)
    content = pdf.render_pdf(
        "mau06_tracking_book", data, version=form_set, overrides=branding.overrides(agency)
    )
    return Printed(content, f"so-theo-doi-{agency.code}-{first:%Y%m%d}-{last:%Y%m%d}.pdf")


# At the counter, before reception -------------------------------------------------------------

COUNTER_FORMS = {"supplement_request": "mau02_supplement_request", "refusal": "mau03_refusal"}


def at_counter(
    kind: str,
    *,
    actor: Any,
    procedure: Any,
    case: Any,
    applicant: dict[str, str],
    lines: list[str],
    paper: str | None = None,
) -> Printed:
    """Mẫu 02 (what to complete, everything at once) or Mẫu 03 (refusal) for papers the
    counter does not receive (R1.4), on A5 or ``paper="a4"``: no dossier is created, the slip
    is what the citizen takes home; one audit event records that it was handed out."""
    form = COUNTER_FORMS.get(kind)
    if form is None:
        raise NotFound(
            _("Không có loại phiếu %(kind)s tại quầy.") % {"kind": repr(kind)},
            code="unknown_document",
        )
    lines = [line for line in lines if line.strip()]
    if not lines:
        raise ValidationFailed(_("Cần ghi rõ giấy tờ cần bổ sung hoặc lý do từ chối."))
    if not (applicant.get("name") or "").strip():
        raise ValidationFailed(_("Thiếu họ tên người nộp hồ sơ."))
    agency = actor.agency
    data = {
        **_head(agency),
        "dossier": {
            "procedure_name": procedure.name,
            "case_name": case.name if case.name != procedure.name else None,
        },
        "applicant": applicant,
        "officer": {"name": actor.display_name, "phone": agency.phone or None},
        "website": settings.SITE_URL,
    }
    if paper:
        data["paper"] = paper
    if kind == "supplement_request":
        data.update(missing=lines, reason=None)
    else:
        data.update(reasons=lines)
    form_set = branding.form_set(agency, clock.today(), None)
    content = pdf.render_pdf(form, data, version=form_set, overrides=branding.overrides(agency))
    audit.record(
        f"dossier.counter_{kind}",
        actor=actor,
        agency=agency,
        data={"procedure": procedure.code, "case": case.code, "lines": lines},
    )
    return Printed(content, f"{kind}-{procedure.code}.pdf")
