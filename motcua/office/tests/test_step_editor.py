"""The step editor (quy trình nội bộ): an admin changes only the process of procedures their
agency decides, places steps only on agencies the procedure may use, and every change is
audited with the steps before and after (issue 17, finding 1)."""

from __future__ import annotations

import pytest

from motcua.accounts.services import create_staff_user
from motcua.audit.models import Event
from motcua.catalog.models import Procedure
from motcua.testing import PASSWORD

pytestmark = pytest.mark.usefixtures("no_scopes")

POLICE_PROCEDURE = "2.000488"  # decided by Công an tỉnh (000.00.07.H99)
WARD_PROCEDURE = "1.004873"  # commune level: every commune decides its own


def _url(code: str) -> str:
    return f"/office/quan-tri/thu-tuc/{code}/quy-trinh/default/"


def _form(*steps: tuple[str, str, str, str]) -> dict[str, str]:
    form = {"rows": str(len(steps))}
    for i, (name, role, hours, agency) in enumerate(steps):
        form |= {f"name_{i}": name, f"role_{i}": role, f"hours_{i}": hours, f"agency_{i}": agency}
    return form


def _steps(code: str) -> list[tuple[str, str | None]]:
    version = Procedure.objects.get(code=code).current_version
    return [
        (s.name, s.agency.code if s.agency_id else None)
        for s in version.cases.get(code="default").steps.select_related("agency")
    ]


@pytest.fixture
def police_admin(catalog):
    return create_staff_user(
        "qtca", agency=catalog["000.00.07.H99"], role="admin", password=PASSWORD
    )


@pytest.fixture
def province_admin(catalog):
    return create_staff_user(
        "qttinh", agency=catalog["000.00.00.H99"], role="admin", password=PASSWORD
    )


def test_a_ward_admin_cannot_open_or_rewrite_the_polices_process(client, thu):
    before = _steps(POLICE_PROCEDURE)
    client.force_login(thu)
    assert client.get(_url(POLICE_PROCEDURE)).status_code == 404
    response = client.post(
        _url(POLICE_PROCEDURE),
        _form(("Tiếp nhận", "counter", "4", "000.00.31.H99"), ("Xử lý", "leader", "4", "")),
    )
    assert response.status_code == 404
    assert _steps(POLICE_PROCEDURE) == before
    assert not Event.objects.filter(action="catalog.steps_revised").exists()


def test_a_ward_admin_cannot_rewrite_the_process_every_commune_shares(client, thu):
    client.force_login(thu)
    response = client.post(_url(WARD_PROCEDURE), _form(("Tiếp nhận", "counter", "4", "")))
    assert response.status_code == 404
    assert Procedure.objects.get(code=WARD_PROCEDURE).current_version.number == 1


def test_the_procedure_list_shows_only_what_the_admin_governs(client, thu, police_admin):
    client.force_login(police_admin)
    page = client.get("/office/quan-tri/thu-tuc/").content.decode()
    assert POLICE_PROCEDURE in page
    assert WARD_PROCEDURE not in page
    client.force_login(thu)
    assert POLICE_PROCEDURE not in client.get("/office/quan-tri/thu-tuc/").content.decode()


def test_the_polices_admin_cannot_put_a_step_on_a_ward(client, police_admin):
    before = _steps(POLICE_PROCEDURE)
    client.force_login(police_admin)
    response = client.post(
        _url(POLICE_PROCEDURE),
        _form(("Tiếp nhận", "counter", "4", ""), ("Xác minh", "specialist", "4", "000.00.31.H99")),
    )
    assert response.status_code == 400
    assert "không được giao cho cơ quan 000.00.31.H99" in response.content.decode()
    assert _steps(POLICE_PROCEDURE) == before


def test_a_shared_commune_process_never_names_one_commune(client, province_admin):
    client.force_login(province_admin)
    response = client.post(
        _url(WARD_PROCEDURE),
        _form(("Tiếp nhận", "counter", "4", ""), ("Thẩm định", "specialist", "4", "000.00.33.H99")),
    )
    assert response.status_code == 400
    assert Procedure.objects.get(code=WARD_PROCEDURE).current_version.number == 1


def test_every_process_change_is_audited_with_the_steps_before_and_after(client, police_admin):
    client.force_login(police_admin)
    old = _steps(POLICE_PROCEDURE)
    response = client.post(
        _url(POLICE_PROCEDURE),
        _form(("Tiếp nhận", "counter", "4", ""), ("Xác minh", "specialist", "8", "000.00.07.H99")),
    )
    assert response.status_code == 302
    assert _steps(POLICE_PROCEDURE) == [("Tiếp nhận", None), ("Xác minh", "000.00.07.H99")]
    event = Event.objects.get(action="catalog.steps_revised")
    assert event.actor == police_admin
    assert [(s["name"], s["agency"]) for s in event.before["steps"]] == old
    assert [(s["name"], s["agency"], s["hours"]) for s in event.after["steps"]] == [
        ("Tiếp nhận", None, "4.00"),
        ("Xác minh", "000.00.07.H99", "8.00"),
    ]
    assert (event.before["version"], event.after["version"]) == (1, 2)
