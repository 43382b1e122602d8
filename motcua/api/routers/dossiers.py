"""Dossiers for staff (CONTRACT.md): intake, worklist, one dossier, lifecycle actions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Header, Router, Schema, Status
from ninja.pagination import PaginationBase, paginate

from motcua.documents import services as files
from motcua.dossiers import access, queries
from motcua.dossiers.inputs import ActionIn, IntakeIn
from motcua.dossiers.lifecycle import NATIONAL_NAME
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import actions, intake
from motcua.errors import answers
from motcua.payments import queries as payment_queries

router = Router(tags=["dossiers"])
PAGE_SIZE = 50


class WorklistPageIn(Schema):
    """``?page=N`` of a worklist (its own name: ninja's page-number pagination has an ``Input``)."""

    page: int = Field(1, ge=1)


class WorklistPage(PaginationBase):
    """``?page=N`` → ``{"items", "page", "has_next"}``, without a total: counting tens of
    thousands of scoped rows costs more than the page itself, and a worklist only needs to know
    whether there is a next page."""

    Input = WorklistPageIn

    class Output(Schema):
        items: list[Any]
        page: int
        has_next: bool

    def paginate_queryset(self, queryset, pagination, request, **params) -> dict[str, Any]:
        if params.get("view") == "mine" or params.get("assigned") == "me":
            rows, has_next = queries.mine_page(
                request.user,
                pagination.page,
                PAGE_SIZE,
                status=params.get("status") or None,
                q=params.get("q", ""),
                overdue=params.get("overdue"),
            )
        else:
            rows, has_next = queries.page_of(queryset, pagination.page, PAGE_SIZE)
        return {"items": rows, "page": pagination.page, "has_next": has_next}


class DossierOut(Schema):
    code: str
    status: str
    status_code: int
    status_name: str
    procedure: str
    procedure_name: str
    case: str
    agency: str
    handling_agency: str
    current_agency: str
    channel: str
    applicant_name: str
    received_at: datetime | None
    due_at: datetime | None
    original_due_at: datetime | None
    finished_at: datetime | None
    returned_at: datetime | None
    outcome: str
    boundary_free: bool
    current_step: int | None = None
    assignee: str | None = None

    @staticmethod
    def resolve_status_name(obj: Dossier) -> str:
        return str(NATIONAL_NAME[obj.status_code])

    @staticmethod
    def resolve_procedure(obj: Dossier) -> str:
        return obj.procedure.code

    @staticmethod
    def resolve_procedure_name(obj: Dossier) -> str:
        return obj.procedure.name

    @staticmethod
    def resolve_case(obj: Dossier) -> str:
        return obj.case.code

    @staticmethod
    def resolve_agency(obj: Dossier) -> str:
        return obj.agency.code

    @staticmethod
    def resolve_handling_agency(obj: Dossier) -> str:
        return obj.handling_agency.code

    @staticmethod
    def resolve_current_agency(obj: Dossier) -> str:
        return obj.current_agency.code

    @staticmethod
    def resolve_current_step(obj: Dossier) -> int | None:
        return obj.current_step.order if obj.current_step_id else None

    @staticmethod
    def resolve_assignee(obj: Dossier) -> str | None:
        return obj.assignee.username if obj.assignee_id else None


class DossierStepOut(Schema):
    """A step of the dossier's own process (its copy of the procedure's steps, with dues)."""

    order: int
    name: str
    role: str
    agency: str = Field(..., alias="agency.code")
    state: str
    hours: float
    due_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    assignee: str | None = None

    @staticmethod
    def resolve_assignee(obj: Any) -> str | None:
        return obj.assignee.username if obj.assignee_id else None


class DossierComponentOut(Schema):
    """A paper of the dossier as received (thành phần hồ sơ)."""

    code: str
    name: str
    originals: int
    copies: int
    photocopies: int
    digitised: bool
    from_store: bool
    reused: bool


class AttachmentOut(Schema):
    """A file of the dossier: a paper (``part`` = its component code), a supplement, the draft
    or the result (``electronic``: signed digitally)."""

    id: int = Field(..., alias="document.pk")
    name: str = Field(..., alias="document.name")
    content_type: str = Field(..., alias="document.content_type")
    size: int = Field(..., alias="document.size")
    sha256: str = Field(..., alias="document.sha256")
    electronic: bool = Field(..., alias="document.electronic")
    role: str
    part: str
    from_store: bool
    attached_at: datetime

    @staticmethod
    def resolve_from_store(obj: Any) -> bool:
        return obj.store_item_id is not None


class MovementOut(Schema):
    at: datetime
    action: str
    actor: str | None = None
    from_status: str
    to_status: str
    note: str
    step_due_at: datetime | None

    @staticmethod
    def resolve_actor(obj: Any) -> str | None:
        return obj.actor.username if obj.actor_id else None


class DossierPaymentOut(Schema):
    """A payment of the dossier's fee (CONTRACT v1.1): ``channel`` online or counter."""

    reference: str
    amount: int = Field(..., alias="amount_vnd")
    state: str
    paid_at: datetime | None
    channel: str


class DossierDetail(DossierOut):
    applicant: dict[str, Any]
    components: list[DossierComponentOut]
    steps: list[DossierStepOut]
    events: list[MovementOut]
    documents: list[AttachmentOut]
    dvcqg_due_at: datetime | None
    payments: list[DossierPaymentOut]

    @staticmethod
    def resolve_applicant(obj: Dossier) -> dict[str, str]:
        return {
            "name": obj.applicant_name,
            "id_number": obj.applicant_id_number,
            "phone": obj.applicant_phone,
            "email": obj.applicant_email,
            "address": obj.applicant_address,
            "kind": obj.applicant_kind,
            "submitter": {
                "name": obj.submitter_name,
                "id_number": obj.submitter_id_number,
                "phone": obj.submitter_phone,
                "address": obj.submitter_address,
            }
            if obj.submitter_name
            else None,
        }

    @staticmethod
    def resolve_components(obj: Dossier) -> list:
        return list(obj.components.all())

    @staticmethod
    def resolve_steps(obj: Dossier) -> list:
        return list(obj.steps.select_related("agency", "assignee"))

    @staticmethod
    def resolve_events(obj: Dossier) -> list:
        return list(obj.movements.select_related("actor"))

    @staticmethod
    def resolve_documents(obj: Dossier) -> list:
        return list(files.attachments_of(obj))

    @staticmethod
    def resolve_payments(obj: Dossier) -> list:
        return payment_queries.payments_of(obj)


@router.post("/dossiers", response={201: DossierOut})
@answers(403, 404, 409)
def create_dossier(
    request: HttpRequest,
    body: IntakeIn,
    idempotency_key: str = Header("", alias="Idempotency-Key"),
):
    """Tiếp nhận hồ sơ tại Bộ phận Một cửa (cán bộ một cửa). Gửi lại cùng ``Idempotency-Key``
    (cùng nội dung) nhận lại đúng hồ sơ đã tạo, không tạo hồ sơ thứ hai; cùng khóa mà khác nội
    dung: 409."""
    dossier = intake.receive_dossier(
        actor=request.user, idempotency_key=idempotency_key, **body.model_dump()
    )
    return Status(201, dossier)


@router.get("/dossiers", response=list[DossierOut])
@answers(403)
@paginate(WorklistPage)
def list_dossiers(
    request: HttpRequest,
    status: str = "",
    overdue: bool | None = None,
    assigned: str = "",
    view: str = "unit",
    q: str = "",
):
    """Danh sách hồ sơ (mới nhất trước): ``view`` = unit, mine, overdue, due_soon, all;
    ``assigned=me`` là hồ sơ của tôi."""
    if assigned == "me":
        view = "mine"
    if view not in queries.VIEWS:
        view = "unit"
    return queries.worklist(request.user, view=view, status=status or None, q=q, overdue=overdue)


@router.get("/dossiers/{code}", response=DossierDetail)
@answers(403)
def get_dossier(request: HttpRequest, code: str):
    """Một hồ sơ với thành phần, các bước, lịch sử xử lý."""
    return access.dossier_for(request.user, code)


@router.post("/dossiers/{code}/actions/{action}", response=DossierOut)
@answers(403, 409)
def act(request: HttpRequest, code: str, action: str, body: ActionIn | None = None):
    """Một thao tác trong vòng đời hồ sơ (accept, reject, transfer, …)."""
    dossier = access.dossier_for(request.user, code)
    inputs = body.model_dump(exclude_none=True) if body is not None else {}
    return actions.perform(dossier, action, actor=request.user, body=inputs)
