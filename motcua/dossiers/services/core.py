"""The machinery every action shares: check the policy and the lifecycle, then change the
dossier, record the movement and the audit event, and queue the citizen's messages and the
national portal's (DVCQG) sync, all in the caller's one transaction."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction

from motcua import audit, clock
from motcua.agencies.policy import require
from motcua.dossiers import national
from motcua.dossiers.lifecycle import NATIONAL_CODE, Action, Transition, transition
from motcua.dossiers.messages import notify_applicant
from motcua.dossiers.models import Dossier, DossierAccess, Movement, ProcessStep, StepState

TRACKED_FIELDS = ("status", "due_at", "original_due_at", "current_agency_id", "assignee_id")


def snapshot(dossier: Dossier) -> dict[str, Any]:
    return {name: getattr(dossier, name) for name in TRACKED_FIELDS}


def lock(dossier: Dossier) -> Dossier:
    """Re-read the dossier under a row lock, so two officers cannot act on it at once."""
    return (
        Dossier.objects.with_scopes_disabled()
        .select_for_update(of=("self",))
        .select_related("procedure", "agency", "handling_agency", "current_step")
        .get(pk=dossier.pk)
    )


def check(actor: Any, action: Action, dossier: Dossier | None) -> Transition:
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
def acting(dossier: Dossier, action: Action, actor: Any) -> Iterator[Acting]:
    """One transaction around an action on an existing dossier: lock, check, then let the
    caller change it and :func:`record` it. Anything raised rolls everything back."""
    with transaction.atomic():
        locked = lock(dossier)
        row = check(actor, action, locked)
        yield Acting(locked, row, snapshot(locked), clock.now())


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


def finish_step(step: ProcessStep | None, *, now: datetime, actor: Any) -> None:
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
    actor: Any,
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
