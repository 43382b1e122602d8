"""Counters and queue tickets (quầy, phiếu số thứ tự): every change to the hall goes through a
function here, which checks the policy, changes the rows in one transaction and records the
audit event (DOMAIN §14.3, CONTRACT "The hall").

How a ticket is never called twice
----------------------------------
:func:`call_next` picks the first waiting ticket and takes it with a conditional ``UPDATE …
WHERE status = 'waiting'``: of two counters that pick the same ticket at the same instant, the
database lets one update a row and the other zero rows, and that one picks again. On PostgreSQL
the pick also uses ``FOR UPDATE SKIP LOCKED`` so the second counter passes the ticket being taken
instead of waiting for it; on SQLite the transaction is ``BEGIN IMMEDIATE`` (settings), so the
two calls run one after the other and the second sees the ticket already called.

How a number is never issued twice
----------------------------------
Each field's line is one row holding the day and its last number; :func:`issue_ticket` bumps
it with one ``UPDATE`` (a row lock until commit on PostgreSQL, the write lock on SQLite) and
reads it back in the same transaction. A unique constraint on (agency, field, day, number)
stands behind it, and a partial unique constraint keeps one open ticket per person, field and
day."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.db.models import Case, F, Q, Value, When
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua import audit, clock
from motcua.agencies.models import Agency
from motcua.agencies.policy import require
from motcua.catalog.models import Field
from motcua.dossiers.models import Dossier
from motcua.errors import Conflict, NotFound, ValidationFailed
from motcua.hall.models import (
    Channel,
    Counter,
    Line,
    Priority,
    Ticket,
    TicketStatus,
)
from motcua.notify.services import normalize_phone

AUDIT_SENTENCES = {
    "counter_created": gettext_lazy("Tạo quầy tiếp nhận"),
    "counter_signed_in": gettext_lazy("Cán bộ nhận quầy"),
    "ticket_issued": gettext_lazy("Phát phiếu số thứ tự"),
    "ticket_called": gettext_lazy("Gọi số"),
    "ticket_recalled": gettext_lazy("Gọi lại số"),
    "ticket_no_show": gettext_lazy("Người có số vắng mặt"),
    "ticket_finished": gettext_lazy("Phục vụ xong một số"),
    "ticket_rated": gettext_lazy("Đánh giá phục vụ tại sảnh"),
    "appointment_booked": gettext_lazy("Đặt lịch hẹn"),
    "appointment_checked_in": gettext_lazy("Xác nhận lịch hẹn tại ki-ốt"),
    "appointment_cancelled": gettext_lazy("Hủy lịch hẹn"),
    "appointment_missed": gettext_lazy("Lịch hẹn không đến"),
}
BOARD_CACHE_SECONDS = 1
SERVED_CACHE_SECONDS = 10
LETTERS = string.ascii_uppercase
PICK_ATTEMPTS = 5


def clean_id_number(value: Any) -> str:
    """Số định danh cá nhân (12 digits, CCCD) or an old 9-digit identity card number."""
    digits = "".join(str(value or "").split())
    if not digits.isdigit() or len(digits) not in (9, 12):
        raise ValidationFailed(
            _("Số định danh cá nhân không hợp lệ: cần 12 chữ số (hoặc 9 chữ số CMND)."),
            details={"id_number": str(value or "")[:20]},
        )
    return digits


CODE = re.compile(r"[\w.\-]{1,32}", re.ASCII)
LOOKUP_CACHE_SECONDS = 60  # agencies and fields change with a catalogue import, rarely


def _cached_lookup(kind: str, code: Any, load) -> Any:
    code = str(code or "").strip()
    if not CODE.fullmatch(code):
        return None
    key = f"hall-{kind}:{code}"
    found = cache.get(key)
    if found is None:
        found = load(code)
        if found is not None:
            cache.set(key, found, LOOKUP_CACHE_SECONDS)
    return found


def agency_by_code(code: Any) -> Agency:
    """The agency with this code (cached a minute: every public hall request names one)."""
    agency = _cached_lookup("agency", code, lambda c: Agency.objects.filter(code=c).first())
    if agency is None:
        raise NotFound(_("Không có cơ quan mã %(code)s.") % {"code": code}, code="unknown_agency")
    return agency


def field_by_code(code: Any) -> Field:
    field = _cached_lookup("field", code, lambda c: Field.objects.filter(code=c).first())
    if field is None:
        raise NotFound(_("Không có lĩnh vực mã %(code)s.") % {"code": code}, code="unknown_field")
    return field


def served_field_ids(agency_id: int) -> frozenset[int]:
    """The fields some open counter of the agency serves (cached a few seconds; a new
    counter drops the cache)."""
    key = f"hall-served:{agency_id}"
    ids = cache.get(key)
    if ids is None:
        ids = frozenset(
            Counter.objects.with_scopes_disabled()
            .filter(agency_id=agency_id, active=True)
            .values_list("fields", flat=True)
        )
        cache.set(key, ids, SERVED_CACHE_SECONDS)
    return ids


def board_key(agency_id: int) -> str:
    return f"hall-board:{agency_id}"


def _changed(agency_id: int) -> None:
    """Drop the agency's cached board now and again once the change is committed (a board read
    in between would otherwise stay until the cache's second runs out)."""
    cache.delete(board_key(agency_id))
    transaction.on_commit(lambda: cache.delete(board_key(agency_id)))


