"""Database triggers that make a table append-only (``audit_event``, and the dossiers'
movements, ``dossiers_movement``), one per engine.

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

AUDIT_TABLE = "audit_event"


def postgres_install(table: str) -> str:
    return f"""
CREATE OR REPLACE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION '{table} is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION {table}_append_only();
"""


def postgres_remove(table: str) -> str:
    return f"""
DROP TRIGGER IF EXISTS {table}_append_only ON {table};
DROP FUNCTION IF EXISTS {table}_append_only();
"""


def sqlite_install(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER {table}_no_{op.lower()} BEFORE {op} ON {table} "
        f"WHEN motcua_audit_locked() BEGIN "
        f"SELECT RAISE(ABORT, '{table} is append-only: {op} refused'); END"
        for op in ("UPDATE", "DELETE")
    ]


def sqlite_remove(table: str) -> list[str]:
    return [f"DROP TRIGGER IF EXISTS {table}_no_{op}" for op in ("update", "delete")]


def make_append_only(schema_editor, table: str) -> None:
    """Install the triggers that refuse UPDATE and DELETE on ``table`` (in a migration)."""
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(postgres_install(table), params=None)
    elif vendor == "sqlite":
        for statement in sqlite_install(table):
            schema_editor.execute(statement)


def drop_append_only(schema_editor, table: str) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(postgres_remove(table), params=None)
    elif vendor == "sqlite":
        for statement in sqlite_remove(table):
            schema_editor.execute(statement)


def install(apps, schema_editor) -> None:  # migration operation
    make_append_only(schema_editor, AUDIT_TABLE)


def remove(apps, schema_editor) -> None:  # migration operation
    drop_append_only(schema_editor, AUDIT_TABLE)


def _locked() -> int:
    return 0 if _unlocked.get() else 1


def _register_sqlite_function(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function("motcua_audit_locked", 0, _locked)


def install_sqlite_guard() -> None:
    connection_created.connect(_register_sqlite_function, dispatch_uid="motcua_audit_guard")


@contextlib.contextmanager
def unlocked() -> Iterator[None]:
    """Let SQLite's test ``flush`` delete rows. Never used by the application."""
    token = _unlocked.set(True)
    try:
        yield
    finally:
        _unlocked.reset(token)
