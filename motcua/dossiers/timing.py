"""The dossier's clock: which limit applies, the legal due, and each step's personal due.

The arithmetic is ``calendar.workdays``; this module only picks the inputs (the case's limit
for the channel, the agency whose calendar counts) and caps step dues at the dossier's due."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from motcua.calendar import workdays
from motcua.calendar.services import calendar_for


def limit_for(case, channel: str) -> workdays.Limit:
    amount, unit = case.limit_for(channel)
    return workdays.Limit.parse(amount, unit)


def legal_due(case, channel: str, received_at: datetime, agency) -> datetime | None:
    """Hạn giải quyết theo quy định, or None for a case without appointment date (R4.4)."""
    if case.no_due_date:
        return None
    cutoff = case.same_day_cutoff or workdays.DEFAULT_SAME_DAY_CUTOFF
    return workdays.due_at(
        received_at, limit_for(case, channel), calendar_for(agency), same_day_cutoff=cutoff
    )


def plan_step_dues(
    steps: Sequence, start: datetime, agency, cap: datetime | None
) -> list[datetime]:
    """Personal dues of consecutive steps (steps of one ``parallel_group`` run side by side and
    share a start); none later than the dossier's own due."""
    cal = calendar_for(agency)
    dues: list[datetime] = []
    index = 0
    while index < len(steps):
        group = steps[index].parallel_group
        width = 1
        if group is not None:
            while index + width < len(steps) and steps[index + width].parallel_group == group:
                width += 1
        ends = [
            workdays.step_dues(start, [step.hours], cal)[0] for step in steps[index : index + width]
        ]
        dues.extend(ends)
        start = max(ends)
        index += width
    return [min(due, cap) for due in dues] if cap is not None else dues
