"""Đánh giá mức độ hài lòng: after the result, once per dossier, by the applicant online (page
and API) or at the counter's kiosk through a short-lived signed link."""

from __future__ import annotations

import pytest

from motcua.feedback.models import Rating
from motcua.feedback.services import kiosk_token
from motcua.portal.tests.support import act, submit, to_result

pytestmark = pytest.mark.django_db


@pytest.fixture
def returned(catalog, citizen, lan, minh, hoa, monday):
    return to_result(submit(citizen), lan, minh, hoa)


def test_a_dossier_without_result_cannot_be_rated(client, catalog, citizen, lan, monday):
    dossier = act(submit(citizen), "accept", lan)
    client.force_login(citizen)
    assert (
        "Đánh giá mức độ hài lòng"
        not in client.get(f"/ho-so-cua-toi/{dossier.code}/").content.decode()
    )
    response = client.post(f"/ho-so-cua-toi/{dossier.code}/danh-gia/", {"level": "3"})
    assert response.status_code == 409
    assert not Rating.objects.with_scopes_disabled().exists()


def test_the_applicant_rates_once_with_the_indices(client, returned, citizen, lan):
    client.force_login(citizen)
    url = f"/ho-so-cua-toi/{returned.code}/danh-gia/"
    response = client.post(url, {"level": "3", "index-1": "2", "index-7": "1", "comment": "Tốt"})
    assert response.status_code == 302
    rating = Rating.objects.with_scopes_disabled().get(dossier=returned)
    assert (rating.level, rating.channel, rating.indices) == (3, "online", {"1": 2, "7": 1})
    assert rating.officer == lan  # who returned the result
    assert rating.agency_id == returned.handling_agency_id
    again = client.post(url, {"level": "1"})
    assert again.status_code == 409 and "đã được đánh giá" in again.content.decode()
    assert "Ông/bà đã đánh giá" in client.get(f"/ho-so-cua-toi/{returned.code}/").content.decode()


def test_a_bad_level_or_index_is_refused(client, returned, citizen):
    client.force_login(citizen)
    url = f"/ho-so-cua-toi/{returned.code}/danh-gia/"
    assert client.post(url, {"level": "5"}).status_code == 400
    assert client.post(url, {"level": "2", "index-1": "7"}).status_code == 400
    assert not Rating.objects.with_scopes_disabled().exists()


def test_the_api_rates_for_the_applicant_only(client, returned, citizen, api_token, lan):
    from motcua.accounts.models import User

    other = User(username="0988111222", full_name="Phạm Thị Cúc", phone="0988111222")
    other.set_password("mat-khau-thu-nghiem-2025")
    other.save()
    url = f"/api/v1/public/dossiers/{returned.code}/rating"
    body = {"level": 2, "indices": {"3": 2}, "comment": "Ổn"}
    response = client.post(url, body, content_type="application/json", **api_token(other))
    assert response.status_code == 404
    response = client.post(url, body, content_type="application/json", **api_token(citizen))
    assert response.status_code == 201, response.content
    assert response.json()["level"] == 2 and response.json()["channel"] == "online"
    again = client.post(url, body, content_type="application/json", **api_token(citizen))
    assert again.status_code == 409 and again.json()["error"] == "already_rated"
    assert client.post(url, body, content_type="application/json").status_code == 401


def test_the_counter_opens_a_kiosk_link_and_the_citizen_taps(client, returned, lan, minh):
    client.force_login(lan)
    page = client.get(f"/office/ho-so/{returned.code}/").content.decode()
    assert "Mở màn hình đánh giá tại quầy" in page
    response = client.post(f"/office/danh-gia-tai-quay/{returned.code}/")
    assert response.status_code == 302 and response.url.startswith("/danh-gia-tai-quay/")
    kiosk = client.get(response.url).content.decode()
    assert "Rất hài lòng" in kiosk and returned.code in kiosk and "Nguyễn Thị Lan" in kiosk
    done = client.post(response.url, {"level": "3", "index-7": "2"}).content.decode()
    assert "Cảm ơn ông/bà đã đánh giá" in done
    rating = Rating.objects.with_scopes_disabled().get(dossier=returned)
    assert (rating.channel, rating.officer, rating.level) == ("kiosk", lan, 3)
    client.post(response.url, {"level": "1"})
    assert Rating.objects.with_scopes_disabled().get(dossier=returned).level == 3


def test_only_the_receiving_counter_may_open_the_kiosk(client, returned, minh, outsider):
    client.force_login(minh)
    assert client.post(f"/office/danh-gia-tai-quay/{returned.code}/").status_code == 403
    client.force_login(outsider)
    assert client.post(f"/office/danh-gia-tai-quay/{returned.code}/").status_code == 404


def test_a_kiosk_link_expires_and_cannot_be_forged(client, returned, lan, settings):
    token = kiosk_token(returned, officer=lan)
    assert client.get(f"/danh-gia-tai-quay/{token}x/").status_code == 404
    settings.KIOSK_LINK_SECONDS = 60
    import time

    import time_machine

    with time_machine.travel(time.time() + 300, tick=False):
        assert client.get(f"/danh-gia-tai-quay/{token}/").status_code == 404
