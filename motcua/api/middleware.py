"""The API answers in Vietnamese (CONTRACT.md: ``"message": "<Vietnamese>"``) whatever the
language a browser or a client asks for; English is for the screens only."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation

API_PREFIX = "/api/"


class VietnameseApiMiddleware:
    """After the language middleware (``motcua.language``): under ``/api/`` the request's
    language is the site's own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith(API_PREFIX):
            translation.activate(settings.LANGUAGE_CODE)
            request.LANGUAGE_CODE = settings.LANGUAGE_CODE
        return self.get_response(request)
