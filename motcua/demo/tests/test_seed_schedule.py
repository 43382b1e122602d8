"""``seed_demo`` gives the demo units a report schedule due on the 17th, this year's first
Biểu 06 sent on time and the second two days late (when their days have come); a second run
adds nothing."""

from __future__ import annotations

import io
from datetime import datetime

import pytest
from django.core.management import call_command

from motcua import clock
from motcua.reports import schedule
from motcua.reports.models import ReportDue, ReportSchedule

pytestmark = pytest.mark.django_db


def test_the_demo_schedule_is_due_on_the_17th_with_one_late_report_once():
    with clock.frozen(datetime(2026, 8, 1, 9, tzinfo=clock.VN)):
        call_command("seed_demo", dossiers=0, stdout=io.StringIO())
        assert ReportSchedule.objects.count() == 7
        assert set(ReportSchedule.objects.values_list("due_day", flat=True)) == {17}
        sent = ReportDue.objects.order_by("period")
        assert [(r.period, r.sent_on.isoformat(), r.sent_late) for r in sent] == [
            ("2026-Q1", "2026-03-17", False),
            ("2026-Q2", "2026-06-19", True),
        ]
        agency_ids = list(ReportSchedule.objects.values_list("agency_id", flat=True))
        late = schedule.late_reports(agency_ids)
        assert ("2026-Q2", "sent_late") in {(o.period.code, o.status(clock.today())) for o in late}
        out = io.StringIO()
        call_command("seed_demo", dossiers=0, stdout=out)
    assert "Lịch báo cáo mẫu: đã có, giữ nguyên." in out.getvalue()
    assert ReportSchedule.objects.count() == 7
