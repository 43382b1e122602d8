"""The limits hold across gunicorn workers and servers: two servers of two workers each, on
the test database, share one count (issue 22, finding 7)."""

from __future__ import annotations

import http.client
from contextlib import ExitStack

import pytest

from motcua.tests.serving import free_port, gunicorn


def _lookup(port: int) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(
            "GET",
            "/api/v1/public/lookup?code=000.00.31.H99-250310-0001&phone=0912345678",
            headers={"Connection": "close", "X-Forwarded-For": "203.0.113.1"},
        )
        return conn.getresponse().status
    finally:
        conn.close()


@pytest.mark.django_db(transaction=True)
def test_two_servers_of_two_workers_share_one_count():
    # A day's window: the 24 requests take seconds, so they fall in one window unless the run
    # crosses 00:00 UTC exactly.
    ports = [free_port(), free_port()]
    with ExitStack() as stack:
        for port in ports:
            stack.enter_context(gunicorn(port, RATELIMIT_PUBLIC="5/d", WEB_CONCURRENCY="2"))
        statuses = [_lookup(ports[i % 2]) for i in range(24)]
    allowed = [s for s in statuses if s != 429]
    assert len(allowed) == 5, statuses
