"""The machinery every action shares: check the policy and the lifecycle, apply the row's
clock effect, then change the dossier, record the movement and the audit event, and queue the
citizen's messages and the national portal's (DVCQG) sync, all in one transaction that the
service owns (:func:`service`)."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ParamSpec, TypeVar

from django.db import transaction
from django.utils.translation import gettext as _

from motcua import audit, clock
from motcua.accounts.models import User
from motcua.agencies.policy import require
from motcua.calendar import workdays
from motcua.calendar.services import calendar_for
from motcua.dossiers import national, timing
from motcua.dossiers.lifecycle import NATIONAL_CODE, Action, Clock, Transition, transition
from motcua.dossiers.messages import notify_applicant
from motcua.dossiers.models import Dossier, DossierAccess, Movement, ProcessStep, StepState
from motcua.errors import Conflict, ValidationFailed

P = ParamSpec("P")
R = TypeVar("R")


def service(func: Callable[P, R]) -> Callable[P, R]:
    """Run a service in its own transaction, never inside a caller's (``durable``): when it
    returns, everything it did is committed, messages and sync included. A service made of
    services (decide at the counter) calls the others' ``__wrapped__`` inside its own."""

    @functools.wraps(func)
    def durable(*args: P.args, **kwargs: P.kwargs) -> R:
        with transaction.atomic(durable=True):
            return func(*args, **kwargs)

    return durable


TRACKED_FIELDS = ("status", "due_at", "original_due_at", "current_agency_id", "assignee_id")


def snapshot(dossier: Dossier) -> dict[str, Any]:
    return {name: getattr(dossier, name) for name in TRACKED_FIELDS}


LOCK_RELATED = ("procedure", "agency", "handling_agency", "current_step")


def lock(dossier: Dossier, related: tuple[str, ...] = LOCK_RELATED) -> Dossier:
    """Re-read the dossier under a row lock, so two officers cannot act on it at once; with
    ``related`` read in the same statement (an action that needs fewer may name them)."""
    return (
        Dossier.objects.with_scopes_disabled()
        .select_for_update(of=("self",))
        .select_related(*related)
        .get(pk=dossier.pk)
    )


def check(actor: User, action: Action, dossier: Dossier | None) -> Transition:
    """403 if the role may never do this here, else 409 if the state does not allow it."""
    require(actor, f"dossiers.{action}", dossier)
    return transition(dossier.status if dossier else None, action)


@dataclass
class Acting:
    """What an action works with: the locked dossier, its lifecycle row, the state before."""

    dossier: Dossier
    row: Transition
    before: dict[str, Any]
    now: datetime


@contextlib.contextmanager
def acting(
    dossier: Dossier,
    action: Action,
    actor: User | None,
    *,
    system: bool = False,
    locked: bool = False,
) -> Iterator[Acting]:
    """An action on an existing dossier, inside the service's transaction (:func:`service`):
    lock, check, then let the caller change it and :func:`record` it. Anything raised rolls
    the service's transaction back. ``system``: an outside system the caller has
    authenticated (the payment platform's signed confirmation) acts without a user; only the
    lifecycle is checked. ``locked``: ``dossier`` is what :func:`lock` answered the caller in
    this same transaction, so it is not read again."""
    locked = dossier if locked else lock(dossier)
    row = transition(locked.status, action) if system else check(actor, action, locked)
    yield Acting(locked, row, snapshot(locked), clock.now())


CLOCK_FIELDS = ("received_at", "due_at", "original_due_at", "dvcqg_due_at", "finished_at")
"""The dossier's clock (thời hạn giải quyết); only :func:`apply_clock` sets them."""

