"""Money is integer đồng (STYLE.md habit 12); this formats it for people."""

from __future__ import annotations


def vnd(amount: int | None) -> str:
    """``1500000`` → ``"1.500.000 đ"`` (Vietnamese thousands separator)."""
    if amount is None:
        return ""
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(int(amount)):,} đ".replace(",", ".")
