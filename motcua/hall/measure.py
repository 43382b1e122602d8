"""Thời gian chờ: the wait (issue or slot start → call) and the service time (call → done) of
each ticket, and the queue report of an agency for some days: share served within 15 minutes
(Decision 468 target), per field, a heatmap by weekday × hour, the counters' load."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from motcua import clock
from motcua.hall.models import Ticket, TicketStatus

TARGET_MINUTES = 15  # Quyết định 468/QĐ-TTg: chờ không quá 15 phút mỗi lượt


def _minutes(delta: timedelta) -> Decimal:
    return Decimal(max(delta.total_seconds(), 0) / 60).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )


def _percentile(values: list[Decimal], share: float) -> Decimal | None:
    """Nearest-rank percentile (the smallest value with at least ``share`` of values ≤ it)."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * int(share * 100) // 100))
    return ordered[rank - 1]


def _share(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) / whole).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def wait_minutes(ticket: Any) -> Decimal | None:
    """Chờ: from taking the number (or the appointment's slot start) to the first call."""
    if ticket.called_at is None:
        return None
    return _minutes(ticket.called_at - max(ticket.issued_at, ticket.queued_at))


def service_minutes(ticket: Any) -> Decimal | None:
    """Phục vụ: from the call to done."""
    if ticket.called_at is None or ticket.finished_at is None:
        return None
    return _minutes(ticket.finished_at - ticket.called_at)


def _summary(tickets: list[Ticket]) -> dict[str, Any]:
    waits = [w for t in tickets if (w := wait_minutes(t)) is not None]
    services = [
        s
        for t in tickets
        if t.status == TicketStatus.DONE and (s := service_minutes(t)) is not None
    ]
    within = sum(1 for w in waits if w <= TARGET_MINUTES)
    return {
        "tickets": len(tickets),
        "served": sum(1 for t in tickets if t.status == TicketStatus.DONE),
        "no_show": sum(1 for t in tickets if t.status == TicketStatus.NO_SHOW),
        "waiting": sum(1 for t in tickets if t.status == TicketStatus.WAITING),
        "wait_p50_minutes": _percentile(waits, 0.5),
        "wait_p90_minutes": _percentile(waits, 0.9),
        "service_p50_minutes": _percentile(services, 0.5),
        "served_within_15_minutes_share": _share(within, len(waits)),
    }


def queue_report(agency_ids: list[int], first: date, last: date) -> dict[str, Any]:
    """The queue report of the agencies for the days ``first`` … ``last`` (local dates)."""
    tickets = list(
        Ticket.objects.with_scopes_disabled()
        .filter(agency_id__in=agency_ids, day__gte=first, day__lte=last)
        .select_related("field", "counter")
        .order_by("issued_at")
    )
    by_field: dict[str, list[Ticket]] = defaultdict(list)
    by_day: dict[date, list[Ticket]] = defaultdict(list)
    names: dict[str, str] = {}
    heat: dict[tuple[int, int], list[Decimal]] = defaultdict(list)
    load: dict[str, dict[str, Any]] = {}
    for ticket in tickets:
        by_field[ticket.field.code].append(ticket)
        by_day[ticket.day].append(ticket)
        names[ticket.field.code] = ticket.field.name
        wait = wait_minutes(ticket)
        if wait is not None:
            local = clock.local(ticket.called_at)
            heat[(local.isoweekday(), local.hour)].append(wait)
        if ticket.counter is not None:
            row = load.setdefault(
                ticket.counter.name, {"counter": ticket.counter.name, "served": 0, "minutes": 0}
            )
            served = service_minutes(ticket)
            if ticket.status == TicketStatus.DONE:
                row["served"] += 1
            row["minutes"] += float(served or 0)
    return {
        "from": first,
        "to": last,
        "target_minutes": TARGET_MINUTES,
        **_summary(tickets),
        "by_field": [
            {"field": code, "name": names[code], **_summary(rows)}
            for code, rows in sorted(by_field.items())
        ],
        "by_day": [{"day": day, **_summary(rows)} for day, rows in sorted(by_day.items())],
        "heatmap": [
            {
                "weekday": weekday,
                "hour": hour,
                "tickets": len(waits),
                "wait_p50_minutes": _percentile(waits, 0.5),
            }
            for (weekday, hour), waits in sorted(heat.items())
        ],
        "counters": [
            {**row, "minutes": round(row["minutes"], 1)}
            for row in sorted(load.values(), key=lambda r: r["counter"])
        ],
    }


def mean_wait_minutes(agency_ids: list[int], first: date, last: date) -> Decimal | None:
    """The mean wait of the tickets called in the period (the KPI "Thời gian chờ tại quầy")."""
    waits = [
        w
        for t in Ticket.objects.with_scopes_disabled().filter(
            agency_id__in=agency_ids, day__gte=first, day__lte=last, called_at__isnull=False
        )
        if (w := wait_minutes(t)) is not None
    ]
    if not waits:
        return None
    return (sum(waits) / len(waits)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def field_wait_hours(field_id: int, first: date, last: date) -> tuple[Decimal | None, int]:
    """The mean wait in hours of the field's tickets called in the period at any agency, and
    how many there were (the compliance cost's "hours waiting at the one-stop unit")."""
    waits = [
        w
        for t in Ticket.objects.with_scopes_disabled().filter(
            field_id=field_id, day__gte=first, day__lte=last, called_at__isnull=False
        )
        if (w := wait_minutes(t)) is not None
    ]
    if not waits:
        return None, 0
    hours = sum(waits) / len(waits) / 60
    return hours.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP), len(waits)
