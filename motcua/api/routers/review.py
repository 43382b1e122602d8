"""Procedure review (rà soát thủ tục hành chính, Decree 63/2010 art. 27–31): the compliance
cost of a procedure in a year (CONTRACT v1.1). Public like the catalogue: the figures are what
the province publishes with its review; the inputs carry their sources."""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpRequest
from ninja import Router, Schema

from motcua.api.security import PublicThrottle
from motcua.review import compliance
from motcua.review.cost import SCALARS, Cost, Input, Inputs

router = Router(tags=["review"])


class PerDossier(Schema):
    time_hours: Decimal | None
    time_cost: int | None
    direct_cost: int | None
    total: int | None


class InputOut(Schema):
    value: Decimal | None
    source: str | None


class PaperInputOut(InputOut):
    code: str
    name: str


class ScenarioOut(Schema):
    per_dossier: PerDossier
    yearly_total: int | None
    inputs: dict[str, InputOut | list[PaperInputOut]]
    missing: list[str]


class SavingOut(Schema):
    per_dossier: int | None
    yearly: int | None
    percent: Decimal | None


class ComplianceCostOut(ScenarioOut):
    year: int
    procedure: str
    name: str
    volume: int
    finished: int
    proposed: ScenarioOut | None
    saving: SavingOut | None


def _input(i: Input) -> dict:
    return {"value": i.value, "source": None if i.missing else i.source}


def _scenario(found: compliance.Scenarios, pair: tuple[Inputs, Cost]) -> dict:
    inputs, cost = pair
    shown: dict = {name: _input(getattr(inputs, name)) for name in SCALARS}
    shown["papers"] = [
        {"code": p.code, "name": p.name, **_input(inputs.papers[p.code])} for p in found.papers
    ]
    return {
        "per_dossier": {
            "time_hours": cost.time_hours,
            "time_cost": cost.time_cost,
            "direct_cost": cost.direct_cost,
            "total": cost.total,
        },
        "yearly_total": cost.yearly_total,
        "inputs": shown,
        "missing": cost.missing,
    }


@router.get(
    "/procedures/{code}/compliance-cost",
    response=ComplianceCostOut,
    auth=None,
    throttle=[PublicThrottle()],
)
def compliance_cost(request: HttpRequest, code: str, year: int):
    """Chi phí tuân thủ của một thủ tục trong năm: mỗi hồ sơ, cả năm, và mọi số liệu đầu vào
    với nguồn; số liệu chưa có ghi là thiếu (``value`` và ``source`` null, tên trong
    ``missing``), không ước đoán. Có phương án đơn giản hóa thì kèm ``proposed`` và ``saving``."""
    found = compliance.compliance_cost(code, year)
    saved = found.saving
    return {
        "year": found.year,
        "procedure": found.procedure.code,
        "name": found.procedure.name,
        "volume": found.measured.volume,
        "finished": found.measured.finished,
        **_scenario(found, found.current),
        "proposed": _scenario(found, found.proposed) if found.proposed else None,
        "saving": (
            {"per_dossier": saved.per_dossier, "yearly": saved.yearly, "percent": saved.percent}
            if saved
            else None
        ),
    }
