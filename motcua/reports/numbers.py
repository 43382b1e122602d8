"""Figures for JSON: exact ``Decimal`` inside, plain numbers at the edge."""

from __future__ import annotations

from decimal import Decimal
from typing import Any


def plain(value: Any) -> Any:
    """``value`` with every ``Decimal`` turned into an ``int`` (when whole) or a ``float``,
    through dicts, lists and tuples. Figures are already rounded (two decimals at most)."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value
