"""The supervisor's reconciliation screen: per report period, here against DVCQG."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django_scopes import scopes_disabled

from motcua import clock
from motcua.audit.models import Event
from motcua.dossiers.models import NationalCheck
from motcua.dossiers.tests.support import MONDAY, intake_body, queued_again

pytestmark = pytest.mark.django_db
URL = "/office/reports/dvcqg/"


@pytest.fixture
def three(as_user, lan, dvcqg):
    """Three dossiers received on MONDAY: DVCQG has the first as it is, the second in another
    status, not the third."""
    with clock.frozen(MONDAY):
        codes = [as_user(lan).post("/dossiers", intake_body()).json()["code"] for _ in range(3)]
    dvcqg.dossiers[codes[0]] = {"MaHoSo": codes[0], "TrangThaiHoSo": "2"}
    dvcqg.dossiers[codes[1]] = {"MaHoSo": codes[1], "TrangThaiHoSo": "4"}
    return codes


def row_of(response, code):
    return next(r for r in response.context["rows"] if r.code == code)


def test_the_supervisor_checks_a_period_and_sees_the_counts(client, giamsat, three):
    client.force_login(giamsat)

    with clock.frozen(MONDAY + timedelta(days=1)):
        posted = client.post(URL, {"period": "2025-03"})

    assert posted.status_code == 302
    page = client.get(posted["Location"])
    assert page.status_code == 200
    march = row_of(page, "2025-03")
    assert (march.here, march.checked, march.on_national) == (3, 3, 2)
    assert (march.same, march.differing, march.missing) == (1, 1, 1)
    assert row_of(page, "2025-Q1").here == 3
    assert row_of(page, "2025-04").here == 0
    assert sorted(c.dossier.code for c in page.context["listed"]) == sorted(three[1:])
    assert queued_again() == three[1:]
    assert "Đã đối chiếu" in page.content.decode()
    with scopes_disabled():
        event = Event.objects.get(action="dossier.national_reconciled")
    assert event.actor == giamsat
    assert (event.data["from"], event.data["to"]) == ("2025-02-15", "2025-03-14")


def test_before_any_check_the_periods_show_only_the_dossiers_here(client, giamsat, three):
    client.force_login(giamsat)

    page = client.get(URL, {"year": "2025"})

    march = row_of(page, "2025-03")
    assert (march.here, march.checked, march.last_checked) == (3, 0, None)
    assert NationalCheck.objects.count() == 0


@pytest.mark.parametrize("who", ["lan", "thu"])
def test_other_staff_may_neither_see_nor_run_it(client, request, who, three):
    client.force_login(request.getfixturevalue(who))

    assert client.get(URL).status_code == 403
    assert client.post(URL, {"period": "2025-03"}).status_code == 403
    assert queued_again() == []
    assert NationalCheck.objects.count() == 0


def test_a_bad_period_is_refused_in_vietnamese(client, giamsat, three):
    client.force_login(giamsat)

    response = client.post(URL, {"period": "2025-13"})

    assert response.status_code == 400
    assert "Tháng 13 không hợp lệ" in response.content.decode()
    assert queued_again() == []


def test_the_form_needs_the_csrf_token(giamsat, three):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(giamsat)

    assert strict.post(URL, {"period": "2025-03"}).status_code == 403
    assert queued_again() == []


def test_the_reports_page_links_it_for_the_supervisor_only(client, giamsat, lan):
    client.force_login(giamsat)
    assert "Đối chiếu với Cổng DVCQG" in client.get("/office/reports/").content.decode()
    client.force_login(lan)
    assert "Đối chiếu với Cổng DVCQG" not in client.get("/office/reports/").content.decode()
