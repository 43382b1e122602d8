"""Biểu 06 through the API, the files and the staff pages: the same figures everywhere, and
nobody reads another agency's report."""

from __future__ import annotations

import io

import openpyxl
import pytest

from motcua.reports import circular_01_2020 as bieu06
from motcua.reports.tests.conftest import A, B
from motcua.reports.tests.test_circular_01_2020 import CHUNGTHUC_AT_A, HOTICH_AT_A
from motcua.tests.reading import page_sizes, text_of

URL = "/api/v1/reports/circular-01-2020"
TOTAL_AT_A = {k: HOTICH_AT_A[k] + CHUNGTHUC_AT_A[k] for k in bieu06.KEYS}


def test_the_json_answer_has_the_contract_shape(q1, client, api_token, giamsat):
    response = client.get(URL, {"agency": A, "period": "2025-Q1"}, **api_token(giamsat))
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["agency"] == A
    assert (body["from"], body["to"]) == ("2024-12-15", "2025-03-14")
    assert set(body["total"]) >= set(bieu06.KEYS)
    assert {k: body["total"][k] for k in bieu06.KEYS} == TOTAL_AT_A
    for row in body["rows"]:
        assert {"field", "field_name", *bieu06.KEYS} <= set(row)
    # A supervisor's default is the agency with its children: the whole province.
    province = client.get(URL, {"period": "2025-Q1"}, **api_token(giamsat)).json()
    assert province["agency"] == "000.00.00.H99"
    assert province["children"] is True
    assert province["total"]["received_total"] == 17


def test_a_custom_range_is_accepted(q1, client, api_token, giamsat):
    response = client.get(
        URL, {"agency": A, "from": "2024-12-15", "to": "2025-03-14"}, **api_token(giamsat)
    )
    assert response.json()["total"]["received_total"] == TOTAL_AT_A["received_total"]


def test_a_bad_period_is_a_400_in_vietnamese(q1, client, api_token, giamsat):
    response = client.get(URL, {"period": "2025-Q5"}, **api_token(giamsat))
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_period"
    assert "Kỳ báo cáo" in response.json()["message"]


def test_staff_read_their_own_agency_and_nothing_else(q1, client, api_token, lan, outsider):
    own = client.get(URL, {"period": "2025-Q1"}, **api_token(lan))
    assert own.status_code == 200
    assert own.json()["agency"] == A
    assert own.json()["children"] is False
    assert own.json()["total"]["received_total"] == TOTAL_AT_A["received_total"]
    for code in (B, "000.00.00.H99", "999.99.99.Z99"):
        response = client.get(URL, {"agency": code, "period": "2025-Q1"}, **api_token(lan))
        assert response.status_code == 404, code
    # xã Tân Lập's officer cannot read phường Minh Sơn, nor its list of dossiers.
    headers = api_token(outsider)
    assert client.get(URL, {"agency": A, "period": "2025-Q1"}, **headers).status_code == 404
    listed = client.get(
        f"{URL}/dossiers",
        {"agency": A, "period": "2025-Q1", "column": "received_total"},
        **headers,
    )
    assert listed.status_code == 404
    # A non-supervisor asking for children still gets only their own agency.
    mine = client.get(URL, {"period": "2025-Q1", "children": "1"}, **api_token(lan)).json()
    assert mine["total"]["received_total"] == TOTAL_AT_A["received_total"]


def test_anonymous_callers_are_refused(q1, client):
    assert client.get(URL, {"period": "2025-Q1"}).status_code == 401


