from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Router, Schema

from motcua.agencies.models import Agency
from motcua.api.security import PublicThrottle
from motcua.calendar.services import compute_due, parse_instant
from motcua.errors import ValidationFailed, answers

router = Router(tags=["calendar"])


class DueOut(Schema):
    due_at: datetime


@router.get("/due", response=DueOut, auth=None, throttle=[PublicThrottle()])
@answers(409)
def due(request: HttpRequest, received_at: str, amount: str, unit: str, agency: str = ""):
    """Hạn trả kết quả: cùng quy tắc với lệnh ``manage.py due``."""
    target = None
    if agency:
        target = Agency.objects.filter(code=agency).first()
        if target is None:
            raise ValidationFailed(f"Không có cơ quan mã {agency}.", code="unknown_agency")
    return {"due_at": compute_due(parse_instant(received_at), amount, unit, agency=target)}
