"""Password guessing guard for every login (staff screens, portal, API token): a limit on
attempts per address, and per (account, address) a delay that grows with failures in a row.
Nothing counts per account alone, so nobody can lock a person out by failing on purpose from
elsewhere (issue 17, finding 11)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from motcua.limits import backoff
from motcua.limits.addresses import client_address
from motcua.limits.counters import exceeded, parse_rate

SCOPE = "login"


def _who(request: HttpRequest, account: str) -> str:
    return f"{account.strip().casefold()}\0{client_address(request)}"


def wait_before_login(request: HttpRequest, account: str) -> int:
    """Count this attempt; answer how many seconds it must wait instead (0: go ahead)."""
    if not settings.RATELIMIT_ENABLE:
        return 0
    rate = settings.RATELIMIT_LOGIN
    if exceeded("login:ip", client_address(request), rate):
        return parse_rate(rate).seconds
    return backoff.wait_seconds(
        SCOPE,
        _who(request, account),
        free=settings.LOGIN_FREE_FAILURES,
        cap=settings.LOGIN_MAX_DELAY_SECONDS,
    )


def login_failed(request: HttpRequest, account: str) -> None:
    if settings.RATELIMIT_ENABLE:
        backoff.fail(SCOPE, _who(request, account))


def login_succeeded(request: HttpRequest, account: str) -> None:
    backoff.clear(SCOPE, _who(request, account))
