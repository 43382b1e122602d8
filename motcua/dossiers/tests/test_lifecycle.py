"""The lifecycle table: every state maps to one national code, and every move not in the table
is refused."""

from __future__ import annotations

import pytest

from motcua.dossiers.lifecycle import (
    BY_ACTION,
    NATIONAL_CODE,
    TRANSITIONS,
    Action,
    Clock,
    IllegalTransition,
    Status,
    transition,
)


def test_every_internal_state_has_one_national_code_from_1_to_10():
    assert set(NATIONAL_CODE) == set(Status.values)
    assert set(NATIONAL_CODE.values()) == set(range(1, 11))


def test_every_action_has_exactly_one_row():
    assert [t.action for t in TRANSITIONS] == list(BY_ACTION)
    assert set(BY_ACTION) == set(Action)


@pytest.mark.parametrize("status", [None, *Status.values])
@pytest.mark.parametrize("action", list(Action))
def test_only_the_moves_in_the_table_are_allowed(status, action):
    row = BY_ACTION[action]
    if status in row.sources:
        assert transition(status, action) is row
    else:
        with pytest.raises(IllegalTransition):
            transition(status, action)


def test_a_result_can_no_longer_be_withdrawn_or_stopped():
    for finished in (Status.DONE, Status.REFUSED, Status.RETURNED):
        for action in (Action.WITHDRAW, Action.STOP, Action.REQUEST_SUPPLEMENT):
            with pytest.raises(IllegalTransition):
                transition(finished, action)


def test_the_clock_starts_at_reception_and_stops_only_for_the_citizen():
    assert BY_ACTION[Action.RECEIVE].clock == Clock.STARTS
    assert BY_ACTION[Action.ACCEPT].clock == Clock.STARTS
    assert BY_ACTION[Action.SUBMIT].clock == Clock.NONE
    assert BY_ACTION[Action.REQUEST_SUPPLEMENT].clock == Clock.STOPS
    assert BY_ACTION[Action.SUPPLEMENT_RECEIVED].clock == Clock.RESTARTS
    assert BY_ACTION[Action.APOLOGIZE].target is None
