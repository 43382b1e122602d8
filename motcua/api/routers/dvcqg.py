"""The national portal (DVCQG) sends its dossiers here (CONTRACT v1.1 "DVCQG: inbound dossiers")."""

from __future__ import annotations

import json

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from motcua import edge
from motcua.api.security import AddressThrottle, DvcqgKey
from motcua.documents import storage
from motcua.dossiers.services import inbound
from motcua.errors import ValidationFailed, answers

router = Router(tags=["dvcqg"])


class InboundOut(Schema):
    MaHoSo: str
    code: str
    status_code: int


BODY_DOC = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["MaHoSo", "MaTTHC", "MaDonVi"],
                    "description": "HoSo của Cổng DVCQG; tệp đính kèm mã hóa Base64.",
                }
            }
        },
    }
}


def _body(request: HttpRequest) -> dict:
    """The JSON body, read from the stream: a dossier with its scans may pass Django's limit
    for request bodies in memory, so this endpoint has its own (DVCQG_INBOUND_MAX_BYTES)."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > settings.DVCQG_INBOUND_MAX_BYTES:
        raise storage.too_large(settings.DVCQG_INBOUND_MAX_BYTES)
    try:
        body = json.loads(request.read(settings.DVCQG_INBOUND_MAX_BYTES + 1) or b"null")
    except (UnicodeDecodeError, json.JSONDecodeError):
        body = None
    if not isinstance(body, dict):
        raise ValidationFailed(_("Nội dung gửi lên không phải một hồ sơ JSON hợp lệ."))
    found = edge.find_bad(body)  # the input guard leaves bodies this large to this endpoint
    if found:
        where, why = found
        raise ValidationFailed(edge.message(where, why), code="invalid_input", details={where: why})
    return body


@router.post(
    "/dossiers",
    response={200: InboundOut, 201: InboundOut},
    auth=DvcqgKey(),
    throttle=[AddressThrottle("RATELIMIT_DVCQG")],
    openapi_extra=BODY_DOC,
)
@answers(413, 503)
def receive(request: HttpRequest):
    """Nhận hồ sơ nộp trên Cổng DVCQG: trạng thái 1 trong hàng chờ trực tuyến của cơ quan."""
    received = inbound.receive_from_dvcqg(_body(request))
    dossier = received.dossier
    answer = {
        "MaHoSo": dossier.national_code,
        "code": dossier.code,
        "status_code": dossier.status_code,
    }
    return Status(201 if received.created else 200, answer)
