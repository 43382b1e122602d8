"""Bearer tokens for the API: issue, check, revoke. Stored as SHA-256 digests only.

A token dies with the password it was issued under (any change, by any path: the row keeps a
mark of the password hash), is revoked when its account is deactivated, and, when it was issued
to a logged-in browser session, when that session logs out."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import authenticate
from django.http import HttpRequest
from django.utils.crypto import constant_time_compare

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


def password_mark(user: User) -> str:
    """A mark of the user's current password hash: it changes whenever the password does."""
    return hashlib.sha256(f"motcua-token:{user.password}".encode()).hexdigest()


def _browser_session(request: HttpRequest | None, user: User) -> str:
    """The session key when the token goes to a browser logged in as that same user."""
    if request is None or getattr(request, "session", None) is None:
        return ""
    if getattr(request.user, "pk", None) != user.pk:
        return ""
    return request.session.session_key or ""


def issue_token(request: HttpRequest | None, username: str, password: str) -> tuple[str, ApiToken]:
    """Check the password and hand out a new token (``POST /api/v1/auth/token``)."""
    user = authenticate(request, username=username, password=password)
    if user is None or not user.is_active:
        raise InvalidCredentials("Tên đăng nhập hoặc mật khẩu không đúng.")
    return token_for(user, session_key=_browser_session(request, user))


def token_for(user: User, *, session_key: str = "") -> tuple[str, ApiToken]:
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
        password_mark=password_mark(user),
        session_key=session_key,
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
    if not constant_time_compare(row.password_mark, password_mark(row.user)):
        return None  # issued under a password that has changed since
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


def revoke_tokens(user: User, *, actor: User | None, reason: str, session_key: str = "") -> int:
    """Revoke every live token of ``user`` (or only those issued to one browser session);
    ``reason`` goes in the audit row ("deactivated", "logout"). Answers how many."""
    live = ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=clock.now())
    if session_key:
        live = live.filter(session_key=session_key)
    count = live.update(revoked_at=clock.now())
    if count:
        record(
            "accounts.token_revoked",
            actor=actor,
            agency=user.agency,
            target=user,
            data={"reason": reason, "count": count},
        )
    return count


def revoke_session_tokens(request: HttpRequest) -> int:
    """At logout: revoke the tokens handed to this browser session (call before logging out)."""
    user = getattr(request, "user", None)
    key = request.session.session_key if getattr(request, "session", None) else None
    if not getattr(user, "is_authenticated", False) or not key:
        return 0
    return revoke_tokens(user, actor=user, reason="logout", session_key=key)
