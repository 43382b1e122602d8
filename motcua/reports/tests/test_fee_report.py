"""The fee report (báo cáo thu phí, lệ phí): collected online and at the counter by procedure
and fee, refunds, the online share; JSON, Excel and PDF; the dashboard's online-payment share."""

from __future__ import annotations

import io

import openpyxl
import pytest

from motcua.dossiers.tests.support import intake_body
from motcua.payments.tests.conftest import post_confirmation

pytestmark = pytest.mark.django_db


@pytest.fixture
def collected(client, as_user, lan, minh, hoa, monday, platform_fake):
    """Three fees of phường Minh Sơn on Monday: two at the counter (one refunded after a
    refusal), one online."""
    counter, specialist = as_user(lan), as_user(minh)
    codes = []
    for _ in range(3):
        code = counter.post("/dossiers", intake_body()).json()["code"]
        counter.act(code, "transfer")
        specialist.act(code, "request_payment", amount=3000)
        codes.append(code)
    counter.post(f"/dossiers/{codes[0]}/payments", {"channel": "counter"})
    refunded = counter.post(
        f"/dossiers/{codes[1]}/payments", {"channel": "counter", "method": "card"}
    )
    reference = counter.post(f"/dossiers/{codes[2]}/payments").json()["reference"]
    assert post_confirmation(client, platform_fake.confirmation(reference)).status_code == 200
    specialist.act(codes[1], "transfer")
    as_user(hoa).act(codes[1], "refuse", reason="Không đủ điều kiện")
    counter.post(
        f"/payments/{refunded.json()['reference']}/refund", {"reason": "Từ chối giải quyết"}
    )
    return counter


def test_the_fee_report_sums_by_channel_and_procedure(collected):
    body = collected.get("/reports/fees", {"from": "2025-03-10", "to": "2025-03-10"}).json()
    assert body["total"] == {
        "online_count": 1,
        "online_vnd": 3000,
        "counter_count": 2,
        "counter_vnd": 6000,
        "refund_count": 1,
        "refund_vnd": 3000,
        "total_vnd": 6000,
    }
    assert [r["procedure"] for r in body["rows"]] == ["1.004873"]
    assert body["rows"][0]["fees"] == "Lệ phí"
    assert body["online_share"] == 33.33
    empty = collected.get("/reports/fees", {"from": "2025-03-11", "to": "2025-03-11"}).json()
    assert empty["rows"] == [] and empty["online_share"] is None


def test_the_fee_report_as_excel_and_pdf(collected):
    xlsx = collected.get(
        "/reports/fees", {"from": "2025-03-10", "to": "2025-03-10", "format": "xlsx"}
    )
    assert xlsx.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).active
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    assert ["Tổng cộng", None, 1, 3000, 2, 6000, 1, 3000, 6000] in [row[2:] for row in values]
    pdf = collected.get(
        "/reports/fees", {"from": "2025-03-10", "to": "2025-03-10", "format": "pdf"}
    )
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    bad = collected.get("/reports/fees", {"format": "doc"})
    assert bad.status_code == 400


def test_the_fee_report_page_and_the_dashboard_share(client, collected, lan):
    client.force_login(lan)
    page = client.get(
        "/office/reports/fees/", {"from": "2025-03-10", "to": "2025-03-10"}
    ).content.decode()
    assert "33.33 %" in page or "33,33 %" in page
    dashboard = client.get(
        "/office/reports/dashboard/", {"from": "2025-03-10", "to": "2025-03-10"}
    ).content.decode()
    assert 'id="online-payment-share"' in dashboard
    assert "33,3 %" in dashboard or "33.3 %" in dashboard
