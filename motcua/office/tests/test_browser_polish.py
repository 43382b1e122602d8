"""Issue 21 (polish), measured in Chromium on a 1366 × 768 desk screen: the staff menu stays on
one line, worklist codes do not wrap, the dashboard's filter labels sit on top of their own
fields and its chart axis reads dd/mm/yyyy, and Biểu 06 opens with its period chooser on top."""

from __future__ import annotations

import re

import pytest

from motcua.dossiers.services.intake import receive_dossier
from motcua.dossiers.tests.support import intake_body
from motcua.tests.browsing import staff_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DESK = {"width": 1366, "height": 768}


def one_line(page, selector: str) -> tuple[float, float]:
    """The height of ``selector`` and of one line of its text (its first link)."""
    box = page.locator(selector).bounding_box()
    line = page.locator(f"{selector} a").first.bounding_box()
    return box["height"], line["height"]


def test_the_desk_screens_at_1366_pixels(browser, live_server, lan, giamsat):
    body = intake_body()
    body.pop("channel")
    dossier = receive_dossier(actor=lan, **body)

    counter = staff_page(browser, live_server, "lan", path="/office/ho-so/?view=unit")
    links = counter.locator("header nav > a").count()
    assert links >= 11  # the counter's menu is the longest: every link of its role
    height, line = one_line(counter, "header nav")
    assert height < 1.5 * line, f"the menu wraps: {height} px for lines of {line} px"
    assert counter.locator("header.topbar").bounding_box()["height"] < 100
    code = counter.get_by_role("link", name=dossier.code)
    assert code.evaluate("a => getComputedStyle(a).whiteSpace") == "nowrap"
    assert code.bounding_box()["height"] < 1.5 * line

    supervisor = staff_page(browser, live_server, "giamsat", path="/office/reports/dashboard/")
    height, line = one_line(supervisor, "header nav")
    assert height < 1.5 * line
    labels = supervisor.locator("form.report-filter label[for]")
    assert labels.count() == 5
    for label in labels.all():
        field = supervisor.locator(f"#{label.get_attribute('for')}")
        above, below = label.bounding_box(), field.bounding_box()
        assert above["y"] + above["height"] <= below["y"] + 1, label.inner_text()
        assert abs(above["x"] - below["x"]) < 2, label.inner_text()
    supervisor.wait_for_function("Chart.getChart('chart-volume') !== undefined")
    axis = supervisor.evaluate("Chart.getChart('chart-volume').data.labels")
    assert axis and all(re.fullmatch(r"\d{2}/\d{2}/\d{4}", label) for label in axis), axis
    monthly = supervisor.evaluate("""async () => {
        const page = await fetch(location.pathname + '?by=month').then(r => r.text());
        const data = new DOMParser().parseFromString(page, 'text/html')
            .getElementById('dashboard-data').textContent;
        return JSON.parse(data).labels;
    }""")
    assert monthly and all(re.fullmatch(r"\d{2}/\d{4}", label) for label in monthly), monthly

    supervisor.goto(f"{live_server.url}/office/reports/circular-01-2020/")
    chooser = supervisor.locator("form.report-filter")
    assert chooser.is_visible()  # open, not folded in a <details>
    assert chooser.locator("xpath=ancestor::details").count() == 0
    assert chooser.bounding_box()["y"] < supervisor.locator("table.report").bounding_box()["y"]
    assert chooser.get_by_label("Kỳ báo cáo").is_visible()
