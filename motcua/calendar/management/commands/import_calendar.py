from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from motcua.agencies.models import Agency
from motcua.calendar.importing import PACKAGED_CALENDAR, import_file
from motcua.errors import DomainError


class Command(BaseCommand):
    help = "Nạp lịch nghỉ lễ, nghỉ bù, hoán đổi và ngày làm bù từ tệp CSV (date,kind,name,source)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "path",
            nargs="?",
            default=str(PACKAGED_CALENDAR),
            help="Tệp CSV (mặc định: lịch quốc gia kèm theo)",
        )
        parser.add_argument("--agency", help="Mã cơ quan, nếu là lịch riêng của một cơ quan")
        parser.add_argument(
            "--prune",
            action="store_true",
            help="Xóa các ngày của những năm có trong tệp mà tệp không còn liệt kê",
        )

    def handle(self, *args, path: str, agency: str | None, prune: bool, **options) -> None:
        target = None
        if agency:
            target = Agency.objects.filter(code=agency).first()
            if target is None:
                raise CommandError(f"Không có cơ quan mã {agency}.")
        try:
            result = import_file(path, agency=target, prune=prune)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(result.summary())
