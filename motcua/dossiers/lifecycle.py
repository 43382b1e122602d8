"""The dossier lifecycle in one table (STYLE.md habit 3; DOMAIN §1.7 "minimal state machine").

Internal states are richer than the ten national codes (TRẠNG THÁI HỒ SƠ, Circular
22/2019/TT-BTTTT); each maps to exactly one code in :data:`NATIONAL_CODE`. Every action a
service may perform is a row of :data:`TRANSITIONS` (the engine is ``motcua.machine``): the
states it may start from, the state it leads to, what it does to the deadline clock (applied by
``services.core.apply_clock``), the roles that may do it (the policy is generated from them)
and what the applicant is told. Adding an action is one row and one service function."""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from motcua.agencies.roles import Role
from motcua.dossiers import inputs
from motcua.machine import IllegalTransition as IllegalTransition
from motcua.machine import Machine, Notice, Row


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
    ENDS = "ends"  # finished: done, refused, withdrawn, stopped, or not received (finished_at)


class Action(StrEnum):
    RECEIVE = "receive"
    SUBMIT = "submit"
    ACCEPT = "accept"
    REJECT = "reject"
    TRANSFER = "transfer"
    SEND_BACK = "send_back"
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


Transition = Row


# What the applicant is told (SMS, e-mail, portal inbox), in Vietnamese whatever the screen's
# language; dossiers/messages.py fills in the placeholders.
RECEIVED_NOTICE = Notice(
    "Tiếp nhận hồ sơ {code}",
    "{agency} đã tiếp nhận hồ sơ {code} ({procedure}). Hẹn trả kết quả: {due}. Tra cứu: {lookup}",
)
REJECTED_NOTICE = Notice(
    "Hồ sơ {code} không được tiếp nhận",
    "Hồ sơ {code} không được tiếp nhận. Lý do: {reason}",
)
SUPPLEMENT_NOTICE = Notice(
    "Yêu cầu bổ sung hồ sơ {code}",
    "Hồ sơ {code} cần bổ sung, hoàn thiện: {reason}. "
    "Thời hạn giải quyết được tính lại từ khi nhận đủ hồ sơ. Tra cứu: {lookup}",
)
PAYMENT_NOTICE = Notice(
    "Thực hiện nghĩa vụ tài chính cho hồ sơ {code}",
    "Hồ sơ {code}: đề nghị nộp {amount_text} để tiếp tục giải quyết.",
)
APOLOGY_NOTICE = Notice(
    "Xin lỗi và hẹn lại ngày trả kết quả hồ sơ {code}",
    "{handling_agency} xin lỗi vì chưa trả kết quả hồ sơ {code} đúng hẹn. "
    "Lý do: {reason}. Hẹn lại: {due}.",
)
RESULT_NOTICE = Notice(
    "Hồ sơ {code} đã có kết quả",
    "Hồ sơ {code} đã có kết quả. Mời ông/bà nhận kết quả tại {agency} "
    "hoặc theo hình thức đã đăng ký.",
)
REFUSAL_NOTICE = Notice(
    "Hồ sơ {code} không đủ điều kiện giải quyết",
    "Hồ sơ {code} không đủ điều kiện giải quyết. Lý do: {reason}. "
    "Mời ông/bà nhận văn bản trả lời tại Bộ phận Một cửa.",
)


COUNTER, SPECIALIST, LEADER, CITIZEN = Role.COUNTER, Role.SPECIALIST, Role.LEADER, Role.CITIZEN
WORKING = (Status.RECEIVED, Status.IN_PROGRESS)
WAITING = (Status.AWAITING_SUPPLEMENT, Status.AWAITING_PAYMENT)


class Where(StrEnum):
    """Where staff of the row's roles act (agencies.policy turns each into a rule); a citizen
    acts on their own dossier only."""

    NEW = "new"  # a new dossier: at the officer's own counter, or the citizen's own
    RECEIVING = "receiving"  # the one-stop unit that received it
    HANDLING = "handling"  # the deciding agency, or the one holding it now (liên thông)
    STEP = "step"  # whoever holds the current step of the internal process


def _t(action, sources, target, clock, roles, where, schema, notice=None) -> Transition:
    return Row(
        action,
        frozenset(sources),
        target,
        clock,
        frozenset(roles),
        schema=schema,
        notice=notice,
        where=where,
    )


