"""The sync screens: a dossier's sync history; the province's backlog screen and "gửi lại"."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from motcua.audit.models import Event
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.support import intake_body
from motcua.exchange.models import Message

pytestmark = [pytest.mark.django_db]


def receive(as_user, lan) -> str:
    return as_user(lan).post("/dossiers", intake_body()).json()["code"]


def sync() -> None:
    from io import StringIO

    call_command("dvcqg_sync", stdout=StringIO(), stderr=StringIO())


def test_the_dossier_page_shows_its_sync_history(client, as_user, lan, dvcqg, monday):
    code = receive(as_user, lan)
    dvcqg.refuse[code] = "-9"
    sync()

    client.force_login(lan)
    page = client.get(f"/office/ho-so/{code}/").content.decode()

    assert "Đồng bộ Cổng DVCQG" in page
    assert "Lỗi, chờ gửi lại" in page
    assert "-9" in page


def test_the_screen_says_when_the_sync_is_off(client, as_user, lan, giamsat, monday):
    receive(as_user, lan)
    client.force_login(giamsat)

    page = client.get("/office/dong-bo-dvcqg/").content.decode()

    assert "Đồng bộ đang tắt" in page
    assert "DVCQG_URL" in page
    assert 'data-testid="pending">1<' in page


def test_the_screen_shows_failures_by_error_and_resends_them(
    client, as_user, lan, giamsat, dvcqg, monday
):
    codes = [receive(as_user, lan) for _ in range(2)]
    dvcqg.refuse[codes[0]] = "-9"
    sync()
    client.force_login(giamsat)

    page = client.get("/office/dong-bo-dvcqg/").content.decode()
    assert "Đồng bộ đang bật" in page
    assert 'data-testid="failing">1<' in page
    assert codes[0] in page

    del dvcqg.refuse[codes[0]]
    answer = client.post("/office/dong-bo-dvcqg/", {"error_code": "-9"})
    assert answer.status_code == 302
    sync()

    assert codes[0] in dvcqg.dossiers
    with scopes_disabled():
        event = Event.objects.filter(action="exchange.resent").get()
    assert event.data["dossiers"] == 1


def test_one_dossier_is_sent_again(client, as_user, lan, giamsat, dvcqg, monday):
    code = receive(as_user, lan)
    sync()
    client.force_login(giamsat)

    client.post("/office/dong-bo-dvcqg/", {"dossier": code})
    sync()

    dossier = Dossier.objects.with_scopes_disabled().get(code=code)
    assert Message.objects.filter(key=str(dossier.pk), status="sent").count() == 2
    with scopes_disabled():
        assert Event.objects.filter(action="exchange.resent", target_id=str(dossier.pk)).exists()


def test_only_the_province_sees_the_screen(client, lan, thu):
    for person in (lan, thu):
        client.force_login(person)
        assert client.get("/office/dong-bo-dvcqg/").status_code == 403
        assert client.post("/office/dong-bo-dvcqg/", {"error_code": ""}).status_code == 403


def test_the_supervisor_edits_a_mapping_on_the_screen(client, giamsat):
    from motcua.exchange import mapping

    client.force_login(giamsat)
    client.post(
        "/office/dong-bo-dvcqg/",
        {"kind": "procedure", "local_code": "1.004873", "national_code": "1.004873.H99"},
    )
    refused = client.post(
        "/office/dong-bo-dvcqg/",
        {"kind": "status", "local_code": "done", "national_code": "12"},
        follow=True,
    )

    assert "từ 1 đến 10" in refused.content.decode()
    assert mapping.national_procedure_code("1.004873") == "1.004873.H99"
    assert "1.004873.H99" in client.get("/office/dong-bo-dvcqg/").content.decode()