CLOCK_EFFECTS: dict[Clock, frozenset[str]] = {
    Clock.NONE: frozenset(),
    Clock.KEEPS: frozenset(),
    Clock.STOPS: frozenset(),  # the due before the stop is kept on the supplement request
    Clock.PAUSES: frozenset(),  # the wait starts: the payment request keeps its start
    Clock.STARTS: frozenset({"received_at", "due_at", "original_due_at"}),
    Clock.RESTARTS: frozenset({"due_at", "original_due_at", "dvcqg_due_at"}),
    Clock.RESUMES: frozenset({"due_at", "original_due_at", "dvcqg_due_at"}),
    Clock.MOVES: frozenset({"due_at"}),
    Clock.ENDS: frozenset({"finished_at"}),
}
"""Which clock fields each effect may change (and the step dues for RESTARTS and RESUMES)."""


def apply_clock(
    d: Dossier,
    row: Transition,
    now: datetime,
    *,
    paused_since: datetime | None = None,
    due_before: datetime | None = None,
    new_due_at: datetime | None = None,
    reappointed: bool = False,
) -> None:
    """Apply ``row``'s clock effect to the locked dossier with the calendar's rules; answer the
    fields changed. ``paused_since``: when the wait began (RESTARTS, RESUMES); ``due_before``:
    the due when the supplement was requested (RESTARTS); ``new_due_at`` and ``reappointed``:
    the apology's new date and whether there was one before (MOVES). :func:`record` saves
    the fields :data:`CLOCK_EFFECTS` gives the row."""
    cal = calendar_for(d.agency)
    if row.clock == Clock.STARTS:  # tiếp nhận: the legal limit counts from now (R1.6, R4.x)
        d.received_at = now
        d.due_at = d.original_due_at = timing.legal_due(d.case, d.channel, now, d.agency)
    elif row.clock == Clock.RESTARTS:  # nhận đủ hồ sơ bổ sung: from zero again (R4.16, R4.17)
        restart = dvcqg = None
        if due_before is not None and not d.case.no_due_date:
            dues = workdays.due_after_supplement(
                limit=timing.limit_for(d.case, d.channel),
                cal=cal,
                original_due=due_before,
                requested_at=paused_since,
                completed_at=now,
                same_day_cutoff=d.case.same_day_cutoff or workdays.DEFAULT_SAME_DAY_CUTOFF,
            )
            restart, dvcqg = dues.restart, dues.subtract
        d.due_at = d.original_due_at = restart
        d.dvcqg_due_at = dvcqg
        _reschedule_open_steps(d, now)
    elif row.clock == Clock.RESUMES:  # nghĩa vụ tài chính done: the wait does not count (R1.22)
        for name in ("due_at", "original_due_at", "dvcqg_due_at"):
            setattr(d, name, _pushed(getattr(d, name), paused_since, now, cal))
        waited = open_steps(d)
        for step in waited:
            step.due_at = _pushed(step.due_at, paused_since, now, cal)
        ProcessStep.objects.bulk_update(waited, ["due_at"])
    elif row.clock == Clock.MOVES:  # xin lỗi, hẹn lại: once, before the due (R1.21, R4.24)
        if not workdays.reappointment_allowed(
            now=now, due=d.due_at, already_reappointed=reappointed
        ):
            raise Conflict(
                _("Hồ sơ đã được hẹn lại một lần; không được hẹn lại lần thứ hai.")
                if reappointed
                else _("Đã quá thời hạn giải quyết: phải xin lỗi và hẹn lại trước khi hết hạn.")
            )
        if new_due_at is None or new_due_at <= d.due_at:
            raise ValidationFailed(
                _("Ngày hẹn mới phải sau ngày hẹn trả hiện tại."),
                details={"new_due_at": new_due_at.isoformat() if new_due_at else None},
            )
        d.due_at = new_due_at
    elif row.clock == Clock.ENDS:
        # Processing (or the check of an online submission) ended now; a submission withdrawn
        # before anybody received it was never processed: nothing to count.
        never_received = d.received_at is None and row.action == Action.WITHDRAW
        d.finished_at = None if never_received else now


