"""Least privilege (quyền tối thiểu): the application's PostgreSQL role cannot empty the audit
trail or disable its trigger, and ``check_db_grants`` tells a good set-up from a bad one."""

from __future__ import annotations

import uuid
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from motcua.audit import record
from motcua.audit.models import Event

pytestmark = pytest.mark.django_db

ROLES_SQL = Path(__file__).resolve().parents[3] / "deploy" / "postgres-roles.sql"


def _check() -> str:
    out = StringIO()
    call_command("check_db_grants", stdout=out)
    return out.getvalue()


@pytest.fixture
def app_role():
    """The shipped script run in the test database (inside the test's transaction, so the roles
    vanish afterwards), with unique role names; the connection then acts as the app role."""
    suffix = uuid.uuid4().hex[:8]
    owner, app = f"motcua_owner_{suffix}", f"motcua_app_{suffix}"
    script = ROLES_SQL.read_text().replace("motcua_owner", owner).replace("motcua_app", app)
    with connection.cursor() as cursor:
        cursor.execute(script)
        cursor.execute(f"SET ROLE {app}")
    try:
        yield app
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET ROLE")


def _as_superuser(sql: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SET ROLE NONE")
        cursor.execute(sql)


def test_on_sqlite_the_check_does_not_apply_and_on_postgresql_the_owner_role_fails_it():
    if connection.vendor == "sqlite":
        assert "Không áp dụng" in _check()
        return
    # The set-up before this change: the application connects as the owner (here a superuser).
    with pytest.raises(CommandError) as refused:
        _check()
    message = str(refused.value)
    assert "superuser" in message
    assert "chủ sở hữu" in message and "TRUNCATE" in message and "audit_event" in message


def test_the_shipped_app_role_passes_the_check_and_cannot_touch_the_audit_trail(request):
    if connection.vendor == "sqlite":
        assert "Không áp dụng" in _check()
        return
    app = request.getfixturevalue("app_role")
    assert f"«{app}» đạt yêu cầu" in _check()
    # It does its ordinary work: write an event, read it back.
    event = record("catalog.imported", data={"procedures": 1})
    assert Event.objects.with_scopes_disabled().filter(pk=event.pk).exists()
    # It can neither empty the table nor switch the append-only trigger off nor drop the table.
    for statement in (
        "TRUNCATE audit_event",
        "ALTER TABLE audit_event DISABLE TRIGGER ALL",
        "DROP TABLE audit_event CASCADE",
        "CREATE TABLE motcua_intruder (id int)",
    ):
        with (
            pytest.raises(DatabaseError, match=r"permission denied|must be owner"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(statement)
    assert Event.objects.with_scopes_disabled().filter(pk=event.pk).exists()


def test_the_check_names_a_table_the_app_role_owns_or_may_truncate(request):
    if connection.vendor == "sqlite":
        assert "Không áp dụng" in _check()
        return
    app = request.getfixturevalue("app_role")
    _as_superuser(f"ALTER TABLE audit_event OWNER TO {app}; SET ROLE {app}")
    with pytest.raises(CommandError, match=r"chủ sở hữu của 1 bảng \(audit_event\)"):
        _check()
    _as_superuser(
        f"ALTER TABLE audit_event OWNER TO CURRENT_USER; GRANT TRUNCATE ON django_session TO {app}"
    )
    _as_superuser(f"SET ROLE {app}")
    with pytest.raises(CommandError, match=r"TRUNCATE trên 1 bảng \(django_session\)"):
        _check()
