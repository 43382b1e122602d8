"""Security headers Django 5.2 does not set itself: the Content-Security-Policy of every answer,
from the ``CONTENT_SECURITY_POLICY`` setting (HSTS, nosniff, referrer policy and frame options
come from Django's ``SecurityMiddleware`` and settings)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

HEADER = "Content-Security-Policy"


class ContentSecurityPolicyMiddleware:
    """Adds the policy to every answer that has none of its own; an empty setting adds none."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        policy = settings.CONTENT_SECURITY_POLICY
        if policy and HEADER not in response:
            response[HEADER] = policy
        return response