def _pushed(due: datetime | None, since: datetime | None, now: datetime, cal) -> datetime | None:
    if due is None or since is None:
        return due
    return workdays.pushed_later(due, paused_from=since, paused_to=now, cal=cal)


def open_steps(d: Dossier) -> list[ProcessStep]:
    """The dossier's steps still to finish (the current and the pending ones), in order."""
    return list(
        ProcessStep.objects.filter(
            dossier=d, state__in=(StepState.ACTIVE, StepState.PENDING)
        ).order_by("order")
    )


def _reschedule_open_steps(d: Dossier, start: datetime) -> None:
    """Give the current and the pending steps new personal dues from ``start``."""
    steps = open_steps(d)
    dues = timing.plan_step_dues(steps, start, d.agency, d.due_at)
    for step, due in zip(steps, dues, strict=True):
        step.due_at = due
    ProcessStep.objects.bulk_update(steps, ["due_at"])


def grant_access(dossier: Dossier, *agency_ids: int) -> None:
    """Let these agencies see the dossier (a no-op for those that already do)."""
    DossierAccess.objects.bulk_create(
        [DossierAccess(dossier=dossier, agency_id=a) for a in set(agency_ids)],
        ignore_conflicts=True,
    )


def activate(
    step: ProcessStep | None, dossier: Dossier, *, now: datetime, assignee: Any = None
) -> None:
    """Make ``step`` the dossier's current one (None: no step holds it any more)."""
    dossier.current_step = step
    dossier.assignee = assignee
    if step is None:
        return
    step.state = StepState.ACTIVE
    step.started_at = step.started_at or now
    step.assignee = assignee
    step.save(update_fields=["state", "started_at", "assignee"])
    dossier.current_agency_id = step.agency_id
    grant_access(dossier, step.agency_id)


def finish_step(step: ProcessStep | None, *, now: datetime, actor: User) -> None:
    if step is None or step.state == StepState.DONE:
        return
    step.state = StepState.DONE
    step.finished_at = now
    step.assignee = step.assignee or (actor if getattr(actor, "is_agency_staff", False) else None)
    step.save(update_fields=["state", "finished_at", "assignee"])


def record(
    dossier: Dossier,
    action: Action,
    *,
    actor: User | None,
    row: Transition,
    before: dict[str, Any] | None,
    now: datetime,
    note: str = "",
    data: dict[str, Any] | None = None,
    update_fields: list[str] | None = None,
    notify: bool = True,
) -> Dossier:
    """Apply ``row``'s target status, save, and write the movement, the event and messages."""
    data = data or {}
    from_status = before["status"] if before else ""
    from_agency = before["current_agency_id"] if before else None
    if row.target is not None:
        dossier.status = row.target
        dossier.status_code = NATIONAL_CODE[row.target]
    fields = {
        "status",
        "status_code",
        "current_step",
        "assignee",
        "current_agency",
        *CLOCK_EFFECTS[Clock(row.clock)],
        *(update_fields or []),
    }
    dossier.save(update_fields=sorted(fields))
    step = dossier.current_step
    movement = Movement.objects.create(
        dossier=dossier,
        at=now,
        action=action,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        from_status=from_status,
        to_status=dossier.status,
        from_agency_id=from_agency,
        to_agency_id=dossier.current_agency_id,
        to_user=dossier.assignee,
        step=step,
        step_due_at=step.due_at if step else None,
        note=note,
        data=_jsonable(data),
    )
    audit.record(
        f"dossier.{action}",
        actor=actor,
        agency=getattr(actor, "agency", None) or dossier.agency,
        target=dossier,
        before=_jsonable(before) if before else None,
        after=_jsonable(snapshot(dossier)),
        data=_jsonable({"note": note, **data}) if (note or data) else {},
    )
    if notify:
        notify_applicant(dossier, action, data)
    national.queue_changes(dossier, movement)
    return dossier


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    return value
