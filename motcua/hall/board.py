"""Bảng hiển thị tại sảnh: what the hall's TV shows, read by the public board endpoint and the
display page's short polling (with an ETag, so an unchanged board costs a 304)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.core.cache import cache
from django.db.models import Count

from motcua import clock
from motcua.agencies.models import Agency
from motcua.hall.models import Counter, Line, Ticket, TicketStatus
from motcua.hall.services import BOARD_CACHE_SECONDS, board_key

RECENT_CALLS = 6


def board(agency: Agency) -> dict[str, Any]:
    """Per counter the number now served, per field the number waiting, the latest calls; and
    ``version``, a digest of all that (the ETag). Cached a second per agency; every change in
    :mod:`motcua.hall.services` drops the cache when it commits."""
    cached = cache.get(board_key(agency.pk))
    if cached is not None:
        return cached
    today = clock.today()
    tickets = Ticket.objects.with_scopes_disabled().filter(agency=agency, day=today)
    counters = list(
        Counter.objects.with_scopes_disabled()
        .filter(agency=agency, active=True)
        .order_by("name")
        .values("pk", "name")
    )
    names = {c["pk"]: c["name"] for c in counters}
    serving = {
        t["counter_id"]: t
        for t in tickets.filter(status=TicketStatus.CALLED)
        .order_by("last_called_at")
        .values("counter_id", "code", "last_called_at", "calls")
    }
    waiting = dict(
        tickets.filter(status=TicketStatus.WAITING)
        .values("field_id")
        .annotate(n=Count("pk"))
        .values_list("field_id", "n")
    )
    lines = (
        Line.objects.with_scopes_disabled()
        .filter(agency=agency)
        .select_related("field")
        .order_by("letter")
    )
    recent = (
        tickets.filter(last_called_at__isnull=False)
        .order_by("-last_called_at", "-pk")
        .values("code", "counter_id", "last_called_at", "calls")[:RECENT_CALLS]
    )
    payload: dict[str, Any] = {
        "agency": agency.code,
        "agency_name": agency.name,
        "counters": [
            {
                "id": c["pk"],
                "name": c["name"],
                "serving": serving.get(c["pk"], {}).get("code"),
                "called_at": _iso(serving.get(c["pk"], {}).get("last_called_at")),
                "calls": serving.get(c["pk"], {}).get("calls", 0),
            }
            for c in counters
        ],
        "fields": [
            {
                "code": line.field.code,
                "name": line.field.name,
                "letter": line.letter,
                "waiting": waiting.get(line.field_id, 0),
            }
            for line in lines
        ],
        "recent": [
            {
                "number": r["code"],
                "counter": names.get(r["counter_id"], ""),
                "at": _iso(r["last_called_at"]),
                "calls": r["calls"],
            }
            for r in recent
        ],
    }
    digest = json.dumps(payload, sort_keys=True, ensure_ascii=False).encode()
    payload["version"] = hashlib.sha256(digest).hexdigest()[:20]
    cache.set(board_key(agency.pk), payload, BOARD_CACHE_SECONDS)
    return payload


def _iso(instant) -> str | None:
    return clock.local(instant).isoformat(timespec="seconds") if instant else None
