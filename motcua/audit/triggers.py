"""Database triggers that make ``audit_event`` append-only, one per engine.

PostgreSQL: a row trigger refuses UPDATE and DELETE outright.
SQLite: the same, guarded by a connection function ``motcua_audit_locked()`` that answers 1
except inside :func:`unlocked`, which only the test suite uses, to let ``flush`` empty the
table between transactional tests (SQLite's flush is ``DELETE FROM``). A connection without
the function (the ``sqlite3`` shell) cannot fire the trigger at all, so it fails closed.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

from django.db.backends.signals import connection_created

_unlocked: ContextVar[bool] = ContextVar("motcua_audit_unlocked", default=False)

POSTGRES_INSTALL = """
CREATE OR REPLACE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_event_append_only BEFORE UPDATE OR DELETE ON audit_event
    FOR EACH ROW EXECUTE FUNCTION audit_event_append_only();
"""
POSTGRES_REMOVE = """
DROP TRIGGER IF EXISTS audit_event_append_only ON audit_event;
DROP FUNCTION IF EXISTS audit_event_append_only();
"""
SQLITE_INSTALL = [
    f"CREATE TRIGGER audit_event_no_{op.lower()} BEFORE {op} ON audit_event "
    f"WHEN motcua_audit_locked() BEGIN "
    f"SELECT RAISE(ABORT, 'audit_event is append-only: {op} refused'); END"
    for op in ("UPDATE", "DELETE")
]
SQLITE_REMOVE = [
    "DROP TRIGGER IF EXISTS audit_event_no_update",
    "DROP TRIGGER IF EXISTS audit_event_no_delete",
]


def install(apps, schema_editor) -> None:  # migration operation
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_INSTALL, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_INSTALL:
            schema_editor.execute(statement)


def remove(apps, schema_editor) -> None:  # migration operation
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(POSTGRES_REMOVE, params=None)
    elif vendor == "sqlite":
        for statement in SQLITE_REMOVE:
            schema_editor.execute(statement)


def _locked() -> int:
    return 0 if _unlocked.get() else 1


def _register_sqlite_function(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("motcua_audit_locked", 0, _locked)


def install_sqlite_guard() -> None:
    connection_created.connect(_register_sqlite_function, dispatch_uid="motcua_audit_guard")


@contextlib.contextmanager
def unlocked() -> Iterator[None]:
    """Let SQLite's test ``flush`` delete events. Never used by the application."""
    token = _unlocked.set(True)
    try:
        yield
    finally:
        _unlocked.reset(token)
