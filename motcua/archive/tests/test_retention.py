"""Retention (thời hạn bảo quản) is catalogue data per procedure, with a default and a source,
and the dossier page shows it."""

from __future__ import annotations

import pytest

from motcua.catalog.importing import (
    DEFAULT_CATALOG,
    DEFAULT_RETENTION_SOURCE,
    CatalogError,
    import_catalog,
    load_file,
)
from motcua.catalog.models import Procedure

pytestmark = pytest.mark.django_db


def test_civil_status_is_kept_for_ever_and_others_default_to_ten_years(catalog):
    birth = Procedure.objects.get(code="1.001193")  # Đăng ký khai sinh
    licence = Procedure.objects.get(code="1.013225")  # Giấy phép xây dựng

    assert birth.retention_years is None and birth.retention_label == "Vĩnh viễn"
    assert "Luật Hộ tịch" in birth.retention_source
    assert licence.retention_years == 10 and licence.retention_label == "10 năm"
    assert licence.retention_source == DEFAULT_RETENTION_SOURCE


def test_a_re_import_takes_a_new_retention_and_its_source(catalog):
    data = load_file(DEFAULT_CATALOG)
    [item] = [p for p in data["procedures"] if p["code"] == "1.013225"]
    item["retention_years"] = 20
    item["retention_source"] = "Thông tư 10/2022/TT-BNV, mục thử nghiệm"

    import_catalog(data)

    licence = Procedure.objects.get(code="1.013225")
    assert (licence.retention_years, licence.retention_source) == (
        20,
        "Thông tư 10/2022/TT-BNV, mục thử nghiệm",
    )


@pytest.mark.parametrize("bad", [0, -1, 101, "10", 2.5, True])
def test_a_bad_retention_is_refused_and_nothing_changes(catalog, bad):
    data = load_file(DEFAULT_CATALOG)
    [item] = [p for p in data["procedures"] if p["code"] == "1.013225"]
    item["retention_years"] = bad
    item["name"] = "Tên đã đổi"

    with pytest.raises(CatalogError) as error:
        import_catalog(data)

    assert "retention_years" in error.value.message
    assert Procedure.objects.get(code="1.013225").name != "Tên đã đổi"


def test_the_dossier_page_shows_the_retention(client, finished, lan):
    client.force_login(lan)

    page = client.get(f"/office/ho-so/{finished}/").content.decode()

    assert "Thời hạn bảo quản" in page
    assert "Vĩnh viễn" in page  # 1.004873 is a civil status record (hộ tịch)
