from django.core.management.base import BaseCommand

from motcua.archive import verify


class Command(BaseCommand):
    help = (
        "Kiểm tra lại mã băm SHA-256 và chữ ký số của mọi tệp trong hồ sơ lưu trữ; báo tệp bị "
        "thay đổi, mất hoặc chữ ký hỏng (exit 1). Chữ ký số của tệp còn nguyên mã băm và đã được "
        "kiểm tra đầy đủ trước đó (có dấu kiểm tra) không phân tích lại; --full kiểm tra lại tất "
        "cả. Re-check the stored files of closed files."
    )

    def add_arguments(self, parser):
        how = parser.add_mutually_exclusive_group()
        how.add_argument(
            "--hashes-only",
            action="store_true",
            help="Chỉ kiểm tra mã băm, không kiểm tra chữ ký số.",
        )
        how.add_argument(
            "--full",
            action="store_true",
            help="Kiểm tra lại đầy đủ mọi chữ ký số, kể cả tệp đã có dấu kiểm tra.",
        )

    def handle(self, *args, hashes_only=False, full=False, **options):
        report = verify.verify_all(deep=not hashes_only, full=full)
        for problem in report.problems:
            self.stdout.write(f"LỖI {problem.file_code} {problem.path}: {problem.message}")
        self.stdout.write(
            f"Đã kiểm tra {report.checked} tệp ({report.signatures} chữ ký số); "
            f"{len(report.problems)} lỗi."
        )
        if not hashes_only:
            self.stdout.write(
                f"Chữ ký số: {report.rechecked} kiểm tra lại đầy đủ; {report.vouched} không "
                "phân tích lại vì tệp còn nguyên mã băm SHA-256 của lần kiểm tra đầy đủ trước "
                "(dấu kiểm tra hợp lệ). Dùng --full để kiểm tra lại tất cả."
            )
        if report.problems:
            raise SystemExit(1)
