"""Bearer tokens for the API: issue, check, revoke. Stored as SHA-256 digests only."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.http import HttpRequest

from motcua import clock
from motcua.accounts.models import ApiToken, User
from motcua.audit import record
from motcua.errors import DomainError

TOKEN_PREFIX = "mc_"  # noqa: S105 - a marker, not a secret


class InvalidCredentials(DomainError):
    code = "invalid_credentials"
    status = 401


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(request: HttpRequest | None, username: str, password: str) -> tuple[str, ApiToken]:
    """Check the password and hand out a new token (``POST /api/v1/auth/token``)."""
    user = authenticate(request, username=username, password=password)
    if user is None or not user.is_active:
        raise InvalidCredentials("Tên đăng nhập hoặc mật khẩu không đúng.")
    return token_for(user)


def token_for(user: User) -> tuple[str, ApiToken]:
    """A new token for a user whose identity is already established (after the password
    check; tests use it the way the web client's ``force_login`` skips the login form)."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    now = clock.now()
    row = ApiToken.objects.create(
        user=user,
        digest=_digest(token),
        prefix=token[:10],
        created_at=now,
        expires_at=now + timedelta(hours=settings.API_TOKEN_TTL_HOURS),
    )
    record("accounts.token_issued", actor=user, agency=user.agency, target=row)
    return token, row


def user_for_token(token: str) -> User | None:
    """The active user a token stands for, or None if unknown, expired or revoked."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    row = (
        ApiToken.objects.select_related("user", "user__agency")
        .filter(digest=_digest(token), revoked_at__isnull=True, expires_at__gt=clock.now())
        .first()
    )
    if row is None or not row.user.is_active:
        return None
    return row.user


def revoke_token(token: str, *, actor: User) -> bool:
    """Revoke one token; answers whether there was one to revoke."""
    row = ApiToken.objects.filter(digest=_digest(token), revoked_at__isnull=True).first()
    if row is None:
        return False
    row.revoked_at = clock.now()
    row.save(update_fields=["revoked_at"])
    record("accounts.token_revoked", actor=actor, agency=row.user.agency, target=row)
    return True
