"""One entry point for "do action X on this dossier with these inputs", shared by the API and
the staff screens. Each action names its service and the inputs it takes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.utils.translation import gettext as _

from motcua.calendar.services import parse_instant
from motcua.dossiers.lifecycle import BY_ACTION, Action
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import delivery, intake, processing
from motcua.errors import NotFound, ValidationFailed


def _instant(value: Any) -> datetime:
    if isinstance(value, datetime):
        return value
    if not value:
        raise ValidationFailed(
            _("Thiếu ngày hẹn mới (new_due_at)."), details={"new_due_at": "thiếu"}
        )
    return parse_instant(str(value))


def _int_or_none(value: Any, name: str) -> int | None:
    if value in (None, ""):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise ValidationFailed(
            _("'%(name)s' phải là số nguyên.") % {"name": name}, details={name: value}
        ) from None


HANDLERS: dict[str, Callable[[Dossier, Any, dict], Dossier]] = {
    Action.ACCEPT: lambda d, u, b: intake.accept(d, actor=u),
    Action.REJECT: lambda d, u, b: intake.reject(d, actor=u, reason=b.get("reason")),
    Action.TRANSFER: lambda d, u, b: processing.transfer(
        d,
        actor=u,
        to_step=_int_or_none(b.get("to_step"), "to_step"),
        to_user=b.get("to_user"),
        to_agency=b.get("to_agency"),
        hours=b.get("hours"),
        note=b.get("note") or "",
    ),
    Action.REQUEST_SUPPLEMENT: lambda d, u, b: processing.request_supplement(
        d, actor=u, reason=b.get("reason"), items=b.get("items")
    ),
    Action.SUPPLEMENT_RECEIVED: lambda d, u, b: processing.supplement_received(
        d, actor=u, file_ids=b.get("file_ids"), note=b.get("note") or ""
    ),
    Action.REQUEST_PAYMENT: lambda d, u, b: processing.request_payment(
        d, actor=u, amount=b.get("amount"), note=b.get("note") or ""
    ),
    Action.PAYMENT_RECEIVED: lambda d, u, b: processing.payment_received(
        d, actor=u, receipt=b.get("receipt") or "", online=bool(b.get("online"))
    ),
    Action.APOLOGIZE: lambda d, u, b: processing.apologize(
        d, actor=u, reason=b.get("reason"), new_due_at=_instant(b.get("new_due_at"))
    ),
    Action.APPROVE: lambda d, u, b: processing.approve(
        d,
        actor=u,
        result_file_id=_int_or_none(b.get("result_file_id"), "result_file_id"),
        note=b.get("note") or "",
    ),
    Action.REFUSE: lambda d, u, b: processing.refuse(d, actor=u, reason=b.get("reason")),
    Action.WITHDRAW: lambda d, u, b: processing.withdraw(d, actor=u, reason=b.get("reason")),
    Action.STOP: lambda d, u, b: processing.stop(d, actor=u, reason=b.get("reason")),
    Action.RETURN_RESULT: lambda d, u, b: delivery.return_result(
        d, actor=u, channel=b.get("channel") or "counter", note=b.get("note") or ""
    ),
}


def perform(
    dossier: Dossier, action: str, *, actor: Any, body: dict[str, Any] | None = None
) -> Dossier:
    """Run ``action`` on ``dossier``; an unknown action is a 404 like an unknown path."""
    handler = HANDLERS.get(action)
    if handler is None:
        raise NotFound(
            _("Không có thao tác %(action)s.") % {"action": repr(action)}, code="unknown_action"
        )
    return handler(dossier, actor, body or {})


def available(dossier: Dossier, user: Any) -> list[str]:
    """The actions the user may start on the dossier now (role and state), for the screens."""
    return [
        action
        for action in HANDLERS
        if dossier.status in BY_ACTION[Action(action)].sources
        and user.has_perm(f"dossiers.{action}", dossier)
    ]
