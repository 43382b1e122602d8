"""The small engine under both lifecycles (vòng đời hồ sơ, vòng đời phản ánh kiến nghị).

A lifecycle is a table of :class:`Row`: the action, the states it may start from, the state it
leads to, what it does to the legal clock, the roles that may do it and where, the schema of its
inputs and what the citizen is told. :class:`Machine` answers the questions every service and screen
asks of the table; it knows nothing of dossiers or petitions."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from motcua.errors import Conflict


@dataclass(frozen=True)
class Notice:
    """What the citizen is told after an action (thông báo): a subject and a body with
    ``{name}`` placeholders the lifecycle's messenger fills in."""

    subject: str
    body: str


@dataclass(frozen=True)
class Row:
    action: str
    sources: frozenset
    target: str | None  # None: the status does not change
    clock: str  # the lifecycle's own clock effects (an enum of strings)
    roles: frozenset
    schema: type | None = None  # the action's input schema (pydantic), None: no inputs
    notice: Notice | None = None  # None: the citizen is not told
    where: str = ""  # where staff of those roles act (a place the policy knows), "": anywhere


class IllegalTransition(Conflict):
    code = "illegal_transition"


class Machine:
    """One lifecycle table: the row of an action from a state, or a 409 in Vietnamese."""

    def __init__(
        self,
        rows: Iterable[Row],
        *,
        sentences: dict[str, Any],
        status_label: Callable[[str], Any],
        refusal: str,
    ) -> None:
        self.rows: tuple[Row, ...] = tuple(rows)
        self.by_action: dict[str, Row] = {r.action: r for r in self.rows}
        if len(self.by_action) != len(self.rows):
            raise ValueError("one row per action")
        self.sentences = sentences
        self.status_label = status_label
        self.refusal = refusal

    def transition(self, status: str | None, action: str) -> Row:
        """The row for ``action`` from ``status``, or :class:`IllegalTransition` (409)."""
        row = self.by_action.get(action)
        if row is None or status not in row.sources:
            current = self.status_label(status) if status else _("chưa có")
            raise IllegalTransition(
                self.refusal % {"action": self.sentences[action], "status": current},
                details={"action": str(action), "status": status},
            )
        return row

    def available(self, status: str | None) -> list[str]:
        """The actions the table allows from ``status``, in table order."""
        return [r.action for r in self.rows if status in r.sources]

    def actions_of(self, role: str) -> frozenset[str]:
        """Every action the table gives ``role``."""
        return frozenset(r.action for r in self.rows if role in r.roles)
