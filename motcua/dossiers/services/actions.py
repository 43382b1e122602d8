"""One entry point for "do action X on this dossier with these inputs", shared by the API and
the staff screens: the action's lifecycle row names its input schema, and the service here
takes exactly that schema's fields."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import gettext as _

from motcua.dossiers.inputs import validated
from motcua.dossiers.lifecycle import BY_ACTION, SCREEN_ORDER, Action
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import delivery, intake, processing
from motcua.errors import NotFound

SERVICES: dict[str, Callable[..., Dossier]] = {
    Action.ACCEPT: intake.accept,
    Action.REJECT: intake.reject,
    Action.TRANSFER: processing.transfer,
    Action.SEND_BACK: processing.send_back,
    Action.REQUEST_SUPPLEMENT: processing.request_supplement,
    Action.SUPPLEMENT_RECEIVED: processing.supplement_received,
    Action.REQUEST_PAYMENT: processing.request_payment,
    Action.PAYMENT_RECEIVED: processing.payment_received,
    Action.APOLOGIZE: processing.apologize,
    Action.APPROVE: processing.approve,
    Action.REFUSE: processing.refuse,
    Action.WITHDRAW: processing.withdraw,
    Action.STOP: processing.stop,
    Action.RETURN_RESULT: delivery.return_result,
}
"""The service of every action on an existing dossier (receive and submit make new ones)."""


def perform(
    dossier: Dossier, action: str, *, actor: Any, body: dict[str, Any] | None = None, **extra: Any
) -> Dossier:
    """Run ``action`` on ``dossier``; an unknown action is a 404 like an unknown path.
    ``extra``: what a screen passes beside the schema's fields (a form's uploaded file)."""
    service = SERVICES.get(action)
    if service is None:
        raise NotFound(
            _("Không có thao tác %(action)s.") % {"action": repr(action)}, code="unknown_action"
        )
    given = validated(BY_ACTION[Action(action)].schema, body)
    return service(dossier, actor=actor, **given.model_dump(), **extra)


def available(dossier: Dossier, user: Any) -> list[str]:
    """The actions the user may start on the dossier now (role and state), for the screens, in
    :data:`SCREEN_ORDER`: what moves the dossier on comes first. A hand-over with no step to
    go to, or a sending back with no step before, is not offered."""
    found = [
        action
        for action in SCREEN_ORDER
        if dossier.status in BY_ACTION[action].sources
        and user.has_perm(f"dossiers.{action}", dossier)
    ]
    if Action.TRANSFER in found and not processing.can_hand_over(dossier, user):
        found.remove(Action.TRANSFER)
    if Action.SEND_BACK in found and not processing.earlier_steps(dossier, user):
        found.remove(Action.SEND_BACK)
    return [str(a) for a in found]