# --- Counters ---------------------------------------------------------------------------------


def line_for(agency: Agency, field: Field) -> Line:
    """The field's line at the agency, made with the next free letter the first time."""
    line = Line.objects.with_scopes_disabled().filter(agency=agency, field=field).first()
    if line is not None:
        return line
    used = set(
        Line.objects.with_scopes_disabled().filter(agency=agency).values_list("letter", flat=True)
    )
    free = [c for c in LETTERS if c not in used] or [
        a + b for a in LETTERS for b in LETTERS if a + b not in used
    ]
    return Line.objects.with_scopes_disabled().create(agency=agency, field=field, letter=free[0])


def create_counter(agency: Agency, name: str, fields: list[Field], *, actor: Any = None) -> Counter:
    """Tạo quầy: a counter of ``agency`` serving ``fields`` (each gets its line and letter)."""
    if actor is not None:
        require(actor, "hall.manage", agency)
    name = " ".join(str(name or "").split())
    if not name or len(name) > 80:
        raise ValidationFailed(_("Tên quầy cần từ 1 đến 80 ký tự."), details={"name": name})
    if not fields:
        raise ValidationFailed(_("Quầy phải phục vụ ít nhất một lĩnh vực."))
    with transaction.atomic():
        if Counter.objects.with_scopes_disabled().filter(agency=agency, name=name).exists():
            raise Conflict(
                _("Cơ quan đã có quầy tên “%(name)s”.") % {"name": name}, code="counter_exists"
            )
        counter = Counter.objects.with_scopes_disabled().create(agency=agency, name=name)
        counter.fields.set(fields)
        for field in fields:
            line_for(agency, field)
        cache.delete(f"hall-served:{agency.pk}")
        transaction.on_commit(lambda: cache.delete(f"hall-served:{agency.pk}"))
        audit.record(
            "hall.counter_created",
            actor=actor,
            agency=agency,
            target=counter,
            data={"name": name, "fields": [f.code for f in fields]},
        )
        _changed(agency.pk)
    return counter


def sign_in(counter: Counter, *, officer: Any) -> Counter:
    """Cán bộ nhận quầy: the officer now sits at ``counter`` (and at no other counter)."""
    require(officer, "hall.serve", counter)
    with transaction.atomic():
        Counter.objects.with_scopes_disabled().filter(officer=officer).exclude(
            pk=counter.pk
        ).update(officer=None)
        counter.officer = officer
        counter.save(update_fields=["officer"])
        audit.record("hall.counter_signed_in", actor=officer, agency=counter.agency, target=counter)
        _changed(counter.agency_id)
    return counter


