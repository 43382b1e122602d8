from __future__ import annotations

from typing import Any

from django import template

from motcua.dossiers import queries

register = template.Library()


@register.filter
def get_item(mapping: dict, key: Any) -> Any:
    return mapping.get(key, "")


@register.simple_tag(takes_context=True)
def staff_badges(context: template.Context) -> dict[str, int]:
    """The bell's and the tabs' counts (``queries.staff_badges``), once per request."""
    request = context.get("request")
    if request is None or not getattr(request.user, "is_agency_staff", False):
        return {}
    if not hasattr(request, "_staff_badges"):
        request._staff_badges = queries.staff_badges(request.user)
    return request._staff_badges
