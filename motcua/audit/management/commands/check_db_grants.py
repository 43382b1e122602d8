"""check_db_grants: verify that the database role the application connects as is
least-privilege (no superuser, no table ownership, no TRUNCATE). Exit 1 when it is not."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from motcua.audit.grants import applies, current_role, grant_problems


class Command(BaseCommand):
    help = (
        "Kiểm tra vai trò cơ sở dữ liệu mà ứng dụng dùng để kết nối: không phải superuser, "
        "không sở hữu bảng nào, không có quyền TRUNCATE (PostgreSQL)."
    )

    def handle(self, *args, **options) -> None:
        if not applies():
            self.stdout.write("Không áp dụng: SQLite không có vai trò và phân quyền.")
            return
        problems = grant_problems()
        if problems:
            raise CommandError("\n".join(problems))
        self.stdout.write(
            f"Quyền của vai trò «{current_role()}» đạt yêu cầu: không sở hữu bảng nào, "
            "không có quyền TRUNCATE."
        )
