"""Demo report schedule: phường Minh Sơn and xã Tân Lập send Biểu 06 every quarter, the
one-stop report every six months and every year, and the province the review report every
year, all due on the 17th. This year's first reports are recorded as sent (one of them late)
with a made-up file, so the schedule and the supervisor's late flags have something to show.
Idempotent."""

from __future__ import annotations

import io
from datetime import date, timedelta

from django.db import transaction
from pypdf import PdfWriter

from motcua import clock
from motcua.accounts.models import User
from motcua.agencies.models import Agency
from motcua.reports import schedule
from motcua.reports.models import ReportSchedule

UNITS = ("000.00.31.H99", "000.00.33.H99")  # phường Minh Sơn, xã Tân Lập
PROVINCE = "000.00.00.H99"


def _demo_pdf(title: str) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def seed_report_schedule() -> str:
    if ReportSchedule.objects.exists():
        return "Lịch báo cáo mẫu: đã có, giữ nguyên."
    today = clock.today()
    starts = date(today.year, 1, 1)
    province = User.objects.get(username="giamsat")
    made = 0
    with transaction.atomic():
        for code in UNITS:
            agency = Agency.objects.get(code=code)
            for kind, frequency in (
                ("bieu_06", "quarter"),
                ("one_stop", "half"),
                ("one_stop", "year"),
            ):
                schedule.set_schedule(province, agency, kind, frequency, starts_on=starts)
                made += 1
        schedule.set_schedule(
            province, Agency.objects.get(code=PROVINCE), "review", "year", starts_on=starts
        )
        made += 1
        quarterly = ReportSchedule.objects.get(agency__code=UNITS[0], kind="bieu_06")
        leader = User.objects.get(username="hoa")
        for owed, days_late in zip(schedule.owed(quarterly, today)[:2], (0, 2), strict=False):
            sent_on = owed.due_on + timedelta(days=days_late)
            if sent_on <= today:
                schedule.mark_sent(
                    leader,
                    quarterly.pk,
                    owed.period.code,
                    sent_on,
                    _demo_pdf(f"Biểu 06 {owed.period.label} (mẫu)"),
                    f"bieu-06-{owed.period.code}.pdf",
                )
    return f"Lịch báo cáo mẫu: {made} báo cáo định kỳ."
