"""The limits hold across gunicorn workers and servers: two servers of two workers each, on
the test database, share one count (issue 22, finding 7)."""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
from contextlib import ExitStack, closing
from pathlib import Path

import pytest
from django.db import connection

REPO = Path(__file__).resolve().parents[3]
READY_SECONDS = 60


def _free_port() -> int:
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url() -> str:
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    user, host, port = db["USER"], db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    auth = f"{user}:{db['PASSWORD']}@" if db["PASSWORD"] else f"{user}@"
    return f"postgres://{auth}{host}:{port}/{db['NAME']}"


def _wait_until_serving(port: int, server: subprocess.Popen) -> None:
    """Try to connect until the server listens; between tries, wait on the process itself
    (which also notices a server that died on start)."""
    for _ in range(READY_SECONDS * 10):
        try:
            with closing(socket.create_connection(("127.0.0.1", port), timeout=1)):
                return
        except OSError:
            try:
                server.wait(timeout=0.1)
            except subprocess.TimeoutExpired:
                continue
            raise AssertionError(server.stderr.read().decode()) from None
    raise AssertionError("gunicorn did not start")


def _start(stack: ExitStack, port: int) -> None:
    env = {
        **os.environ,
        "DATABASE_URL": _database_url(),
        "DEBUG": "0",
        "SECRET_KEY": "test-only-not-secret",
        "ALLOWED_HOSTS": "127.0.0.1",
        "RATELIMIT_PUBLIC": "5/d",
        "WEB_CONCURRENCY": "2",
        "BIND": f"127.0.0.1:{port}",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "motcua.wsgi", "-c", "deploy/gunicorn.conf.py"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    stack.callback(server.wait, 30)
    stack.callback(server.terminate)
    _wait_until_serving(port, server)


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
    ports = [_free_port(), _free_port()]
    with ExitStack() as stack:
        for port in ports:
            _start(stack, port)
        statuses = [_lookup(ports[i % 2]) for i in range(24)]
    allowed = [s for s in statuses if s != 429]
    assert len(allowed) == 5, statuses
