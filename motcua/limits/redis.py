"""The Redis counter store (``CACHE_URL=redis://…``), through redis-py."""

from __future__ import annotations

import redis

from motcua import clock

TIMEOUT_SECONDS = 2.0


class RedisStore:
    """``SET key 0 EX ttl NX`` then ``INCR key`` in one round trip (a pipeline without MULTI):
    the key expires with its window, on every Redis version. A dropped connection is opened
    again by redis-py; a Redis that does not answer raises, it is never a free pass."""

    def __init__(self, url: str) -> None:
        self.client = redis.Redis.from_url(
            url,
            protocol=2,  # RESP 2: every Redis version speaks it
            socket_timeout=TIMEOUT_SECONDS,
            socket_connect_timeout=TIMEOUT_SECONDS,
        )

    def hit(self, key: str, slot: int, expires: int) -> int:
        ttl = max(1, expires - int(clock.now().timestamp()) + 1)
        name = f"motcua:limit:{key}:{slot}"
        pipe = self.client.pipeline(transaction=False)
        pipe.set(name, 0, ex=ttl, nx=True)
        pipe.incr(name)
        _set, count = pipe.execute()
        return int(count)
