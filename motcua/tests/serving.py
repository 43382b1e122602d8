"""A real server process (gunicorn) on the test database, for the tests that need processes of
their own: limits shared by several workers, a display that lives through a restart."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

from django.db import connection

REPO = Path(__file__).resolve().parents[2]
READY_SECONDS = 120  # a loaded 2-core machine boots gunicorn slowly


def free_port() -> int:
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url() -> str:
    """The test database as a ``DATABASE_URL`` (its rows are visible to another process only
    in a ``django_db(transaction=True)`` test)."""
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


@contextmanager
def gunicorn(port: int, **env: str) -> Iterator[subprocess.Popen]:
    """gunicorn with ``deploy/gunicorn.conf.py`` on ``port`` and the test database, production
    settings unless ``env`` says otherwise; stopped at once on leaving (SIGQUIT, gunicorn's
    quick shutdown: SIGTERM waits out the idle keep-alive connections, 3.4 s a stop)."""
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "motcua.wsgi", "-c", "deploy/gunicorn.conf.py"],
        cwd=REPO,
        env={
            **os.environ,
            "DATABASE_URL": database_url(),
            "DEBUG": "0",
            "SECRET_KEY": "test-only-not-secret",
            "ALLOWED_HOSTS": "127.0.0.1",
            "BIND": f"127.0.0.1:{port}",
            # Browsers open connections before they need them, and gunicorn (24 and later)
            # holds a thread up to 5 s for a new connection's first bytes: with one thread a
            # worker's next request waited that long. nginx, in front in production, sends
            # each request as it connects.
            "GUNICORN_THREADS": "2",
            **env,
        },
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_until_serving(port, server)
        yield server
    finally:
        server.send_signal(signal.SIGQUIT)
        server.wait(30)
