"""``seed_demo``: the demo province Minh Sơn: agencies, fields, procedures, the national working
calendar and one account per role. Idempotent: a second run changes nothing."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db import transaction

from motcua.accounts.models import User
from motcua.accounts.services import create_staff_user
from motcua.agencies.models import Agency
from motcua.calendar.importing import PACKAGED_CALENDAR, import_file
from motcua.catalog.importing import DEFAULT_CATALOG, import_catalog, load_file
from motcua.demo.cast import CAST, DEMO_PASSWORD
from motcua.demo.dossiers import seed_dossiers


class Command(BaseCommand):
    help = "Tạo tỉnh mẫu Minh Sơn: cơ quan, thủ tục, lịch làm việc, tài khoản mọi vai trò."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dossiers", type=int, default=300, help="Số hồ sơ mẫu (mặc định 300)")

    def handle(self, *args, **options) -> None:
        self.stdout.write(import_catalog(load_file(DEFAULT_CATALOG)).summary())
        self.stdout.write(import_file(PACKAGED_CALENDAR).summary())
        created = 0
        with transaction.atomic():
            for person in CAST:
                if User.objects.filter(username=person.username).exists():
                    continue
                create_staff_user(
                    person.username,
                    agency=Agency.objects.get(code=person.agency),
                    role=person.role,
                    password=DEMO_PASSWORD,
                    full_name=person.full_name,
                    title=person.title,
                    counter_delegate=person.counter_delegate,
                )
                created += 1
        self.stdout.write(f"Tài khoản mẫu: {created} mới, mật khẩu chung {DEMO_PASSWORD}.")
        made = seed_dossiers(options["dossiers"])
        self.stdout.write(f"Hồ sơ mẫu: {made} mới." if made else "Hồ sơ mẫu: đã có, giữ nguyên.")
