"""Append-only audit trail. ``record()`` is the one way to write it."""

from __future__ import annotations

from typing import Any


def record(
    action: str,
    *,
    actor: Any = None,
    agency: Any = None,
    target: Any = None,
    before: Any = None,
    after: Any = None,
    data: dict[str, Any] | None = None,
) -> Any:
    """Append one event. Call it inside the transaction of the change it records."""
    from motcua.audit.context import request_id
    from motcua.audit.models import Event

    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return Event.objects.create(
        action=action,
        actor=actor,
        agency=agency,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:255] if target is not None else "",
        before=before,
        after=after,
        data=data or {},
        request_id=request_id.get(),
    )
