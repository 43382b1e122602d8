from django.core.management.base import BaseCommand

from motcua.archive import verify


class Command(BaseCommand):
    help = (
        "Kiểm tra lại mã băm SHA-256 và chữ ký số của mọi tệp trong hồ sơ lưu trữ; báo tệp bị "
        "thay đổi, mất hoặc chữ ký hỏng (exit 1). Re-check the stored files of closed files."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--hashes-only",
            action="store_true",
            help="Chỉ kiểm tra mã băm, không kiểm tra chữ ký số.",
        )

    def handle(self, *args, hashes_only=False, **options):
        report = verify.verify_all(deep=not hashes_only)
        for problem in report.problems:
            self.stdout.write(f"LỖI {problem.file_code} {problem.path}: {problem.message}")
        self.stdout.write(
            f"Đã kiểm tra {report.checked} tệp ({report.signatures} chữ ký số); "
            f"{len(report.problems)} lỗi."
        )
        if report.problems:
            raise SystemExit(1)
