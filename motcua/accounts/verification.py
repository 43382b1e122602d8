"""Mã xác thực một lần (OTP) for citizen accounts: issue and check. Sending the code is the
notification outbox's job (``notify.codes``), which calls :func:`issue` in its transaction.

Rules: six random digits; only an HMAC keyed by the site's secret is stored; a code lives
ten minutes; five wrong tries spend it; a new code replaces the old one and may be asked for
once a minute."""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from motcua import clock
from motcua.accounts.models import OneTimeCode, User
from motcua.errors import Conflict, ValidationFailed

LIFETIME = timedelta(minutes=10)
MAX_ATTEMPTS = 5
RESEND_AFTER = timedelta(seconds=60)
DIGITS = 6


@dataclass(frozen=True)
class Issued:
    row: OneTimeCode
    code: str  # the plain code: leaves the process only inside the outgoing message


def _digest(salt: str, user_id: int, code: str) -> str:
    return salted_hmac(
        "motcua.accounts.otp", f"{salt}:{user_id}:{code}", algorithm="sha256"
    ).hexdigest()


def issue(user: User, *, purpose: str, channel: str, recipient: str) -> Issued:
    """A fresh code for ``user``; earlier unused codes of the same purpose stop working.
    Call inside the transaction that sends it."""
    now = clock.now()
    latest = OneTimeCode.objects.filter(user=user, purpose=purpose).order_by("-created_at").first()
    if latest is not None and latest.created_at > now - RESEND_AFTER:
        raise Conflict(
            _("Mã xác thực vừa được gửi. Vui lòng chờ một phút trước khi yêu cầu mã mới."),
            code="too_soon",
        )
    OneTimeCode.objects.filter(user=user, purpose=purpose, used_at__isnull=True).update(
        expires_at=now
    )
    code = f"{secrets.randbelow(10**DIGITS):0{DIGITS}d}"
    salt = secrets.token_hex(16)
    row = OneTimeCode.objects.create(
        user=user,
        purpose=purpose,
        channel=channel,
        recipient=recipient,
        salt=salt,
        digest=_digest(salt, user.pk, code),
        created_at=now,
        expires_at=now + LIFETIME,
    )
    return Issued(row, code)


def check(user: User, *, purpose: str, code: str) -> OneTimeCode:
    """Spend the user's current code if ``code`` matches it. A wrong code counts one try
    (kept even though the call fails); an expired or spent code is refused."""
    given = "".join(ch for ch in str(code or "") if ch.isdigit())
    failure = None
    with transaction.atomic():
        row = (
            OneTimeCode.objects.select_for_update()
            .filter(user=user, purpose=purpose, used_at__isnull=True)
            .order_by("-created_at")
            .first()
        )
        now = clock.now()
        if row is None or row.expires_at <= now:
            failure = _("Mã xác thực đã hết hạn. Vui lòng yêu cầu gửi mã mới.")
        elif row.attempts >= MAX_ATTEMPTS:
            failure = _("Đã nhập sai quá số lần cho phép. Vui lòng yêu cầu gửi mã mới.")
        elif len(given) != DIGITS or not hmac.compare_digest(
            row.digest, _digest(row.salt, user.pk, given)
        ):
            row.attempts += 1
            row.save(update_fields=["attempts"])
            left = MAX_ATTEMPTS - row.attempts
            failure = (
                _("Mã xác thực không đúng. Còn %(n)s lần thử.") % {"n": left}
                if left
                else _("Đã nhập sai quá số lần cho phép. Vui lòng yêu cầu gửi mã mới.")
            )
        else:
            row.used_at = now
            row.save(update_fields=["used_at"])
    if failure:
        raise ValidationFailed(failure, code="invalid_code", details={"code": "invalid"})
    return row
