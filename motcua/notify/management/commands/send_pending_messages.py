"""send_pending_messages [--limit N] [--loop [--interval SECONDS]]: the outbox sweeper, for
cron or a systemd service beside ``db_worker``."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from motcua.notify.services import SWEEP_LIMIT, send_due_messages


class Command(BaseCommand):
    help = (
        "Gửi các thông báo đến hạn (lần đầu hoặc gửi lại sau lỗi). Chạy một lần; với --loop "
        "thì chạy lặp lại sau mỗi --interval giây."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--limit",
            type=int,
            default=SWEEP_LIMIT,
            help=f"Số thông báo tối đa mỗi lượt (mặc định {SWEEP_LIMIT})",
        )
        parser.add_argument("--loop", action="store_true", help="Chạy lặp lại cho đến khi dừng")
        parser.add_argument(
            "--interval",
            type=float,
            default=60.0,
            help="Số giây nghỉ giữa hai lượt khi chạy --loop (mặc định 60)",
        )

    def handle(self, *args, limit: int, loop: bool, interval: float, **options) -> None:
        if limit < 1:
            raise CommandError("--limit phải là số nguyên dương.")
        if interval <= 0:
            raise CommandError("--interval phải lớn hơn 0.")
        verbosity = options.get("verbosity", 1)
        try:
            while True:
                sent = send_due_messages(limit=limit)
                if not loop or sent or verbosity > 1:
                    self.stdout.write(f"Đã gửi {sent} thông báo.")
                if not loop:
                    return
                time.sleep(interval)
                # A long-running process: drop a connection the database closed meanwhile.
                close_old_connections()
        except KeyboardInterrupt:
            self.stdout.write("Dừng gửi thông báo.")
