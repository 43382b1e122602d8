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

from motcua.errors import Conflict
from motcua.feedback.models import Petition, PetitionStatus

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


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset
    target: str
    limit_days: int | None  # working days from the stage's start; None: no legal limit


def _t(action: Action, sources, target: str, limit_days: int | None) -> Transition:
    return Transition(action, frozenset(sources), target, limit_days)


# A forwarded petition arrives at the competent agency as FORWARDED and is handled there
# like a new one: its clock starts at the forwarding (R9.5 "from receipt or forwarding").
NEW = (S.RECEIVED, S.FORWARDED)

TRANSITIONS: tuple[Transition, ...] = (
    _t(Action.SUBMIT, {None}, S.RECEIVED, None),
    _t(Action.CLASSIFY, NEW, S.PROCESSING, 5),
    _t(Action.FORWARD, {*NEW, S.PROCESSING}, S.FORWARDED, 5),
    _t(Action.REJECT, NEW, S.REJECTED, 2),
    _t(Action.REQUEST_INFO, {S.PROCESSING}, S.AWAITING_INFO, 5),
    _t(Action.INFO_RECEIVED, {S.AWAITING_INFO}, S.PROCESSING, None),
    _t(Action.ANSWER, {S.PROCESSING}, S.ANSWERED, 15),
    _t(Action.PUBLISH, {S.ANSWERED}, S.PUBLISHED, 2),
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


class IllegalTransition(Conflict):
    code = "illegal_transition"


def transition(status: str | None, action: Action | str) -> Transition:
    row = BY_ACTION.get(Action(action))
    if row is None or status not in row.sources:
        current = PetitionStatus(status).label if status else _("chưa có")
        raise IllegalTransition(
            _("Không thể “%(action)s” khi phản ánh, kiến nghị đang ở trạng thái “%(status)s”.")
            % {"action": ACTION_SENTENCES[Action(action)], "status": current},
            details={"action": str(action), "status": status},
        )
    return row


def stage_start(petition: Petition) -> datetime:
    """When the current stage's clock started: the answer for a published one, the latest of
    receipt, forwarding and received information otherwise."""
    if petition.status in (S.ANSWERED, S.PUBLISHED) and petition.answered_at:
        return petition.answered_at
    starts = [petition.received_at, petition.forwarded_at, petition.info_received_at]
    return max(s for s in starts if s is not None)


def available(petition: Petition) -> list[Action]:
    return [
        t.action for t in TRANSITIONS if t.action != Action.SUBMIT and petition.status in t.sources
    ]
