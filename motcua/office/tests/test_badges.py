"""Staff badges (issue 21 item 7): the bell and the worklist tabs count new work, returned
supplements, results to hand back and what is due today; and "due soon" includes a dossier
due later today when the list is opened before office hours (issue 21, minor)."""

from __future__ import annotations

from datetime import datetime

import pytest
from django_scopes import scope, scopes_disabled

from motcua import clock
from motcua.dossiers import queries
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import actions
from motcua.dossiers.services.intake import receive_dossier
from motcua.dossiers.tests.support import intake_body

pytestmark = pytest.mark.django_db


def act(dossier, action, user, **body):
    with scopes_disabled():
        fresh = Dossier.objects.get(pk=dossier.pk)
    return actions.perform(fresh, action, actor=user, body=body)


def received(lan):
    body = intake_body()
    body.pop("channel")
    return receive_dossier(actor=lan, **body)


def badges(user):
    with scope(agencies=[user.agency_id]):
        return queries.staff_badges(user)


def test_the_badges_count_work_supplements_and_results(lan, minh, hoa, monday):
    first, second, third = received(lan), received(lan), received(lan)
    for dossier in (first, second, third):
        act(dossier, "transfer", lan, to_user="minh")
    assert badges(minh)["mine"] == 3 and badges(minh)["supplemented"] == 0
    act(first, "request_supplement", minh, reason="Thiếu giấy tờ")
    act(first, "supplement_received", lan)
    act(second, "transfer", minh)
    act(second, "approve", hoa)
    mine = badges(minh)
    assert (mine["mine"], mine["supplemented"]) == (2, 1)
    counter = badges(lan)
    assert counter["to_return"] == 1 and counter["total"] == counter["mine"] + 1


def test_the_tabs_and_the_bell_show_the_counts(client, lan, minh, monday):
    act(received(lan), "transfer", lan, to_user="minh")
    client.force_login(minh)
    page = client.get("/office/ho-so/?view=mine").content.decode()
    assert 'Hồ sơ của tôi <span class="count">1</span>' in page
    assert "Hồ sơ chờ tôi xử lý: <strong>1</strong>" in page
    assert 'class="bell"' in page


def test_due_later_today_is_due_soon_before_office_hours(lan, minh, monday):
    """Before opening, one working day from now ends at today's closing time: a dossier due
    then is due soon (the limit counts), and due today."""
    dossier = act(received(lan), "transfer", lan, to_user="minh")
    early = datetime(2025, 3, 11, 6, 30, tzinfo=clock.VN)  # Tuesday, before office hours
    limit = queries.due_soon_limit(minh, early)
    assert clock.local(limit).date() == early.date()
    with scopes_disabled():
        Dossier.objects.filter(pk=dossier.pk).update(due_at=limit)
    with clock.frozen(early), scope(agencies=[minh.agency_id]):
        soon = queries.worklist(minh, view="due_soon")
        assert dossier.pk in set(soon.values_list("pk", flat=True))
        assert queries.staff_badges(minh)["due_today"] == 1


def test_the_online_waiting_list_shows_each_ones_wait_and_marks_old_ones(
    client, lan, citizen, catalog, monday
):
    """Issue 21 (minor): age in working hours; past one working day it is marked."""
    from datetime import timedelta

    from motcua.dossiers.services.intake import submit_online

    def submit(citizen):
        body = intake_body()
        del body["channel"]
        return submit_online(actor=citizen, agency="000.00.31.H99", **body)

    with clock.frozen(monday - timedelta(days=4)):  # Thursday 09:00
        old = submit(citizen)
    fresh_one = submit(citizen)
    client.force_login(lan)
    page = client.get("/office/quay/truc-tuyen/").content.decode()
    assert "0 giờ làm việc" in page and "Quá 1 ngày làm việc" in page
    row = page.split(old.code)[0].rsplit("<tr", 1)[1]
    assert 'class="standing-overdue"' in row
    assert 'class="standing-overdue"' not in page.split(fresh_one.code)[0].rsplit("<tr", 1)[1]
    assert client.get("/office/").status_code == 302  # the badges add nothing to break
