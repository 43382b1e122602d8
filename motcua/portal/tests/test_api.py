"""The public catalogue API (CONTRACT.md): GET /procedures and GET /procedures/{code}."""

from __future__ import annotations

import pytest

from motcua.catalog.models import Procedure
from motcua.catalog.queries import forget_stamp

pytestmark = pytest.mark.django_db


def test_procedures_are_listed_paginated_and_searchable(client, catalog):
    body = client.get("/api/v1/procedures").json()
    assert body["count"] == 29
    assert {"code", "name", "field", "level", "online_level"} <= set(body["items"][0])
    found = client.get("/api/v1/procedures", {"q": "ket hon"}).json()
    assert {p["code"] for p in found["items"]} == {"1.000894", "2.000806"}
    police = client.get("/api/v1/procedures", {"agency": "000.00.07.H99"}).json()
    assert {p["code"] for p in police["items"]} == {"2.000488", "1.002809"}
    commune = client.get("/api/v1/procedures", {"agency": "000.00.33.H99", "field": "TP-CHUNGTHUC"})
    assert all(p["level"] == "commune" for p in commune.json()["items"])
    assert commune.json()["count"] == 3


def test_a_withdrawn_procedure_leaves_the_listing_with_the_catalogue_version(client, catalog):
    asked = {"q": "ket hon"}
    assert client.get("/api/v1/procedures", asked).json()["count"] == 2
    Procedure.objects.filter(code="2.000806").update(published=False)
    forget_stamp()  # what the stamp's few seconds in the cache do in production
    found = client.get("/api/v1/procedures", asked).json()
    assert [p["code"] for p in found["items"]] == ["1.000894"]


def test_one_procedure_has_cases_components_limits_fees_and_steps(client, catalog):
    body = client.get("/api/v1/procedures/1.001193").json()
    assert body["name"] == "Đăng ký khai sinh"
    assert body["online_level"] == "toan_trinh"
    case = next(c for c in body["cases"] if c["code"] == "qua_han")
    assert (
        case["time_limit"] == {"amount": "0.00", "unit": "same_day"}
        or case["time_limit"]["unit"] == "same_day"
    )
    assert case["fees"][0]["amount_vnd"] == 8000
    assert [s["role"] for s in case["steps"]] == [
        "counter",
        "specialist",
        "leader",
        "counter_return",
    ]
    assert case["components"][0]["form_name"] == "Tờ khai đăng ký khai sinh"
    assert body["eform"][0]["name"] == "ho_ten_tre"
    assert "000.00.31.H99" in body["receiving_agencies"]


def test_an_unknown_procedure_is_a_contract_404(client, catalog):
    response = client.get("/api/v1/procedures/9.999999")
    assert response.status_code == 404
    assert response.json()["error"] == "unknown_procedure"


def test_the_catalogue_api_is_throttled(client, catalog, settings):
    settings.RATELIMIT_PUBLIC = "2/m"
    client.get("/api/v1/procedures")
    client.get("/api/v1/procedures")
    assert client.get("/api/v1/procedures").status_code == 429


def test_online_submission_through_the_api_keeps_the_eform(client, catalog, citizen, api_token):
    from motcua.portal.tests.support import ANSWERS, COMPONENTS

    body = {
        "procedure": "1.001193",
        "agency": "000.00.31.H99",
        "applicant": {"name": "Nguyễn Văn An", "phone": "0912345678"},
        "components": COMPONENTS,
        "answers": ANSWERS,
    }
    missing = client.post(
        "/api/v1/public/dossiers",
        {**body, "answers": {}},
        content_type="application/json",
        **api_token(citizen),
    )
    assert missing.status_code == 400 and "eform.ho_ten_tre" in missing.json()["details"]
    response = client.post(
        "/api/v1/public/dossiers", body, content_type="application/json", **api_token(citizen)
    )
    assert response.status_code == 201, response.content
    assert response.json()["status_code"] == 1
