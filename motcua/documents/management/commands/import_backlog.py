from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from motcua.documents.backlog import import_backlog
from motcua.errors import DomainError


class Command(BaseCommand):
    help = (
        "Nạp hồ sơ, kết quả đã số hóa của những năm trước (thư mục tệp PDF và tệp chỉ mục CSV: "
        "file, code, agency, procedure, id_number, applicant_name, issued_on, title) vào kho "
        "dữ liệu của từng người; hoặc tất cả, hoặc không."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("folder")
        parser.add_argument("--index", help="tệp chỉ mục CSV (mặc định FOLDER/index.csv)")

    def handle(self, *args, folder: str, index: str | None, **options) -> None:
        try:
            imported = import_backlog(folder, index)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(imported.summary())
