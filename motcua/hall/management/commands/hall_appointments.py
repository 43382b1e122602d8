from __future__ import annotations

from django.core.management.base import BaseCommand

from motcua.hall import appointments


class Command(BaseCommand):
    help = (
        "Lịch hẹn: gửi tin nhắn nhắc các lịch hẹn ngày mai và ghi “không đến” các lịch hẹn đã "
        "quá giờ mà chưa lấy số. Chạy mỗi ngày (ví dụ 17:00), chạy lại không gửi trùng."
    )

    def handle(self, *args, **options) -> None:
        reminded = appointments.send_reminders()
        missed = appointments.mark_missed()
        self.stdout.write(f"Đã nhắc {reminded} lịch hẹn; {missed} lịch hẹn không đến.")
