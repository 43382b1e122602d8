"""Gửi mã xác thực: a one-time code goes out through the outbox by SMS or e-mail, in the same
transaction that issues it, and expires with it (``Message.expires_at``)."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from motcua import clock
from motcua.accounts import verification
from motcua.accounts.models import CodePurpose, User
from motcua.audit import record
from motcua.errors import ValidationFailed
from motcua.notify.models import Message
from motcua.notify.services import queue_message


def send_signup_code(user: User) -> verification.Issued:
    """Send a fresh sign-up code to the phone or e-mail the citizen registered with."""
    if user.phone:
        channel, recipient = "sms", user.phone
    elif user.email:
        channel, recipient = "email", user.email
    else:
        raise ValidationFailed(_("Tài khoản chưa có số điện thoại hoặc thư điện tử."))
    with transaction.atomic():
        issued = verification.issue(
            user, purpose=CodePurpose.SIGNUP, channel=channel, recipient=recipient
        )
        minutes = int(verification.LIFETIME.total_seconds() // 60)
        queue_message(
            channel=channel,
            recipient=recipient,
            subject=_("Mã xác thực tài khoản MộtCửa"),
            body=_(
                "Mã xác thực tài khoản MộtCửa của bạn là %(code)s, có hiệu lực %(minutes)s "
                "phút. Không cung cấp mã này cho bất kỳ ai."
            )
            % {"code": issued.code, "minutes": minutes},
            user=user,
            expires_at=issued.row.expires_at,
        )
        record("accounts.code_sent", actor=None, target=user, data={"channel": channel})
    return issued


NOTICE_EVERY = timedelta(minutes=10)


def send_taken_notice(user: User, *, channel: str, recipient: str) -> None:
    """Tell the owner of an account that someone tried to register with its phone or e-mail
    (at most once every ten minutes, so the form cannot be used to flood them)."""
    # Messages to a citizen belong to no agency: reading past the scope shows nobody's data.
    recent = Message.objects.with_scopes_disabled().filter(
        user=user,
        target_type=user._meta.label_lower,
        target_id=str(user.pk),
        created_at__gt=clock.now() - NOTICE_EVERY,
    )
    with transaction.atomic():
        if recent.exists():
            return
        queue_message(
            channel=channel,
            recipient=recipient,
            subject=_("Có người đăng ký MộtCửa bằng địa chỉ của bạn"),
            body=_(
                "Vừa có người dùng %(contact)s để đăng ký tài khoản MộtCửa, nhưng địa chỉ này "
                "đã có tài khoản. Nếu là bạn, hãy đăng nhập bằng mật khẩu đã có. Nếu không phải "
                "bạn, hãy bỏ qua tin này: tài khoản của bạn không thay đổi."
            )
            % {"contact": recipient},
            target=user,
            user=user,
        )
        record("accounts.taken_notice_sent", actor=None, target=user, data={"channel": channel})
