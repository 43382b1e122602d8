"""Authentication and throttling for ``/api/v1/``."""

from __future__ import annotations

import hmac
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import Throttled
from ninja.security import APIKeyHeader, HttpBearer
from ninja.throttling import BaseThrottle

from motcua.accounts.tokens import user_for_token
from motcua.errors import DomainError
from motcua.limits.addresses import client_address
from motcua.limits.counters import exceeded, parse_rate


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


class TokenUnlessPublic(AnyToken):
    """A bearer token of any account, unless ``settings.<setting>`` opens the endpoint to
    everybody (then a token is still read when one is sent)."""

    def __init__(self, setting: str) -> None:
        self.setting = setting
        super().__init__()

    def __call__(self, request: HttpRequest) -> Any:
        user = super().__call__(request)
        if user is None and getattr(settings, self.setting):
            return "public"
        return user


class PublicThrottle(BaseThrottle):
    """Per-address limit on public endpoints (lookup, login, submission) for callers not
    logged in, counted in the shared store (:mod:`motcua.limits`); the rate is read from
    settings at each request so operators (and tests) can change it."""

    counts_authenticated = False

    def __init__(self, setting: str = "RATELIMIT_PUBLIC") -> None:
        self.setting = setting
        self.scope = setting.lower()  # its own history: login attempts do not use up lookups
        self.seconds = 0

    def allow_request(self, request: HttpRequest) -> bool:
        user = getattr(request, "user", None)
        if not self.counts_authenticated and getattr(user, "is_authenticated", False):
            return True
        rate = getattr(settings, self.setting)
        self.seconds = parse_rate(rate).seconds
        return not exceeded(f"api:{self.scope}", client_address(request), rate)

    def wait(self) -> float | None:
        return self.seconds or None


class FeatureOff(DomainError):
    """A connection to an outside system that is not configured here (503)."""

    code = "not_configured"
    status = 503


class DvcqgKey(APIKeyHeader):
    """``X-Api-Key: <DVCQG_INBOUND_KEY>`` of the national portal (CONTRACT v1.1), compared in
    constant time. A wrong key counts as a failed login against the address's login limit."""

    param_name = "X-Api-Key"

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        expected = settings.DVCQG_INBOUND_KEY
        if not expected:
            raise FeatureOff(
                _(
                    "Chưa bật nhận hồ sơ từ Cổng Dịch vụ công quốc gia: "
                    "chưa đặt khóa DVCQG_INBOUND_KEY."
                )
            )
        if key and hmac.compare_digest(key.encode(), expected.encode()):
            return "dvcqg"
        failures = PublicThrottle("RATELIMIT_LOGIN")
        if not failures.allow_request(request):
            raise Throttled(failures.wait())
        return None


class AddressThrottle(PublicThrottle):
    """Per-address limit that also counts requests a key authenticated (a machine caller)."""

    counts_authenticated = True
