from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from motcua.errors import DomainError
from motcua.hall.services import agency_by_code, create_counter, field_by_code


class Command(BaseCommand):
    help = "Tạo quầy tiếp nhận của một cơ quan, phục vụ một hoặc nhiều lĩnh vực; in mã quầy."

    def add_arguments(self, parser) -> None:
        parser.add_argument("agency", help="Mã định danh cơ quan, ví dụ 000.00.31.H99")
        parser.add_argument("name", help="Tên quầy, ví dụ “Quầy 1”")
        parser.add_argument("--fields", required=True, help="Mã lĩnh vực, cách nhau bằng dấu phẩy")

    def handle(self, *args, **options) -> None:
        try:
            agency = agency_by_code(options["agency"])
            codes = [c.strip() for c in options["fields"].split(",") if c.strip()]
            counter = create_counter(agency, options["name"], [field_by_code(c) for c in codes])
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(str(counter.pk))
