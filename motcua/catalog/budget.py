"""How many step hours a procedure's time limit allows (one rule for the importer and the
step editor). Step hours are nominal: 1 working day = 8 h (DOMAIN R4.1–R4.2)."""

from __future__ import annotations

from decimal import Decimal

HOURS_PER_WORKING_DAY = Decimal(8)


def step_budget_hours(amount: Decimal, unit: str) -> Decimal:
    """The most hours the internal process may spend inside the legal limit.

    ``days`` (calendar days) hold floor(amount × 5 ÷ 7) working days (catalog README);
    ``same_day`` is one working day at most."""
    amount = Decimal(amount)
    if unit == "working_days":
        return amount * HOURS_PER_WORKING_DAY
    if unit == "hours":
        return amount
    if unit == "days":
        return (amount * 5 // 7) * HOURS_PER_WORKING_DAY
    if unit == "same_day":
        return HOURS_PER_WORKING_DAY
    raise ValueError(f"unknown unit {unit!r}")
