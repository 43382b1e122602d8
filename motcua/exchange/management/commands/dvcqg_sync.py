"""dvcqg_sync [--retry-now]: deliver the DVCQG messages due now and print
``sent N, failed N, pending N``; the worker does the same continuously."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from motcua.exchange import dvcqg
from motcua.exchange.sync import deliver_due


class Command(BaseCommand):
    help = (
        "Gửi lên Cổng DVCQG các tin đồng bộ hồ sơ đến hạn; với --retry-now gửi cả các tin "
        "đang chờ gửi lại sau lỗi."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--retry-now",
            action="store_true",
            help="Gửi ngay cả các tin đang chờ hết thời gian giãn cách sau lỗi",
        )

    def handle(self, *args, retry_now: bool, **options) -> None:
        if dvcqg.config() is None:
            missing = ", ".join(dvcqg.missing_settings())
            self.stderr.write(f"Đồng bộ DVCQG đang tắt (chưa đặt {missing}); các tin chờ gửi.")
        self.stdout.write(str(deliver_due(retry_now=retry_now)))
