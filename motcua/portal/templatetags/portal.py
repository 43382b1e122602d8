from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template

from motcua import money

register = template.Library()


@register.filter
def vnd(amount: int | None) -> str:
    """``1500000`` → ``1.500.000 đ``."""
    return money.vnd(amount)


@register.filter
def amount(value: Decimal | None) -> str:
    """A limit amount without trailing zeros: ``Decimal("3.00")`` → ``3``, ``0.50`` → ``0,5``."""
    if value is None:
        return ""
    return f"{Decimal(value).normalize():f}".replace(".", ",")


@register.filter
def get_item(mapping: dict, key: Any) -> Any:
    return mapping.get(key, "") if mapping else ""
