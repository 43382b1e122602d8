"""A dossier whose work has ended, with a scanned paper, a draft and a signed result."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from motcua.documents.tests import files
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.support import intake_body


def finish(as_user, lan, minh, hoa) -> str:
    """Receive (with a scanned paper), transfer, approve with a signed result, return."""
    counter, specialist, leader = as_user(lan), as_user(minh), as_user(hoa)
    paper = files.post_file(
        counter.client, counter.auth, "/files", files.a_pdf("Tờ khai"), "Tờ khai.pdf"
    ).json()["id"]
    body = intake_body(
        components=[
            {"code": "to_khai_tthn", "originals": 1, "copies": 0, "file_ids": [paper]},
            {"code": "giay_to_tuy_than", "originals": 0, "copies": 1},
        ]
    )
    code = counter.post("/dossiers", body).json()["code"]
    counter.act(code, "transfer")
    specialist.act(code, "transfer")
    draft = files.post_file(
        specialist.client,
        specialist.auth,
        "/files",
        files.a_pdf("Giấy xác nhận tình trạng hôn nhân"),
        "Dự thảo.pdf",
    ).json()["id"]
    approved = leader.act(code, "approve", result_file_id=draft)
    assert approved.status_code == 200, approved.content
    returned = counter.act(code, "return_result", channel="counter")
    assert returned.json()["status_code"] == 10, returned.content
    return code


@pytest.fixture
def certificates(give_certificate, hoa, agency_a):
    return give_certificate(hoa), give_certificate(agency=agency_a)


@pytest.fixture
def finished(as_user, lan, minh, hoa, certificates, monday) -> str:
    return finish(as_user, lan, minh, hoa)


def dossier(code: str) -> Dossier:
    with scopes_disabled():
        return Dossier.objects.select_related(
            "handling_agency", "procedure", "field", "agency", "case", "version"
        ).get(code=code)
