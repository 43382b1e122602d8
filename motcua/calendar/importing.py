"""``import_calendar``: the yearly announcements of days off and make-up days, from the CSV
format of ``calendar/data/vn-public-sector.csv`` (columns date, kind, name, source).

Every row is checked first; one bad row stops the import with its line number and nothing is
loaded. Re-running is idempotent (rows are matched by date); ``prune`` also deletes rows of the
file's years that the file no longer lists (a cancelled swap)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from motcua import clock, text
from motcua.audit import record
from motcua.calendar.models import OFF_KINDS, CalendarDay, DayKind
from motcua.errors import ValidationFailed

COLUMNS = ["date", "kind", "name", "source"]
PACKAGED_CALENDAR = Path(__file__).resolve().parent / "data" / "vn-public-sector.csv"


class CalendarFileError(ValidationFailed):
    code = "calendar_invalid"


@dataclass(frozen=True)
class Row:
    line: int
    date: date
    kind: str
    name: str
    source: str


def day_problem(day: date, kind: str, name: str) -> str | None:
    """What is wrong with one calendar row, in Vietnamese, or None (file rows and admin
    screens share this rule)."""
    weekend = day.weekday() >= 5
    if kind not in DayKind.values:
        return _("loại %(kind)s không hợp lệ (cho phép: %(kinds)s).") % {
            "kind": repr(kind),
            "kinds": ", ".join(DayKind.values),
        }
    if kind == DayKind.MAKEUP_WORKDAY and not weekend:
        return _("ngày làm bù %(day)s phải là thứ Bảy hoặc Chủ nhật.") % {"day": f"{day:%d/%m/%Y}"}
    if kind in OFF_KINDS and weekend:
        return _(
            "ngày nghỉ %(day)s rơi vào cuối tuần; chỉ ghi ngày nghỉ bù vào ngày làm việc kế tiếp."
        ) % {"day": f"{day:%d/%m/%Y}"}
    if not name:
        return _("thiếu tên ngày nghỉ / làm bù.")
    return None


def parse(content: str) -> list[Row]:
    """Check the whole file and answer its rows, or raise naming the first bad line."""
    reader = csv.reader(io.StringIO(content.lstrip("\ufeff")))
    header = next(reader, None)
    if header is None or [h.strip() for h in header] != COLUMNS:
        raise CalendarFileError(
            f"Dòng 1: tiêu đề phải là {','.join(COLUMNS)} (đang là {','.join(header or [])})."
        )
    rows: list[Row] = []
    seen: dict[date, int] = {}
    for line, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(COLUMNS):
            raise CalendarFileError(f"Dòng {line}: cần {len(COLUMNS)} cột, có {len(values)}.")
        raw_date, kind, name, source = (v.strip() for v in values)
        try:
            day = date.fromisoformat(raw_date)
        except ValueError:
            raise CalendarFileError(
                f"Dòng {line}: ngày {raw_date!r} không hợp lệ (cần dạng YYYY-MM-DD)."
            ) from None
        problem = day_problem(day, kind, name)
        if problem:
            raise CalendarFileError(f"Dòng {line}: {problem}")
        if day in seen:
            raise CalendarFileError(f"Dòng {line}: ngày {day:%d/%m/%Y} trùng với dòng {seen[day]}.")
        seen[day] = line
        rows.append(Row(line, day, kind, text.nfc(name), text.nfc(source)))
    if not rows:
        raise CalendarFileError("Tệp lịch không có dòng dữ liệu nào.")
    return rows


@dataclass
class CalendarImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0

    def summary(self) -> str:
        return (
            f"Lịch làm việc: {self.created} ngày mới, {self.updated} cập nhật, "
            f"{self.unchanged} không đổi, {self.deleted} xóa."
        )


def import_rows(
    rows: list[Row], *, agency: Any = None, prune: bool = False, actor: Any = None
) -> CalendarImportResult:
    """Write checked rows for the nation (``agency=None``) or one agency, in one transaction."""
    from motcua.calendar.services import forget_calendars

    result = CalendarImportResult()
    now = clock.now()
    with transaction.atomic():
        existing = {row.date: row for row in CalendarDay.objects.filter(agency=agency)}
        for row in rows:
            current = existing.get(row.date)
            values = {"kind": row.kind, "name": row.name, "source": row.source}
            if current is None:
                CalendarDay.objects.create(date=row.date, agency=agency, updated_at=now, **values)
                result.created += 1
            elif any(getattr(current, k) != v for k, v in values.items()):
                CalendarDay.objects.filter(pk=current.pk).update(updated_at=now, **values)
                result.updated += 1
            else:
                result.unchanged += 1
        if prune:
            years = {row.date.year for row in rows}
            listed = {row.date for row in rows}
            stale = [
                d.pk for d in existing.values() if d.date.year in years and d.date not in listed
            ]
            result.deleted = CalendarDay.objects.filter(pk__in=stale).delete()[0]
        record(
            "calendar.imported",
            actor=actor,
            agency=agency,
            data={"created": result.created, "updated": result.updated, "deleted": result.deleted},
        )
        forget_calendars()  # this transaction's own readers see the new rows at once
        transaction.on_commit(forget_calendars)  # and other threads once they are committed
    return result


def import_file(path: str | Path, **kwargs: Any) -> CalendarImportResult:
    try:
        content = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise CalendarFileError(f"Không đọc được tệp {path}: {exc.strerror}.") from exc
    except UnicodeDecodeError as exc:
        raise CalendarFileError(f"Tệp {path} không phải văn bản UTF-8.") from exc
    return import_rows(parse(content), **kwargs)
