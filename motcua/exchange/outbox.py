"""The outbox of messages to outside systems (hộp thư gửi hệ thống ngoài): queue in the caller's
transaction; claim a batch of keys in order; record the outcome.

Order per key: a key is taken only when none of its pending messages is claimed by a worker or
waiting out a back-off, and all its pending messages are taken together; a failure puts them
all back with the same back-off. A claim is a token and a lease: a worker that dies mid-send
leaves messages whose lease runs out, and they are taken again (a resend is harmless)."""

from __future__ import annotations

import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Min, Q, QuerySet

from motcua import clock
from motcua.exchange.models import Message

BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=2),
    timedelta(minutes=5),
    timedelta(minutes=10),
    timedelta(minutes=30),
    timedelta(minutes=60),  # and every hour after that, for as long as it takes
)
CLAIM_LEASE = timedelta(minutes=5)
ERROR_MAX_LENGTH = 2000


def backoff(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failed attempt."""
    return BACKOFF[min(max(attempts, 1), len(BACKOFF)) - 1]


def queue(
    system: str,
    *,
    key: str,
    label: str = "",
    payload: dict[str, Any] | None = None,
    agency_id: int | None = None,
) -> Message:
    """Write one message in the caller's transaction (rolled back with it)."""
    return Message.objects.create(
        system=system, key=key, label=label, payload=payload or {}, agency_id=agency_id
    )


@dataclass
class Claim:
    """Keys taken for one attempt: their pending messages in order, under one token."""

    token: str
    messages: dict[str, list[Message]] = field(default_factory=dict)

    @property
    def keys(self) -> list[str]:
        return list(self.messages)

    def ids(self, keys: list[str] | None = None) -> list[int]:
        chosen = self.messages if keys is None else {k: self.messages[k] for k in keys}
        return [m.pk for found in chosen.values() for m in found]


def claim(system: str, *, limit: int, retry_now: bool = False) -> Claim:
    """Take up to ``limit`` keys whose oldest pending message is due (any, with ``retry_now``)
    and that no worker holds; all their pending messages are claimed."""
    now = clock.now()
    due = pending(system).filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
    if not retry_now:
        due = due.filter(next_attempt_at__lte=now)
    keys: list[str] = []
    for key in due.order_by("next_attempt_at", "id").values_list("key", flat=True)[: limit * 4]:
        if key not in keys:
            keys.append(key)
            if len(keys) == limit:
                break
    token = uuid.uuid4().hex
    taken = Claim(token)
    if not keys:
        return taken
    with transaction.atomic():
        rows = list(pending(system).filter(key__in=keys).select_for_update().order_by("id"))
        by_key: dict[str, list[Message]] = defaultdict(list)
        for message in rows:
            by_key[message.key].append(message)
        for key, found in by_key.items():
            held = any(m.claimed_until is not None and m.claimed_until >= now for m in found)
            waiting = not retry_now and found[0].next_attempt_at > now
            if not held and not waiting:
                taken.messages[key] = found
        ids = taken.ids()
        Message.objects.filter(pk__in=ids).update(
            claim=token, claimed_until=now + CLAIM_LEASE, attempts=F("attempts") + 1
        )
    for found in taken.messages.values():
        for message in found:
            message.attempts += 1
    return taken


def record_sent(taken: Claim, keys: list[str], *, answer: str) -> int:
    """Their messages went through."""
    if not keys:
        return 0
    return Message.objects.filter(pk__in=taken.ids(keys), claim=taken.token).update(
        status=Message.Status.SENT,
        sent_at=clock.now(),
        answer=answer[:ERROR_MAX_LENGTH],
        error_code="",
        last_error="",
        claim="",
        claimed_until=None,
    )


def record_failed(taken: Claim, keys: list[str], *, code: str, error: str) -> int:
    """Their messages failed this time: they wait out a back-off (that of the key's oldest)."""
    now = clock.now()
    waits: dict[timedelta, list[int]] = defaultdict(list)
    for key in keys:
        found = taken.messages[key]
        waits[backoff(found[0].attempts)].extend(m.pk for m in found)
    updated = 0
    for wait, ids in waits.items():
        updated += Message.objects.filter(pk__in=ids, claim=taken.token).update(
            next_attempt_at=now + wait,
            error_code=code[:32],
            last_error=error[:ERROR_MAX_LENGTH],
            claim="",
            claimed_until=None,
        )
    return updated


def pending(system: str) -> QuerySet[Message]:
    return Message.objects.filter(system=system, status=Message.Status.PENDING)


def retry_now(system: str, keys: list[str] | None = None) -> int:
    """Make waiting messages due now (all, or those of ``keys``); answer how many."""
    found = pending(system).filter(next_attempt_at__gt=clock.now())
    if keys is not None:
        found = found.filter(key__in=keys)
    return found.update(next_attempt_at=clock.now())


@dataclass
class Backlog:
    pending: int
    keys: int
    oldest: datetime | None
    failing: int
    errors: list[dict[str, Any]]


def backlog(system: str) -> Backlog:
    """What waits: messages, keys, the oldest waiting, failures grouped by error."""
    waiting = pending(system)
    totals = waiting.aggregate(n=Count("id"), oldest=Min("created_at"))
    keys = waiting.values("key").distinct().count()
    errors = list(
        waiting.exclude(last_error="")
        .values("error_code", "last_error")
        .annotate(messages=Count("id"), keys=Count("key", distinct=True), since=Min("created_at"))
        .order_by("-messages")[:20]
    )
    return Backlog(
        pending=totals["n"],
        keys=keys,
        oldest=totals["oldest"],
        failing=waiting.exclude(last_error="").count(),
        errors=errors,
    )


def history(system: str, key: str) -> list[Message]:
    """Every message of one key, newest first."""
    return list(Message.objects.filter(system=system, key=key).order_by("-id"))


class Kicker:
    """Asks the worker for a delivery round at most twice per ``every`` seconds per process:
    once now, and once at the end of the window for whatever was queued during it."""

    def __init__(self, every: float, enqueue) -> None:
        self.every = every
        self.enqueue = enqueue
        self.window_ends = 0.0
        self.deferred = False

    def __call__(self) -> None:
        now = time.monotonic()
        if now >= self.window_ends:
            self.window_ends = now + self.every
            self.deferred = False
            self.enqueue(None)
        elif not self.deferred:
            self.deferred = True
            self.enqueue(clock.now() + timedelta(seconds=self.window_ends - now))
