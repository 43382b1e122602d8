"""The province's DVCQG sync screen in Chromium: a dossier the gateway refuses shows under its
error, and "Gửi lại" sends it once the gateway takes it. Saved as a screenshot."""

from __future__ import annotations

import pytest

from motcua import clock
from motcua.dossiers.services.intake import receive_dossier
from motcua.dossiers.tests.support import MONDAY, intake_body
from motcua.exchange.sync import deliver_due
from motcua.tests.browsing import staff_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_supervisor_sees_a_failure_and_sends_it_again(
    browser, live_server, screenshots, lan, giamsat, dvcqg
):
    with clock.frozen(MONDAY):
        codes = [receive_dossier(actor=lan, **intake_body()).code for _ in range(3)]
        dvcqg.refuse[codes[1]] = "-9"
        deliver_due()
    page = staff_page(browser, live_server, "giamsat")
    page.get_by_role("link", name="Đồng bộ DVCQG").click()

    assert page.get_by_test_id("failing").inner_text() == "1"
    assert page.get_by_role("link", name=codes[1]).first.is_visible()
    screenshots(page, "office-dvcqg-sync")

    del dvcqg.refuse[codes[1]]
    page.locator("#h-errors + table button").first.click()
    page.wait_for_load_state()
    assert "Đã đưa 1 hồ sơ vào hàng gửi lại." in page.content()
    deliver_due()
    assert codes[1] in dvcqg.dossiers
