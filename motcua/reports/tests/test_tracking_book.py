"""Mẫu 06, Sổ theo dõi hồ sơ: the rows the printed book is made of."""

from __future__ import annotations

from motcua.agencies.models import Agency
from motcua.documents import pdf
from motcua.dossiers.models import Movement
from motcua.reports import queries
from motcua.reports.periods import parse_period
from motcua.reports.tests.conftest import A, B
from motcua.reports.tests.factories import vn

Q1 = parse_period("2025-Q1")
RECEIVED_BY_A = ("d2", "d5", "d19", "d15", "d6", "d7", "d20", "d9", "d10", "d14", "d3")


def test_the_book_lists_what_the_unit_received_in_order_numbered_from_one(q1):
    Movement.objects.create(dossier=q1["d5"], at=vn(2025, 1, 10, 10), action="transfer",
                            to_status="in_progress")  # fmt: skip
    agency = Agency.objects.get(code=A)
    rows = queries.tracking_book([agency.pk], Q1)
    assert len(rows) == len(RECEIVED_BY_A)
    listed = list(rows)
    assert [r["code"] for r in listed] == [q1[k].code for k in RECEIVED_BY_A]
    assert [r["no"] for r in listed] == list(range(1, 12))
    d5 = listed[1]
    assert d5["transferred_at"] == vn(2025, 1, 10, 10)
    assert d5["result_received_at"] == vn(2025, 1, 16, 8)
    assert d5["handling_agency"] == "Ủy ban nhân dân phường Minh Sơn"
    assert listed[5]["result_received_at"] is None  # d7 withdrawn: no result
    page_two = rows[5:8]
    assert [r["no"] for r in page_two] == [6, 7, 8]
    # The rows fit the printed form's data contract as they are.
    pdf.validate(
        "mau06_tracking_book",
        {"agency": {"name": agency.name}, "period_from": Q1.start, "period_to": Q1.end,
         "rows": listed},
    )  # fmt: skip


def test_a_dossier_received_for_another_commune_is_in_the_receiving_units_book(q1):
    b = Agency.objects.get(code=B)
    assert [r["code"] for r in queries.tracking_book([b.pk], Q1)] == [q1["d18"].code]


def test_the_api_pages_the_book(q1, client, api_token, lan):
    response = client.get(
        "/api/v1/reports/tracking-book", {"period": "2025-Q1", "page": 2, "page_size": 5},
        **api_token(lan),
    )  # fmt: skip
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["count"] == len(RECEIVED_BY_A)
    assert [i["no"] for i in body["items"]] == [6, 7, 8, 9, 10]
    assert body["items"][0]["code"] == q1["d7"].code
