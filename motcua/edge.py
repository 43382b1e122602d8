"""What every request must pass before a view sees it: no NUL byte in any text and no number
beyond what a one-stop shop counts (one rule for the API, the screens and the forms).

PostgreSQL refuses a NUL byte in text and overflows on numbers past 64 bits; both would
surface as a server error deep inside a query. Here they are a 400: the usual error JSON under
``/api/``, a page elsewhere. The rule reads the query string, form fields, file names and JSON
bodies (keys and values, at any depth); a body too large to hold in memory is left to the view
that streams it, which calls :func:`find_bad` itself.

Numbers: any value written as a number (``12``, ``-3.5``, ``2e17``) whose size passes
``MAX_NUMBER`` = 10^15 is refused. No count, page, amount of đồng or identifier we store comes
near it, and anything below it stays inside 64-bit arithmetic even after multiplying (a page
number times the page size). Digit strings with a leading zero (ID card numbers, phone numbers,
codes) are identifiers, not numbers, and are not limited."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

MAX_NUMBER = 10**15
NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
API_PREFIX = "/api/"
JSON_TYPES = ("application/json",)
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _number_too_big(text: str) -> bool:
    text = text.strip()
    if not NUMBER.fullmatch(text):
        return False
    digits = text.lstrip("+-")
    if digits[:1] == "0" and digits.isdigit():
        return False  # an identifier written with its leading zero
    try:
        value = Decimal(text)
    except InvalidOperation:  # pragma: no cover - the pattern only lets numbers through
        return True
    return not value.is_finite() or abs(value) > MAX_NUMBER


def problem(value: Any) -> str | None:
    """Why ``value`` (text or a JSON number) is refused, or None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str):
        if "\x00" in value:
            return _("chứa ký tự NUL (mã 0), không được phép")
        if _number_too_big(value):
            return _("là một số quá lớn (tối đa 10^15)")
        return None
    if isinstance(value, int):
        return _("là một số quá lớn (tối đa 10^15)") if abs(value) > MAX_NUMBER else None
    if isinstance(value, float) and (not math.isfinite(value) or abs(value) > MAX_NUMBER):
        return _("là một số quá lớn (tối đa 10^15)")
    return None


def _walk(data: Any, where: str) -> Iterator[tuple[str, Any]]:
    if isinstance(data, dict):
        for key, value in data.items():
            name = f"{where}.{key}" if where else str(key)
            yield name, key
            yield from _walk(value, name)
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _walk(value, f"{where}[{index}]")
    else:
        yield where or "body", data


def find_bad(data: Any) -> tuple[str, str] | None:
    """The first ``(where, why)`` in parsed JSON (or any nest of dicts and lists), or None."""
    for where, value in _walk(data, ""):
        why = problem(value)
        if why:
            return where.replace("\x00", "\\0"), why
    return None


def _fields(request: HttpRequest) -> Iterator[tuple[str, Any]]:
    yield "path", request.path_info
    for name, values in request.GET.lists():
        yield name, name
        for value in values:
            yield name, value
    content_type = request.content_type or ""
    if request.method in ("POST", "PUT", "PATCH") and content_type in FORM_TYPES:
        for name, values in request.POST.lists():
            yield name, name
            for value in values:
                yield name, value
        for name, upload in request.FILES.items():
            yield name, upload.name or ""


def _json_body(request: HttpRequest) -> Any:
    if (request.content_type or "") not in JSON_TYPES:
        return None
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if not length or (limit is not None and length > limit):
        return None  # an endpoint that streams large bodies checks them itself
    try:
        return json.loads(request.body)
    except (ValueError, UnicodeDecodeError):
        return None  # not JSON: the view answers that


def check(request: HttpRequest) -> tuple[str, str] | None:
    """The first refused ``(where, why)`` of a request, or None."""
    for where, value in _fields(request):
        why = problem(value)
        if why:
            return where.replace("\x00", "\\0"), why
    return find_bad(_json_body(request))


def message(where: str, why: str) -> str:
    return _("Dữ liệu gửi lên không hợp lệ: «%(where)s» %(why)s.") % {"where": where, "why": why}


class InputGuardMiddleware:
    """Refuses NUL bytes and out-of-range numbers before any view (see the module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        found = check(request)
        if found is None:
            return self.get_response(request)
        where, why = found
        text = message(where, why)
        if request.path_info.startswith(API_PREFIX):
            body = {"error": "invalid_input", "message": text, "details": {where: why}}
            return JsonResponse(body, status=400, json_dumps_params={"ensure_ascii": False})
        return render(request, "bad_input.html", {"message": text}, status=400)
