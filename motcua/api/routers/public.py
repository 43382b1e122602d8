"""Public endpoints: procedure catalogue, status lookup, online submission (CONTRACT.md)."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Header, Router, Schema, Status

from motcua.api.security import AnyToken, PublicThrottle
from motcua.dossiers import access, lookup
from motcua.dossiers.inputs import SubmitIn
from motcua.dossiers.services import intake
from motcua.errors import answers
from motcua.feedback import services as feedback

router = Router(tags=["public"])


class LookupStep(Schema):
    at: datetime
    text: str


class LookupOut(Schema):
    code: str
    procedure: str
    agency: str
    applicant: str
    status_code: int
    status: str
    received_at: datetime | None
    due_at: datetime | None
    finished_at: datetime | None
    returned_at: datetime | None
    history: list[LookupStep]


@router.get("/lookup", response=LookupOut, auth=None, throttle=[PublicThrottle()])
@answers(404)
def lookup_status(request: HttpRequest, code: str, phone: str):
    """Tra cứu tình trạng hồ sơ bằng mã hồ sơ và số điện thoại (không cần đăng nhập)."""
    return lookup.public_status(code, phone)


class SubmittedOut(Schema):
    code: str
    status: str
    status_code: int


@router.post(
    "/dossiers", response={201: SubmittedOut}, auth=AnyToken(), throttle=[PublicThrottle()]
)
@answers(403, 404, 409)
def submit(
    request: HttpRequest,
    body: SubmitIn,
    idempotency_key: str = Header("", alias="Idempotency-Key"),
):
    """Nộp hồ sơ trực tuyến (công dân đã đăng nhập): trạng thái 1 đến khi được tiếp nhận.
    Gửi lại cùng ``Idempotency-Key`` (cùng nội dung) nhận lại đúng hồ sơ đã tạo, không tạo
    hồ sơ thứ hai; cùng khóa mà khác nội dung: 409."""
    dossier = intake.submit_online(
        actor=request.user, idempotency_key=idempotency_key, **body.model_dump()
    )
    return Status(201, dossier)


class RatingIn(Schema):
    level: int
    indices: dict[str, int] = {}
    comment: str = ""


class RatingOut(Schema):
    dossier: str
    level: int
    level_name: str
    indices: dict[str, int]
    channel: str
    created_at: datetime


@router.post(
    "/dossiers/{code}/rating",
    response={201: RatingOut},
    auth=AnyToken(),
    throttle=[PublicThrottle("RATELIMIT_RATING")],
)
@answers(403, 409)
def rate(request: HttpRequest, code: str, body: RatingIn):
    """Đánh giá mức độ hài lòng (người nộp hồ sơ, một lần, khi hồ sơ đã có kết quả)."""
    dossier = access.citizen_dossier(request.user, code)
    rating = feedback.rate_dossier(dossier, actor=request.user, **body.model_dump())
    return Status(
        201,
        {
            "dossier": dossier.code,
            "level": rating.level,
            "level_name": str(rating.get_level_display()),
            "indices": rating.indices,
            "channel": rating.channel,
            "created_at": rating.created_at,
        },
    )
