from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import Throttled

from motcua.accounts import guard
from motcua.accounts.tokens import InvalidCredentials, issue_token, revoke_token
from motcua.api.security import AnyToken, PublicThrottle
from motcua.errors import answers

router = Router(tags=["auth"])


class TokenIn(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str
    expires_at: datetime


@router.post(
    "/token", response={200: TokenOut}, auth=None, throttle=[PublicThrottle("RATELIMIT_LOGIN")]
)
@answers(401)
def create_token(request: HttpRequest, body: TokenIn):
    """Đổi tên đăng nhập và mật khẩu lấy mã truy cập (Bearer). Guarded like the HTML login:
    attempts per address, failures per (account, address) with a growing delay."""
    wait = guard.wait_before_login(request, body.username)
    if wait:
        raise Throttled(wait)
    try:
        token, row = issue_token(request, body.username, body.password)
    except InvalidCredentials:
        guard.login_failed(request, body.username)
        raise
    guard.login_succeeded(request, body.username)
    return {"token": token, "expires_at": row.expires_at}


@router.post("/token/revoke", response={204: None}, auth=AnyToken())
def revoke(request: HttpRequest):
    """Thu hồi mã truy cập đang dùng."""
    revoke_token(request.headers["Authorization"][7:].strip(), actor=request.user)
    return Status(204, None)
