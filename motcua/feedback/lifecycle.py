"""The PAKN (phản ánh, kiến nghị) lifecycle in one table, with the legal time for each move
(DOMAIN §9, R9.3, R9.5; Decree 20/2008 art. 9, 14).

Each action has a limit in working days counted from the moment its stage started (the
``start`` of :func:`stage_start`): reject ≤ 2, forward ≤ 5, request more information ≤ 5,
answer ≤ 15 (from receipt, from forwarding, or from when the requested information arrived),
publish ≤ 2 after the answer. ``Petition.due_at`` holds the due of the current stage: the
latest moment at which the stage's last possible action is still on time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from motcua.agencies.roles import Role
from motcua.feedback import inputs
from motcua.feedback.models import Petition, PetitionStatus
from motcua.machine import IllegalTransition as IllegalTransition
from motcua.machine import Machine, Row

S = PetitionStatus


class Action(StrEnum):
    SUBMIT = "submit"
    CLASSIFY = "classify"
    FORWARD = "forward"
    REJECT = "reject"
    REQUEST_INFO = "request_info"
    INFO_RECEIVED = "info_received"
    ANSWER = "answer"
    PUBLISH = "publish"


class Clock(StrEnum):
    """What a PAKN action does to its clock: every stage has its own legal limit (the row's
    ``limit_days``, :data:`STAGE_LIMIT_DAYS`), so an action only starts the next stage."""

    NONE = "none"  # the register entry: the stage clock starts at receipt
    NEXT_STAGE = "next_stage"  # the next stage's due from its start (stage_start)


@dataclass(frozen=True)
class Transition(Row):
    limit_days: int | None = None  # working days from the stage's start; None: no legal limit


ANYONE: frozenset = frozenset()  # no account needed (R9.3: anybody may send one)
HANDLERS = frozenset({Role.COUNTER, Role.SPECIALIST, Role.LEADER, Role.ADMIN})
PUBLISHERS = frozenset({Role.LEADER, Role.ADMIN})


def _t(action: Action, sources, target: str, limit_days: int | None, roles=HANDLERS):
    clock = Clock.NONE if action == Action.SUBMIT else Clock.NEXT_STAGE
    return Transition(
        action,
        frozenset(sources),
        target,
        clock,
        frozenset(roles),
        schema=SCHEMAS.get(action),
        limit_days=limit_days,
    )


# The sender's form is the portal's (PetitionForm) and submit_petition's arguments.
SCHEMAS: dict[Action, type[inputs.Inputs]] = {
    Action.CLASSIFY: inputs.ClassifyIn,
    Action.FORWARD: inputs.ForwardIn,
    Action.REJECT: inputs.ReasonIn,
    Action.REQUEST_INFO: inputs.ReasonIn,
    Action.INFO_RECEIVED: inputs.InfoIn,
    Action.ANSWER: inputs.AnswerIn,
    Action.PUBLISH: inputs.NoInputs,
}


# A forwarded petition arrives at the competent agency as FORWARDED and is handled there
# like a new one: its clock starts at the forwarding (R9.5 "from receipt or forwarding").
NEW = (S.RECEIVED, S.FORWARDED)

TRANSITIONS: tuple[Transition, ...] = (
    _t(Action.SUBMIT, {None}, S.RECEIVED, None, ANYONE),
    _t(Action.CLASSIFY, NEW, S.PROCESSING, 5),
    _t(Action.FORWARD, {*NEW, S.PROCESSING}, S.FORWARDED, 5),
    _t(Action.REJECT, NEW, S.REJECTED, 2),
    _t(Action.REQUEST_INFO, {S.PROCESSING}, S.AWAITING_INFO, 5),
    _t(Action.INFO_RECEIVED, {S.AWAITING_INFO}, S.PROCESSING, None),
    _t(Action.ANSWER, {S.PROCESSING}, S.ANSWERED, 15),
    _t(Action.PUBLISH, {S.ANSWERED}, S.PUBLISHED, 2, PUBLISHERS),
)
BY_ACTION: dict[Action, Transition] = {t.action: t for t in TRANSITIONS}

# The stage's due: the limit of its last possible on-time action (None: the clock is stopped
# while the sender is asked for more, and closed petitions have no due).
STAGE_LIMIT_DAYS: dict[str, int | None] = {
    S.RECEIVED: 5,  # classify or forward within 5 WD (rejecting must happen within 2)
    S.FORWARDED: 5,
    S.PROCESSING: 15,
    S.AWAITING_INFO: None,
    S.ANSWERED: 2,
    S.REJECTED: None,
    S.PUBLISHED: None,
}

OPEN_STATES = frozenset({S.RECEIVED, S.FORWARDED, S.PROCESSING, S.AWAITING_INFO, S.ANSWERED})

ACTION_SENTENCES: dict[str, str] = {
    Action.SUBMIT: _("Gửi phản ánh, kiến nghị"),
    Action.CLASSIFY: _("Tiếp nhận, phân loại phản ánh, kiến nghị"),
    Action.FORWARD: _("Chuyển phản ánh, kiến nghị đến cơ quan có thẩm quyền"),
    Action.REJECT: _("Từ chối tiếp nhận phản ánh, kiến nghị"),
    Action.REQUEST_INFO: _("Đề nghị bổ sung thông tin phản ánh, kiến nghị"),
    Action.INFO_RECEIVED: _("Nhận thông tin bổ sung phản ánh, kiến nghị"),
    Action.ANSWER: _("Trả lời phản ánh, kiến nghị"),
    Action.PUBLISH: _("Công khai kết quả trả lời phản ánh, kiến nghị"),
}


MACHINE = Machine(
    TRANSITIONS,
    sentences=ACTION_SENTENCES,
    status_label=lambda status: PetitionStatus(status).label,
    refusal=_("Không thể “%(action)s” khi phản ánh, kiến nghị đang ở trạng thái “%(status)s”."),
)


def transition(status: str | None, action: Action | str) -> Transition:
    return MACHINE.transition(status, Action(action))


def stage_start(petition: Petition) -> datetime:
    """When the current stage's clock started: the answer for a published one, the latest of
    receipt, forwarding and received information otherwise."""
    if petition.status in (S.ANSWERED, S.PUBLISHED) and petition.answered_at:
        return petition.answered_at
    starts = [petition.received_at, petition.forwarded_at, petition.info_received_at]
    return max(s for s in starts if s is not None)


def available(petition: Petition) -> list[Action]:
    return [a for a in MACHINE.available(petition.status) if a != Action.SUBMIT]
