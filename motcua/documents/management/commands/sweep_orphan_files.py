from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand

from motcua.documents.services import sweep_orphans


class Command(BaseCommand):
    help = (
        "Xóa tệp tải lên không được đính kèm vào hồ sơ nào và tệp lưu trữ không có bản ghi, "
        "cũ hơn N giờ (mặc định ORPHAN_FILE_HOURS)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--hours", type=int, default=None)

    def handle(self, *args, hours: int | None, **options) -> None:
        hours = settings.ORPHAN_FILE_HOURS if hours is None else hours
        self.stdout.write(sweep_orphans(older_than=timedelta(hours=hours)).summary())
