"""What the browser tests share: a staff member's page, logged in through the login form."""

from __future__ import annotations

from typing import Any

from motcua.testing import PASSWORD

DESK = {"width": 1366, "height": 768}  # the counter's screen


def staff_page(browser: Any, live_server: Any, username: str, viewport: dict = DESK) -> Any:
    """A new page of ``viewport`` size logged in as ``username`` through the login form, once
    loaded (htmx must be listening before anything is typed)."""
    page = browser.new_context(viewport=viewport, locale="vi-VN").new_page()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()
    return page
