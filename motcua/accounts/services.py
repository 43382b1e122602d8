"""Creating and changing accounts: the one place that writes users."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from motcua import text
from motcua.accounts.models import User
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
        raise ValidationFailed("Tên đăng nhập không được để trống.")
    if role not in Role.values or role == Role.CITIZEN:
        allowed = ", ".join(r for r in Role.values if r != Role.CITIZEN)
        raise ValidationFailed(f"Vai trò {role!r} không hợp lệ (cho phép: {allowed}).")
    if User.objects.filter(username=username).exists():
        raise ValidationFailed(f"Tên đăng nhập {username} đã tồn tại.")
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
            raise ValidationFailed("Mật khẩu chưa đủ mạnh: " + " ".join(exc.messages)) from exc
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
        raise ValidationFailed("Không thể tự khóa tài khoản của mình.")
    before = {
        "role": user.role,
        "is_active": user.is_active,
        "counter_delegate": user.counter_delegate,
    }
    if role is not None:
        if role not in Role.values or role == Role.CITIZEN:
            raise ValidationFailed(f"Vai trò {role!r} không hợp lệ.")
        user.role = role
        user.is_staff = role == Role.ADMIN
    if is_active is not None:
        user.is_active = is_active
    if counter_delegate is not None:
        user.counter_delegate = counter_delegate
    with transaction.atomic():
        user.save(update_fields=["role", "is_staff", "is_active", "counter_delegate"])
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
