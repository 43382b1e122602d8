"""The lifecycle tables are the single source of the clock and of the rights (issue 22 item 1):
every row is walked through its service and may change only the clock fields its clock
column allows; the permissions equal the table's role column (the PAKN table: in
feedback/tests/test_pakn_rights.py)."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest

from motcua import clock
from motcua.accounts.services import create_staff_user
from motcua.agencies.policy import DOSSIER_PLACES
from motcua.agencies.roles import Role
from motcua.dossiers.lifecycle import BY_ACTION, TRANSITIONS, Action, Clock, Where
from motcua.dossiers.models import Dossier, ProcessStep
from motcua.dossiers.services import core, intake, processing
from motcua.dossiers.services.actions import perform
from motcua.dossiers.tests.support import MONDAY, intake_body
from motcua.testing import PASSWORD

pytestmark = pytest.mark.django_db

NEXT_DAY = MONDAY + timedelta(days=1)


@pytest.fixture
def cast(agency_a, lan, minh, hoa, citizen, monday):
    return SimpleNamespace(
        agency=agency_a, counter=lan, specialist=minh, leader=hoa, citizen=citizen
    )


def _received(cast) -> Dossier:
    return intake.receive_dossier(actor=cast.counter, **intake_body())


def _submitted(cast) -> Dossier:
    body = intake_body()
    del body["channel"]
    return intake.submit_online(actor=cast.citizen, agency=cast.agency.code, **body)


def _at_leader(cast) -> Dossier:
    d = processing.transfer(_received(cast), actor=cast.counter)
    return processing.transfer(d, actor=cast.specialist)


def _approved(cast) -> Dossier:
    return processing.approve(_at_leader(cast), actor=cast.leader)


# action → (the dossier before, or None for a new one; who acts; the inputs; when)
WALKS = {
    Action.RECEIVE: (None, "counter", intake_body(), MONDAY),
    Action.SUBMIT: (None, "citizen", None, MONDAY),
    Action.ACCEPT: (_submitted, "counter", {}, NEXT_DAY),
    Action.REJECT: (_submitted, "counter", {"reason": "Sai cơ quan"}, NEXT_DAY),
    Action.TRANSFER: (_received, "counter", {}, NEXT_DAY),
    Action.SEND_BACK: (_at_leader, "leader", {"note": "Sửa lại dự thảo"}, NEXT_DAY),
    Action.REQUEST_SUPPLEMENT: (_received, "counter", {"reason": "Thiếu tờ khai"}, NEXT_DAY),
    Action.SUPPLEMENT_RECEIVED: (
        lambda c: processing.request_supplement(_received(c), actor=c.counter, reason="Thiếu"),
        "counter",
        {},
        NEXT_DAY,
    ),
    Action.REQUEST_PAYMENT: (_received, "counter", {"amount": 50000}, NEXT_DAY),
    Action.PAYMENT_RECEIVED: (
        lambda c: processing.request_payment(_received(c), actor=c.counter, amount=50000),
        "counter",
        {"receipt": "BL-1"},
        NEXT_DAY,
    ),
    Action.APOLOGIZE: (
        lambda c: processing.transfer(_received(c), actor=c.counter),
        "specialist",
        {"reason": "Cần xác minh", "new_due_at": "2025-03-20T16:00:00+07:00"},
        NEXT_DAY,
    ),
    Action.APPROVE: (_at_leader, "leader", {}, NEXT_DAY),
    Action.REFUSE: (_at_leader, "leader", {"reason": "Không đủ điều kiện"}, NEXT_DAY),
    Action.WITHDRAW: (_received, "counter", {"reason": "Công dân xin rút"}, NEXT_DAY),
    Action.STOP: (_received, "leader", {"reason": "Dừng theo yêu cầu"}, NEXT_DAY),
    Action.RETURN_RESULT: (_approved, "counter", {}, NEXT_DAY),
}


def test_every_row_is_walked():
    assert set(WALKS) == set(BY_ACTION)


def _clock(d: Dossier | None) -> dict:
    if d is None:
        return dict.fromkeys(core.CLOCK_FIELDS)
    d = Dossier.objects.with_scopes_disabled().get(pk=d.pk)
    return {name: getattr(d, name) for name in core.CLOCK_FIELDS}


def _step_dues(d: Dossier | None) -> dict:
    if d is None:
        return {}
    return dict(ProcessStep.objects.filter(dossier=d).values_list("pk", "due_at"))


@pytest.mark.parametrize("action", list(WALKS))
def test_a_service_changes_the_clock_only_as_its_row_says(cast, action):
    start, who, inputs, when = WALKS[action]
    before = start(cast) if start else None
    clock_before, steps_before = _clock(before), _step_dues(before)
    actor = getattr(cast, who)
    with clock.frozen(when):
        if action == Action.RECEIVE:
            after = intake.receive_dossier(actor=actor, **inputs)
        elif action == Action.SUBMIT:
            after = _submitted(cast)
        else:
            after = perform(before, action, actor=actor, body=inputs)
    clock_after, steps_after = _clock(after), _step_dues(after)
    changed = {name for name in core.CLOCK_FIELDS if clock_before[name] != clock_after[name]}
    row = BY_ACTION[action]
    allowed = core.CLOCK_EFFECTS[row.clock]
    assert changed <= allowed, f"{action} changed {changed - allowed} outside its row"
    assert bool(changed) == bool(allowed), f"{action}: {row.clock} changed nothing"
    moved = {pk for pk, due in steps_before.items() if steps_after[pk] != due}
    if row.clock not in (Clock.RESTARTS, Clock.RESUMES):
        assert not moved, f"{action} moved step dues outside its row"


def test_a_submission_withdrawn_before_reception_has_nothing_to_count(cast):
    d = processing.withdraw(_submitted(cast), actor=cast.citizen, reason="Nộp nhầm")
    assert (d.status, d.received_at, d.finished_at) == ("withdrawn", None, None)


# --- the rights --------------------------------------------------------------------------------


@pytest.fixture
def everyone(agency_a, citizen):
    """One person of every role in agency A; the counter officer may decide at the counter."""
    people = {Role.CITIZEN: citizen}
    for role in Role:
        if role != Role.CITIZEN:
            people[role] = create_staff_user(
                f"u_{role}", agency=agency_a, role=role, password=PASSWORD, counter_delegate=True
            )
    return people


def _dossier_for(user, agency) -> SimpleNamespace:
    """A dossier where every place-rule lets ``user`` act: in their agency, their step, theirs."""
    step = SimpleNamespace(role=user.role, agency_id=agency.pk, assignee_id=user.pk)
    return SimpleNamespace(
        agency_id=agency.pk,
        handling_agency_id=agency.pk,
        current_agency_id=agency.pk,
        current_step=step,
        citizen_id=user.pk,
        procedure=SimpleNamespace(at_counter=True),
    )


@pytest.mark.parametrize("row", TRANSITIONS, ids=lambda r: r.action)
def test_the_dossier_rights_are_the_tables_role_column(everyone, agency_a, row):
    for role, user in everyone.items():
        target = None if row.sources == {None} else _dossier_for(user, agency_a)
        allowed = user.has_perm(f"dossiers.{row.action}", target)
        assert allowed == (role in row.roles), f"{role} on {row.action}"


def test_every_place_is_used_by_a_row_and_means_something_in_the_policy():
    """The where column names only places the policy defines, and the policy keeps no place no
    row names (issue 21: the unused 'either' place went)."""
    used = {row.where for row in TRANSITIONS}
    assert used == set(Where) == set(DOSSIER_PLACES)


def test_only_the_citizen_submits_online_and_only_the_counter_receives():
    assert BY_ACTION[Action.SUBMIT].roles == {Role.CITIZEN}
    assert BY_ACTION[Action.RECEIVE].roles == {Role.COUNTER}


# --- one service, one transaction ----------------------------------------------------------------


def test_deciding_at_the_counter_is_one_service_all_or_none(agency_b, lan, monday):
    """4 tại chỗ: receive, approve and return in one durable transaction; an officer who may
    not approve leaves no dossier and no stored scan behind."""
    from motcua.catalog.models import Procedure
    from motcua.documents.models import Document
    from motcua.documents.services import Upload
    from motcua.documents.tests.files import a_pdf
    from motcua.errors import PermissionDenied

    Procedure.objects.filter(code="2.000815").update(at_counter=True)
    body = intake_body(
        procedure="2.000815", components=[{"code": "ban_chinh", "originals": 1, "copies": 2}]
    )
    scans = {"ban_chinh": [Upload("ban-chinh.pdf", a_pdf("Bản chính"))]}
    with pytest.raises(PermissionDenied):
        intake.decide_at_counter(actor=lan, scans=scans, **body)  # lan is not delegated
    assert not Dossier.objects.with_scopes_disabled().exists()
    assert not Document.objects.exists()

    tuan = create_staff_user(
        "tuan", agency=agency_b, role="counter", password=PASSWORD, counter_delegate=True
    )
    d = intake.decide_at_counter(actor=tuan, scans=scans, **body)
    moves = list(d.movements.order_by("at", "id").values_list("action", flat=True))
    assert (d.status_code, moves) == (10, ["receive", "approve", "return_result"])
    assert Document.objects.count() == 1
