"""A pytest plugin (``-p motcua.tests.migrated_once`` in pyproject): on SQLite, the test workers
of ``pytest -n`` share one migration.

Migrating the schema costs a worker about 5 s of CPU before its first test, and every worker
did the same. xdist's controller now migrates one SQLite file in a process of its own while
the workers start and collect the tests; each worker waits for it on a file lock the migrating
process holds while it lives (no polling), copies the migrated file as its test database
(SQLite's backup API) and keeps pytest-django from migrating again. A single process, or
PostgreSQL, migrates as before.

First of all the controller compiles the package's modules (not its test modules, which
pytest rewrites): on a fresh clone the workers and the migrating process each compiled them
again, about 2 s of CPU apiece."""

from __future__ import annotations

import compileall
import fcntl
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1]
PYTEST_REWRITES = re.compile(r"[/\\](test_\w*|conftest)\.py$")  # compiled by pytest its own way
TEMPLATE = "MOTCUA_TEST_DB_TEMPLATE"  # where the controller tells its workers the file will be
WAIT_SECONDS = 300
_MIGRATING = pytest.StashKey[tuple[subprocess.Popen, Path]]()


def _uses_workers(config: pytest.Config) -> bool:
    return not hasattr(config, "workerinput") and bool(config.getoption("numprocesses", None))


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    if not _uses_workers(config):
        return
    compileall.compile_dir(PACKAGE, quiet=1, workers=0, rx=PYTEST_REWRITES)
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        return
    folder = Path(tempfile.mkdtemp(prefix="motcua-migrated-"))
    template = folder / "migrated.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder / 'migrating.sqlite3'}"}
    with open(_lock(template), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # taken before any worker starts; the child inherits it
        process = subprocess.Popen(
            [sys.executable, "-m", __name__, str(template)], env=env, pass_fds=[lock.fileno()]
        )
    config.stash[_MIGRATING] = (process, folder)
    os.environ[TEMPLATE] = str(template)  # the workers start with the controller's environment


def pytest_unconfigure(config: pytest.Config) -> None:
    if _MIGRATING in config.stash:
        process, folder = config.stash[_MIGRATING]
        process.wait()
        shutil.rmtree(folder, ignore_errors=True)
        os.environ.pop(TEMPLATE, None)


def _lock(template: Path) -> Path:
    return template.with_name(template.name + ".lock")


def _wait_for(template: Path) -> None:
    """Block until the migrating process has ended: it holds the lock exclusively for as long
    as it lives, and the kernel releases it however the process ends."""
    with open(_lock(template)) as lock:
        fcntl.flock(lock, fcntl.LOCK_SH)
    if not template.exists():
        failed = template.with_name(template.name + ".failed")
        why = failed.read_text() if failed.exists() else "the process ended without a word"
        raise pytest.UsageError(f"migrating the test database failed:\n{why}")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    request: pytest.FixtureRequest, django_db_modify_db_settings_parallel_suffix: None
) -> Iterator[None]:
    """This worker's test database starts as a copy of the controller's migrated file."""
    template = os.environ.get(TEMPLATE)
    if not template or not hasattr(request.config, "workerinput"):
        yield
        return
    from django.conf import settings
    from django.db import connections

    name = Path(settings.DATABASES["default"]["TEST"]["NAME"])
    _wait_for(Path(template))
    with closing(sqlite3.connect(template)) as source, closing(sqlite3.connect(name)) as copy:
        source.backup(copy)
    yield
    connections.close_all()
    for path in (name, Path(f"{name}-wal"), Path(f"{name}-shm")):
        path.unlink(missing_ok=True)


@pytest.fixture(scope="session")
def django_db_keepdb(request: pytest.FixtureRequest) -> bool:
    """A copied database is used as it is (pytest-django's ``--reuse-db`` path: it only checks
    that every migration is applied); the fixture above removes it at the end."""
    copied = bool(os.environ.get(TEMPLATE)) and hasattr(request.config, "workerinput")
    return copied or request.config.getvalue("reuse_db")


def _migrate(target: str) -> None:
    """In the controller's process of its own: migrate the database of DATABASE_URL, then put
    it at ``target`` whole (no WAL beside it), or say why not in ``target.failed``."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    signal.signal(signal.SIGALRM, _too_long)
    signal.alarm(WAIT_SECONDS)
    try:
        call_command("migrate", interactive=False, verbosity=0, run_syncdb=True)
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=DELETE")
        connection.close()
        os.replace(connection.settings_dict["NAME"], target)
    except BaseException:
        Path(f"{target}.failed").write_text(traceback.format_exc())
        raise


def _too_long(signum: int, frame: object) -> None:
    raise TimeoutError(f"migrating took longer than {WAIT_SECONDS} s")


if __name__ == "__main__":
    _migrate(sys.argv[1])
