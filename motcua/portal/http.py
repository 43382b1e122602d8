"""What every portal view shares: throttling per address, HTTP caching of the public pages,
the citizen-login gate and turning a :class:`~motcua.errors.DomainError` into a page."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.http import http_date, quote_etag
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from motcua import errors, text
from motcua.agencies.roles import Role
from motcua.limits.addresses import client_address
from motcua.limits.counters import exceeded


def throttled(request: HttpRequest, group: str, setting: str, *, key: str = "ip") -> bool:
    """Count one attempt of ``group`` for this address (``key="ip"``) or for a posted field
    (``key="post:contact"``); True once ``settings.<setting>`` ("count/period") is exceeded.
    No CAPTCHA: a throttle shared by every worker instead."""
    if key == "ip":
        who = client_address(request)
    else:
        who = text.search_key(request.POST.get(key.removeprefix("post:"), ""))
    return exceeded(f"{group}:{key}", who, getattr(settings, setting))


def too_many(request: HttpRequest, template: str, context: dict[str, Any]) -> HttpResponse:
    context = {**context, "error": _("Bạn thao tác quá nhiều lần. Vui lòng thử lại sau ít phút.")}
    return render(request, template, context, status=429)


PAGE_CACHE_SECONDS = 300


def _shared(request: HttpRequest) -> bool:
    """A visitor whose page is everybody's page: no session (so no name and no flash
    message to show), a plain GET of the whole page."""
    return (
        request.method == "GET"
        and not request.headers.get("HX-Request")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and "messages" not in request.COOKIES
    )


def public_page(stamp: Callable[[], Any], max_age: int) -> Callable:
    """HTTP caching for pages built from public data (the catalogue): an ETag and a
    Last-Modified derived from ``stamp()``, a 304 for a client that already has this
    version, and ``Cache-Control: public`` for anonymous visitors (``private`` once a person
    is logged in, since the header then carries their name). A visitor without a session
    gets the page from the server's cache while the catalogue is unchanged."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            current = stamp()
            who = request.user.pk if request.user.is_authenticated else "anon"
            etag = quote_etag(f"{current.etag}-{who}-{get_language()}")
            shared = _shared(request) and who == "anon"
            key = f"portal:page:{etag}:{request.get_full_path()}"
            cached = cache.get(key) if shared else None
            if request.method in ("GET", "HEAD") and etag in _if_none_match(request):
                response = HttpResponse(status=304)
            elif cached is not None:
                response = HttpResponse(cached)
            else:
                response = view(request, *args, **kwargs)
                if shared and response.status_code == 200 and not response.cookies:
                    cache.set(key, response.content, PAGE_CACHE_SECONDS)
            if response.status_code in (200, 304):
                response["ETag"] = etag
                if current.last_modified is not None:
                    response["Last-Modified"] = http_date(current.last_modified.timestamp())
                if request.user.is_authenticated:
                    patch_cache_control(response, private=True, max_age=0, must_revalidate=True)
                else:
                    patch_cache_control(response, public=True, max_age=max_age)
                patch_vary_headers(response, ("Cookie",))
            return response

        return wrapper

    return decorator


def _if_none_match(request: HttpRequest) -> set[str]:
    header = request.headers.get("If-None-Match", "")
    return {part.strip().removeprefix("W/") for part in header.split(",") if part.strip()}


def citizen_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A logged-in citizen account; anyone else logs in first (staff get 403). A dossier the
    citizen does not own is the same 404 as one that does not exist."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), login_url="portal:login")
        if request.user.role != Role.CITIZEN:
            raise PermissionDenied(_("Trang này dành cho tài khoản công dân, tổ chức."))
        return domain_errors(view)(request, *args, **kwargs)

    return wrapper


def domain_errors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """NotFound → 404 and PermissionDenied → 403 pages (other errors are shown by the view)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except errors.NotFound as exc:
            raise Http404(exc.message) from exc
        except errors.PermissionDenied as exc:
            raise PermissionDenied(exc.message) from exc

    return wrapper


def client_key(request: HttpRequest) -> str:
    """Who a like or a dislike comes from: the account, else this browser's session."""
    if request.user.is_authenticated:
        return f"user:{request.user.pk}"
    if not request.session.session_key:
        request.session.save()
    return f"session:{request.session.session_key}"
