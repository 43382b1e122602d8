"""Staff pages of the reports (server-rendered, kept plain: the staff UI will restyle them).
Each view reads the request, asks ``reports.access`` for the scope and one report module for
the figures, and renders; every figure of Biểu 06 links to the dossiers behind it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from motcua import clock
from motcua.agencies.models import Agency
from motcua.agencies.policy import require, visible_agency_ids
from motcua.agencies.roles import Role
from motcua.dossiers import reconcile
from motcua.errors import NotFound, PermissionDenied, ValidationFailed
from motcua.hall import measure
from motcua.reports import circular_01_2020 as bieu06
from motcua.reports import (
    evaluation,
    exports,
    handling_time,
    index_766,
    kpis,
    queries,
    schedule,
    targets,
)
from motcua.reports import fees as fee_report
from motcua.reports.access import ReportScope, parse_flag, report_scope
from motcua.reports.periods import (
    Period,
    containing,
    local_midnight,
    month,
    parse_period,
    quarter,
    resolve,
    whole_year,
)

FILE_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def staff_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Log-in required; a domain error becomes 404, 403 or the form shown again with it."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from exc
        except ValidationFailed as exc:
            context = {"message": exc.message, "choices": _choices(request)}
            return render(request, "reports/error.html", context, status=400)

    return wrapper


def _choices(request: HttpRequest) -> dict[str, Any]:
    """The agencies the user may pick and the current inputs, for the filter form."""
    ids = visible_agency_ids(request.user)
    return {
        "agencies": Agency.objects.filter(pk__in=ids).order_by("path"),
        "agency": request.GET.get("agency", ""),
        "period": request.GET.get("period", ""),
        "from": request.GET.get("from", ""),
        "to": request.GET.get("to", ""),
        "children": request.GET.get("children")
        or ("1" if getattr(request.user, "role", "") == Role.SUPERVISOR else "0"),
    }


def _scope_and_period(request: HttpRequest, perm: str) -> tuple[ReportScope, Period]:
    get = request.GET
    scope = report_scope(request.user, get.get("agency", ""), parse_flag(get.get("children")), perm)
    return scope, resolve(get.get("period", ""), get.get("from", ""), get.get("to", ""))


def _query(scope: ReportScope, period: Period, **more: str) -> dict[str, str]:
    """The query string that names the same report (and, with ``more``, one of its figures)."""
    params = {"agency": scope.agency.code, "children": "1" if scope.children else "0"}
    if ".." in period.code:
        params.update({"from": period.start.isoformat(), "to": period.end.isoformat()})
    else:
        params["period"] = period.code
    params.update({k: v for k, v in more.items() if v})
    return params


@staff_page
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "reports/index.html", {"choices": _choices(request)})


@staff_page
def circular_01_2020(request: HttpRequest) -> HttpResponse:
    """Biểu 06 on a page; ``?format=xlsx|pdf`` downloads the file."""
    scope, period = _scope_and_period(request, "reports.view_reports")
    report = bieu06.build(scope.agency, scope.agency_ids, period, children=scope.children)
    wanted = request.GET.get("format", "")
    if wanted in FILE_TYPES:
        build = exports.circular_01_2020_xlsx if wanted == "xlsx" else exports.circular_01_2020_pdf
        closed = bool(parse_flag(request.GET.get("closed", "")))
        response = HttpResponse(build(report, closed=closed), content_type=FILE_TYPES[wanted])
        name = exports.file_name(report, wanted)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    behind = reverse("reports:dossiers")
    rows = []
    for row in exports.report_rows(report):
        field, level = row.get("field", ""), row.get("level", "")
        cells = [
            {
                "value": row["figures"][column.key],
                "url": f"{behind}?"
                + urlencode(_query(scope, period, column=column.key, field=field, level=level)),
            }
            for column in bieu06.COLUMNS
        ]
        rows.append({**row, "cells": cells})
    files = {
        kind: "?" + urlencode({**_query(scope, period), "format": kind}) for kind in FILE_TYPES
    }
    context = {
        "report": report,
        "rows": rows,
        "columns": bieu06.COLUMNS,
        "numbers": range(1, len(bieu06.COLUMNS) + 3),
        "files": files,
        "choices": _choices(request),
        "broken": bieu06.broken_identities(report.total),
    }
    return render(request, "reports/circular_01_2020.html", context)


@staff_page
def dossiers(request: HttpRequest) -> HttpResponse:
    """The dossiers behind one figure of Biểu 06, a page at a time."""
    scope, period = _scope_and_period(request, "reports.view_dossier_lists")
    column = request.GET.get("column", "")
    field = request.GET.get("field", "")
    level = request.GET.get("level", "")
    listed = bieu06.dossiers_behind(scope.agency_ids, period, column, field_code=field, level=level)
    page = Paginator(queries.dossier_rows(listed), 50).get_page(request.GET.get("page"))
    back = reverse("reports:circular_01_2020") + "?" + urlencode(_query(scope, period))
    here = urlencode(_query(scope, period, column=column, field=field, level=level))
    context = {
        "scope": scope,
        "period": period,
        "column": bieu06.BY_KEY[column],
        "field": field,
        "level": bieu06.BY_GROUP[level].name if level else "",
        "page": page,
        "back": back,
        "here": here,
    }
    return render(request, "reports/dossiers.html", context)


@staff_page
def index_766_page(request: HttpRequest) -> HttpResponse:
    """Chỉ số 766 of the chosen agency (with its children: each agency's points below)."""
    scope, period = _scope_and_period(request, "reports.view_reports")
    measures = index_766.measure_all(scope.agency_ids, period)  # one set of queries for both
    result = index_766.compute(scope.agency, scope.agency_ids, period, measures)
    agencies = []
    if scope.children and len(scope.agency_ids) > 1:
        each = index_766.compute_many(scope.agency_ids, period, measures)
        agencies = sorted(each.values(), key=lambda r: r.agency.path)
    context = {
        "scope": scope,
        "period": period,
        "as_of": index_766.as_of(period),
        "result": result.as_dict(),
        "agencies": agencies,
        "choices": _choices(request),
    }
    return render(request, "reports/index_766.html", context)


@staff_page
def targets_page(request: HttpRequest) -> HttpResponse:
    scope, period = _scope_and_period(request, "reports.view_reports")
    year = request.GET.get("year", "")
    year = int(year) if year.isdigit() else period.end.year
    context = {
        "scope": scope,
        "period": period,
        "year": year,
        "rows": targets.scorecard(scope.agency, scope.agency_ids, year, period),
        "choices": _choices(request),
    }
    return render(request, "reports/targets.html", context)


@staff_page
def evaluation_page(request: HttpRequest) -> HttpResponse:
    scope, period = _scope_and_period(request, "reports.view_reports")
    units = evaluation.unit_scores(scope.agency_ids, period)
    context = {
        "scope": scope,
        "period": period,
        "units": [u.as_dict() for u in sorted(units.values(), key=lambda u: u.agency.path)],
        "officers": evaluation.officer_scores(scope.agency_ids, period),
        "sources": evaluation.SOURCES,
        "dossier_indices": evaluation.DOSSIER_INDICES,
        "unit_indices": evaluation.UNIT_INDICES,
        "choices": _choices(request),
    }
    return render(request, "reports/evaluation.html", context)


@staff_page
def handling_time_page(request: HttpRequest) -> HttpResponse:
    scope, period = _scope_and_period(request, "reports.view_reports")
    context = {
        "scope": scope,
        "period": period,
        "procedures": handling_time.by_procedure(scope.agency_ids, period),
        "steps": handling_time.by_step(scope.agency_ids, period),
        "choices": _choices(request),
    }
    return render(request, "reports/handling_time.html", context)


HEAT_HOURS = range(7, 18)
HEAT_DAYS = range(1, 7)  # Monday … Saturday


@staff_page
def queue_page(request: HttpRequest) -> HttpResponse:
    """Xếp hàng tại sảnh: waits against the unit's target (Decision 468: 15 minutes), per
    field and day, a weekday × hour heatmap of the median wait, the counters' load."""
    scope, period = _scope_and_period(request, "reports.view_reports")
    report = measure.queue_report(scope.agency_ids, period.start, period.end)
    target = targets.effective_targets(scope.agency, period.end.year).get("waiting_minutes")
    cells = {(c["weekday"], c["hour"]): c for c in report["heatmap"]}
    context = {
        "scope": scope,
        "period": period,
        "report": report,
        "target_minutes": target.value if target else measure.TARGET_MINUTES,
        "target_source": target.source if target else _("Quyết định 468/QĐ-TTg"),
        "heat_days": list(HEAT_DAYS),
        "heat_rows": [(h, [cells.get((d, h)) for d in HEAT_DAYS]) for h in HEAT_HOURS],
        "choices": _choices(request),
    }
    return render(request, "reports/queue.html", context)


@staff_page
def fees_page(request: HttpRequest) -> HttpResponse:
    """Báo cáo thu phí, lệ phí (collected online and at the counter) with its Excel and PDF."""
    scope, period = _scope_and_period(request, "reports.view_reports")
    report = fee_report.build(scope.agency, scope.agency_ids, period)
    query = urlencode(_query(scope, period))
    context = {
        "scope": scope,
        "period": period,
        "report": report,
        "xlsx": f"/api/v1/reports/fees?{query}&format=xlsx",
        "pdf": f"/api/v1/reports/fees?{query}&format=pdf",
        "choices": _choices(request),
    }
    return render(request, "reports/fees.html", context)


def bucket_label(bucket: str) -> str:
    """A dashboard bucket as people read dates: ``2025-03-07`` → ``07/03/2025``, a month
    ``2025-03`` → ``03/2025`` (the figures and the API keep ISO)."""
    parts = bucket.split("-")
    return "/".join(reversed(parts))


@staff_page
def dashboard(request: HttpRequest) -> HttpResponse:
    """Bảng điều hành: received, resolved, on-time rate, overdue now, online and digitised
    shares and satisfaction for an agency and the agencies below it, by day or by month, per
    agency or per procedure; every count links to the dossiers behind it."""
    get = request.GET
    scope = report_scope(request.user, get.get("agency", ""), True, "reports.view_reports")
    today = clock.today()
    by = "month" if get.get("by") == "month" else "day"
    group = "procedure" if get.get("group") == "procedure" else "agency"
    default_start = (
        today.replace(day=1) - timedelta(days=335) if by == "month" else today - timedelta(days=29)
    )
    try:
        start = date.fromisoformat(get["from"]) if get.get("from") else default_start
        end = date.fromisoformat(get["to"]) if get.get("to") else today
    except ValueError as exc:
        raise ValidationFailed(_("Ngày không hợp lệ (cần dạng YYYY-MM-DD).")) from exc
    figures = kpis.dashboard_figures(scope.agency_ids, start, end, by=by, group=group)
    behind = reverse("reports:dossiers")
    period = resolve("", start.isoformat(), end.isoformat())
    for row in figures["series"]:
        params = _query(
            report_scope(request.user, row["key"], True, "reports.view_reports")
            if group == "agency"
            else scope,
            period,
        )
        row["received_url"] = f"{behind}?{urlencode({**params, 'column': 'received_total'})}"
        row["resolved_url"] = f"{behind}?{urlencode({**params, 'column': 'resolved_total'})}"
        row["overdue_url"] = f"{behind}?{urlencode({**params, 'column': 'pending_overdue'})}"
    buckets = sorted({p["period"] for row in figures["series"] for p in row["points"]})
    chart = {
        "keys": buckets,
        "labels": [bucket_label(b) for b in buckets],  # the axis: dd/mm/yyyy or mm/yyyy
        "series": [
            {"name": row["name"], "points": {p["period"]: p for p in row["points"]}}
            for row in figures["series"]
        ],
    }
    context = {
        "figures": figures,
        "late_reports": [(o, o.status(today)) for o in schedule.late_reports(scope.agency_ids)],
        "chart": chart,
        "payments": fee_report.online_payment_share(
            scope.agency_ids, local_midnight(start), local_midnight(end + timedelta(days=1))
        ),
        "scope": scope,
        "by": by,
        "group": group,
        "start": start,
        "end": end,
        "choices": _choices(request),
    }
    return render(request, "reports/dashboard.html", context)


@staff_page
@require_http_methods(["GET", "POST"])
def national_check_page(request: HttpRequest) -> HttpResponse:
    """Đối chiếu với Cổng DVCQG for the province's supervisor: per report period of a year,
    dossiers received here and what DVCQG had at the last check; a period can be checked again
    (POST), and one period's differences are listed."""
    require(request.user, "exchange.manage_exchange")
    data = request.POST if request.method == "POST" else request.GET
    scope = report_scope(request.user, data.get("agency", ""), True, "reports.view_reports")
    if request.method == "POST":
        period = parse_period(data.get("period", ""))
        outcome = reconcile.run(
            period.start, period.end, actor=request.user, agency_ids=scope.agency_ids
        )
        messages.success(request, f"{period.label}: {outcome.sentence()}")
        query = urlencode(
            {"agency": scope.agency.code, "year": period.end.year, "period": period.code}
        )
        return redirect(f"{reverse('reports:national_check')}?{query}")
    year = data.get("year", "")
    if not (year.isdigit() and 2000 <= int(year) <= 2100):
        year = containing(clock.today())[0]  # the report year: 15/12 to 14/12
    year = int(year)
    periods = [month(year, n) for n in range(1, 13)]
    periods += [quarter(year, n) for n in range(1, 5)] + [whole_year(year)]
    chosen = parse_period(data["period"]) if data.get("period") else None
    listed = (
        reconcile.differences_between(chosen.start, chosen.end, scope.agency_ids)[:200]
        if chosen
        else []
    )
    context = {
        "scope": scope,
        "year": year,
        "rows": reconcile.counts(scope.agency_ids, periods),
        "chosen": chosen,
        "listed": listed,
    }
    return render(request, "reports/national_check.html", context)
