"""The supervisor checks a report period against the national portal in Chromium, with the
local fake gateway behind it; the screen is saved as a screenshot."""

from __future__ import annotations

import pytest

from motcua import clock
from motcua.dossiers.services.intake import receive_dossier
from motcua.dossiers.tests.support import MONDAY, intake_body
from motcua.tests.browsing import staff_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_supervisor_checks_march_against_dvcqg(
    browser, live_server, screenshots, lan, giamsat, dvcqg, settings
):
    body = intake_body()
    body.pop("channel")
    url, settings.DVCQG_URL = settings.DVCQG_URL, ""  # received while the sync was off
    with clock.frozen(MONDAY):
        codes = [receive_dossier(actor=lan, **body).code for _ in range(3)]
    settings.DVCQG_URL = url
    dvcqg.dossiers[codes[0]] = {"MaHoSo": codes[0], "TrangThaiHoSo": "2"}
    dvcqg.dossiers[codes[1]] = {"MaHoSo": codes[1], "TrangThaiHoSo": "4"}

    page = staff_page(browser, live_server, "giamsat", path="/office/reports/dvcqg/?year=2025")
    march = page.locator("tr", has_text="Tháng 3 năm 2025")
    march.get_by_role("button", name="Đối chiếu").click()
    page.wait_for_load_state()

    assert "3 hồ sơ: 1 cùng trạng thái, 1 khác trạng thái, 1 Cổng DVCQG chưa có" in (
        page.locator(".messages").inner_text()
    )
    cells = page.locator("tr", has_text="Tháng 3 năm 2025").first.locator("td")
    assert [cells.nth(i).inner_text() for i in range(1, 7)] == ["3", "3", "2", "1", "1", "1"]
    listed = page.locator("h2 + table").inner_text()
    assert codes[1] in listed and codes[2] in listed and codes[0] not in listed
    screenshots(page, "reports-dvcqg")
