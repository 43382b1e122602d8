"""Demo targets (chỉ tiêu kế hoạch) of the Minh Sơn province, for this year and the last: the
province's plan for every unit, and phường Minh Sơn's own plan raising two of them. The plans
are made up for the demo like the province itself; each target names the plan that set it.
Idempotent: a target already there is kept as it is (an administrator may have edited it)."""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from django.db import transaction

from motcua import clock
from motcua.agencies.models import Agency
from motcua.reports.models import Comparison, Target

AT_LEAST, AT_MOST = Comparison.AT_LEAST, Comparison.AT_MOST


class Plan(NamedTuple):
    agency: str
    source: str  # the plan's number and issuer; {year} is the year it applies to
    targets: tuple[tuple[str, str, int], ...]  # (KPI code, comparison, value)


PLANS = (
    Plan(
        "000.00.00.H99",  # UBND tỉnh Minh Sơn
        "Kế hoạch số 15/KH-UBND ngày 20/01/{year} của UBND tỉnh Minh Sơn về kiểm soát thủ tục "
        "hành chính, thực hiện cơ chế một cửa, một cửa liên thông (kế hoạch mẫu)",
        (
            ("on_time_rate", AT_LEAST, 98),
            ("online_share", AT_LEAST, 50),
            ("digitised_share", AT_LEAST, 80),
            ("reuse_share", AT_LEAST, 50),
            ("satisfaction_rate", AT_LEAST, 95),
            ("pakn_on_time_rate", AT_LEAST, 95),
            ("waiting_minutes", AT_MOST, 15),
        ),
    ),
    Plan(
        "000.00.31.H99",  # UBND phường Minh Sơn
        "Kế hoạch số 07/KH-UBND ngày 05/02/{year} của UBND phường Minh Sơn về cải cách hành "
        "chính (kế hoạch mẫu)",
        (
            ("online_share", AT_LEAST, 60),
            ("dossiers_per_officer", AT_LEAST, 1600),
        ),
    ),
)


def seed_targets() -> str:
    """The demo plans' targets for this year and the last."""
    this_year = clock.today().year
    made = 0
    with transaction.atomic():
        for plan in PLANS:
            agency = Agency.objects.get(code=plan.agency)
            for year in (this_year - 1, this_year):
                for kpi, comparison, value in plan.targets:
                    _row, created = Target.objects.get_or_create(
                        agency=agency,
                        year=year,
                        kpi=kpi,
                        defaults={
                            "comparison": comparison,
                            "value": Decimal(value),
                            "source": plan.source.format(year=year),
                        },
                    )
                    made += created
    return f"Chỉ tiêu kế hoạch mẫu: {made} mới."
