"""create_user USERNAME --agency CODE --role ROLE [--password-stdin] (CONTRACT.md)."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from motcua.accounts.models import User

pytestmark = pytest.mark.django_db


def run(*args, stdin=""):
    import sys

    old = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        out = io.StringIO()
        call_command("create_user", *args, stdout=out)
        return out.getvalue()
    finally:
        sys.stdin = old


def test_it_creates_a_staff_user_reading_the_password_from_stdin(catalog):
    out = run(
        "tam",
        "--agency",
        "000.00.32.H99",
        "--role",
        "leader",
        "--password-stdin",
        stdin="mot-mat-khau-dai-2025\n",
    )
    user = User.objects.get(username="tam")
    assert (user.agency.code, user.role) == ("000.00.32.H99", "leader")
    assert user.check_password("mot-mat-khau-dai-2025")
    assert "Đã tạo tam" in out


def test_without_a_password_the_account_cannot_log_in_yet(catalog):
    out = run("binh", "--agency", "000.00.32.H99", "--role", "counter")
    assert not User.objects.get(username="binh").has_usable_password()
    assert "chưa có mật khẩu" in out


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (("x1", "--agency", "000.00.99.H99", "--role", "counter"), "", "Không có cơ quan"),
        (
            ("x2", "--agency", "000.00.32.H99", "--role", "counter", "--password-stdin"),
            "123\n",
            "Mật khẩu chưa đủ mạnh",
        ),
        (
            ("x3", "--agency", "000.00.32.H99", "--role", "counter", "--password-stdin"),
            "",
            "Không đọc được",
        ),
    ],
)
def test_bad_input_fails_with_a_message_and_creates_nobody(catalog, args, stdin, message):
    with pytest.raises(CommandError, match=message):
        run(*args, stdin=stdin)
    assert not User.objects.filter(username=args[0]).exists()


def test_an_unknown_role_is_refused(catalog):
    with pytest.raises(CommandError):
        run("x4", "--agency", "000.00.32.H99", "--role", "mayor")
    assert not User.objects.filter(username="x4").exists()


def test_a_taken_username_is_refused(catalog, lan):
    with pytest.raises(CommandError, match="đã tồn tại"):
        run("lan", "--agency", "000.00.32.H99", "--role", "counter")
