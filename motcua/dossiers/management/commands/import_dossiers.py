from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from motcua.dossiers.importing import import_dossiers
from motcua.errors import DomainError


class Command(BaseCommand):
    help = "Nạp hồ sơ lịch sử từ tệp JSON Lines (một hồ sơ một dòng); hoặc tất cả, hoặc không."

    def add_arguments(self, parser) -> None:
        parser.add_argument("path")

    def handle(self, *args, path: str, **options) -> None:
        try:
            counts = import_dossiers(path)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(counts.summary())
