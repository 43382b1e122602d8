"""Worklists (mine, unit, overdue, due soon; search with or without diacritics) and the public
lookup (same 404 for a wrong code or phone, masked name, rate limit)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from motcua import clock
from motcua.dossiers.tests.support import MONDAY, intake_body

pytestmark = pytest.mark.django_db


def codes(response):
    assert response.status_code == 200, response.content
    return [d["code"] for d in response.json()["items"]]


@pytest.fixture
def three(as_user, lan, monday):
    counter = as_user(lan)
    people = [
        ("Nguyễn Thị Hường", "0912000001"),
        ("Trần Đức Thắng", "0912000002"),
        ("Lê Văn Quý", "0987000003"),
    ]
    made = []
    for name, phone in people:
        body = intake_body(applicant={"name": name, "phone": phone})
        made.append(counter.post("/dossiers", body).json()["code"])
    return counter, made


def test_the_unit_list_is_newest_first(three):
    counter, made = three
    assert codes(counter.get("/dossiers")) == list(reversed(made))


@pytest.mark.parametrize(
    ("q", "index"),
    [("huong", 0), ("HƯỜNG", 0), ("Hường", 0), ("thang", 1), ("0987000003", 2), ("-0002", 1)],
)
def test_search_finds_names_with_or_without_diacritics_phones_and_codes(three, q, index):
    counter, made = three
    assert codes(counter.get("/dossiers", {"q": q})) == [made[index]]


def test_mine_follows_the_step_and_its_assignee(three, as_user, minh):
    counter, made = three
    counter.act(made[0], "transfer", to_user="minh")
    counter.act(made[1], "transfer")  # unassigned: waits for any specialist of the unit
    assert codes(as_user(minh).get("/dossiers", {"assigned": "me"})) == [made[1], made[0]]
    assert codes(counter.get("/dossiers", {"view": "mine"})) == [made[2]]


def test_mine_is_paged_from_the_steps_side_and_filtered_by_chunks(three, monkeypatch):
    counter, made = three  # all three wait at lan's counter step
    monkeypatch.setattr("motcua.api.routers.dossiers.PAGE_SIZE", 2)
    monkeypatch.setattr("motcua.dossiers.queries.CHUNK", 1)  # filters checked one id at a time
    first = counter.get("/dossiers", {"view": "mine"}).json()
    second = counter.get("/dossiers", {"view": "mine", "page": 2}).json()
    assert ([d["code"] for d in first["items"]], first["has_next"]) == ([made[2], made[1]], True)
    assert ([d["code"] for d in second["items"]], second["has_next"]) == ([made[0]], False)
    assert codes(counter.get("/dossiers", {"view": "mine", "q": "huong"})) == [made[0]]
    assert codes(counter.get("/dossiers", {"view": "mine", "q": "nobody"})) == []
    by_status = counter.get("/dossiers", {"view": "mine", "status": "2", "page": 2}).json()
    assert [d["code"] for d in by_status["items"]] == [made[0]]


def test_a_dossier_with_two_of_my_steps_is_listed_once(three, lan):
    from motcua.dossiers import queries
    from motcua.dossiers.models import Dossier, ProcessStep, StepState

    _, made = three
    dossier = Dossier.objects.with_scopes_disabled().get(code=made[1])
    ProcessStep.objects.filter(dossier=dossier).exclude(pk=dossier.current_step_id).filter(
        order=dossier.current_step.order + 1
    ).update(state=StepState.ACTIVE, assignee=lan)  # a parallel step, also lan's
    ids = [d.pk for d in Dossier.objects.with_scopes_disabled().filter(code__in=made)]
    assert queries.my_dossier_ids(lan) == sorted(ids, reverse=True)
    assert queries.my_dossier_ids(lan, 2) == sorted(ids, reverse=True)[:2]


@pytest.mark.parametrize("view", ["unit", "mine", "overdue", "due_soon", "all"])
def test_no_view_shows_another_agencys_dossiers(three, as_user, outsider, view):
    elsewhere = as_user(outsider)
    assert codes(elsewhere.get("/dossiers", {"view": view})) == []
    own = codes(three[0].get("/dossiers", {"view": view}))
    assert set(own) <= set(three[1])


def test_overdue_and_due_soon(three):
    counter, _ = three
    # Due Thursday 13/03 09:00. On Wednesday 10:00 all three are due within one working day.
    with clock.frozen(MONDAY + timedelta(days=2, hours=1)):
        assert len(codes(counter.get("/dossiers", {"view": "due_soon"}))) == 3
        assert codes(counter.get("/dossiers", {"view": "overdue"})) == []
    with clock.frozen(MONDAY + timedelta(days=3, hours=1)):
        assert len(codes(counter.get("/dossiers", {"view": "overdue"}))) == 3
        assert len(codes(counter.get("/dossiers", {"overdue": "true"}))) == 3


def test_the_worklist_costs_the_same_queries_for_one_or_many_dossiers(as_user, lan, monday):
    counter = as_user(lan)
    counter.post("/dossiers", intake_body())
    with CaptureQueriesContext(connection) as one:
        counter.get("/dossiers")
    for _ in range(5):
        counter.post("/dossiers", intake_body())
    with CaptureQueriesContext(connection) as six:
        assert len(codes(counter.get("/dossiers"))) == 6
    assert len(six) == len(one)


def test_pages_follow_each_other_and_say_whether_more_come(three, monkeypatch):
    counter, made = three
    monkeypatch.setattr("motcua.api.routers.dossiers.PAGE_SIZE", 2)
    first = counter.get("/dossiers").json()
    second = counter.get("/dossiers", {"page": 2}).json()
    assert ([d["code"] for d in first["items"]], first["page"], first["has_next"]) == (
        [made[2], made[1]],
        1,
        True,
    )
    assert ([d["code"] for d in second["items"]], second["has_next"]) == ([made[0]], False)
    assert counter.get("/dossiers", {"page": 0}).status_code == 400


def test_lookup_shows_status_and_history_with_a_masked_name(client, three):
    _, made = three
    response = client.get("/api/v1/public/lookup", {"code": made[0], "phone": "0912 000 001"})
    assert response.status_code == 200
    body = response.json()
    assert body["applicant"] == "N*** T*** Hường"
    assert (body["status_code"], body["status"]) == (2, "Được tiếp nhận")
    assert [h["text"] for h in body["history"]] == ["Tiếp nhận hồ sơ"]
    assert "0912000001" not in response.content.decode()


def test_lookup_answers_the_same_for_a_wrong_code_and_a_wrong_phone(client, three):
    _, made = three
    wrong_phone = client.get("/api/v1/public/lookup", {"code": made[0], "phone": "0912000002"})
    wrong_code = client.get("/api/v1/public/lookup", {"code": made[0] + "9", "phone": "0912000001"})
    assert wrong_phone.status_code == wrong_code.status_code == 404
    assert wrong_phone.content == wrong_code.content


def test_lookup_is_rate_limited(client, three, settings):
    settings.RATELIMIT_PUBLIC = "5/m"
    _, made = three
    statuses = [
        client.get("/api/v1/public/lookup", {"code": made[0], "phone": "0"}).status_code
        for _ in range(7)
    ]
    assert statuses[:5] == [404] * 5
    assert statuses[5:] == [429, 429]


def test_a_wrong_phone_reads_no_more_than_an_unknown_code(three):
    """Constant work (issue 17, finding 10): the phone is part of the one query, so a known
    code with a wrong phone brings nothing back from the database, like an unknown code."""
    from motcua.dossiers.lookup import _rows

    _, made = three
    assert _rows(made[0], "0912000001")
    assert _rows(made[0], "0999999999") == []
    assert _rows("000.00.31.H99-250310-9999", "0912000001") == []


@pytest.mark.parametrize(
    ("short", "long"),
    [("Ngô Thị An", "Nguyễn Thị An"), ("Lê Văn An", "Lưu Văn An"), ("Na", "Nguyễn")],
)
def test_the_masked_name_tells_nothing_of_the_hidden_words_lengths(short, long):
    from motcua.text import mask_name

    assert mask_name(short) == mask_name(long)
