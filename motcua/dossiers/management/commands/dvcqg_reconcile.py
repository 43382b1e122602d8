"""``manage.py dvcqg_reconcile --from YYYY-MM-DD --to YYYY-MM-DD`` (CONTRACT v1.1)."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError, CommandParser

from motcua.dossiers import reconcile
from motcua.errors import DomainError


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Ngày {value!r} không hợp lệ (cần YYYY-MM-DD).") from None


class Command(BaseCommand):
    help = (
        "Đối chiếu với Cổng DVCQG (TraCuuHoSo) các hồ sơ tiếp nhận trong khoảng ngày: in những hồ "
        "sơ có trạng thái khác hoặc Cổng DVCQG chưa có, rồi xếp chúng vào hàng gửi lại."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="start", required=True, type=_day, metavar="YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, type=_day, metavar="YYYY-MM-DD")

    def handle(self, *args, start: date, end: date, **options) -> None:
        if end < start:
            raise CommandError("Ngày --to phải sau hoặc bằng ngày --from.")
        try:
            outcome = reconcile.run(start, end)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        for difference in outcome.differences:
            national = difference.national or "không có"
            self.stdout.write(
                f"{difference.code}\t{difference.national_code}\t"
                f"tại hệ thống {difference.expected}\ttrên DVCQG {national}"
            )
        for code, reason in outcome.failed[:20]:
            self.stderr.write(f"{code}\tkhông tra cứu được: {reason}")
        self.stdout.write(outcome.summary())
        if outcome.failed:
            raise CommandError(
                f"{len(outcome.failed)} hồ sơ không tra cứu được trên Cổng DVCQG"
                + (f" ({outcome.stopped})" if outcome.stopped else "")
            )
