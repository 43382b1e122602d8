"""Tra cứu hồ sơ: code and phone unlock the status; a wrong code and a wrong phone give the
same 404 page; the name is masked; throttled per address."""

from __future__ import annotations

import re

import pytest
from django.conf import settings

from motcua.portal.tests.support import act, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def received(catalog, citizen, lan, monday):
    return act(submit(citizen), "accept", lan)


def test_the_qr_link_fills_in_the_code(client, received):
    page = client.get("/tra-cuu", {"code": received.code}).content.decode()
    assert f'value="{received.code}"' in page
    assert "Số điện thoại đã khai khi nộp hồ sơ" in page


def test_code_and_phone_show_the_status_in_plain_vietnamese(client, received):
    response = client.post("/tra-cuu", {"code": received.code, "phone": "0912 345 678"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Được tiếp nhận" in page
    assert "N*** V*** An" in page and "Nguyễn Văn An" not in page
    assert "Nộp hồ sơ trực tuyến" in page and "Tiếp nhận hồ sơ trực tuyến" in page


def test_a_wrong_code_and_a_wrong_phone_read_the_same(client, received):
    wrong_phone = client.post("/tra-cuu", {"code": received.code, "phone": "0900000000"})
    wrong_code = client.post(
        "/tra-cuu", {"code": "000.00.31.H99-250310-9999", "phone": "0912345678"}
    )
    assert wrong_phone.status_code == wrong_code.status_code == 404

    def body(response):
        html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", response.content.decode())
        return html.replace(received.code, "").replace("000.00.31.H99-250310-9999", "")

    assert body(wrong_phone).replace("0900000000", "") == body(wrong_code).replace("0912345678", "")


def test_lookup_is_throttled(client, received, settings):
    settings.RATELIMIT_LOOKUP = "3/m"
    for _ in range(3):
        client.post("/tra-cuu", {"code": received.code, "phone": "0900000000"})
    response = client.post("/tra-cuu", {"code": received.code, "phone": "0912345678"})
    assert response.status_code == 429
    assert "quá nhiều lần" in response.content.decode()


def test_with_htmx_only_the_answer_comes_back(client, received):
    response = client.post(
        "/tra-cuu", {"code": received.code, "phone": "0912345678"}, HTTP_HX_REQUEST="true"
    )
    answer = response.content.decode()
    assert response.status_code == 200
    assert "Được tiếp nhận" in answer and "N*** V*** An" in answer
    assert "<html" not in answer and "csrfmiddlewaretoken" not in answer


def test_with_htmx_a_miss_and_a_blank_phone_are_answered_in_place(client, received):
    miss = client.post(
        "/tra-cuu", {"code": received.code, "phone": "0900000000"}, HTTP_HX_REQUEST="true"
    )
    assert miss.status_code == 404
    assert "Không tìm thấy hồ sơ" in miss.content.decode()
    assert "<html" not in miss.content.decode()
    blank = client.post("/tra-cuu", {"code": received.code, "phone": ""}, HTTP_HX_REQUEST="true")
    assert blank.status_code == 200
    assert "Số điện thoại đã khai khi nộp hồ sơ:" in blank.content.decode()
    assert "Được tiếp nhận" not in blank.content.decode()


def test_visitors_share_a_header_a_logged_in_citizen_gets_their_own(client, received, citizen):
    for _ in range(2):  # the second visit reads the header from the cache
        visitor = client.get("/tra-cuu").content.decode()
        assert "Đăng nhập" in visitor and "Nguyễn Văn An" not in visitor
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # chosen in the header's switch
    english = client.get("/tra-cuu").content.decode()
    assert "Log in" in english and "Đăng nhập" not in english
    del client.cookies[settings.LANGUAGE_COOKIE_NAME]
    client.force_login(citizen)
    own = client.get("/tra-cuu").content.decode()
    assert "Nguyễn Văn An" in own and "Đăng xuất" in own and "Hồ sơ của tôi" in own
    assert "Đăng nhập" not in own


def test_a_lowercase_code_is_found(client, received):
    """Issue 21 (minor): codes are typed as they come; the lookup is case-blind."""
    response = client.post("/tra-cuu", {"code": received.code.lower(), "phone": "0912345678"})
    assert response.status_code == 200 and "Được tiếp nhận" in response.content.decode()


def test_the_online_reference_still_finds_the_dossier_after_acceptance(
    client, catalog, citizen, lan, monday
):
    """Issue 21 (minor): the citizen has the short online reference (DK-XXXXX-XXXXX) from
    submission; after the counter accepts it under its official code, the reference still
    answers, with the phone given, and a wrong phone still reads as not found."""
    dossier = submit(citizen)
    reference = dossier.code
    assert re.fullmatch(r"DK-[2-9A-HJ-NP-Z]{5}-[2-9A-HJ-NP-Z]{5}", reference)
    accepted = act(dossier, "accept", lan)
    assert accepted.code != reference
    found = client.post("/tra-cuu", {"code": reference.lower(), "phone": "0912345678"})
    assert accepted.code in found.content.decode()
    wrong = client.post("/tra-cuu", {"code": reference, "phone": "0900000000"})
    assert wrong.status_code == 404
