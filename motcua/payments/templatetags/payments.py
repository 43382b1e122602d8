from __future__ import annotations

from django import template

from motcua import money
from motcua.catalog.fees import Quote

register = template.Library()


@register.filter
def vnd(amount: int | None) -> str:
    """``1500000`` → ``1.500.000 đ``."""
    return money.vnd(amount)


@register.inclusion_tag("payments/_fee_line.html")
def fee_line(quote: Quote | None, compact: bool = False) -> dict:
    """The fee line (phí, lệ phí) of a case: each line, the free ones with who is exempt, and
    the total; the same on the counter form, the procedure page and the citizen's dossier."""
    return {"quote": quote, "compact": compact}
