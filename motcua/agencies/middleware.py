"""Enters the agency scope for every staff request (STYLE.md habit 13).

A staff user's queries on agency-owned models are filtered to the agencies they may see; a
query on such a model outside any scope raises ``ScopeError`` instead of leaking rows."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django_scopes import scope, scopes_disabled

from motcua.agencies.policy import visible_agency_ids


class AgencyScopeMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and getattr(user, "is_agency_staff", False):
            request.agency = user.agency
            with scope(agency=visible_agency_ids(user)):
                return self.get_response(request)
        request.agency = None
        if user is not None and getattr(user, "is_superuser", False):
            with scopes_disabled():  # the system operator, in the admin site
                return self.get_response(request)
        return self.get_response(request)
