"""``/api/v1/reports/…``: reports and indices for staff (CONTRACT.md "Biểu 06"). Thin: the
scope comes from ``reports.access``, the figures from the report modules.

The router lives here rather than in ``motcua.api`` because both are edges and edges do not
import each other (STYLE.md §1.3); ``motcua/urls.py`` mounts it on the v1 API."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from motcua.errors import ValidationFailed
from motcua.reports import circular_01_2020 as bieu06
from motcua.reports import exports, queries
from motcua.reports.access import parse_flag, report_scope
from motcua.reports.periods import resolve

router = Router(tags=["reports"])

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


class DossierRowOut(Schema):
    code: str
    procedure: str
    procedure_name: str
    field: str
    applicant_name: str
    agency: str
    handling_agency: str
    channel: str
    status: str
    outcome: str
    received_at: datetime | None
    due_at: datetime | None
    legal_due_at: datetime | None
    finished_at: datetime | None
    returned_at: datetime | None


class TrackingRowOut(Schema):
    no: int
    code: str
    procedure_name: str
    sets: int
    applicant_name: str
    address_phone: str
    handling_agency: str
    received_at: datetime | None
    due_at: datetime | None
    transferred_at: datetime | None
    result_received_at: datetime | None
    returned_at: datetime | None
    note: str


def _attachment(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@router.get("/circular-01-2020", response=dict)
def circular_01_2020(
    request: HttpRequest,
    agency: str = "",
    period: str = "",
    from_: str = Query("", alias="from"),
    to: str = "",
    children: str = "",
    format: str = "json",
):
    """Biểu số 06/VPCP/KSTT cho một cơ quan (``children=1``: cùng các cơ quan cấp dưới)."""
    if format not in ("json", *FORMATS):
        raise ValidationFailed("Định dạng phải là json, xlsx hoặc pdf.", details={"format": format})
    scope = report_scope(request.user, agency, parse_flag(children))
    report = bieu06.build(
        scope.agency, scope.agency_ids, resolve(period, from_, to), children=scope.children
    )
    if format == "xlsx":
        content = exports.circular_01_2020_xlsx(report)
        return _attachment(content, FORMATS["xlsx"], exports.file_name(report, "xlsx"))
    if format == "pdf":
        content = exports.circular_01_2020_pdf(report)
        return _attachment(content, FORMATS["pdf"], exports.file_name(report, "pdf"))
    return report.as_dict()


@router.get("/circular-01-2020/dossiers", response=list[DossierRowOut])
@paginate(PageNumberPagination, page_size=50)
def circular_01_2020_dossiers(
    request: HttpRequest,
    column: str,
    agency: str = "",
    period: str = "",
    from_: str = Query("", alias="from"),
    to: str = "",
    children: str = "",
    field: str = "",
    level: str = "",
):
    """Danh sách hồ sơ tạo nên một số liệu của Biểu 06 (cột ``column``, dòng ``field`` và
    ``level``; để trống: dòng tổng)."""
    scope = report_scope(request.user, agency, parse_flag(children), "reports.view_dossier_lists")
    dossiers = bieu06.dossiers_behind(
        scope.agency_ids, resolve(period, from_, to), column, field_code=field, level=level
    )
    return queries.dossier_rows(dossiers)


@router.get("/tracking-book", response=list[TrackingRowOut])
@paginate(PageNumberPagination, page_size=100)
def tracking_book(
    request: HttpRequest,
    agency: str = "",
    period: str = "",
    from_: str = Query("", alias="from"),
    to: str = "",
    children: str = "",
):
    """Sổ theo dõi hồ sơ (Mẫu 06): hồ sơ đơn vị tiếp nhận trong kỳ, theo thứ tự tiếp nhận."""
    scope = report_scope(request.user, agency, parse_flag(children), "reports.view_dossier_lists")
    return queries.tracking_book(scope.agency_ids, resolve(period, from_, to))
