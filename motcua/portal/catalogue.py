"""Danh mục thủ tục hành chính công khai: the list with search and filters, and one
procedure's page (DOMAIN R8.1). Built from public data only, so both are cacheable."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from motcua.catalog import queries
from motcua.catalog.models import Field, OnlineLevel, ProcedureLevel
from motcua.portal.http import domain_errors, public_page

PAGE_SIZE = 30
FRAGMENT_SECONDS = 300


def _filters(request: HttpRequest) -> dict[str, str]:
    get = request.GET
    return {
        "q": get.get("q", "")[:200],
        "field": get.get("field", "")[:32],
        "level": get.get("level", "") if get.get("level") in ProcedureLevel.values else "",
        "online": get.get("online", "")
        if get.get("online") in (*OnlineLevel.values, "online")
        else "",
        "agency": get.get("agency", "")[:20],
    }


def _page_number(request: HttpRequest) -> int:
    try:
        return max(1, int(request.GET.get("page", 1)))
    except ValueError:
        return 1


def _cached(name: str, parts: tuple, build: Callable[[], str]) -> str:
    """A rendered fragment of the catalogue, kept while the catalogue does not change."""
    html = queries.kept(name, parts, build, FRAGMENT_SECONDS)
    return mark_safe(html)  # noqa: S308 - our own template's output


@public_page(queries.stamp, settings.PORTAL_CACHE_SECONDS)
def catalogue(request: HttpRequest) -> HttpResponse:
    filters = _filters(request)
    page_number = _page_number(request)

    def build() -> str:
        paginator = Paginator(queries.search(**filters), PAGE_SIZE)
        page = paginator.get_page(page_number)
        context = {"page": page, "filters": filters, "query": _query(filters)}
        return render_to_string("portal/catalogue.html#results", context)

    results = _cached("catalogue", (sorted(filters.items()), page_number), build)
    if request.htmx:
        return HttpResponse(results)
    fields = _cached(
        "fields",
        (filters["field"],),
        lambda: render_to_string(
            "portal/catalogue.html#field_options",
            {"fields": list(Field.objects.order_by("name")), "filters": filters},
        ),
    )
    context = {
        "results": results,
        "field_options": fields,
        "filters": filters,
        "levels": ProcedureLevel.choices,
        "online_levels": OnlineLevel.choices,
    }
    return render(request, "portal/catalogue.html", context)


def _query(filters: dict[str, str]) -> str:
    from urllib.parse import urlencode

    return urlencode({k: v for k, v in filters.items() if v})


@public_page(queries.stamp, settings.PORTAL_CACHE_SECONDS)
@domain_errors
def procedure(request: HttpRequest, code: str) -> HttpResponse:
    found = queries.procedure(code)

    def build() -> str:
        context = {
            "procedure": found,
            "version": found.current_version,
            "cases": queries.cases(found),
            "agencies": queries.receiving_agencies(found),
            "online": found.online_level != OnlineLevel.NONE,
        }
        return render_to_string("portal/procedure.html#detail", context)

    detail = _cached("procedure", (code,), build)
    return render(request, "portal/procedure.html", {"procedure": found, "detail": detail})


@domain_errors
def blank_form(request: HttpRequest, code: str, component: str) -> HttpResponse:
    """Tải mẫu đơn, tờ khai: the agency's uploaded blank form, or its catalogue link."""
    found = queries.blank_form(code, component)
    if not found.form_file:
        return redirect(found.form_url)
    name = found.form_file.name.rsplit("/", 1)[-1]
    response = FileResponse(found.form_file.open("rb"), as_attachment=True, filename=name)
    response["Cache-Control"] = f"public, max-age={settings.PORTAL_CACHE_SECONDS}"
    return response


@domain_errors
def filled_sample(request: HttpRequest, code: str, component: str) -> HttpResponse:
    """Tải mẫu đã điền: the agency's filled-in sample of a form, beside the blank one."""
    found = queries.filled_sample(code, component)
    name = found.sample_file.name.rsplit("/", 1)[-1]
    response = FileResponse(found.sample_file.open("rb"), as_attachment=True, filename=name)
    response["Cache-Control"] = f"public, max-age={settings.PORTAL_CACHE_SECONDS}"
    return response
