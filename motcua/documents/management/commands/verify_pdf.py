from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from motcua import clock
from motcua.documents import signatures
from motcua.errors import DomainError


def _when(instant) -> str:
    return f"{clock.local(instant):%d/%m/%Y %H:%M:%S}" if instant else "không rõ"


class Command(BaseCommand):
    help = (
        "Xác thực chữ ký số trên tệp PDF: người ký, thời điểm, văn bản còn nguyên vẹn, chứng thư "
        "được tin cậy. Thoát với mã 0 khi mọi chữ ký hợp lệ, 1 khi không."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path")

    def handle(self, *args, path: str, **options) -> None:
        try:
            content = Path(path).read_bytes()
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp {path}: {exc.strerror}.") from exc
        try:
            result = signatures.verify(content)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        if not result.signatures:
            raise CommandError("Tệp không có chữ ký số.")
        for number, report in enumerate(result.signatures, start=1):
            self.stdout.write(
                f"Chữ ký {number} ({report.field_name}): {report.signer_name}\n"
                f"  Thời điểm ký: {_when(report.signing_time)}"
                + (
                    f"; dấu thời gian: {_when(report.timestamp_time)}"
                    if report.timestamp_time
                    else ""
                )
                + "\n"
                f"  Nguyên vẹn: {'có' if report.intact else 'KHÔNG'}; "
                f"tin cậy: {'có' if report.trusted else 'KHÔNG'}; "
                f"hợp lệ: {'có' if report.valid else 'KHÔNG'}"
            )
            for problem in report.problems:
                self.stdout.write(f"  - {problem}")
        if not result.valid:
            raise CommandError("Có chữ ký số không hợp lệ.")
        self.stdout.write("Mọi chữ ký số đều hợp lệ.")
