"""``/api/v1/reports/…``: reports and indices for staff (CONTRACT.md "Biểu 06"). Thin: the
scope comes from ``reports.access``, the figures from the report modules.

The router lives here rather than in ``motcua.api`` because both are edges and edges do not
import each other (STYLE.md §1.3); ``motcua/urls.py`` mounts it on the v1 API."""

# No ``from __future__ import annotations`` here: django-ninja reads ``Query[ReportQuery]`` from
# the signatures when the router is built.
from datetime import datetime
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from motcua.errors import ValidationFailed, answers
from motcua.reports import circular_01_2020 as bieu06
from motcua.reports import evaluation, exports, handling_time, index_766, kpis, queries, targets
from motcua.reports import fees as fee_report
from motcua.reports.access import ReportScope, parse_flag, report_scope
from motcua.reports.numbers import plain
from motcua.reports.periods import Period, resolve

router = Router(tags=["reports"])

FORMATS = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


class ReportQuery(Schema):
    """What every report is asked for: whose figures (``agency``, by default the caller's own;
    ``children=1``: with the agencies below it) and the period (``period``, or ``from`` and
    ``to``; by default the current quarter)."""

    agency: str = ""
    period: str = ""
    from_: str = Field("", alias="from")
    to: str = ""
    children: str = ""

    def scope(self, user: Any, perm: str = "reports.view_reports") -> ReportScope:
        return report_scope(user, self.agency, parse_flag(self.children), perm)

    def resolved(self) -> Period:
        return resolve(self.period, self.from_, self.to)


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
@answers(403, 404)
def circular_01_2020(
    request: HttpRequest,
    q: Query[ReportQuery],
    format: str = "json",
    closed: str = "",
):
    """Biểu số 06/VPCP/KSTT cho một cơ quan (``children=1``: cùng các cơ quan cấp dưới). Tệp
    xlsx, pdf theo mẫu 13 cột; ``closed=1``: thêm cột (14) hồ sơ rút, dừng xử lý."""
    if format not in ("json", *FORMATS):
        raise ValidationFailed(
            _("Định dạng phải là json, xlsx hoặc pdf."), details={"format": format}
        )
    scope = q.scope(request.user)
    report = bieu06.build(scope.agency, scope.agency_ids, q.resolved(), children=scope.children)
    if format == "xlsx":
        content = exports.circular_01_2020_xlsx(report, closed=bool(parse_flag(closed)))
        return _attachment(content, FORMATS["xlsx"], exports.file_name(report, "xlsx"))
    if format == "pdf":
        content = exports.circular_01_2020_pdf(report, closed=bool(parse_flag(closed)))
        return _attachment(content, FORMATS["pdf"], exports.file_name(report, "pdf"))
    return report.as_dict()


@router.get("/fees", response=dict)
@answers(403, 404)
def fees(
    request: HttpRequest,
    q: Query[ReportQuery],
    format: str = "json",
):
    """Báo cáo thu phí, lệ phí: trực tuyến và tại quầy, theo thủ tục và phí, hoàn trả, tỷ lệ
    thanh toán trực tuyến (``format`` json, xlsx, pdf)."""
    if format not in ("json", *FORMATS):
        raise ValidationFailed(
            _("Định dạng phải là json, xlsx hoặc pdf."), details={"format": format}
        )
    scope = q.scope(request.user)
    report = fee_report.build(scope.agency, scope.agency_ids, q.resolved())
    if format == "xlsx":
        content = fee_report.xlsx(report)
        return _attachment(content, FORMATS["xlsx"], fee_report.file_name(report, "xlsx"))
    if format == "pdf":
        content = fee_report.pdf(report)
        return _attachment(content, FORMATS["pdf"], fee_report.file_name(report, "pdf"))
    return report.as_dict()


@router.get("/circular-01-2020/dossiers", response=list[DossierRowOut])
@answers(403, 404)
@paginate(PageNumberPagination, page_size=50)
def circular_01_2020_dossiers(
    request: HttpRequest,
    column: str,
    q: Query[ReportQuery],
    field: str = "",
    level: str = "",
):
    """Danh sách hồ sơ tạo nên một số liệu của Biểu 06 (cột ``column``, dòng ``field`` và
    ``level``; để trống: dòng tổng)."""
    scope = q.scope(request.user, "reports.view_dossier_lists")
    dossiers = bieu06.dossiers_behind(
        scope.agency_ids, q.resolved(), column, field_code=field, level=level
    )
    return queries.dossier_rows(dossiers)


@router.get("/tracking-book", response=list[TrackingRowOut])
@answers(403, 404)
@paginate(PageNumberPagination, page_size=100)
def tracking_book(
    request: HttpRequest,
    q: Query[ReportQuery],
):
    """Sổ theo dõi hồ sơ (Mẫu 06): hồ sơ đơn vị tiếp nhận trong kỳ, theo thứ tự tiếp nhận."""
    scope = q.scope(request.user, "reports.view_dossier_lists")
    return queries.tracking_book(scope.agency_ids, q.resolved())


def _year(value: str, period) -> int:
    if value:
        if not value.isdigit() or not 2000 <= int(value) <= 2100:
            raise ValidationFailed(_("Năm không hợp lệ."), details={"year": value})
        return int(value)
    return period.end.year


