"""The public catalogue: every published procedure with its cases, papers, steps, limits and
fees; diacritic-insensitive search; HTTP caching from the catalogue's last change."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from motcua.catalog.models import Component, Procedure
from motcua.catalog.queries import forget_stamp

pytestmark = pytest.mark.django_db


def test_the_catalogue_lists_published_procedures(client, catalog):
    page = client.get("/thu-tuc/").content.decode()
    assert "Đăng ký khai sinh" in page
    assert "Trực tuyến toàn trình" in page
    assert "Tìm thấy 29 thủ tục" in page


def test_search_ignores_diacritics_and_case(client, catalog):
    page = client.get("/thu-tuc/", {"q": "DANG KY KET HON"}).content.decode()
    assert "Đăng ký kết hôn" in page
    assert "Đăng ký khai sinh" not in page
    page = client.get("/thu-tuc/", {"q": "lý lịch tư pháp"}).content.decode()
    assert "Cấp Phiếu lý lịch tư pháp" in page


def test_filters_by_field_level_and_online(client, catalog):
    page = client.get("/thu-tuc/", {"field": "CA-LLTP"}).content.decode()
    assert "Cấp Phiếu lý lịch tư pháp" in page and "Đăng ký khai sinh" not in page
    page = client.get("/thu-tuc/", {"level": "province"}).content.decode()
    assert "Đổi giấy phép lái xe" in page and "Đăng ký khai sinh" not in page
    page = client.get("/thu-tuc/", {"online": "none"}).content.decode()
    assert "Chứng thực chữ ký" in page and "Đăng ký khai sinh" not in page


def test_htmx_gets_only_the_results(client, catalog):
    response = client.get("/thu-tuc/", {"q": "khai tu"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Đăng ký khai tử" in html
    assert "<html" not in html


def test_a_procedure_page_shows_everything_a_citizen_needs(client, catalog):
    page = client.get("/thu-tuc/1.001193/").content.decode()
    for expected in (
        "Đăng ký khai sinh đúng hạn",  # a case
        "Tờ khai đăng ký khai sinh",  # a component with its form name
        "Thẩm định hồ sơ, dự thảo kết quả",  # a step
        "Trong ngày",  # time limit
        "8.000 đ",  # fee of the late case
        "Luật Hộ tịch số 60/2014/QH13",  # legal basis
        "Ủy ban nhân dân phường Minh Sơn",  # where to submit
        "Dịch vụ công trực tuyến toàn trình",
        "Nộp hồ sơ trực tuyến",
    ):
        assert expected in page, expected


def test_an_unknown_or_unpublished_procedure_is_404(client, catalog):
    assert client.get("/thu-tuc/9.999999/").status_code == 404
    Procedure.objects.filter(code="1.001193").update(published=False)
    forget_stamp()
    assert client.get("/thu-tuc/1.001193/").status_code == 404


def test_a_blank_form_file_can_be_downloaded_from_the_procedure_page(
    client, catalog, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    component = Component.objects.filter(
        case__version__procedure__code="1.001193", code="to_khai_ks"
    ).get()
    component.form_file.save("to-khai-khai-sinh.pdf", ContentFile(b"%PDF-1.4 mau"), save=True)
    forget_stamp()
    # The stamp keys the page cache; a new upload is seen once the cached fragment expires.
    from django.core.cache import cache

    cache.clear()
    page = client.get("/thu-tuc/1.001193/").content.decode()
    link = "/thu-tuc/1.001193/mau/to_khai_ks/"
    assert link in page
    response = client.get(link)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 mau"
    assert "attachment" in response["Content-Disposition"]
    assert client.get("/thu-tuc/1.001193/mau/giay_chung_sinh/").status_code == 404


def test_pages_carry_validators_and_a_public_cache_control(client, catalog):
    response = client.get("/thu-tuc/")
    assert response.status_code == 200
    assert response["ETag"]
    assert response["Last-Modified"]
    assert "public" in response["Cache-Control"] and "max-age=300" in response["Cache-Control"]
    again = client.get("/thu-tuc/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert again.content == b""


def test_a_catalogue_change_changes_the_etag(client, catalog):
    from motcua.catalog.importing import DEFAULT_CATALOG, import_catalog, load_file

    first = client.get("/thu-tuc/")["ETag"]
    data = load_file(DEFAULT_CATALOG)
    data["procedures"][0]["applicants"] = "Công dân Việt Nam (đã sửa)"
    import_catalog(data)
    forget_stamp()
    second = client.get("/thu-tuc/", HTTP_IF_NONE_MATCH=first)
    assert second.status_code == 200
    assert second["ETag"] != first


def test_a_logged_in_person_gets_a_private_page(client, catalog, citizen):
    client.force_login(citizen)
    response = client.get("/thu-tuc/")
    assert "private" in response["Cache-Control"]
    assert "Nguyễn Văn An" in response.content.decode()


def test_the_public_pages_carry_no_form_token_for_visitors(client, catalog):
    assert b"csrfmiddlewaretoken" not in client.get("/thu-tuc/").content
    assert "csrftoken" not in client.get("/thu-tuc/1.001193/").cookies


def test_the_language_link_switches_to_english_and_back(client, catalog):
    response = client.get("/ngon-ngu/en/", {"next": "/thu-tuc/"})
    assert response.status_code == 302 and response.url == "/thu-tuc/"
    assert response.cookies["django_language"].value == "en"
    assert client.get("/ngon-ngu/xx/").status_code == 404
    assert client.get("/ngon-ngu/vi/", {"next": "https://evil.example/"}).url == "/thu-tuc/"


def test_the_home_page_links_to_the_portal(client, catalog):
    page = client.get("/").content.decode()
    for url in ("/thu-tuc/", "/nop-ho-so/", "/tra-cuu", "/phan-anh-kien-nghi/"):
        assert f'href="{url}"' in page


def test_visitors_without_a_session_share_one_cached_page(
    client, catalog, django_assert_num_queries
):
    first = client.get("/thu-tuc/", {"q": "khai tu"}).content
    with django_assert_num_queries(0):
        again = client.get("/thu-tuc/", {"q": "khai tu"})
    assert again.content == first and again.status_code == 200
    assert "public" in again["Cache-Control"] and again["ETag"]
