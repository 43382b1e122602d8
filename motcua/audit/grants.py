"""Least-privilege check (kiểm tra quyền tối thiểu) of the role the application connects as.

On PostgreSQL the application's role must not be a superuser, must not own (or be a member of
the owner of) any table and must not hold TRUNCATE: otherwise it could empty ``audit_event``
or disable its append-only trigger. ``deploy/postgres-roles.sql`` sets such a role up.
"""

from __future__ import annotations

from django.db import connection

AUDIT_TABLE = "audit_event"
SHOWN = 5

_ROLE = "SELECT current_user, rolsuper FROM pg_roles WHERE rolname = current_user"
_TABLES = """
SELECT c.relname,
       pg_has_role(current_user, c.relowner, 'MEMBER'),
       has_table_privilege(current_user, c.oid, 'TRUNCATE')
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema()
ORDER BY c.relname <> %s, c.relname
"""


def applies() -> bool:
    """Roles and grants exist only on PostgreSQL; SQLite has none."""
    return connection.vendor == "postgresql"


def _listed(tables: list[str]) -> str:
    shown = ", ".join(tables[:SHOWN])
    more = len(tables) - SHOWN
    return f"{shown} và {more} bảng khác" if more > 0 else shown


def current_role() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_user")
        return cursor.fetchone()[0]


def grant_problems() -> list[str]:
    """What the connected role may do beyond reading and writing rows, in Vietnamese; empty
    when it is least-privilege. PostgreSQL only (see :func:`applies`)."""
    with connection.cursor() as cursor:
        cursor.execute(_ROLE)
        role, superuser = cursor.fetchone()
        cursor.execute(_TABLES, [AUDIT_TABLE])
        tables = cursor.fetchall()
    problems = []
    if superuser:
        problems.append(f"Vai trò «{role}» là superuser (siêu người dùng), có mọi quyền.")
    owned = [name for name, owns, _ in tables if owns]
    if owned:
        problems.append(
            f"Vai trò «{role}» là chủ sở hữu của {len(owned)} bảng ({_listed(owned)}): "
            "có thể tắt trigger hoặc xoá bảng nhật ký. Chạy migrate bằng vai trò chủ sở hữu riêng."
        )
    truncatable = [name for name, _, truncate in tables if truncate]
    if truncatable:
        problems.append(
            f"Vai trò «{role}» có quyền TRUNCATE trên {len(truncatable)} bảng "
            f"({_listed(truncatable)}): có thể xoá sạch dữ liệu, kể cả nhật ký."
        )
    return problems
