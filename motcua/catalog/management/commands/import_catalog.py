from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from motcua.catalog.importing import import_catalog, load_file
from motcua.errors import DomainError


class Command(BaseCommand):
    help = "Nạp cơ quan, lĩnh vực và thủ tục hành chính từ tệp JSON (định dạng catalog.json)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", help="Đường dẫn tệp JSON")

    def handle(self, *args, path: str, **options) -> None:
        try:
            result = import_catalog(load_file(path))
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(result.summary())
