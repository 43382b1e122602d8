"""Bảng mã liên thông DVCQG: defaults, versions, reverse look-ups, bad input, who may edit."""

from __future__ import annotations

import pytest

from motcua.audit.models import Event
from motcua.errors import PermissionDenied, ValidationFailed
from motcua.exchange import mapping
from motcua.exchange.models import Mapping
from motcua.testing import PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_scopes")]


def test_without_rows_codes_are_the_same(agency_a):
    assert mapping.national_procedure_code("1.001193") == "1.001193"
    assert mapping.local_procedure_code("1.001193") == "1.001193"
    assert mapping.national_unit_code(agency_a) == "000.00.31.H99"
    assert mapping.local_agency_code("000.00.31.H99") == "000.00.31.H99"


def test_a_status_is_sent_as_its_national_code_by_default(db):
    assert mapping.national_status("in_progress") == "4"
    assert mapping.national_status("refused") == "9"
    assert mapping.national_status("returned") == "10"
    assert mapping.national_status(6) == "6"


def test_a_change_makes_a_new_current_version_and_keeps_the_old(giamsat, agency_a):
    first = mapping.change_mapping("procedure", "1.001193", "1.001193.H99", actor=giamsat)
    second = mapping.change_mapping("procedure", "1.001193", "2.000986", actor=giamsat)

    assert (first.version, second.version) == (1, 2)
    assert second.changed_by == giamsat
    assert mapping.national_procedure_code("1.001193") == "2.000986"
    assert mapping.local_procedure_code("2.000986") == "1.001193"
    # the old national code no longer points to the procedure
    assert mapping.local_procedure_code("1.001193.H99") == "1.001193.H99"
    assert [m.national_code for m in mapping.history("procedure", "1.001193")] == [
        "2.000986",
        "1.001193.H99",
    ]
    event = Event.objects.filter(action="exchange.mapping_changed").latest("id")
    assert event.before == {"national_code": "1.001193.H99", "version": 1}
    assert event.after["national_code"] == "2.000986"


def test_agency_and_status_mappings(giamsat, agency_a):
    mapping.change_mapping("agency", agency_a.code, "H99.31", actor=giamsat)
    mapping.change_mapping("status", "refused", "3", actor=giamsat)

    assert mapping.national_unit_code(agency_a) == "H99.31"
    assert mapping.local_agency_code("H99.31") == agency_a.code
    assert mapping.national_status("refused") == "3"
    assert mapping.national_status("done") == "9"


def test_the_batch_snapshot_answers_as_the_functions_do(giamsat, agency_a, agency_b):
    mapping.change_mapping("procedure", "1.001193", "X1", actor=giamsat)
    mapping.change_mapping("procedure", "1.001193", "X2", actor=giamsat)
    mapping.change_mapping("agency", agency_b.code, "H99.33", actor=giamsat)
    mapping.change_mapping("status", "returned", "9", actor=giamsat)

    current = mapping.current()

    assert current.procedure("1.001193") == "X2"
    assert current.procedure("2.000001") == "2.000001"
    assert current.unit(agency_a) == agency_a.code
    assert current.unit(agency_b) == "H99.33"
    assert current.status("returned") == "9"
    assert current.status("in_progress") == "4"


@pytest.mark.parametrize(
    ("kind", "local", "national", "field"),
    [
        ("status", "in_progress", "11", "national_code"),
        ("status", "sleeping", "4", "local_code"),
        ("procedure", "", "1.2", "local_code"),
        ("procedure", "1.001193", "mã có dấu", "national_code"),
        ("agency", "000.00.31.H99", "x" * 65, "national_code"),
    ],
)
def test_bad_mappings_are_refused_and_nothing_is_written(giamsat, kind, local, national, field):
    with pytest.raises(ValidationFailed) as refused:
        mapping.change_mapping(kind, local, national, actor=giamsat)

    assert field in refused.value.details
    assert not Mapping.objects.exists()
    assert not Event.objects.filter(action="exchange.mapping_changed").exists()


def test_an_unknown_kind_is_refused(giamsat):
    with pytest.raises(ValidationFailed, match="Loại mã"):
        mapping.change_mapping("fee", "a", "b", actor=giamsat)


def test_only_the_province_may_change_mappings(lan, thu, giamsat, catalog):
    from motcua.accounts.services import create_staff_user

    for stranger in (lan, thu):  # a counter officer; the admin of a commune
        with pytest.raises(PermissionDenied):
            mapping.change_mapping("procedure", "1.001193", "X", actor=stranger)
    province_admin = create_staff_user(
        "tinh", agency=catalog["000.00.00.H99"], role="admin", password=PASSWORD
    )
    assert mapping.change_mapping("procedure", "1.001193", "X", actor=province_admin).version == 1


def test_the_admin_screen_adds_a_version(client, giamsat):
    from django.contrib.auth import get_user_model

    root = get_user_model().objects.create_superuser("root", password="x")
    client.force_login(root)
    for national in ("N1", "N2"):
        answer = client.post(
            "/admin/exchange/mapping/add/",
            {"kind": "procedure", "local_code": "1.001193", "national_code": national},
        )
        assert answer.status_code == 302
    refused = client.post(
        "/admin/exchange/mapping/add/",
        {"kind": "status", "local_code": "done", "national_code": "12"},
    )

    assert refused.status_code == 200
    assert "từ 1 đến 10" in refused.content.decode()
    assert list(Mapping.objects.values_list("version", "national_code")) == [(2, "N2"), (1, "N1")]
