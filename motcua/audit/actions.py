"""Audit codes and the Vietnamese sentence each one reads as (one registry, STYLE.md 1.4)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTIONS: dict[str, str] = {
    "accounts.user_created": _("Tạo tài khoản người dùng"),
    "accounts.login": _("Đăng nhập"),
    "accounts.login_failed": _("Đăng nhập không thành công"),
    "accounts.citizen_registered": _("Đăng ký tài khoản công dân"),
    "accounts.citizen_verified": _("Xác thực tài khoản công dân"),
    "accounts.code_sent": _("Gửi mã xác thực"),
    "accounts.token_issued": _("Cấp mã truy cập API"),
    "accounts.token_revoked": _("Thu hồi mã truy cập API"),
    "catalog.imported": _("Nạp danh mục cơ quan, lĩnh vực, thủ tục"),
    "catalog.steps_revised": _("Sửa quy trình nội bộ của thủ tục (phiên bản mới)"),
    "calendar.day_added": _("Thêm ngày nghỉ / ngày làm bù"),
    "calendar.day_removed": _("Xóa ngày nghỉ / ngày làm bù"),
    "accounts.user_changed": _("Sửa vai trò, trạng thái tài khoản"),
    "calendar.imported": _("Nạp lịch nghỉ lễ, ngày làm bù"),
}


def register(code: str, sentence: str) -> None:
    """Add an audit code from another app (each app registers its own in ``apps.ready``)."""
    ACTIONS[code] = sentence


def describe(code: str) -> str:
    """The sentence for a code; an unknown code reads as itself rather than failing."""
    return str(ACTIONS.get(code, code))
