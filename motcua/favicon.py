"""``/favicon.ico``: browsers ask for it at the root whatever the page links, so the icon the
pages name (``<link rel="icon">``, a static file) is also answered here instead of a 404."""

from __future__ import annotations

from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

ICON = Path(__file__).resolve().parent / "static" / "motcua" / "favicon.ico"
ICON_BYTES = ICON.read_bytes()


@require_safe
@cache_control(public=True, max_age=7 * 24 * 3600)
def favicon(request: HttpRequest) -> HttpResponse:
    return HttpResponse(ICON_BYTES, content_type="image/x-icon")
