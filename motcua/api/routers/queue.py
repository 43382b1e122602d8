"""The hall: counters, queue tickets, the board, appointments and the queue report (CONTRACT
"v1.1 additions → The hall"). Rules live in ``motcua.hall``."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from ninja import Query, Router, Schema, Status

from motcua import clock
from motcua.agencies.policy import require
from motcua.api.security import PublicThrottle
from motcua.errors import NotFound, ValidationFailed, answers
from motcua.hall import appointments, measure, services
from motcua.hall.board import board
from motcua.hall.models import Channel, Counter, Ticket

router = Router(tags=["hall"])


class CounterOut(Schema):
    id: int
    name: str
    fields: list[str]


@router.get("/queue/counters", response=list[CounterOut], auth=None, throttle=[PublicThrottle()])
@answers(404)
def counters(request: HttpRequest, agency: str):
    """Các quầy của một cơ quan và lĩnh vực mỗi quầy phục vụ."""
    unit = services.agency_by_code(agency)
    rows = (
        Counter.objects.with_scopes_disabled()  # reviewed: public list of one agency's counters
        .filter(agency=unit, active=True)
        .prefetch_related("fields")
        .order_by("name")
    )
    return [
        {"id": c.pk, "name": c.name, "fields": sorted(f.code for f in c.fields.all())} for c in rows
    ]


class TicketIn(Schema):
    agency: str
    field: str
    id_number: str
    phone: str = ""
    priority: str | None = None
    channel: str = Channel.KIOSK


class TicketOut(Schema):
    id: int
    number: str
    agency: str
    field: str
    issued_at: datetime
    waiting_before: int
    status: str
    priority: str


def _ticket(ticket: Ticket, waiting_before: int = 0) -> dict[str, Any]:
    return {
        "id": ticket.pk,
        "number": ticket.code,
        "agency": ticket.agency.code,
        "field": ticket.field.code,
        "issued_at": ticket.issued_at,
        "waiting_before": waiting_before,
        "status": ticket.status,
        "priority": ticket.priority,
    }


@router.post(
    "/queue/tickets",
    response={201: TicketOut},
    auth=None,
    throttle=[PublicThrottle("RATELIMIT_TICKET")],
)
@answers(404, 409)
def take_ticket(request: HttpRequest, body: TicketIn):
    """Lấy số thứ tự (ki-ốt, Cổng dịch vụ công, máy tính bảng của bảo vệ): số riêng cho mỗi
    lĩnh vực; mỗi người một số đang chờ mỗi lĩnh vực mỗi ngày (lần thứ hai: 409)."""
    if body.channel not in (Channel.KIOSK, Channel.PORTAL, Channel.GUARD):
        raise ValidationFailed("Nơi lấy số không hợp lệ.", details={"channel": body.channel})
    issued = services.issue_ticket(
        agency=services.agency_by_code(body.agency),
        field=services.field_by_code(body.field),
        id_number=body.id_number,
        phone=body.phone,
        priority=body.priority,
        channel=body.channel,
    )
    return Status(201, _ticket(issued.ticket, issued.waiting_before))


def _counter(counter_id: int) -> Counter:
    counter = (
        Counter.objects.with_scopes_disabled()  # reviewed: the policy checks the agency next
        .select_related("agency")
        .filter(pk=counter_id, active=True)
        .first()
    )
    if counter is None:
        raise NotFound("Không có quầy này.")
    return counter


@router.post("/queue/counters/{counter_id}/call-next", response={200: TicketOut, 204: None})
@answers(403, 404, 409)
def call_next(request: HttpRequest, counter_id: int):
    """Gọi số tiếp theo tại quầy (cán bộ một cửa của cơ quan có quầy): ưu tiên trước, rồi theo
    giờ lấy số (lịch hẹn tính từ đầu khung giờ); 204 khi không còn ai chờ."""
    ticket = services.call_next(_counter(counter_id), officer=request.user)
    if ticket is None:
        return Status(204, None)
    return _ticket(ticket)


class FinishIn(Schema):
    dossier_code: str | None = None


@router.post("/queue/tickets/{ticket_id}/finish", response=TicketOut)
@answers(403, 404, 409)
def finish(request: HttpRequest, ticket_id: int, body: FinishIn):
    """Xong: đã phục vụ; ``dossier_code`` gắn hồ sơ vừa tiếp nhận cho người này."""
    return _ticket(services.finish(ticket_id, officer=request.user, dossier_code=body.dossier_code))


@router.post("/queue/tickets/{ticket_id}/no-show", response=TicketOut)
@answers(403, 404, 409)
def no_show(request: HttpRequest, ticket_id: int):
    """Vắng mặt: người được gọi không đến quầy."""
    return _ticket(services.no_show(ticket_id, officer=request.user))


@router.post("/queue/tickets/{ticket_id}/recall", response=TicketOut)
@answers(403, 404, 409)
def recall(request: HttpRequest, ticket_id: int):
    """Gọi lại số đang phục vụ (bảng hiển thị gọi lần nữa)."""
    return _ticket(services.recall(ticket_id, officer=request.user))


class BoardCounter(Schema):
    id: int
    name: str
    serving: str | None
    called_at: datetime | None
    calls: int


class BoardField(Schema):
    code: str
    name: str
    letter: str
    waiting: int


class BoardCall(Schema):
    number: str
    counter: str
    at: datetime | None
    calls: int


class BoardOut(Schema):
    agency: str
    agency_name: str
    counters: list[BoardCounter]
    fields: list[BoardField]
    recent: list[BoardCall]
    version: str


@router.get(
    "/queue/board",
    response={200: BoardOut, 304: None},
    auth=None,
    throttle=[PublicThrottle("RATELIMIT_BOARD")],
)
@answers(404)
def queue_board(request: HttpRequest, agency: str):
    """Bảng hiển thị tại sảnh: mỗi quầy số đang phục vụ, mỗi lĩnh vực số người đang chờ, các
    lượt gọi gần nhất. Có ETag: gửi ``If-None-Match`` nhận 304 khi bảng chưa đổi."""
    payload = board(services.agency_by_code(agency))
    etag = f'"{payload["version"]}"'
    if request.headers.get("If-None-Match") == etag:
        response = HttpResponse(status=304)
    else:
        response = JsonResponse(payload, json_dumps_params={"ensure_ascii": False})
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"
    return response


class SlotOut(Schema):
    start: datetime
    end: datetime
    left: int


@router.get(
    "/public/appointment-slots",
    response=list[SlotOut],
    auth=None,
    throttle=[PublicThrottle()],
)
@answers(404)
def appointment_slots(request: HttpRequest, agency: str, field: str, date: date):
    """Khung giờ còn nhận hẹn của một cơ quan, lĩnh vực và ngày (hôm nay đến 6 ngày tới)."""
    return appointments.open_slots(
        services.agency_by_code(agency), services.field_by_code(field), date
    )


class AppointmentIn(Schema):
    agency: str
    field: str
    start: datetime
    name: str
    phone: str
    id_number: str


class AppointmentOut(Schema):
    code: str
    start: datetime
    end: datetime
    agency: str
    field: str
    status: str


def _appointment(appointment) -> dict[str, Any]:
    return {
        "code": appointment.code,
        "start": appointment.slot.start,
        "end": appointment.slot.end,
        "agency": appointment.agency.code,
        "field": appointment.field.code,
        "status": appointment.status,
    }


@router.post(
    "/public/appointments",
    response={201: AppointmentOut},
    auth=None,
    throttle=[PublicThrottle("RATELIMIT_BOOKING")],
)
@answers(404, 409)
def book(request: HttpRequest, body: AppointmentIn):
    """Đặt lịch hẹn: khung giờ đã đủ người: 409; mỗi người một lịch mỗi lĩnh vực mỗi ngày và
    tối đa 2 lịch mỗi ngày (quy định của cơ quan)."""
    appointment = appointments.book(
        agency=services.agency_by_code(body.agency),
        field=services.field_by_code(body.field),
        start=clock.local(body.start) if body.start.tzinfo else body.start,
        name=body.name,
        phone=body.phone,
        id_number=body.id_number,
    )
    return Status(201, _appointment(appointment))


class CheckInIn(Schema):
    id_number: str


@router.post(
    "/public/appointments/{code}/check-in",
    response={201: TicketOut},
    auth=None,
    throttle=[PublicThrottle("RATELIMIT_TICKET")],
)
@answers(404, 409)
def check_in(request: HttpRequest, code: str, body: CheckInIn):
    """Xác nhận lịch hẹn tại ki-ốt (mã lịch hẹn và số định danh): cấp số, xếp từ đầu khung giờ."""
    issued = appointments.check_in(code, id_number=body.id_number)
    return Status(201, _ticket(issued.ticket, issued.waiting_before))


class CancelIn(Schema):
    phone: str


@router.post(
    "/public/appointments/{code}/cancel",
    response=AppointmentOut,
    auth=None,
    throttle=[PublicThrottle("RATELIMIT_BOOKING")],
)
@answers(404, 409)
def cancel(request: HttpRequest, code: str, body: CancelIn):
    """Hủy lịch hẹn (mã lịch hẹn và số điện thoại đã đặt)."""
    return _appointment(appointments.cancel(code, phone=body.phone))


class FieldQueue(Schema):
    field: str
    name: str
    tickets: int
    served: int
    no_show: int
    waiting: int
    wait_p50_minutes: Decimal | None
    wait_p90_minutes: Decimal | None
    service_p50_minutes: Decimal | None
    served_within_15_minutes_share: Decimal | None


class HeatCell(Schema):
    weekday: int
    hour: int
    tickets: int
    wait_p50_minutes: Decimal | None


class CounterLoad(Schema):
    counter: str
    served: int
    minutes: float


class QueueReport(Schema):
    agency: str
    target_minutes: int
    tickets: int
    served: int
    no_show: int
    waiting: int
    wait_p50_minutes: Decimal | None
    wait_p90_minutes: Decimal | None
    service_p50_minutes: Decimal | None
    served_within_15_minutes_share: Decimal | None
    by_field: list[FieldQueue]
    heatmap: list[HeatCell]
    counters: list[CounterLoad]


@router.get("/reports/queue", response=QueueReport)
@answers(403, 404)
def queue_report(
    request: HttpRequest,
    agency: str = "",
    from_: Annotated[date | None, Query(None, alias="from")] = None,
    to: date | None = None,
):
    """Báo cáo xếp hàng: số phiếu, đã phục vụ, vắng mặt, thời gian chờ (gọi − lấy số) trung vị
    và phân vị 90, tỷ lệ chờ không quá 15 phút (Quyết định 468), theo lĩnh vực, theo giờ × thứ
    và theo quầy."""
    unit = services.agency_by_code(agency) if agency else request.user.agency
    require(request.user, "hall.view_queue_report", unit)
    today = clock.today()
    first, last = from_ or today, to or today
    if first > last:
        raise ValidationFailed("Ngày bắt đầu sau ngày kết thúc.", details={"from": str(first)})
    return {"agency": unit.code, **measure.queue_report([unit.pk], first, last)}
