from django.core.management.base import BaseCommand

from motcua.archive import closing
from motcua.archive.models import ArchiveFile
from motcua.clock import today


class Command(BaseCommand):
    help = (
        "Đóng hồ sơ lưu trữ của các hồ sơ đã kết thúc quá ARCHIVE_CLOSE_AFTER_DAYS ngày, rồi "
        "cảnh báo hồ sơ sắp đến hạn nộp lưu (30 ngày). Close the files that are due."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=None)

    def handle(self, *args, limit=None, **options):
        done = closing.close_due(limit=limit)
        self.stdout.write(f"Đã đóng {done.closed} hồ sơ lưu trữ.")
        for code, message in done.failed:
            self.stderr.write(f"{code}: {message}")
        agencies = ArchiveFile.objects.values_list("agency_id", flat=True).distinct()
        soon = closing.lodging_due_soon(list(agencies), today()).select_related("agency")
        for file in soon.order_by("lodge_due", "file_code"):
            self.stdout.write(
                f"Sắp đến hạn nộp lưu {file.lodge_due:%d/%m/%Y}: {file.file_code} "
                f"({file.agency.name})"
            )
        if done.failed:
            raise SystemExit(1)
