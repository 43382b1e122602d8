"""A NUL byte in any text and a number no one-stop shop counts to are refused at the edge with
the usual 400 (error JSON on the API, a page on the screens) before anything reaches the
database: PostgreSQL refuses NUL in text and overflows on such numbers."""

from __future__ import annotations

import json

import pytest

from motcua.dossiers.tests.support import intake_body

NUL = "a\x00b"
HUGE = ["2e17", "1e20", "200000000000000000", "-99999999999999999999", "1e400"]


API_GETS = [
    ("/api/v1/public/lookup", {"code": NUL, "phone": "0912345678"}),
    ("/api/v1/public/lookup", {"code": "000.00.31.H99-250310-0001", "phone": NUL}),
    ("/api/v1/procedures", {"q": NUL}),
    ("/api/v1/procedures", {"agency": NUL}),
    ("/api/v1/procedures/a%00b", {}),
    ("/api/v1/calendar/due", {"received_at": NUL, "amount": "3", "unit": "working_days"}),
    ("/api/v1/dossiers", {"q": NUL}),
    ("/api/v1/dossiers/a%00b", {}),
    ("/api/v1/reports/circular-01-2020", {"period": NUL}),
    ("/api/v1/reports/circular-01-2020", {"agency": NUL, "period": "2025-01"}),
    ("/api/v1/store", {"id_number": NUL}),
]


@pytest.mark.parametrize(("path", "params"), API_GETS)
def test_a_nul_byte_in_an_api_parameter_is_refused(client, api_token, lan, path, params):
    response = client.get(path, params, **api_token(lan))
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["error"] == "invalid_input"
    assert "NUL" in body["message"]


@pytest.mark.parametrize("number", HUGE)
@pytest.mark.parametrize(
    ("path", "name", "extra"),
    [
        ("/api/v1/procedures", "page", {}),
        ("/api/v1/dossiers", "page", {}),
        ("/api/v1/audit/events", "page", {}),
        ("/api/v1/calendar/due", "amount", {"received_at": "2025-03-10T09:00", "unit": "days"}),
        ("/api/v1/dossiers/000.00.31.H99-250310-0001/files/{n}", None, {}),
    ],
)
def test_a_number_out_of_range_in_an_api_parameter_is_refused(
    client, api_token, hoa, path, name, extra, number
):
    params = dict(extra)
    if name:
        params[name] = number
    response = client.get(path.replace("{n}", number), params, **api_token(hoa))
    assert response.status_code in (400, 404), response.content
    assert response.json()["error"] in ("invalid_input", "validation_error", "not_found")


def test_numbers_people_use_pass(client, api_token, lan):
    response = client.get(
        "/api/v1/calendar/due",
        {"received_at": "2025-03-10T09:00", "amount": "1.5", "unit": "working_days"},
    )
    assert response.status_code == 200, response.content
    assert client.get("/api/v1/procedures", {"page": "2"}).status_code == 200
    assert (
        client.get("/api/v1/dossiers", {"q": "001090000001"}, **api_token(lan)).status_code == 200
    )


@pytest.mark.parametrize(
    "body",
    [
        {"username": NUL, "password": "x"},
        {"username": "lan", "password": NUL},
        {"username": "lan", "password": "x", "n": 1e20},
        {"username": "lan", "password": "x", "n": 10**30},
        {"username": "lan", "password": "x", NUL: 1},
    ],
)
def test_json_with_a_nul_byte_or_a_huge_number_is_refused(client, body):
    response = client.post("/api/v1/auth/token", json.dumps(body), content_type="application/json")
    assert response.status_code == 400, response.content
    assert response.json()["error"] == "invalid_input"


def test_an_intake_with_a_nul_byte_writes_nothing(client, api_token, lan, monday):
    from django_scopes import scopes_disabled

    from motcua.audit.models import Event
    from motcua.dossiers.models import Dossier

    body = intake_body()
    body["applicant"]["name"] = NUL
    headers = api_token(lan)
    with scopes_disabled():
        before = (Dossier.objects.count(), Event.objects.count())
    response = client.post("/api/v1/dossiers", body, content_type="application/json", **headers)
    assert response.status_code == 400, response.content
    with scopes_disabled():
        assert (Dossier.objects.count(), Event.objects.count()) == before


def test_a_reason_with_a_nul_byte_is_refused(client, api_token, lan, monday):
    created = client.post(
        "/api/v1/dossiers", intake_body(), content_type="application/json", **api_token(lan)
    )
    code = created.json()["code"]
    response = client.post(
        f"/api/v1/dossiers/{code}/actions/reject",
        {"reason": NUL},
        content_type="application/json",
        **api_token(lan),
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_input"


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/thu-tuc/", {"q": NUL}),
        ("/thu-tuc/", {"page": "2e17"}),
        ("/thu-tuc/", {"page": "99999999999999999999"}),
        ("/thu-tuc/a%00b/", {}),
        ("/tra-cuu", {"code": NUL}),
        ("/phan-anh-kien-nghi/", {"page": "1e20"}),
    ],
)
def test_the_screens_refuse_the_same_input_with_a_page(db, client, path, params):
    response = client.get(path, params)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    assert "Dữ liệu gửi lên không hợp lệ" in response.content.decode()


def test_a_form_with_a_nul_byte_is_refused(db, client):
    response = client.post("/tra-cuu", {"code": NUL, "phone": "0912345678"})
    assert response.status_code == 400
    response = client.post("/accounts/login/", {"username": NUL, "password": "x"})
    assert response.status_code == 400


def test_a_body_streamed_past_the_guard_is_checked_by_its_endpoint(db, client, settings, monday):
    """The national portal's inbound dossiers may pass the in-memory limit, so the endpoint
    reads its body itself and applies the same rule."""
    from motcua.dossiers.tests.test_inbound import KEY, inbound_body, nothing_written

    settings.DVCQG_INBOUND_KEY = KEY
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    body = inbound_body()
    body["ChuHoSo"] = NUL
    response = client.post(
        "/api/v1/dvcqg/dossiers", body, content_type="application/json", HTTP_X_API_KEY=KEY
    )
    assert response.status_code == 400, response.content
    assert response.json()["error"] == "invalid_input"
    assert response.json()["details"] == {"ChuHoSo": "chứa ký tự NUL (mã 0), không được phép"}
    assert nothing_written()
