"""The report schedule in Chromium: the leader of phường Minh Sơn records a report as sent with
its PDF, and the supervisor's dashboard flags the late ones; both screens are saved as
screenshots."""

from __future__ import annotations

from datetime import timedelta

import pytest

from motcua import clock
from motcua.documents.tests import files
from motcua.reports import schedule
from motcua.tests.browsing import staff_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_report_is_recorded_as_sent_and_late_ones_are_flagged(
    browser, live_server, screenshots, tmp_path, giamsat, hoa, agency_a
):
    today = clock.today()
    quarterly = schedule.set_schedule(
        giamsat, agency_a, "bieu_06", "quarter", starts_on=today - timedelta(days=365)
    )
    schedule.set_schedule(giamsat, agency_a, "one_stop", "half", starts_on=today)
    owed = schedule.owed(quarterly, today)
    first = owed[0]  # ended about a year ago: sent three days late
    schedule.mark_sent(
        hoa,
        quarterly.pk,
        first.period.code,
        first.due_on + timedelta(days=3),
        files.a_pdf("Biểu 06"),
        f"bieu-06-{first.period.code}.pdf",
    )
    latest = owed[-1]
    pdf = tmp_path / "bieu-06.pdf"
    pdf.write_bytes(files.a_pdf("Biểu 06", "Tình hình, kết quả giải quyết TTHC"))

    page = staff_page(browser, live_server, "hoa", path="/office/reports/schedule/")
    row = page.locator("tr", has_text=latest.period.label).first
    row.locator("input[name=file]").set_input_files(str(pdf))
    row.get_by_role("button", name="Ghi đã gửi").click()
    page.wait_for_load_state()
    assert f"Đã ghi báo cáo kỳ {latest.period.code} đã gửi." in page.content()
    screenshots(page, "reports-schedule")

    page = staff_page(browser, live_server, "giamsat", path="/office/reports/dashboard/")
    late = page.locator("table.late-reports").inner_text()
    assert "Gửi trễ ngày" in late and first.period.label in late
    if len(owed) > 2:
        assert "Quá hạn, chưa gửi" in late
    screenshots(page, "reports-dashboard-late-reports")
