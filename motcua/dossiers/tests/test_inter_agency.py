"""Inter-agency (liên thông) and boundary-free (phi địa giới) handling (R1.17–R1.19, R11.3–4)."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from motcua.accounts.services import create_staff_user
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.support import intake_body
from motcua.testing import PASSWORD

pytestmark = pytest.mark.django_db


def staff(username, agency, role):
    return create_staff_user(username, agency=agency, role=role, password=PASSWORD)


def test_a_boundary_free_dossier_keeps_the_receiving_code_and_returns_through_it(
    as_user, lan, catalog, monday
):
    """Received in phường Minh Sơn for a citizen of xã Tân Lập: A's code, B decides, A returns."""
    tan_lap = catalog["000.00.33.H99"]
    nga, son = staff("nga", tan_lap, "specialist"), staff("son", tan_lap, "leader")
    counter = as_user(lan)
    body = intake_body(procedure="1.004873", handling_agency="000.00.33.H99")
    created = counter.post("/dossiers", body).json()
    code = created["code"]
    assert code.startswith("000.00.31.H99-")
    assert (created["handling_agency"], created["boundary_free"]) == ("000.00.33.H99", True)
    counter.act(code, "transfer")
    specialist_b, leader_b = as_user(nga), as_user(son)
    assert [d["code"] for d in specialist_b.get("/dossiers", {"view": "mine"}).json()["items"]] == [
        code
    ]
    specialist_b.act(code, "transfer")
    done = leader_b.act(code, "approve").json()
    assert (done["status_code"], done["current_agency"]) == (9, "000.00.31.H99")
    assert leader_b.act(code, "return_result").status_code == 403  # only the receiving unit
    assert counter.act(code, "return_result").json()["status_code"] == 10


def test_a_commune_procedure_that_is_not_boundary_free_stays_home(as_user, lan, catalog, monday):
    body = intake_body(
        procedure="2.000942",
        handling_agency="000.00.33.H99",
        components=[{"code": "hop_dong", "originals": 1}],
    )
    response = as_user(lan).post("/dossiers", body)
    assert response.status_code == 400
    assert "địa giới" in response.json()["message"]


def test_a_province_procedure_goes_from_the_centre_to_the_department_and_back(
    as_user, catalog, monday
):
    centre, police = catalog["000.00.01.H99"], catalog["000.00.07.H99"]
    mai = staff("mai", centre, "counter")
    hai, quang = staff("hai", police, "specialist"), staff("quang", police, "leader")
    counter = as_user(mai)
    body = intake_body(
        procedure="1.002809",
        components=[{"code": "don_doi_gplx", "originals": 1}, {"code": "gplx_cu", "originals": 1}],
    )
    created = counter.post("/dossiers", body).json()
    assert (created["agency"], created["handling_agency"], created["boundary_free"]) == (
        "000.00.01.H99",
        "000.00.07.H99",
        False,
    )
    code = created["code"]
    assert counter.act(code, "transfer").json()["current_agency"] == "000.00.07.H99"
    as_user(hai).act(code, "transfer")
    assert as_user(quang).act(code, "approve").json()["current_agency"] == "000.00.01.H99"
    assert counter.act(code, "return_result").json()["status_code"] == 10


def test_a_specialist_consults_another_agency_which_sends_the_dossier_back(
    as_user, lan, minh, hoa, catalog, monday
):
    tan_lap = catalog["000.00.33.H99"]
    nga = staff("nga", tan_lap, "specialist")
    counter, specialist = as_user(lan), as_user(minh)
    code = counter.post("/dossiers", intake_body()).json()["code"]
    counter.act(code, "transfer")
    consulted = specialist.act(code, "transfer", to_agency="000.00.33.H99", hours=8).json()
    assert (consulted["current_agency"], consulted["current_step"]) == ("000.00.33.H99", 3)
    other = as_user(nga)
    assert [d["code"] for d in other.get("/dossiers").json()["items"]] == [code]
    back = other.act(code, "transfer").json()
    assert (back["current_agency"], back["current_step"]) == ("000.00.31.H99", 4)
    steps = counter.get(f"/dossiers/{code}").json()["steps"]
    assert [s["role"] for s in steps] == [
        "counter",
        "specialist",
        "specialist",
        "leader",
        "counter_return",
    ]
    assert steps[2]["agency"] == "000.00.33.H99"
    assert as_user(hoa).act(code, "approve").json()["status_code"] == 9
    # The consulted agency keeps seeing the dossier it worked on.
    assert other.get(f"/dossiers/{code}").status_code == 200


def test_parallel_steps_wait_for_every_agency(as_user, lan, minh, hoa, catalog, monday):
    """Electronic liên thông (R1.18): steps of one parallel group run side by side."""
    from motcua.catalog.models import Procedure, StepDefinition

    tan_lap, phu_hoa = catalog["000.00.33.H99"], catalog["000.00.34.H99"]
    nga, binh = staff("nga", tan_lap, "specialist"), staff("binh", phu_hoa, "specialist")
    case = Procedure.objects.get(code="1.004873").current_version.cases.get()
    _counter_step, specialist_step, leader_step, return_step = case.steps.order_by("order")
    # Re-shape: counter, [specialist of Tân Lập ‖ specialist of Phú Hòa], leader, return.
    for step, order in ((return_step, 5), (leader_step, 4)):
        step.order = order
        step.save()
    specialist_step.agency, specialist_step.parallel_group = tan_lap, 1
    specialist_step.save()
    StepDefinition.objects.create(
        case=case,
        order=3,
        name="Ý kiến của xã Phú Hòa",
        role="specialist",
        hours=8,
        agency=phu_hoa,
        parallel_group=1,
    )
    counter = as_user(lan)
    code = counter.post("/dossiers", intake_body()).json()["code"]
    counter.act(code, "transfer")
    with scopes_disabled():
        active = set(
            Dossier.objects.get(code=code)
            .steps.filter(state="active")
            .values_list("agency__code", flat=True)
        )
    assert active == {"000.00.33.H99", "000.00.34.H99"}
    assert [
        d["code"] for d in as_user(binh).get("/dossiers", {"view": "mine"}).json()["items"]
    ] == [code]
    as_user(nga).act(code, "transfer")
    assert counter.get(f"/dossiers/{code}").json()["current_agency"] == "000.00.34.H99"
    after_both = as_user(binh).act(code, "transfer").json()
    assert after_both["current_step"] == 4  # the leader's step, back home
    assert after_both["current_agency"] == "000.00.31.H99"
