"""Public endpoints: procedure catalogue, status lookup, online submission (CONTRACT.md)."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema, Status

from motcua.api.security import AnyToken, PublicThrottle
from motcua.dossiers import lookup
from motcua.dossiers.services import intake

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
def lookup_status(request: HttpRequest, code: str, phone: str):
    """Tra cứu tình trạng hồ sơ bằng mã hồ sơ và số điện thoại (không cần đăng nhập)."""
    return lookup.public_status(code, phone)


class SubmitApplicant(Schema):
    name: str = ""
    id_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    kind: str = "citizen"


class SubmitComponent(Schema):
    code: str
    originals: int = 0
    copies: int = 0
    file_ids: list[int] = []
    from_store: bool = False
    store_item_ids: list[int] = []


class SubmitIn(Schema):
    procedure: str
    agency: str
    case: str | None = None
    applicant: SubmitApplicant
    components: list[SubmitComponent] = []
    note: str = ""
    result_delivery: str | None = None
    delivery_address: str = ""


class SubmittedOut(Schema):
    code: str
    status: str
    status_code: int


@router.post(
    "/dossiers", response={201: SubmittedOut}, auth=AnyToken(), throttle=[PublicThrottle()]
)
def submit(request: HttpRequest, body: SubmitIn):
    """Nộp hồ sơ trực tuyến (công dân đã đăng nhập): trạng thái 1 đến khi được tiếp nhận."""
    dossier = intake.submit_online(actor=request.user, **body.dict())
    return Status(201, dossier)