def counter_of(officer: Any) -> Counter | None:
    """The counter the officer is signed in at, if any."""
    return (
        Counter.objects.with_scopes_disabled()
        .filter(officer=officer, active=True)
        .prefetch_related("fields")
        .first()
    )


# --- Tickets ----------------------------------------------------------------------------------


def format_number(letter: str, number: int) -> str:
    return f"{letter}{number:03d}"


@dataclass(frozen=True)
class Issued:
    ticket: Ticket
    waiting_before: int


def _next_number(line: Line, day) -> int:
    """Bump the line's number for ``day`` (back to 1 on a new day) and read it back."""
    Line.objects.with_scopes_disabled().filter(pk=line.pk).update(
        last=Case(When(day=day, then=F("last") + 1), default=Value(1)), day=day
    )
    return Line.objects.with_scopes_disabled().values_list("last", flat=True).get(pk=line.pk)


def issue_ticket(
    *,
    agency: Agency,
    field: Field,
    id_number: Any,
    phone: Any = "",
    priority: Any = None,
    channel: str = Channel.KIOSK,
    queued_at: datetime | None = None,
    actor: Any = None,
) -> Issued:
    """Phát số: the next number of the field's line at ``agency``. One open ticket per person,
    field and day (409 for a second). ``queued_at`` (an appointment's slot start) places the
    ticket in the line as if it had been taken then."""
    id_number = clean_id_number(id_number)
    phone = normalize_phone(phone) if str(phone or "").strip() else ""
    priority = priority or ""
    if priority and priority not in Priority.values:
        raise ValidationFailed(
            _("Nhóm ưu tiên không hợp lệ (cho phép: %(allowed)s).")
            % {"allowed": ", ".join(Priority.values)},
            details={"priority": priority},
        )
    if field.pk not in served_field_ids(agency.pk):
        raise ValidationFailed(
            _("%(agency)s không có quầy nào tiếp nhận lĩnh vực %(field)s.")
            % {"agency": agency.name, "field": field.name},
            details={"field": field.code},
        )
    now = clock.now()
    day = clock.local(now).date()
    line = line_for(agency, field)
    try:
        with transaction.atomic():
            # A second open ticket of the person breaks the partial unique constraint on
            # insert, and the number taken rolls back with it.
            number = _next_number(line, day)
            ticket = Ticket.objects.with_scopes_disabled().create(
                agency=agency,
                field=field,
                day=day,
                number=number,
                code=format_number(line.letter, number),
                id_number=id_number,
                phone=phone,
                priority=priority,
                rank=0 if priority else 1,
                channel=channel,
                issued_at=now,
                queued_at=queued_at or now,
            )
            audit.record(
                "hall.ticket_issued",
                actor=actor,
                agency=agency,
                target=ticket,
                data={"field": field.code, "channel": channel, "priority": priority},
            )
            _changed(agency.pk)
    except IntegrityError:  # one open ticket per person, field and day: the constraint decides
        raise _already_open(field) from None
    return Issued(ticket, _waiting_before(ticket))


def _already_open(field: Field) -> Conflict:
    return Conflict(
        _("Người này đã có một số đang chờ của lĩnh vực %(field)s hôm nay.")
        % {"field": field.name},
        code="ticket_exists",
    )


def _ahead(ticket: Ticket) -> Q:
    return (
        Q(rank__lt=ticket.rank)
        | Q(rank=ticket.rank, queued_at__lt=ticket.queued_at)
        | Q(rank=ticket.rank, queued_at=ticket.queued_at, pk__lt=ticket.pk)
    )


