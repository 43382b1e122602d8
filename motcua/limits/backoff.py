"""A delay that grows with failures in a row (thời gian chờ tăng dần): after ``free`` failures
each further one doubles the wait before the next attempt (1 s, 2 s, 4 s … up to a cap); a
success clears it. Rows live in the database; a day without failures forgets a key."""

from __future__ import annotations

import hashlib

from django.db import connection

from motcua import clock
from motcua.limits.models import Backoff

FORGET_SECONDS = 86400


def _key(scope: str, key: str) -> str:
    digest = hashlib.sha256(f"{scope}\0{key}".encode()).hexdigest()[:40]
    return f"{scope[:50]}:{digest}"


def delay_after(failures: int, *, free: int, cap: int) -> int:
    """Seconds to wait after ``failures`` failures in a row."""
    if failures <= free:
        return 0
    return min(cap, 2 ** min(failures - free - 1, 30))


def wait_seconds(scope: str, key: str, *, free: int, cap: int) -> int:
    """How long ``key`` must still wait before its next attempt (0: it may try now)."""
    row = Backoff.objects.filter(key=_key(scope, key)).values_list("failures", "last_at").first()
    if row is None:
        return 0
    failures, last_at = row
    now = int(clock.now().timestamp())
    return max(0, last_at + delay_after(failures, free=free, cap=cap) - now)


def fail(scope: str, key: str) -> int:
    """Record one failure (one atomic upsert); answers the failures in a row."""
    table = connection.ops.quote_name(Backoff._meta.db_table)
    q = connection.ops.quote_name
    now = int(clock.now().timestamp())
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({q('key')}, {q('failures')}, {q('last_at')}) "  # noqa: S608 - our own table
            f"VALUES (%s, 1, %s) ON CONFLICT ({q('key')}) DO UPDATE SET "
            f"{q('failures')} = {table}.{q('failures')} + 1, {q('last_at')} = %s "
            f"RETURNING {q('failures')}",
            [_key(scope, key), now, now],
        )
        failures = cursor.fetchone()[0]
        if failures == 1:
            cursor.execute(
                f"DELETE FROM {table} WHERE {q('last_at')} < %s",  # noqa: S608
                [now - FORGET_SECONDS],
            )
    return failures


def clear(scope: str, key: str) -> None:
    """A success: the key starts again with no failures."""
    Backoff.objects.filter(key=_key(scope, key)).delete()
