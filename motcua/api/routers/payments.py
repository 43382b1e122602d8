"""Fees and payments (CONTRACT v1.1 "Online payment"): starting a payment for a dossier in
status 6, the platform's confirmations, mismatches and refunds."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from motcua.api.security import AddressThrottle
from motcua.dossiers import access
from motcua.errors import NotFound, ValidationFailed, answers
from motcua.limits.addresses import client_address
from motcua.payments import queries, services

router = Router(tags=["payments"])


class PaymentIn(Schema):
    channel: Literal["online", "counter"] = "online"
    method: Literal["cash", "card"] = "cash"


class PaymentStarted(Schema):
    reference: str
    amount: int = Field(..., alias="amount_vnd")
    payment_url: str
    receipt_number: str


class PaymentOut(Schema):
    reference: str
    amount: int = Field(..., alias="amount_vnd")
    state: str
    paid_at: datetime | None
    channel: str


class MismatchOut(Schema):
    id: int
    kind: str
    reference: str
    reported_vnd: int | None
    expected_vnd: int | None
    created_at: datetime
    settled_at: datetime | None
    resolution: str


class SettleIn(Schema):
    resolution: str


class RefundIn(Schema):
    reason: str
    account: str = ""


CONFIRM_DOC = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "description": "Xác nhận của nền tảng thanh toán, ký bằng MaXacThuc.",
                }
            }
        },
    }
}


@router.post("/dossiers/{code}/payments", response={201: PaymentStarted})
@answers(403, 409, 503)
def start_payment(request: HttpRequest, code: str, body: PaymentIn | None = None):
    """Thanh toán phí, lệ phí của hồ sơ đang chờ thực hiện nghĩa vụ tài chính (trạng thái 6):
    ``online`` gửi INIT lên nền tảng thanh toán và trả đường dẫn thanh toán (cũng gửi SMS,
    thư điện tử cho người nộp); ``counter`` thu tiền mặt/thẻ tại quầy, cấp số biên lai."""
    dossier = access.dossier_for(request.user, code)
    body = body or PaymentIn()
    if body.channel == "counter":
        payment = services.record_counter(dossier, actor=request.user, method=body.method)
    else:
        payment = services.start_online(
            dossier, actor=request.user, ip=client_address(request) or ""
        )
    return Status(201, payment)


@router.get("/dossiers/{code}/payments", response=list[PaymentOut])
@answers(403)
def dossier_payments(request: HttpRequest, code: str):
    """Các khoản thanh toán của hồ sơ."""
    return queries.payments_of(access.dossier_for(request.user, code))


@router.post(
    "/payments/dvcqg/confirm",
    auth=None,
    throttle=[AddressThrottle("RATELIMIT_PAYMENT")],
    openapi_extra=CONFIRM_DOC,
    response={200: dict},
)
@answers(503)
def confirm(request: HttpRequest):
    """Xác nhận thanh toán từ nền tảng thanh toán (xác thực bằng ``MaXacThuc``): hợp lệ thì
    ghi nhận và kết thúc chờ (trạng thái 6 → 4); gửi lại cùng xác nhận: 200, không ghi hai
    lần; sai mã xác thực, sai số tiền, mã tham chiếu không có: 400 và đưa vào danh sách sai
    lệch."""
    try:
        body = json.loads(request.body or b"null")
    except (UnicodeDecodeError, json.JSONDecodeError):
        body = None
    applied = services.confirm(body)  # committed: the log row and any mismatch stay
    if applied.status != 200:
        raise ValidationFailed(
            _("Xác nhận không được chấp nhận: %(why)s.")
            % {"why": applied.mismatch.get_kind_display() if applied.mismatch else "?"},
            code="payment_refused",
            details={"error_code": "-1", "kind": applied.mismatch.kind if applied.mismatch else ""},
        )
    return {"error_code": "0", "message": "Thành công"}


@router.get("/payments/mismatches", response=list[MismatchOut])
@answers(403)
def mismatches(request: HttpRequest, open: bool = True):
    """Sai lệch thanh toán cần xử lý (của cơ quan mình; giám sát: cả tỉnh)."""
    return list(queries.mismatches_for(request.user, open_only=open)[:200])


@router.post("/payments/mismatches/{pk}/settle", response=MismatchOut)
@answers(403, 404, 409)
def settle(request: HttpRequest, pk: int, body: SettleIn):
    """Ghi nhận đã xử lý một sai lệch (cách xử lý bắt buộc)."""
    found = queries.mismatches_for(request.user, open_only=False).filter(pk=pk).first()
    if found is None:
        raise NotFound(_("Không có sai lệch này."))
    return services.settle(found, actor=request.user, resolution=body.resolution)


@router.post("/payments/{reference}/refund", response=PaymentOut)
@answers(403, 404, 409)
def refund(request: HttpRequest, reference: str, body: RefundIn):
    """Hoàn trả phí, lệ phí của hồ sơ bị từ chối giải quyết hoặc đã rút."""
    found = queries.payments_for(request.user).filter(reference=reference).first()
    if found is None:
        raise NotFound(_("Không có khoản thanh toán này."))
    return services.refund(found, actor=request.user, reason=body.reason, account=body.account)
