"""Creating and changing accounts: the one place that writes users."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from motcua import text
from motcua.accounts.models import User
from motcua.accounts.tokens import revoke_tokens
from motcua.agencies.models import Agency
from motcua.agencies.roles import Role
from motcua.audit import record
from motcua.errors import ValidationFailed


def create_staff_user(
    username: str,
    *,
    agency: Agency,
    role: str,
    password: str | None,
    full_name: str = "",
    email: str = "",
    title: str = "",
    counter_delegate: bool = False,
    actor: Any = None,
) -> User:
    """Create a staff account of ``agency`` with one ``role``. ``password=None`` leaves the
    account without a usable password until one is set."""
    username = text.nfc(username)
    if not username:
        raise ValidationFailed(_("Tên đăng nhập không được để trống."))
    if role not in Role.values or role == Role.CITIZEN:
        allowed = ", ".join(r for r in Role.values if r != Role.CITIZEN)
        raise ValidationFailed(
            _("Vai trò %(role)s không hợp lệ (cho phép: %(allowed)s).")
            % {"role": repr(role), "allowed": allowed}
        )
    if User.objects.filter(username=username).exists():
        raise ValidationFailed(_("Tên đăng nhập %(name)s đã tồn tại.") % {"name": username})
    user = User(
        username=username,
        agency=agency,
        role=role,
        full_name=text.nfc(full_name),
        email=email,
        title=text.nfc(title),
        counter_delegate=counter_delegate,
        is_staff=role == Role.ADMIN,
    )
    if password is None:
        user.set_unusable_password()
    else:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise ValidationFailed(
                _("Mật khẩu chưa đủ mạnh: %(problems)s") % {"problems": " ".join(exc.messages)}
            ) from exc
        user.set_password(password)
    with transaction.atomic():
        user.save()
        record(
            "accounts.user_created",
            actor=actor,
            agency=agency,
            target=user,
            after={"username": username, "role": role, "agency": agency.code},
        )
    return user


def change_staff_user(
    user: User,
    *,
    actor: Any,
    role: str | None = None,
    is_active: bool | None = None,
    counter_delegate: bool | None = None,
) -> User:
    """An agency administrator changes the role or standing of one of the agency's staff."""
    from motcua.agencies.policy import require

    require(actor, "accounts.manage_users", user.agency)
    if user.pk == actor.pk and is_active is False:
        raise ValidationFailed(_("Không thể tự khóa tài khoản của mình."))
    before = {
        "role": user.role,
        "is_active": user.is_active,
        "counter_delegate": user.counter_delegate,
    }
    if role is not None:
        if role not in Role.values or role == Role.CITIZEN:
            raise ValidationFailed(_("Vai trò %(role)s không hợp lệ.") % {"role": repr(role)})
        user.role = role
        user.is_staff = role == Role.ADMIN
    if is_active is not None:
        user.is_active = is_active
    if counter_delegate is not None:
        user.counter_delegate = counter_delegate
    with transaction.atomic():
        user.save(update_fields=["role", "is_staff", "is_active", "counter_delegate"])
        if not user.is_active and before["is_active"]:
            revoke_tokens(user, actor=actor, reason="deactivated")
        after = {
            "role": user.role,
            "is_active": user.is_active,
            "counter_delegate": user.counter_delegate,
        }
        record(
            "accounts.user_changed",
            actor=actor,
            agency=user.agency,
            target=user,
            before=before,
            after=after,
        )
    return user


# --- Citizen accounts (tài khoản công dân, tổ chức) -------------------------------------------


