"""What the browser tests share: a staff member's page, logged in."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.test import Client
from django.urls import reverse

from motcua.accounts.models import User
from motcua.testing import PASSWORD

DESK = {"width": 1366, "height": 768}  # the counter's screen


def staff_page(
    browser: Any,
    live_server: Any,
    username: str,
    viewport: dict = DESK,
    *,
    path: str = "",
    through_the_form: bool = False,
) -> Any:
    """A new page of ``viewport`` size, logged in as ``username``, open on ``path`` (the
    desk by default) once loaded (htmx must be listening before anything is typed). The
    session is opened on the server, as Django's ``force_login`` does (the login form has
    tests of its own); ``through_the_form`` types the name and password into the login form
    instead, which leads to the desk."""
    context = browser.new_context(viewport=viewport, locale="vi-VN")
    page = context.new_page()
    if through_the_form:
        page.goto(f"{live_server.url}{reverse('accounts:login')}")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()
    else:
        client = Client()
        client.force_login(User.objects.get(username=username))
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
        )
        page.goto(f"{live_server.url}{path or reverse('office:home')}")
    page.wait_for_load_state()
    return page
