"""What a case of a procedure costs (phí, lệ phí), from the catalogue: one place for the fee
line of the counter form, the procedure page, the citizen's dossier and the receipt (Mẫu 01).

Money is integer đồng (STYLE.md habit 12). A fixed fee counts once; a per-unit fee counts
``quantity`` units (one unless told), by its tiers when it has them (``from``/``to`` are unit
numbers, both ends included, ``to`` null: every unit after), capped at ``max_vnd``; a free
line (miễn phí) counts nothing and is shown with its note (who is exempt)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from motcua.catalog.models import Fee, FeeKind


@dataclass(frozen=True)
class FeeLine:
    """One line of the fee (dòng phí, lệ phí) with the amount for the given quantity."""

    fee_id: int
    name: str
    kind: str
    unit: str
    quantity: int
    amount_vnd: int
    note: str


@dataclass(frozen=True)
class Quote:
    """The fee of a case: its lines and their total (tổng phí, lệ phí)."""

    lines: tuple[FeeLine, ...]

    @property
    def total_vnd(self) -> int:
        return sum(line.amount_vnd for line in self.lines)

    @property
    def has_fee(self) -> bool:
        """The case owes money (some line is not free)."""
        return any(line.kind != FeeKind.FREE for line in self.lines)

    @property
    def free(self) -> bool:
        """Lines exist and all are free (miễn phí, lệ phí)."""
        return bool(self.lines) and not self.has_fee


def unit_amount(fee: Fee, quantity: int) -> int:
    """The amount of ``quantity`` units of a per-unit fee (bậc, mức tối đa)."""
    quantity = max(int(quantity), 0)
    if fee.tiers:
        total = 0
        for number in range(1, quantity + 1):
            for tier in fee.tiers:
                upper = tier.get("to")
                if int(tier["from"]) <= number and (upper is None or number <= int(upper)):
                    total += int(tier["amount_vnd"])
                    break
    else:
        total = int(fee.amount_vnd) * quantity
    if fee.max_vnd is not None:
        total = min(total, int(fee.max_vnd))
    return total


def line(fee: Fee, quantity: int = 1) -> FeeLine:
    if fee.kind == FeeKind.FREE:
        amount, quantity = 0, 0
    elif fee.kind == FeeKind.PER_UNIT:
        amount = unit_amount(fee, quantity)
    else:
        amount, quantity = int(fee.amount_vnd), 1
    return FeeLine(
        fee_id=fee.pk,
        name=fee.name,
        kind=fee.kind,
        unit=fee.unit,
        quantity=quantity,
        amount_vnd=amount,
        note=fee.note,
    )


def quote(fees: Iterable[Fee], quantities: Mapping[int, int] | None = None) -> Quote:
    """The fee of a case's lines; ``quantities`` gives the units of per-unit lines by fee id."""
    quantities = quantities or {}
    return Quote(tuple(line(fee, quantities.get(fee.pk, 1)) for fee in fees))


def case_quote(case_id: int, quantities: Mapping[int, int] | None = None) -> Quote:
    """The fee of one case of a procedure (trường hợp), lines in catalogue order."""
    return quote(Fee.objects.filter(case_id=case_id).order_by("order", "pk"), quantities)