def parse_contact(value: str) -> tuple[str, str]:
    """A phone number or an e-mail address as typed → ``("sms", "0912345678")`` or
    ``("email", "an@example.vn")``: the channel the one-time code goes by, and the login."""
    from django.core.validators import validate_email

    value = text.nfc(value or "")
    if "@" in value:
        address = value.lower()
        try:
            validate_email(address)
        except ValidationError:
            raise ValidationFailed(
                _("Địa chỉ thư điện tử %(value)s không hợp lệ.") % {"value": repr(value)},
                details={"contact": "email"},
            ) from None
        return "email", address
    phone = text.phone_digits(value)
    if not text.NATIONAL_PHONE.match(phone):
        raise ValidationFailed(
            _("Nhập số điện thoại di động (10 chữ số, bắt đầu bằng 0) hoặc địa chỉ thư điện tử."),
            details={"contact": "invalid"},
        )
    return "sms", phone


@dataclass(frozen=True)
class Registration:
    """What :func:`register_citizen` did: ``taken`` means the contact already had an account,
    which was left untouched (``user`` is that account; tell its owner, answer as usual)."""

    user: User
    taken: bool = False


def register_citizen(*, full_name: str, contact: str, password: str) -> Registration:
    """Đăng ký tài khoản công dân: an account that stays inactive until the one-time code
    sent to its phone or e-mail is entered. Registering again before that replaces the
    pending registration (nobody can squat a number they cannot receive codes on). A contact
    that already has an account changes nothing and is answered the same way, so the form
    does not tell who has an account."""
    channel, login = parse_contact(contact)
    full_name = text.nfc(full_name or "")
    if not full_name or len(full_name) > 150 or any(ch in full_name for ch in "<>{}\\"):
        raise ValidationFailed(_("Họ và tên không hợp lệ."), details={"full_name": "invalid"})
    candidate = User(
        username=login,
        role=Role.CITIZEN,
        is_active=False,
        full_name=full_name,
        phone=login if channel == "sms" else "",
        email=login if channel == "email" else "",
    )
    try:
        validate_password(password, candidate)
    except ValidationError as exc:
        raise ValidationFailed(
            _("Mật khẩu chưa đủ mạnh: %(problems)s") % {"problems": " ".join(exc.messages)},
            details={"password": "weak"},
        ) from exc
    with transaction.atomic():
        user = User.objects.select_for_update().filter(username=login).first()
        if user is not None and (user.is_active or user.role != Role.CITIZEN):
            record("accounts.registration_for_existing", actor=None, target=user)
            return Registration(user, taken=True)
        if user is not None:
            for field in ("full_name", "phone", "email"):
                setattr(user, field, getattr(candidate, field))
        else:
            user = candidate
        user.set_password(password)
        user.save()
        record("accounts.citizen_registered", actor=None, target=user, data={"via": channel})
    return Registration(user)


def confirm_signup(user: User, code: str) -> User:
    """Xác thực tài khoản: the right code activates the account (a wrong one counts a try)."""
    from motcua.accounts import verification
    from motcua.accounts.models import CodePurpose

    verification.check(user, purpose=CodePurpose.SIGNUP, code=code)
    with transaction.atomic():
        user.is_active = True
        user.save(update_fields=["is_active"])
        record("accounts.citizen_verified", actor=user, target=user)
    return user


def pending_citizen(user_id: Any) -> User | None:
    """The not-yet-verified citizen account a registration in progress refers to."""
    return User.objects.filter(pk=user_id, role=Role.CITIZEN, is_active=False).first()


def citizen_from_identity(identity: Any) -> User:
    """The citizen account of an identity vouched for by a national provider (VNeID): found by
    ``"<provider>:<subject>"``, created active on first use (the provider did the checking)."""
    username = f"{identity.provider}:{identity.subject}"[:150]
    with transaction.atomic():
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(
                username=username,
                role=Role.CITIZEN,
                full_name=text.nfc(identity.full_name)[:150],
                phone=text.phone_digits(identity.phone)[:20],
                email=identity.email[:254],
            )
            user.set_unusable_password()
            user.save()
            record(
                "accounts.citizen_registered",
                actor=None,
                target=user,
                data={"via": identity.provider},
            )
    if user.role != Role.CITIZEN or not user.is_active:
        raise ValidationFailed(_("Tài khoản này không dùng được để đăng nhập cổng dịch vụ công."))
    return user
