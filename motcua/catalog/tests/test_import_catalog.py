"""import_catalog: good input loads everything once; bad input loads nothing and says where."""

from __future__ import annotations

import copy
import json

import pytest
from django.core.management import CommandError, call_command

from motcua.agencies.models import Agency
from motcua.catalog.importing import DEFAULT_CATALOG, CatalogError, import_catalog, load_file
from motcua.catalog.models import Field, Procedure, ProcedureVersion, StepDefinition

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_catalog")]


@pytest.fixture
def data():
    return load_file(DEFAULT_CATALOG)


def counts():
    return (
        Agency.objects.count(),
        Field.objects.count(),
        Procedure.objects.count(),
        ProcedureVersion.objects.count(),
    )


def test_the_demo_catalog_loads_every_agency_field_and_procedure(data):
    result = import_catalog(data)
    assert result.agencies["created"] == len(data["agencies"]) == Agency.objects.count()
    assert Field.objects.count() == len(data["fields"])
    assert Procedure.objects.count() == len(data["procedures"])
    birth = Procedure.objects.get(code="1.001193")
    assert birth.current_version.cases.count() == 3
    case = birth.current_version.cases.get(code="dung_han")
    assert list(case.steps.values_list("role", flat=True)) == [
        "counter",
        "specialist",
        "leader",
        "counter_return",
    ]
    assert str(case.same_day_cutoff) == "15:00:00"


def test_the_agency_tree_keeps_paths_for_subtree_queries(data):
    import_catalog(data)
    province = Agency.objects.get(code="000.00.00.H99")
    commune = Agency.objects.get(code="000.00.33.H99")
    assert commune.path == "000.00.00.H99/000.00.33.H99"
    assert province.subtree().count() == len(data["agencies"])
    assert list(commune.subtree()) == [commune]


def test_reimporting_the_same_file_changes_nothing(data):
    import_catalog(data)
    before = counts()
    result = import_catalog(data)
    assert counts() == before
    assert result.procedures == {
        "created": 0,
        "new_version": 0,
        "unchanged": len(data["procedures"]),
    }
    assert result.agencies == {"created": 0, "updated": 0}


def test_a_changed_procedure_gets_a_new_version_and_keeps_the_old_one(data):
    import_catalog(data)
    old = Procedure.objects.get(code="1.001193").current_version
    changed = copy.deepcopy(data)
    changed["procedures"][0]["cases"][2]["time_limit"]["amount"] = 4
    changed["procedures"][0]["cases"][2]["steps"][1]["hours"] = 12
    result = import_catalog(changed)
    assert result.procedures["new_version"] == 1
    new = Procedure.objects.get(code="1.001193").current_version
    assert new.number == old.number + 1
    assert old.cases.get(code="lien_thong_thuong_tru_bhyt").limit_amount == 3
    assert new.cases.get(code="lien_thong_thuong_tru_bhyt").limit_amount == 4


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (lambda d: d["agencies"][3].update(parent="000.00.77.H99"), "000.00.77.H99 không tồn tại"),
        (lambda d: d["agencies"][2].update(code="00.00.03.H99"), "không đúng dạng"),
        (lambda d: d["agencies"][4].update(level="district-x"), "'level'"),
        (lambda d: d["procedures"][5].update(field="KHONG-CO"), "lĩnh vực KHONG-CO không tồn tại"),
        (lambda d: d["procedures"][1].update(code="1.00068"), "mã thủ tục không đúng dạng"),
        (
            lambda d: d["procedures"][2]["cases"][0]["time_limit"].update(unit="tuần"),
            "time_limit.unit",
        ),
        (lambda d: d["procedures"][3]["cases"][0]["steps"][0].update(hours=400), "vượt thời hạn"),
        (lambda d: d["procedures"][4].update(cases=[]), "ít nhất một trường hợp"),
        (lambda d: d["procedures"][6].pop("name"), "thiếu trường bắt buộc 'name'"),
    ],
)
def test_bad_records_stop_the_import_naming_the_record_and_load_nothing(data, mutate, expected):
    bad = copy.deepcopy(data)
    mutate(bad)
    with pytest.raises(CatalogError) as caught:
        import_catalog(bad)
    assert expected in caught.value.message
    assert caught.value.message.startswith(("agencies[", "procedures["))
    assert counts() == (0, 0, 0, 0)
    assert StepDefinition.objects.count() == 0


def test_a_bad_record_after_good_ones_leaves_the_earlier_load_untouched(data):
    import_catalog(data)
    before = counts()
    bad = copy.deepcopy(data)
    bad["procedures"][0]["name"] = "Tên mới"
    bad["procedures"][-1]["deciding_agency"] = "000.00.99.H99"
    with pytest.raises(CatalogError, match=r"000\.00\.99\.H99"):
        import_catalog(bad)
    assert counts() == before
    assert Procedure.objects.get(code=data["procedures"][0]["code"]).name != "Tên mới"


def test_the_command_reports_bad_json_with_its_position(tmp_path):
    path = tmp_path / "catalog.json"
    path.write_text('{"agencies": [', encoding="utf-8")
    with pytest.raises(CommandError, match="không phải JSON hợp lệ"):
        call_command("import_catalog", str(path))
    assert counts() == (0, 0, 0, 0)


def test_the_command_prints_counts(tmp_path, data, capsys):
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    call_command("import_catalog", str(path))
    out = capsys.readouterr().out
    assert f"thủ tục: {len(data['procedures'])} mới" in out
