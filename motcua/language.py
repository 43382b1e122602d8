"""The language of the screens: Vietnamese, unless the visitor chose English with the switch in
the page header (Django's ``set_language`` view, which keeps the choice in the language
cookie). The browser's ``Accept-Language`` is not asked: a phone or a desk set up in English
would otherwise get English labels around Vietnamese data ("Lệ phí: Free of charge"), and a
Vietnamese one-stop shop speaks Vietnamese until told otherwise."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers


def chosen_language(request: HttpRequest) -> str:
    """The language the visitor chose (the cookie), else the site's (``LANGUAGE_CODE``)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class SiteLanguageMiddleware:
    """In place of Django's ``LocaleMiddleware``: the same activation, without negotiation."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        translation.activate(chosen_language(request))
        request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", translation.get_language())
        patch_vary_headers(response, ("Cookie",))
        return response
