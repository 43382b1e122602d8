from __future__ import annotations

import sys

from django.core.management.base import BaseCommand, CommandError

from motcua.accounts.services import create_staff_user
from motcua.agencies.models import Agency
from motcua.agencies.roles import Role
from motcua.errors import DomainError


class Command(BaseCommand):
    help = "Tạo tài khoản cán bộ của một cơ quan với một vai trò."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--agency", required=True, help="Mã định danh cơ quan")
        parser.add_argument(
            "--role", required=True, choices=[r for r in Role.values if r != Role.CITIZEN]
        )
        parser.add_argument(
            "--password-stdin", action="store_true", help="Đọc mật khẩu từ đầu vào chuẩn"
        )
        parser.add_argument("--full-name", default="")
        parser.add_argument("--email", default="")
        parser.add_argument(
            "--counter-delegate",
            action="store_true",
            help="Được ủy quyền giải quyết tại quầy (4 tại chỗ)",
        )

    def handle(self, *args, **options) -> None:
        agency = Agency.objects.filter(code=options["agency"]).first()
        if agency is None:
            raise CommandError(f"Không có cơ quan mã {options['agency']}.")
        password = None
        if options["password_stdin"]:
            password = sys.stdin.readline().rstrip("\r\n")
            if not password:
                raise CommandError("Không đọc được mật khẩu từ đầu vào chuẩn.")
        try:
            user = create_staff_user(
                options["username"],
                agency=agency,
                role=options["role"],
                password=password,
                full_name=options["full_name"],
                email=options["email"],
                counter_delegate=options["counter_delegate"],
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(f"Đã tạo {user.username} ({user.get_role_display()}, {agency.code}).")
        if password is None:
            self.stdout.write("Tài khoản chưa có mật khẩu: đặt bằng `manage.py changepassword`.")
