"""The dossier lifecycle in one table (STYLE.md habit 3; DOMAIN §1.7 "minimal state machine").

Internal states are richer than the ten national codes (TRẠNG THÁI HỒ SƠ, Circular
22/2019/TT-BTTTT); each maps to exactly one code in :data:`NATIONAL_CODE`. Every action a
service may perform is a row of :data:`TRANSITIONS`: the states it may start from, the state it
leads to, what it does to the deadline clock, and the roles that may do it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from motcua.agencies.roles import Role
from motcua.errors import Conflict


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("Mới đăng ký")
    NOT_RECEIVED = "not_received", _("Không được tiếp nhận")
    RECEIVED = "received", _("Đã tiếp nhận")
    IN_PROGRESS = "in_progress", _("Đang xử lý")
    AWAITING_SUPPLEMENT = "awaiting_supplement", _("Chờ bổ sung hồ sơ")
    AWAITING_PAYMENT = "awaiting_payment", _("Chờ thực hiện nghĩa vụ tài chính")
    WITHDRAWN = "withdrawn", _("Công dân rút hồ sơ")
    STOPPED = "stopped", _("Dừng xử lý")
    DONE = "done", _("Đã xử lý xong")
    REFUSED = "refused", _("Từ chối giải quyết")
    RETURNED = "returned", _("Đã trả kết quả")


NATIONAL_CODE: dict[str, int] = {
    Status.SUBMITTED: 1,
    Status.RECEIVED: 2,
    Status.NOT_RECEIVED: 3,
    Status.IN_PROGRESS: 4,
    Status.AWAITING_SUPPLEMENT: 5,
    Status.AWAITING_PAYMENT: 6,
    Status.WITHDRAWN: 7,
    Status.STOPPED: 8,
    Status.DONE: 9,
    Status.REFUSED: 9,  # a refusal after appraisal is the dossier's result (R1.20)
    Status.RETURNED: 10,
}

NATIONAL_NAME: dict[int, str] = {
    1: _("Mới đăng ký"),
    2: _("Được tiếp nhận"),
    3: _("Không được tiếp nhận"),
    4: _("Đang xử lý"),
    5: _("Yêu cầu bổ sung giấy tờ"),
    6: pgettext_lazy("national status", "Yêu cầu thực hiện nghĩa vụ tài chính"),
    7: _("Công dân yêu cầu rút hồ sơ"),
    8: _("Dừng xử lý"),
    9: _("Đã xử lý xong"),
    10: _("Đã trả kết quả"),
}

OPEN_STATES = frozenset(
    {Status.RECEIVED, Status.IN_PROGRESS, Status.AWAITING_SUPPLEMENT, Status.AWAITING_PAYMENT}
)
"""Received and not yet finished: the clock is (or may again be) running."""

AT_WORK = tuple(sorted({*OPEN_STATES, Status.SUBMITTED, Status.DONE, Status.REFUSED}))
"""States in which a dossier still needs somebody: waiting, in progress, or result to return
(the worklists' states; sorted, as an index condition names them)."""

FINISHED_STATES = frozenset(
    {Status.DONE, Status.REFUSED, Status.WITHDRAWN, Status.STOPPED, Status.RETURNED}
)


class Outcome(models.TextChoices):
    """How processing ended (CONTRACT.md historical import, Biểu 06)."""

    DONE = "done", _("Giải quyết xong")
    REFUSED = "refused", _("Từ chối sau thẩm định")
    WITHDRAWN = "withdrawn", pgettext_lazy("outcome", "Rút hồ sơ")
    STOPPED = "stopped", _("Dừng xử lý")


class Clock(StrEnum):
    """What an action does to the legal deadline (hạn giải quyết)."""

    NONE = "none"  # no deadline yet (online dossier waiting), or unchanged
    STARTS = "starts"  # reception: due computed from now
    KEEPS = "keeps"  # running on
    STOPS = "stops"  # supplementation: the limit will restart (R1.16, R4.16)
    RESTARTS = "restarts"  # supplement complete: full limit again from now
    PAUSES = "pauses"  # waiting for fees: the wait does not count
    RESUMES = "resumes"  # fees paid: due pushed later by the working time waited
    MOVES = "moves"  # apology: one new appointment (R1.21), original kept
    ENDS = "ends"  # processing finished (done, refused, withdrawn, stopped)


class Action(StrEnum):
    RECEIVE = "receive"
    SUBMIT = "submit"
    ACCEPT = "accept"
    REJECT = "reject"
    TRANSFER = "transfer"
    REQUEST_SUPPLEMENT = "request_supplement"
    SUPPLEMENT_RECEIVED = "supplement_received"
    REQUEST_PAYMENT = "request_payment"
    PAYMENT_RECEIVED = "payment_received"
    APOLOGIZE = "apologize"
    APPROVE = "approve"
    REFUSE = "refuse"
    WITHDRAW = "withdraw"
    STOP = "stop"
    RETURN_RESULT = "return_result"


@dataclass(frozen=True)
class Transition:
    action: Action
    sources: frozenset
    target: Status | None  # None: the status does not change
    clock: Clock
    roles: frozenset


def _t(action, sources, target, clock, roles) -> Transition:
    return Transition(action, frozenset(sources), target, clock, frozenset(roles))


COUNTER, SPECIALIST, LEADER, CITIZEN = Role.COUNTER, Role.SPECIALIST, Role.LEADER, Role.CITIZEN
WORKING = (Status.RECEIVED, Status.IN_PROGRESS)
WAITING = (Status.AWAITING_SUPPLEMENT, Status.AWAITING_PAYMENT)

TRANSITIONS: tuple[Transition, ...] = (
    _t(Action.RECEIVE, {None}, Status.RECEIVED, Clock.STARTS, {COUNTER}),
    _t(Action.SUBMIT, {None}, Status.SUBMITTED, Clock.NONE, {CITIZEN, COUNTER}),
    _t(Action.ACCEPT, {Status.SUBMITTED}, Status.RECEIVED, Clock.STARTS, {COUNTER}),
    _t(Action.REJECT, {Status.SUBMITTED}, Status.NOT_RECEIVED, Clock.NONE, {COUNTER}),
    _t(Action.TRANSFER, WORKING, Status.IN_PROGRESS, Clock.KEEPS, {COUNTER, SPECIALIST, LEADER}),
    _t(
        Action.REQUEST_SUPPLEMENT,
        WORKING,
        Status.AWAITING_SUPPLEMENT,
        Clock.STOPS,
        {COUNTER, SPECIALIST},
    ),
    _t(
        Action.SUPPLEMENT_RECEIVED,
        {Status.AWAITING_SUPPLEMENT},
        Status.IN_PROGRESS,
        Clock.RESTARTS,
        {COUNTER, CITIZEN},
    ),
    _t(
        Action.REQUEST_PAYMENT,
        WORKING,
        Status.AWAITING_PAYMENT,
        Clock.PAUSES,
        {COUNTER, SPECIALIST},
    ),
    _t(
        Action.PAYMENT_RECEIVED,
        {Status.AWAITING_PAYMENT},
        Status.IN_PROGRESS,
        Clock.RESUMES,
        {COUNTER},
    ),
    _t(
        Action.APOLOGIZE,
        (*WORKING, Status.AWAITING_PAYMENT),
        None,
        Clock.MOVES,
        {SPECIALIST, LEADER},
    ),
    _t(Action.APPROVE, WORKING, Status.DONE, Clock.ENDS, {LEADER, COUNTER}),
    _t(Action.REFUSE, WORKING, Status.REFUSED, Clock.ENDS, {LEADER}),
    _t(
        Action.WITHDRAW,
        {Status.SUBMITTED, *WORKING, *WAITING},
        Status.WITHDRAWN,
        Clock.ENDS,
        {COUNTER, CITIZEN},
    ),
    _t(Action.STOP, {*WORKING, *WAITING}, Status.STOPPED, Clock.ENDS, {LEADER}),
    _t(Action.RETURN_RESULT, {Status.DONE, Status.REFUSED}, Status.RETURNED, Clock.NONE, {COUNTER}),
)
BY_ACTION: dict[Action, Transition] = {t.action: t for t in TRANSITIONS}

ACTION_SENTENCES: dict[str, str] = {
    Action.RECEIVE: _("Tiếp nhận hồ sơ"),
    Action.SUBMIT: _("Nộp hồ sơ trực tuyến"),
    Action.ACCEPT: _("Tiếp nhận hồ sơ trực tuyến"),
    Action.REJECT: _("Từ chối tiếp nhận hồ sơ"),
    Action.TRANSFER: _("Chuyển xử lý"),
    Action.REQUEST_SUPPLEMENT: _("Yêu cầu bổ sung, hoàn thiện hồ sơ"),
    Action.SUPPLEMENT_RECEIVED: _("Nhận hồ sơ bổ sung"),
    Action.REQUEST_PAYMENT: _("Yêu cầu thực hiện nghĩa vụ tài chính"),
    Action.PAYMENT_RECEIVED: _("Đã thực hiện nghĩa vụ tài chính"),
    Action.APOLOGIZE: _("Xin lỗi và hẹn lại ngày trả kết quả"),
    Action.APPROVE: _("Phê duyệt kết quả"),
    Action.REFUSE: _("Từ chối giải quyết sau thẩm định"),
    Action.WITHDRAW: _("Rút hồ sơ theo yêu cầu của công dân"),
    Action.STOP: _("Dừng xử lý hồ sơ"),
    Action.RETURN_RESULT: _("Trả kết quả"),
}


class IllegalTransition(Conflict):
    code = "illegal_transition"


def transition(status: str | None, action: Action | str) -> Transition:
    """The row for ``action`` from ``status``, or :class:`IllegalTransition` (409)."""
    row = BY_ACTION.get(Action(action))
    if row is None or status not in row.sources:
        current = Status(status).label if status else _("chưa có")
        raise IllegalTransition(
            _("Không thể “%(action)s” khi hồ sơ đang ở trạng thái “%(status)s”.")
            % {"action": ACTION_SENTENCES[Action(action)], "status": current},
            details={"action": str(action), "status": status},
        )
    return row


def national_code(status: str) -> int:
    return NATIONAL_CODE[status]
