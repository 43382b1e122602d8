"""The Redis counter store against a local fake Redis speaking the real protocol."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import redis

from motcua import clock
from motcua.limits import counters
from motcua.limits.redis import RedisStore
from motcua.limits.tests.fake_redis import FakeRedis

START = datetime(2026, 3, 2, 1, 0, 10, tzinfo=UTC)


@pytest.fixture
def redis_url(settings):
    with FakeRedis(password="s3cret") as server:
        settings.CACHE_URL = server.url
        counters._store.cache_clear()
        yield server
    counters._store.cache_clear()


def test_counters_move_to_redis_when_cache_url_says_so(redis_url):
    with clock.frozen(START):
        results = [counters.hit("lookup", "198.51.100.7", "2/m") for _ in range(3)]
    assert results == [False, False, True]
    ((db, key), (count, expiry)) = next(iter(redis_url.data.items()))
    assert (db, count) == (3, 3)
    assert key.startswith("motcua:limit:lookup:") and "198.51" not in key
    assert expiry is not None  # the key goes with its window
    assert redis_url.commands[0] == ["AUTH", "s3cret"]
    assert ["SELECT", "3"] in redis_url.commands
    sets = [c for c in redis_url.commands if c[0] == "SET"]
    assert sets[0][:2] == ["SET", key] and {"NX", "EX"} <= set(sets[0])


def test_a_redis_restart_costs_one_reconnect(redis_url):
    store = RedisStore(redis_url.url)
    assert store.hit("k", 1, 2**40) == 1
    redis_url.drop_clients()  # as if Redis had restarted
    assert store.hit("k", 1, 2**40) == 2


def test_a_wrong_password_is_an_error_not_a_free_pass():
    with FakeRedis(password="s3cret") as server:
        store = RedisStore(server.url.replace("s3cret", "wrong"))
        with pytest.raises(redis.exceptions.RedisError):
            store.hit("k", 1, 2**40)
