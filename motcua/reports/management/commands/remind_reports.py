"""remind_reports: queue the reminders of reports due soon (lịch báo cáo), once a day from cron
or a systemd timer; the notification sweeper sends them."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from motcua.reports.schedule import send_reminders


class Command(BaseCommand):
    help = "Xếp tin nhắc gửi báo cáo định kỳ sắp đến hạn vào hộp thư đi (chạy mỗi ngày)."

    def handle(self, *args, **options) -> None:
        queued = send_reminders()
        self.stdout.write(f"Đã xếp {queued} tin nhắc gửi báo cáo.")