def _waiting_before(ticket: Ticket) -> int:
    return (
        Ticket.objects.with_scopes_disabled()
        .filter(
            _ahead(ticket),
            agency_id=ticket.agency_id,
            field_id=ticket.field_id,
            day=ticket.day,
            status=TicketStatus.WAITING,
        )
        .count()
    )


def _serving(counter: Counter) -> Ticket | None:
    return (
        Ticket.objects.with_scopes_disabled()
        .filter(counter=counter, status=TicketStatus.CALLED)
        .order_by("-called_at")
        .first()
    )


def call_next(counter: Counter, *, officer: Any) -> Ticket | None:
    """Gọi số tiếp theo: the next waiting ticket among the fields ``counter`` serves (priority
    groups first, then by ``queued_at``), or ``None`` when nobody waits. The ticket still being
    served at the counter is closed as served first."""
    require(officer, "hall.serve", counter)
    fields = list(counter.fields.values_list("pk", flat=True))
    today = clock.today()
    for _attempt in range(PICK_ATTEMPTS):
        with transaction.atomic():
            now = clock.now()
            current = _serving(counter)
            if current is not None:
                _close(current, TicketStatus.DONE, now, officer)
                _changed(counter.agency_id)
            waiting = (
                Ticket.objects.with_scopes_disabled()
                .filter(
                    agency_id=counter.agency_id,
                    field_id__in=fields,
                    day=today,
                    status=TicketStatus.WAITING,
                )
                .order_by("rank", "queued_at", "pk")
            )
            if connection.features.has_select_for_update_skip_locked:
                waiting = waiting.select_for_update(skip_locked=True)
            pick = waiting.values_list("pk", flat=True).first()
            if pick is None:
                return None
            taken = (
                Ticket.objects.with_scopes_disabled()
                .filter(pk=pick, status=TicketStatus.WAITING)
                .update(
                    status=TicketStatus.CALLED,
                    counter=counter,
                    officer=officer,
                    called_at=now,
                    last_called_at=now,
                    calls=1,
                )
            )
            if not taken:  # another counter took it between the pick and the update
                continue
            ticket = Ticket.objects.with_scopes_disabled().select_related("field").get(pk=pick)
            audit.record(
                "hall.ticket_called",
                actor=officer,
                agency=counter.agency,
                target=ticket,
                data={"counter": counter.name},
            )
            _changed(counter.agency_id)
            return ticket
    raise Conflict(_("Nhiều quầy cùng gọi một lúc; vui lòng gọi lại."), code="busy")


def _ticket_for(officer: Any, ticket_id: int) -> Ticket:
    ticket = (
        Ticket.objects.with_scopes_disabled()
        .select_related("counter", "field", "agency")
        .filter(pk=ticket_id)
        .first()
    )
    if ticket is None:
        raise NotFound(_("Không có phiếu số này."))
    require(officer, "hall.serve", ticket)
    return ticket


def _require_called(ticket: Ticket) -> None:
    if ticket.status != TicketStatus.CALLED:
        raise Conflict(
            _("Số %(code)s không ở trạng thái đang phục vụ (%(status)s).")
            % {"code": ticket.code, "status": ticket.get_status_display()},
            code="not_called",
        )


def _close(ticket: Ticket, status: str, now: datetime, officer: Any, dossier=None) -> None:
    ticket.status = status
    ticket.finished_at = now
    ticket.dossier = dossier
    ticket.save(update_fields=["status", "finished_at", "dossier"])
    code = "hall.ticket_finished" if status == TicketStatus.DONE else "hall.ticket_no_show"
    audit.record(
        code,
        actor=officer,
        agency=ticket.agency,
        target=ticket,
        data={"dossier": dossier.code if dossier else None},
    )


