"""Sets ``request.user`` from an ``Authorization: Bearer`` header on API requests, before the
agency scope is entered, so scoping works the same for the API and the web screens."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from motcua.accounts.tokens import user_for_token


class BearerTokenMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        header = request.headers.get("Authorization", "")
        if header.startswith("Bearer ") and request.path.startswith("/api/"):
            user = user_for_token(header[7:].strip())
            request.bearer_user = user
            if user is not None:
                request.user = user
        return self.get_response(request)
