"""Authentication and throttling for ``/api/v1/``."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.security import HttpBearer
from ninja.throttling import AnonRateThrottle

from motcua.accounts.tokens import user_for_token


class StaffToken(HttpBearer):
    """``Authorization: Bearer <token>`` of an active staff member (CONTRACT.md)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = getattr(request, "bearer_user", None) or user_for_token(token)
        if user is None or not user.is_agency_staff:
            return None
        request.user = user
        return user


class AnyToken(HttpBearer):
    """A bearer token of any active account (citizens included)."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = getattr(request, "bearer_user", None) or user_for_token(token)
        if user is None:
            return None
        request.user = user
        return user


def _rate(setting: str) -> str:
    count, _, period = getattr(settings, setting).partition("/")
    return f"{count}/{period or 'm'}"


class PublicThrottle(AnonRateThrottle):
    """Per-address limit on public endpoints (lookup, login, submission); the rate is read
    from settings at each request so operators (and tests) can change it."""

    def __init__(self, setting: str = "RATELIMIT_PUBLIC") -> None:
        self.setting = setting
        self.scope = setting.lower()  # its own history: login attempts do not use up lookups
        super().__init__(_rate(setting))

    def allow_request(self, request: HttpRequest) -> bool:
        if not settings.RATELIMIT_ENABLE:
            return True
        self.rate = _rate(self.setting)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)