def recall(ticket_id: int, *, officer: Any) -> Ticket:
    """Gọi lại: call the ticket being served once more (the display shows it again)."""
    ticket = _ticket_for(officer, ticket_id)
    with transaction.atomic():
        ticket = Ticket.objects.with_scopes_disabled().select_for_update().get(pk=ticket.pk)
        _require_called(ticket)
        ticket.calls += 1
        ticket.last_called_at = clock.now()
        ticket.save(update_fields=["calls", "last_called_at"])
        audit.record(
            "hall.ticket_recalled",
            actor=officer,
            agency=ticket.agency,
            target=ticket,
            data={"calls": ticket.calls},
        )
        _changed(ticket.agency_id)
    return ticket


def no_show(ticket_id: int, *, officer: Any) -> Ticket:
    """Vắng mặt: the person called did not come to the counter."""
    ticket = _ticket_for(officer, ticket_id)
    with transaction.atomic():
        ticket = Ticket.objects.with_scopes_disabled().select_for_update().get(pk=ticket.pk)
        _require_called(ticket)
        _close(ticket, TicketStatus.NO_SHOW, clock.now(), officer)
        _changed(ticket.agency_id)
    return ticket


def finish(ticket_id: int, *, officer: Any, dossier_code: Any = None) -> Ticket:
    """Xong: the person was served; ``dossier_code`` links the dossier received for them (a
    dossier of the ticket's agency)."""
    ticket = _ticket_for(officer, ticket_id)
    dossier = None
    if dossier_code:
        dossier = (
            Dossier.objects.with_scopes_disabled()  # reviewed: checked against the ticket's agency
            .filter(code=str(dossier_code).strip(), agency_id=ticket.agency_id)
            .first()
        )
        if dossier is None:
            raise ValidationFailed(
                _("Không có hồ sơ mã %(code)s tiếp nhận tại cơ quan này.") % {"code": dossier_code},
                details={"dossier_code": str(dossier_code)[:40]},
            )
    with transaction.atomic():
        ticket = Ticket.objects.with_scopes_disabled().select_for_update().get(pk=ticket.pk)
        _require_called(ticket)
        _close(ticket, TicketStatus.DONE, clock.now(), officer, dossier)
        _changed(ticket.agency_id)
    return ticket


def served_ticket(agency: Agency, number: Any, id_number: Any) -> Ticket:
    """Today's ticket ``number`` at ``agency`` taken with ``id_number`` (the kiosk's rating
    asks for both, so nobody rates another person's visit); a wrong pair is a 404."""
    ticket = (
        Ticket.objects.with_scopes_disabled()  # reviewed: the number and ID number are the key
        .select_related("agency", "field", "counter", "dossier")
        .filter(
            agency=agency,
            day=clock.today(),
            code=str(number or "").strip().upper(),
            id_number=clean_id_number(id_number),
        )
        .first()
    )
    if ticket is None:
        raise NotFound(_("Không tìm thấy số thứ tự này của hôm nay với số định danh đã nhập."))
    if ticket.status != TicketStatus.DONE:
        raise Conflict(_("Số %(code)s chưa được phục vụ xong.") % {"code": ticket.code})
    return ticket


def rate_ticket(ticket: Ticket, level: Any) -> Ticket:
    """Đánh giá phục vụ tại sảnh: the person served rates the visit once (1–3, as the
    satisfaction levels of dossiers)."""
    try:
        level = int(level)
    except (TypeError, ValueError):
        level = 0
    if level not in (1, 2, 3):
        raise ValidationFailed(_("Hãy chọn một mức đánh giá."), details={"level": level})
    with transaction.atomic():
        updated = (
            Ticket.objects.with_scopes_disabled()
            .filter(pk=ticket.pk, status=TicketStatus.DONE, rating__isnull=True)
            .update(rating=level)
        )
        if not updated:
            raise Conflict(_("Lượt phục vụ này đã được đánh giá."), code="already_rated")
        audit.record(
            "hall.ticket_rated",
            agency=ticket.agency,
            target=ticket,
            data={"level": level},
        )
    ticket.rating = level
    return ticket
