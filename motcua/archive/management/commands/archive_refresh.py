from django.core.management.base import BaseCommand

from motcua.archive import longterm


class Command(BaseCommand):
    help = (
        "Gắn dấu thời gian lưu trữ mới (PAdES B-LTA) cho kết quả đã ký trong hồ sơ lưu trữ khi "
        "chứng thư của dấu thời gian cuối cùng sắp hết hạn (ARCHIVE_REFRESH_DAYS ngày). Tệp bị "
        "thay đổi được báo, không bao giờ được gắn lại (exit 1)."
    )

    def handle(self, *args, **options):
        done = longterm.refresh_due()
        for code in done.refreshed:
            self.stdout.write(f"Đã gắn dấu thời gian mới: {code}")
        for where, message in done.problems:
            self.stdout.write(f"LỖI {where}: {message}".replace("LỖI : ", "LỖI "))
        self.stdout.write(
            f"Đã gắn dấu thời gian mới cho {len(done.refreshed)} tệp; {len(done.problems)} lỗi."
        )
        if done.problems:
            raise SystemExit(1)
