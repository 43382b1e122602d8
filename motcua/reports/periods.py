"""Report periods (kỳ báo cáo) of Decree 09/2019/NĐ-CP art. 12 (DOMAIN R7.5).

A month runs from the 15th of the previous month to the 14th; a quarter from the 15th of the
month before it to the 14th of its last month (Q1 2025 = 15/12/2024 → 14/03/2025); the first
six months and the nine months start on 15/12 of the previous year; the year runs 15/12 → 14/12.
Any other range is given by its first and last day. Days are Vietnamese local days and both
ends are included: a period is the instants from local midnight of ``start`` up to, not
including, local midnight after ``end``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils.translation import gettext as _

from motcua import clock
from motcua.errors import ValidationFailed

PERIOD = re.compile(
    r"^(?P<year>\d{4})(?:-(?:(?P<month>\d{2})|Q(?P<quarter>[1-4])|(?P<half>H1)|(?P<nine>9M)))?$"
)
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
MAX_DAYS = 3 * 366  # a longer range is almost certainly a typing mistake


@dataclass(frozen=True)
class Period:
    """One report period: ``start`` and ``end`` are local dates, both included."""

    start: date
    end: date
    code: str
    label: str

    @property
    def start_at(self) -> datetime:
        """Local midnight starting ``start``."""
        return local_midnight(self.start)

    @property
    def end_at(self) -> datetime:
        """Local midnight after ``end``: the first instant outside the period."""
        return local_midnight(self.end + timedelta(days=1))

    @property
    def last_day_at(self) -> datetime:
        """Local midnight starting ``end``: a due before it has a local date before ``end``."""
        return local_midnight(self.end)

    @property
    def overdue_before(self) -> datetime:
        """A pending dossier is overdue when its due is before this: the local midnight
        starting ``end``, or, for a period that has not ended yet, starting today (a report
        run mid-period counts as overdue only what is overdue now; CONTRACT.md Biểu 06)."""
        return min(self.last_day_at, local_midnight(clock.today()))

    @property
    def range_text(self) -> str:
        return _("Từ ngày %(start)s đến ngày %(end)s") % {
            "start": self.start.strftime("%d/%m/%Y"),
            "end": self.end.strftime("%d/%m/%Y"),
        }

    def as_dict(self) -> dict[str, str]:
        return {
            "period": self.code,
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "label": self.label,
        }


def local_midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=clock.VN)


def _month_start(year: int, month: int) -> date:
    """The 15th of the month before ``month``."""
    return date(year - 1, 12, 15) if month == 1 else date(year, month - 1, 15)


def month(year: int, number: int) -> Period:
    return Period(
        _month_start(year, number),
        date(year, number, 14),
        f"{year}-{number:02d}",
        _("Tháng %(month)d năm %(year)d") % {"month": number, "year": year},
    )


def quarter(year: int, number: int) -> Period:
    return Period(
        _month_start(year, 3 * number - 2),
        date(year, 3 * number, 14),
        f"{year}-Q{number}",
        _("Quý %(quarter)s năm %(year)d") % {"quarter": ROMAN[number], "year": year},
    )


def first_half(year: int) -> Period:
    return Period(
        date(year - 1, 12, 15),
        date(year, 6, 14),
        f"{year}-H1",
        _("6 tháng đầu năm %(year)d") % {"year": year},
    )


def nine_months(year: int) -> Period:
    return Period(
        date(year - 1, 12, 15),
        date(year, 9, 14),
        f"{year}-9M",
        _("9 tháng năm %(year)d") % {"year": year},
    )


def whole_year(year: int) -> Period:
    return Period(
        date(year - 1, 12, 15), date(year, 12, 14), str(year), _("Năm %(year)d") % {"year": year}
    )


def between(start: date, end: date) -> Period:
    """Any range of local days, both ends included."""
    if end < start:
        raise ValidationFailed(
            _("Ngày kết thúc kỳ báo cáo phải sau hoặc bằng ngày bắt đầu."),
            code="invalid_period",
            details={"from": start.isoformat(), "to": end.isoformat()},
        )
    if (end - start).days >= MAX_DAYS:
        raise ValidationFailed(
            _("Kỳ báo cáo dài quá 3 năm."),
            code="invalid_period",
            details={"from": start.isoformat(), "to": end.isoformat()},
        )
    text = _("Từ ngày %(start)s đến ngày %(end)s") % {
        "start": start.strftime("%d/%m/%Y"),
        "end": end.strftime("%d/%m/%Y"),
    }
    return Period(start, end, f"{start.isoformat()}..{end.isoformat()}", text)


def parse_period(code: str) -> Period:
    """``YYYY-MM``, ``YYYY-Qn``, ``YYYY-H1``, ``YYYY-9M`` or ``YYYY``."""
    match = PERIOD.match((code or "").strip())
    year = int(match["year"]) if match else 0
    if not match or not 2000 <= year <= 2100:
        raise ValidationFailed(
            _(
                "Kỳ báo cáo %(code)r không hợp lệ: dùng YYYY-MM (tháng), YYYY-Qn (quý), "
                "YYYY-H1 (6 tháng), YYYY-9M (9 tháng) hoặc YYYY (năm)."
            )
            % {"code": code},
            code="invalid_period",
            details={"period": code},
        )
    if match["month"]:
        number = int(match["month"])
        if not 1 <= number <= 12:
            raise ValidationFailed(
                _("Tháng %(month)s không hợp lệ.") % {"month": match["month"]},
                code="invalid_period",
                details={"period": code},
            )
        return month(year, number)
    if match["quarter"]:
        return quarter(year, int(match["quarter"]))
    if match["half"]:
        return first_half(year)
    if match["nine"]:
        return nine_months(year)
    return whole_year(year)


def _parse_day(value: str, name: str) -> date:
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ValidationFailed(
            _("Ngày %(value)r không hợp lệ (cần YYYY-MM-DD).") % {"value": value},
            code="invalid_period",
            details={name: value},
        ) from None


def resolve(period: str = "", start: str = "", end: str = "") -> Period:
    """The period of a request: ``period=…``, or ``from=…&to=…``, or (neither) the current
    quarter of Decree 09/2019."""
    if start or end:
        if not (start and end):
            raise ValidationFailed(
                _("Cần cả ngày bắt đầu (from) và ngày kết thúc (to)."), code="invalid_period"
            )
        return between(_parse_day(start, "from"), _parse_day(end, "to"))
    if period:
        return parse_period(period)
    return current_quarter()


def containing(day: date) -> tuple[int, int]:
    """(report year, report month) of the Decree 09 month that contains ``day``."""
    if day.day >= 15:
        if day.month == 12:
            return day.year + 1, 1
        return day.year, day.month + 1
    return day.year, day.month


def current_quarter() -> Period:
    year, number = containing(clock.today())
    return quarter(year, (number - 1) // 3 + 1)