def test_the_api_lists_the_dossiers_behind_a_figure(q1, client, api_token, giamsat):
    response = client.get(
        f"{URL}/dossiers",
        {
            "agency": A,
            "period": "2025-Q1",
            "column": "pending_overdue",
            "field": "TP-HOTICH",
            "level": "commune",
        },
        **api_token(giamsat),
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == HOTICH_AT_A["pending_overdue"]
    assert {item["code"] for item in body["items"]} == {q1[k].code for k in ("d9", "d11", "d18")}
    d18 = next(i for i in body["items"] if i["code"] == q1["d18"].code)
    assert d18["agency"] == B
    assert d18["handling_agency"] == A
    assert d18["legal_due_at"].startswith("2025-02-25T09:00:00+07:00")
    bad = client.get(
        f"{URL}/dossiers", {"agency": A, "period": "2025-Q1", "column": "x"}, **api_token(giamsat)
    )
    assert bad.status_code == 400


def _sheet_rows(content: bytes):
    book = openpyxl.load_workbook(io.BytesIO(content))
    return book.active


def test_the_excel_file_has_the_official_layout_and_the_same_figures(
    q1, client, api_token, giamsat
):
    response = client.get(
        URL, {"agency": A, "period": "2025-Q1", "format": "xlsx"}, **api_token(giamsat)
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "bieu06_000.00.31.H99_2025-Q1.xlsx" in response["Content-Disposition"]
    sheet = _sheet_rows(response.content)
    texts = [c for row in sheet.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert "Biểu số 06/VPCP/KSTT" in texts
    assert "(Từ ngày 15/12/2024 đến ngày 14/03/2025)" in texts
    assert "Số hồ sơ nhận giải quyết" in texts
    assert "Trực tiếp, dịch vụ bưu chính" in texts
    # The official 13 columns (issue 18 item 7): withdrawn or stopped is a line under the table.
    assert "Số hồ sơ rút, dừng xử lý" not in texts
    merged = {str(r) for r in sheet.merged_cells.ranges}
    assert {"A9:A11", "B9:B11", "C9:F9", "C10:C11", "D10:F10", "K9:M9"} <= merged
    numbers = [c.value for c in sheet[12] if c.value]
    assert numbers == [f"({n})" for n in range(1, 14)]
    rows = {row[1]: row for row in sheet.iter_rows(min_row=13, values_only=True) if row[1]}
    assert list(rows["TỔNG SỐ"][2:13]) == [TOTAL_AT_A[k] for k in bieu06.OFFICIAL_KEYS]
    assert list(rows["Hộ tịch"][2:13]) == [HOTICH_AT_A[k] for k in bieu06.OFFICIAL_KEYS]
    assert list(rows["Chứng thực"][2:13]) == [CHUNGTHUC_AT_A[k] for k in bieu06.OFFICIAL_KEYS]
    assert rows["Cấp xã"][0] == "I"
    note = next(r for r in sheet.iter_rows(values_only=True) if str(r[0]).startswith("Ngoài biểu"))
    assert note[12] == TOTAL_AT_A["withdrawn_or_stopped"]
    # The place of "……, ngày …" is the agency's.
    assert any(str(t).startswith("Minh Sơn, ngày ") for t in texts)


def test_the_excel_file_adds_the_withdrawn_column_when_asked(q1, client, api_token, giamsat):
    response = client.get(
        URL,
        {"agency": A, "period": "2025-Q1", "format": "xlsx", "closed": "1"},
        **api_token(giamsat),
    )
    sheet = _sheet_rows(response.content)
    texts = [c for row in sheet.iter_rows(values_only=True) for c in row if isinstance(c, str)]
    assert "Số hồ sơ rút, dừng xử lý" in texts
    assert [c.value for c in sheet[12]] == [f"({n})" for n in range(1, 15)]
    rows = {row[1]: row for row in sheet.iter_rows(min_row=13, values_only=True) if row[1]}
    assert list(rows["TỔNG SỐ"][2:14]) == [TOTAL_AT_A[k] for k in bieu06.KEYS]


def test_the_pdf_is_a4_landscape_and_shows_the_totals(q1, client, api_token, giamsat):
    response = client.get(
        URL, {"agency": A, "period": "2025-Q1", "format": "pdf"}, **api_token(giamsat)
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    width, height = page_sizes(response.content)[0]
    assert width > height
    assert round(width / 72 * 25.4) == 297
    text = text_of(response.content)
    assert "Biểu số 06/VPCP/KSTT" in text
    assert "Từ ngày 15/12/2024 đến ngày 14/03/2025" in text
    assert "Minh Sơn, ngày" in text
    assert "(13)" in text and "(14)" not in text
    # The table read a row at a time: its label, then columns (3) to (13).
    for label, figures in (
        ("TỔNG SỐ", TOTAL_AT_A),
        ("I Cấp xã", TOTAL_AT_A),
        ("1 Chứng thực", CHUNGTHUC_AT_A),
        ("2 Hộ tịch", HOTICH_AT_A),
    ):
        row = " ".join(str(figures[key]) for key in bieu06.OFFICIAL_KEYS)
        assert f"{label} {row}" in text, label


@pytest.mark.parametrize("fmt", ["xlsx", "pdf"])
def test_a_bad_format_is_refused_and_files_are_scoped(q1, client, api_token, outsider, fmt):
    response = client.get(
        URL, {"agency": A, "period": "2025-Q1", "format": fmt}, **api_token(outsider)
    )
    assert response.status_code == 404
    assert (
        client.get(URL, {"period": "2025-Q1", "format": "docx"}, **api_token(outsider)).status_code
        == 400
    )


def test_the_staff_page_links_every_figure_to_its_dossiers(q1, client, hoa):
    client.force_login(hoa)
    page = client.get("/office/reports/circular-01-2020/", {"period": "2025-Q1"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Biểu số 06/VPCP/KSTT" in html
    assert "column=pending_overdue&amp;field=TP-HOTICH&amp;level=commune" in html
    listed = client.get(
        "/office/reports/circular-01-2020/dossiers/",
        {
            "agency": A,
            "period": "2025-Q1",
            "column": "pending_overdue",
            "field": "TP-HOTICH",
            "level": "commune",
        },
    )
    assert listed.status_code == 200
    for key in ("d9", "d11", "d18"):
        assert q1[key].code in listed.content.decode()
    assert q1["d3"].code not in listed.content.decode()
    xlsx = client.get("/office/reports/circular-01-2020/", {"period": "2025-Q1", "format": "xlsx"})
    assert xlsx.status_code == 200
    assert _sheet_rows(xlsx.content)["A1"].value == "Biểu số 06/VPCP/KSTT"


def test_the_staff_pages_are_scoped_and_need_a_login(q1, client, outsider):
    page = client.get("/office/reports/circular-01-2020/", {"period": "2025-Q1"})
    assert page.status_code == 302
    client.force_login(outsider)
    assert (
        client.get(
            "/office/reports/circular-01-2020/", {"agency": A, "period": "2025-Q1"}
        ).status_code
        == 404
    )
    assert (
        client.get(
            "/office/reports/circular-01-2020/dossiers/",
            {"agency": A, "period": "2025-Q1", "column": "received_total"},
        ).status_code
        == 404
    )
    bad = client.get("/office/reports/circular-01-2020/", {"period": "nonsense"})
    assert bad.status_code == 400
    assert "Kỳ báo cáo" in bad.content.decode()
