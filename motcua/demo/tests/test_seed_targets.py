"""Issue 21 (minor): the targets page of the Minh Sơn demo shows Minh Sơn's own plans, loaded
with the demo data (per unit, each with its source document), and no other province's."""

from __future__ import annotations

from datetime import datetime

import pytest

from motcua import clock
from motcua.demo.targets import seed_targets
from motcua.reports.models import Target

pytestmark = pytest.mark.django_db


def test_the_demo_targets_are_minh_sons_plans_per_unit(client, catalog, hoa, giamsat):
    with clock.frozen(datetime(2026, 8, 3, 9, tzinfo=clock.VN)):
        assert seed_targets() == "Chỉ tiêu kế hoạch mẫu: 18 mới."
        assert seed_targets() == "Chỉ tiêu kế hoạch mẫu: 0 mới."
        assert set(Target.objects.values_list("year", flat=True)) == {2025, 2026}
        ward = Target.objects.get(agency__code="000.00.31.H99", year=2026, kpi="online_share")
        assert ward.value == 60 and ward.source.startswith("Kế hoạch số 07/KH-UBND ngày 05/02/2026")

        client.force_login(hoa)  # phường Minh Sơn: its own plan, the province's for the rest
        page = client.get("/office/reports/targets/").content.decode()
        assert "Chỉ tiêu kế hoạch năm 2026" in page
        assert "≥ 60 %" in page and "≥ 98 %" in page and "≤ 15 phút" in page
        assert "Kế hoạch số 07/KH-UBND ngày 05/02/2026 của UBND phường Minh Sơn" in page
        assert "Kế hoạch số 15/KH-UBND ngày 20/01/2026 của UBND tỉnh Minh Sơn" in page
        for elsewhere in ("Đồng Nai", "Ninh Hà", "gợi ý"):
            assert elsewhere not in page

        client.force_login(giamsat)  # the province: its plan only
        page = client.get("/office/reports/targets/?agency=000.00.00.H99").content.decode()
        assert "≥ 50 %" in page and "Kế hoạch số 07/KH-UBND" not in page
        assert (
            client.get("/office/reports/targets/?year=2031")
            .content.decode()
            .count('id="no-targets"')
            == 1
        )
