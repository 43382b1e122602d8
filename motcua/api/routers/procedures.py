"""The public procedure catalogue (CONTRACT.md): anyone, throttled per address."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from motcua import text
from motcua.api.security import PublicThrottle
from motcua.catalog import queries

router = Router(tags=["procedures"])


class ProcedureBrief(Schema):
    code: str
    name: str
    field: str
    field_name: str
    level: str
    online_level: str
    deciding_agency: str | None
    receiving: str


class FeeOut(Schema):
    name: str
    kind: str
    amount_vnd: int
    unit: str
    max_vnd: int | None
    note: str


class ComponentOut(Schema):
    code: str
    name: str
    originals: int
    copies: int
    required: bool
    form_name: str
    form_url: str


class StepOut(Schema):
    order: int
    name: str
    role: str
    hours: Decimal
    agency: str | None


class TimeLimit(Schema):
    amount: Decimal
    unit: str


class CaseOut(Schema):
    code: str
    name: str
    time_limit: TimeLimit
    online_time_limit: TimeLimit | None
    no_due_date: bool
    fees: list[FeeOut]
    components: list[ComponentOut]
    steps: list[StepOut]


class ProcedureOut(ProcedureBrief):
    version: int
    published_at: datetime
    applicants: str
    legal_basis: list[str]
    result: str
    boundary_free: bool
    receiving_agencies: list[str]
    eform: list[dict]
    cases: list[CaseOut]


def _brief(p) -> dict:
    return {
        "code": p.code,
        "name": p.name,
        "field": p.field.code,
        "field_name": p.field.name,
        "level": p.level,
        "online_level": p.online_level,
        "deciding_agency": p.deciding_agency.code if p.deciding_agency else None,
        "receiving": p.receiving,
    }


class Page(PageNumberPagination):
    page_size = 50


@router.get(
    "/procedures",
    response=list[ProcedureBrief],
    auth=None,
    throttle=[PublicThrottle()],
)
@paginate(Page)
def list_procedures(request: HttpRequest, q: str = "", agency: str = "", field: str = ""):
    """Danh mục thủ tục hành chính đã công bố; ``q`` tìm không phân biệt dấu."""
    return queries.kept(
        "api-procedures",
        (text.search_key(q), agency, field),
        lambda: [_brief(p) for p in queries.search(q=q, agency=agency, field=field)],
        settings.PORTAL_CACHE_SECONDS,
    )


@router.get("/procedures/{code}", response=ProcedureOut, auth=None, throttle=[PublicThrottle()])
def get_procedure(request: HttpRequest, code: str):
    """Một thủ tục: các trường hợp, thành phần hồ sơ, thời hạn, phí, lệ phí, quy trình."""
    found = queries.procedure(code)
    version = found.current_version
    cases = []
    for detail in queries.cases(found):
        case = detail.case
        cases.append(
            {
                "code": case.code,
                "name": case.name,
                "time_limit": {"amount": case.limit_amount, "unit": case.limit_unit},
                "online_time_limit": (
                    {"amount": case.online_limit_amount, "unit": case.online_limit_unit}
                    if case.online_limit_amount is not None
                    else None
                ),
                "no_due_date": case.no_due_date,
                "fees": [
                    {
                        "name": f.name,
                        "kind": f.kind,
                        "amount_vnd": f.amount_vnd,
                        "unit": f.unit,
                        "max_vnd": f.max_vnd,
                        "note": f.note,
                    }
                    for f in detail.fees
                ],
                "components": [
                    {
                        "code": c.code,
                        "name": c.name,
                        "originals": c.originals,
                        "copies": c.copies,
                        "required": c.required,
                        "form_name": c.form_name,
                        "form_url": (
                            reverse("portal:blank_form", args=[found.code, c.code])
                            if c.has_blank_form
                            else ""
                        ),
                    }
                    for c in detail.structure.components
                ],
                "steps": [
                    {
                        "order": s.order,
                        "name": s.name,
                        "role": s.role,
                        "hours": s.hours,
                        "agency": s.agency.code if s.agency_id else None,
                    }
                    for s in detail.structure.steps
                ],
            }
        )
    return {
        **_brief(found),
        "version": version.number,
        "published_at": version.published_at,
        "applicants": version.applicants,
        "legal_basis": version.legal_basis,
        "result": version.result_name,
        "boundary_free": found.boundary_free,
        "receiving_agencies": [a.code for a in queries.receiving_agencies(found)],
        "eform": version.eform or [],
        "cases": cases,
    }