@router.get("/index-766", response=dict)
@answers(403, 404)
def index_766_report(
    request: HttpRequest,
    q: Query[ReportQuery],
    each: str = "",
):
    """Chỉ số 766: từng tiêu chí với tử số, mẫu số, tỷ lệ, điểm và cách tính; ``each=1``: thêm
    điểm của từng cơ quan trong phạm vi."""
    scope = q.scope(request.user)
    the_period = q.resolved()
    answer = index_766.compute(scope.agency, scope.agency_ids, the_period).as_dict()
    answer["children"] = scope.children
    answer["as_of"] = index_766.as_of(the_period)
    if parse_flag(each) and len(scope.agency_ids) > 1:  # every agency on its own too
        answer["agencies"] = [
            {
                "agency": result.agency.code,
                "agency_name": result.agency.name,
                "total_points": result.total,
                "computed_max_points": result.computed_max,
            }
            for result in sorted(
                index_766.compute_many(scope.agency_ids, the_period).values(),
                key=lambda r: r.agency.path,
            )
        ]
    return plain(answer)


@router.get("/targets", response=dict)
@answers(403, 404)
def targets_report(
    request: HttpRequest,
    q: Query[ReportQuery],
    year: str = "",
):
    """Chỉ tiêu kế hoạch và kết quả thực hiện, với đèn xanh / vàng / đỏ."""
    scope = q.scope(request.user)
    the_period = q.resolved()
    the_year = _year(year, the_period)
    return plain(
        {
            "agency": scope.agency.code,
            "children": scope.children,
            "year": the_year,
            **the_period.as_dict(),
            "rows": targets.scorecard(scope.agency, scope.agency_ids, the_year, the_period),
        }
    )


@router.get("/evaluation", response=dict)
@answers(403, 404)
def evaluation_report(
    request: HttpRequest,
    q: Query[ReportQuery],
):
    """Đánh giá việc giải quyết TTHC (Thông tư 01/2018): chín chỉ số của từng đơn vị, điểm của
    từng cán bộ và nguồn dữ liệu của mỗi chỉ số."""
    scope = q.scope(request.user)
    the_period = q.resolved()
    units = evaluation.unit_scores(scope.agency_ids, the_period)
    answer = {
        "agency": scope.agency.code,
        "children": scope.children,
        **the_period.as_dict(),
        "units": [u.as_dict() for u in sorted(units.values(), key=lambda u: u.agency.path)],
        "officers": evaluation.officer_scores(scope.agency_ids, the_period),
        "sources": [
            {
                "index": s.index,
                "name": str(s.name),
                "level": s.level,
                "data": str(s.data),
                "needs_person": str(s.human),
            }
            for s in evaluation.SOURCES
        ],
    }
    return plain(answer)


@router.get("/handling-time", response=dict)
@answers(403, 404)
def handling_time_report(
    request: HttpRequest,
    q: Query[ReportQuery],
):
    """Thời gian giải quyết trung bình theo thủ tục (đơn vị của thủ tục) và theo bước của quy
    trình nội bộ (giờ làm việc), chậm nhất trước."""
    scope = q.scope(request.user)
    the_period = q.resolved()
    return plain(
        {
            "agency": scope.agency.code,
            "children": scope.children,
            **the_period.as_dict(),
            "procedures": handling_time.by_procedure(scope.agency_ids, the_period),
            "steps": handling_time.by_step(scope.agency_ids, the_period),
        }
    )


@router.get("/dashboard", response=dict)
@answers(403, 404)
def dashboard(
    request: HttpRequest,
    q: Query[ReportQuery],
    by: str = "day",
    group: str = "agency",
):
    """Số liệu bảng điều khiển: tiếp nhận, giải quyết, đúng hạn, quá hạn hiện tại, trực tuyến,
    số hóa, hài lòng; theo ngày hoặc tháng, theo cơ quan hoặc thủ tục."""
    if by not in ("day", "month") or group not in ("agency", "procedure"):
        raise ValidationFailed(
            _("by phải là day hoặc month; group phải là agency hoặc procedure."),
            details={"by": by, "group": group},
        )
    scope = q.scope(request.user)
    the_period = q.resolved()
    figures = kpis.dashboard_figures(
        scope.agency_ids, the_period.start, the_period.end, by=by, group=group
    )
    return {"agency": scope.agency.code, "children": scope.children, **figures}


class DossierScoreOut(Schema):
    code: str
    procedure: str
    finished_at: datetime | None
    indices: dict[str, int]
    total: int


def _scored(dossier) -> dict:
    return {
        "code": dossier.code,
        "procedure": dossier.procedure.code,
        "finished_at": dossier.finished_at,
        "indices": {k: getattr(dossier, f"i{k}") for k in evaluation.DOSSIER_INDICES},
        "total": dossier.total,
    }


@router.get("/evaluation/dossiers", response=list[DossierScoreOut])
@answers(403, 404)
@paginate(PageNumberPagination, page_size=50)
def evaluation_dossiers(
    request: HttpRequest,
    q: Query[ReportQuery],
):
    """Điểm các chỉ số 1, 2, 3, 4, 7 của từng hồ sơ giải quyết xong trong kỳ."""
    scope = q.scope(request.user, "reports.view_dossier_lists")
    scores = evaluation.dossier_scores(scope.agency_ids, q.resolved())
    return queries.Rows(scores, _scored)
