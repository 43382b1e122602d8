"""Fixed-window counters shared by every worker and server (issue 22): one atomic upsert in
the database (the same SQL on SQLite and PostgreSQL), or ``SET NX`` + ``INCR`` in Redis when
``CACHE_URL=redis://…``. The clock is :func:`motcua.clock.now`, so tests move it."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from django.conf import settings
from django.db import connection

from motcua import clock
from motcua.limits.models import Counter

PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int


def parse_rate(rate: str) -> Rate:
    """``"10/m"`` → 10 per 60 s; the period is s, m, h or d, optionally with a number (5m)."""
    count, _, period = rate.partition("/")
    period = period.strip() or "m"
    digits = period[:-1]
    return Rate(int(count), (int(digits) if digits else 1) * PERIODS[period[-1]])


class Store(Protocol):
    def hit(self, key: str, slot: int, expires: int) -> int:
        """Add one to the counter of (key, slot) and return the new count."""


class DatabaseStore:
    """``INSERT … ON CONFLICT DO UPDATE … RETURNING``: one statement, atomic on both engines.
    The first hit of a slot also deletes expired rows (an indexed range)."""

    def hit(self, key: str, slot: int, expires: int) -> int:
        table = connection.ops.quote_name(Counter._meta.db_table)
        q = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} ({q('key')}, {q('slot')}, {q('count')}, {q('expires')}) "  # noqa: S608 - our own table and columns
                f"VALUES (%s, %s, 1, %s) ON CONFLICT ({q('key')}, {q('slot')}) "
                f"DO UPDATE SET {q('count')} = {table}.{q('count')} + 1 RETURNING {q('count')}",
                [key, slot, expires],
            )
            count = cursor.fetchone()[0]
            if count == 1:
                now = int(clock.now().timestamp())
                cursor.execute(f"DELETE FROM {table} WHERE {q('expires')} < %s", [now])  # noqa: S608
        return count


@lru_cache(maxsize=1)
def _store(url: str) -> Store:
    if url.startswith("redis://"):
        from motcua.limits.redis import RedisStore

        return RedisStore(url)
    return DatabaseStore()


def store() -> Store:
    return _store(settings.CACHE_URL)


def hit(scope: str, key: str, rate: str) -> bool:
    """Count one attempt of ``scope`` by ``key`` (an address, an account); True once the
    attempts in the current window exceed ``rate`` ("count/period")."""
    limit = parse_rate(rate)
    now = int(clock.now().timestamp())
    slot = now // limit.seconds
    digest = hashlib.sha256(f"{scope}\0{key}".encode()).hexdigest()[:40]
    count = store().hit(f"{scope[:50]}:{digest}", slot, (slot + 1) * limit.seconds)
    return count > limit.count


def exceeded(scope: str, key: str, rate: str) -> bool:
    """:func:`hit`, unless ``RATELIMIT_ENABLE`` is off."""
    return settings.RATELIMIT_ENABLE and hit(scope, key, rate)
