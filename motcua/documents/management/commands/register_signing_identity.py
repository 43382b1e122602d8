from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from motcua.accounts.models import User
from motcua.agencies.models import Agency
from motcua.documents import signatures
from motcua.documents.models import IdentityKind
from motcua.errors import DomainError


class Command(BaseCommand):
    help = (
        "Đăng ký chứng thư số (tệp .p12/.pfx) cho một lãnh đạo (--user) hoặc con dấu của một cơ "
        "quan (--seal-of). Mật khẩu đọc từ stdin (--passphrase-stdin, được lưu mã hóa) hoặc từ "
        "biến môi trường khi ký (--passphrase-env, không lưu vào cơ sở dữ liệu)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("p12")
        owner = parser.add_mutually_exclusive_group(required=True)
        owner.add_argument("--user", help="tên đăng nhập của người ký")
        owner.add_argument("--seal-of", help="mã định danh của cơ quan (con dấu)")
        secret = parser.add_mutually_exclusive_group(required=True)
        secret.add_argument("--passphrase-stdin", action="store_true")
        secret.add_argument("--passphrase-env", help="tên biến môi trường chứa mật khẩu")

    def handle(self, *args, **options) -> None:
        try:
            p12 = Path(options["p12"]).read_bytes()
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp {options['p12']}: {exc.strerror}.") from exc
        if options["user"]:
            user = User.objects.filter(username=options["user"]).first()
            if user is None or not user.is_agency_staff:
                raise CommandError(f"Không có cán bộ {options['user']!r}.")
            kind, agency = IdentityKind.PERSON, user.agency
        else:
            user, kind = None, IdentityKind.SEAL
            agency = Agency.objects.filter(code=options["seal_of"]).first()
            if agency is None:
                raise CommandError(f"Không có cơ quan mã {options['seal_of']!r}.")
        passphrase = sys.stdin.readline().rstrip("\n") if options["passphrase_stdin"] else None
        try:
            identity = signatures.register_identity(
                p12,
                kind=kind,
                agency=agency,
                user=user,
                passphrase=passphrase,
                passphrase_env=options["passphrase_env"] or "",
            )
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"Đã đăng ký {identity.get_kind_display().lower()} {identity.subject_name}, "
            f"hiệu lực đến {identity.not_after:%d/%m/%Y}."
        )
