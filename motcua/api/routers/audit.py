from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from motcua.agencies.policy import require
from motcua.audit.actions import describe
from motcua.audit.models import Event
from motcua.errors import answers

router = Router(tags=["audit"])


class EventOut(Schema):
    id: int
    at: datetime
    action: str
    sentence: str
    actor: str | None
    agency: str | None
    target_type: str
    target_id: str
    target_repr: str
    request_id: str

    @staticmethod
    def resolve_sentence(obj: Event) -> str:
        return describe(obj.action)

    @staticmethod
    def resolve_actor(obj: Event) -> str | None:
        return obj.actor.username if obj.actor_id else None

    @staticmethod
    def resolve_agency(obj: Event) -> str | None:
        return obj.agency.code if obj.agency_id else None


@router.get("/events", response=list[EventOut])
@answers(403)
@paginate(PageNumberPagination, page_size=50)
def list_events(request: HttpRequest, action: str = "", target_id: str = ""):
    """Nhật ký thao tác của các cơ quan người dùng được xem, mới nhất trước."""
    require(request.user, "audit.view_events")
    events = Event.objects.select_related("actor", "agency")
    if action:
        events = events.filter(action=action)
    if target_id:
        events = events.filter(target_id=target_id)
    return events