# The roles and where columns are the permission (agencies.policy is generated from them).
# Submitting online is the citizen's own act (R1.9); at the counter the officer receives
# (RECEIVE, R1.4), so the counter has no SUBMIT. Adding an action: one row, one service.
# fmt: off
TRANSITIONS: tuple[Transition, ...] = (
    _t(Action.RECEIVE, {None}, Status.RECEIVED, Clock.STARTS, {COUNTER}, Where.NEW,
       inputs.IntakeIn, RECEIVED_NOTICE),
    _t(Action.SUBMIT, {None}, Status.SUBMITTED, Clock.NONE, {CITIZEN}, Where.NEW,
       inputs.SubmitIn),
    _t(Action.ACCEPT, {Status.SUBMITTED}, Status.RECEIVED, Clock.STARTS, {COUNTER},
       Where.RECEIVING, inputs.NoInputs, RECEIVED_NOTICE),
    _t(Action.REJECT, {Status.SUBMITTED}, Status.NOT_RECEIVED, Clock.ENDS, {COUNTER},
       Where.RECEIVING, inputs.ReasonIn, REJECTED_NOTICE),
    _t(Action.TRANSFER, WORKING, Status.IN_PROGRESS, Clock.KEEPS, {COUNTER, SPECIALIST, LEADER},
       Where.STEP, inputs.TransferIn),
    _t(Action.SEND_BACK, WORKING, Status.IN_PROGRESS, Clock.KEEPS, {SPECIALIST, LEADER},
       Where.STEP, inputs.SendBackIn),
    _t(Action.REQUEST_SUPPLEMENT, WORKING, Status.AWAITING_SUPPLEMENT, Clock.STOPS,
       {COUNTER, SPECIALIST}, Where.STEP, inputs.SupplementRequestIn, SUPPLEMENT_NOTICE),
    _t(Action.SUPPLEMENT_RECEIVED, {Status.AWAITING_SUPPLEMENT}, Status.IN_PROGRESS,
       Clock.RESTARTS, {COUNTER, CITIZEN}, Where.RECEIVING, inputs.SupplementIn),
    _t(Action.REQUEST_PAYMENT, WORKING, Status.AWAITING_PAYMENT, Clock.PAUSES,
       {COUNTER, SPECIALIST}, Where.STEP, inputs.PaymentRequestIn, PAYMENT_NOTICE),
    _t(Action.PAYMENT_RECEIVED, {Status.AWAITING_PAYMENT}, Status.IN_PROGRESS, Clock.RESUMES,
       {COUNTER}, Where.RECEIVING, inputs.PaymentIn),
    _t(Action.APOLOGIZE, (*WORKING, Status.AWAITING_PAYMENT), None, Clock.MOVES,
       {SPECIALIST, LEADER}, Where.HANDLING, inputs.ApologyIn, APOLOGY_NOTICE),
    _t(Action.APPROVE, WORKING, Status.DONE, Clock.ENDS, {LEADER, COUNTER}, Where.HANDLING,
       inputs.ApproveIn, RESULT_NOTICE),
    _t(Action.REFUSE, WORKING, Status.REFUSED, Clock.ENDS, {LEADER}, Where.HANDLING,
       inputs.ReasonIn, REFUSAL_NOTICE),
    _t(Action.WITHDRAW, {Status.SUBMITTED, *WORKING, *WAITING}, Status.WITHDRAWN, Clock.ENDS,
       {COUNTER, CITIZEN}, Where.RECEIVING, inputs.ReasonIn),
    _t(Action.STOP, {*WORKING, *WAITING}, Status.STOPPED, Clock.ENDS, {LEADER}, Where.HANDLING,
       inputs.ReasonIn),
    _t(Action.RETURN_RESULT, {Status.DONE, Status.REFUSED}, Status.RETURNED, Clock.NONE,
       {COUNTER}, Where.RECEIVING, inputs.ReturnIn),
)
# fmt: on
BY_ACTION: dict[Action, Transition] = {t.action: t for t in TRANSITIONS}

ACTION_SENTENCES: dict[str, str] = {
    Action.RECEIVE: _("Tiếp nhận hồ sơ"),
    Action.SUBMIT: _("Nộp hồ sơ trực tuyến"),
    Action.ACCEPT: _("Tiếp nhận hồ sơ trực tuyến"),
    Action.REJECT: _("Từ chối tiếp nhận hồ sơ"),
    Action.TRANSFER: _("Chuyển xử lý"),
    Action.SEND_BACK: _("Trả lại bước trước để xử lý lại"),
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


SCREEN_ORDER: tuple[Action, ...] = (
    Action.ACCEPT,
    Action.SUPPLEMENT_RECEIVED,
    Action.PAYMENT_RECEIVED,
    Action.RETURN_RESULT,
    Action.APPROVE,
    Action.TRANSFER,
    Action.SEND_BACK,
    Action.REQUEST_SUPPLEMENT,
    Action.REQUEST_PAYMENT,
    Action.APOLOGIZE,
    Action.REFUSE,
    Action.REJECT,
    Action.WITHDRAW,
    Action.STOP,
)
"""The order a dossier page offers the actions in: what moves the dossier on in its state comes
first (the leader's approval before a hand-over), the rare and final ones last."""


MACHINE = Machine(
    TRANSITIONS,
    sentences=ACTION_SENTENCES,
    status_label=lambda status: Status(status).label,
    refusal=_("Không thể “%(action)s” khi hồ sơ đang ở trạng thái “%(status)s”."),
)


def transition(status: str | None, action: Action | str) -> Transition:
    """The row for ``action`` from ``status``, or :class:`IllegalTransition` (409)."""
    return MACHINE.transition(status, Action(action))


def national_code(status: str) -> int:
    return NATIONAL_CODE[status]
