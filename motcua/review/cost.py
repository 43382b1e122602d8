"""Compliance cost arithmetic (chi phí tuân thủ, Circular 02/2017/TT-VPCP; DOMAIN R8.10,
R14.17) as plain functions of plain values.

Per dossier::

    time_hours  = Σ hours to prepare each paper + visits × (travel + waiting hours)
                  + processing hours
    time_cost   = time_hours × value of an hour               (rounded to the đồng)
    direct_cost = fees + copies + certification + visits × travel cost + services
    total       = time_cost + direct_cost
    yearly      = total × volume (dossiers received in the year)

An input nobody entered is *missing*: it is never guessed, and every figure that needs it is
``None``, with the names of the missing inputs beside it."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

ZERO = Decimal(0)
HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True)
class Input:
    """A number and where it comes from; ``value is None`` when nobody supplied it."""

    value: Decimal | None
    source: str = ""

    @property
    def missing(self) -> bool:
        return self.value is None


MISSING = Input(None, "")


@dataclass(frozen=True)
class Inputs:
    """Everything the cost of one dossier needs. ``papers`` maps a paper's code to its hours."""

    hour_value: Input
    papers: dict[str, Input]
    visits: Input
    travel_hours: Input
    waiting_hours: Input
    processing_hours: Input
    fees: Input
    copies: Input
    certification: Input
    travel_cost: Input
    services: Input

    def missing(self) -> list[str]:
        """Names of the inputs nobody supplied (papers as ``paper_hours:<code>``)."""
        names = [f"paper_hours:{code}" for code, i in self.papers.items() if i.missing]
        for name in SCALARS:
            if getattr(self, name).missing:
                names.append(name)
        return names


SCALARS = (
    "hour_value",
    "visits",
    "travel_hours",
    "waiting_hours",
    "processing_hours",
    "fees",
    "copies",
    "certification",
    "travel_cost",
    "services",
)
TIME_INPUTS = ("visits", "travel_hours", "waiting_hours", "processing_hours")
DIRECT_INPUTS = ("fees", "copies", "certification", "visits", "travel_cost", "services")


@dataclass(frozen=True)
class Cost:
    """The cost of one dossier and of the year; ``None`` where an input is missing."""

    time_hours: Decimal | None
    time_cost: int | None
    direct_cost: int | None
    total: int | None
    volume: int
    yearly_total: int | None
    missing: list[str] = field(default_factory=list)


def dong(amount: Decimal) -> int:
    """Round an amount to the whole đồng, halves up."""
    return int(amount.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _known(inputs: Inputs, names: tuple[str, ...]) -> bool:
    return not any(getattr(inputs, n).missing for n in names)


def compute(inputs: Inputs, volume: int) -> Cost:
    """The compliance cost of one dossier and of ``volume`` dossiers a year."""
    time_hours: Decimal | None = None
    if _known(inputs, TIME_INPUTS) and not any(i.missing for i in inputs.papers.values()):
        papers = sum((i.value for i in inputs.papers.values()), ZERO)
        visits = inputs.visits.value
        time_hours = (
            papers
            + visits * (inputs.travel_hours.value + inputs.waiting_hours.value)
            + inputs.processing_hours.value
        ).quantize(HUNDREDTH, rounding=ROUND_HALF_UP)  # exact: visits are whole numbers
    time_cost = None
    if time_hours is not None and not inputs.hour_value.missing:
        time_cost = dong(time_hours * inputs.hour_value.value)
    direct_cost = None
    if _known(inputs, DIRECT_INPUTS):
        direct_cost = dong(
            inputs.fees.value
            + inputs.copies.value
            + inputs.certification.value
            + inputs.visits.value * inputs.travel_cost.value
            + inputs.services.value
        )
    total = None
    if time_cost is not None and direct_cost is not None:
        total = time_cost + direct_cost
    return Cost(
        time_hours=time_hours,
        time_cost=time_cost,
        direct_cost=direct_cost,
        total=total,
        volume=volume,
        yearly_total=total * volume if total is not None else None,
        missing=inputs.missing(),
    )


@dataclass(frozen=True)
class Saving:
    """What a simplification saves: per dossier, per year, and as a share of the current."""

    per_dossier: int | None
    yearly: int | None
    percent: Decimal | None


def saving(before: Cost, after: Cost) -> Saving:
    """Before minus after (a positive number is money saved); ``None`` where either is unknown."""
    if before.total is None or after.total is None:
        return Saving(None, None, None)
    per = before.total - after.total
    yearly = before.yearly_total - after.yearly_total
    percent = None
    if before.total:
        percent = (Decimal(per) * 100 / before.total).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
    return Saving(per, yearly, percent)
