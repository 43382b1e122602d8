"""The hall's public screens: the TV display, the touch kiosk (take a number, check in an
appointment, look up a dossier by its receipt's QR code, rate the visit) and appointment
booking. Thin views: the rules are in ``motcua.hall``."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from motcua import clock
from motcua.agencies.models import Agency
from motcua.dossiers import lookup
from motcua.errors import DomainError
from motcua.hall import appointments, services
from motcua.hall.models import Channel, Counter, Line, Priority
from motcua.portal.http import throttled, too_many


def _agency(code: str) -> Agency:
    agency = Agency.objects.filter(code=code).first()
    if agency is None:
        raise Http404
    return agency


def _lines(agency: Agency) -> list[Line]:
    """The fields some open counter of the agency serves, with their letters."""
    served = Counter.objects.with_scopes_disabled().filter(agency=agency, active=True)
    return list(
        Line.objects.with_scopes_disabled()
        .filter(agency=agency, field__in=served.values("fields"))
        .select_related("field")
        .order_by("letter")
    )


def display(request: HttpRequest, agency: str) -> HttpResponse:
    """Màn hình sảnh (TV): large numbers per counter, waiting per field, the latest calls;
    its script polls the board with an ETag and calls the numbers out loud."""
    unit = _agency(agency)
    board_url = reverse("api-v1:queue_board") + f"?agency={unit.code}"
    return render(request, "portal/hall_display.html", {"agency": unit, "board_url": board_url})


def _kiosk(request: HttpRequest, unit: Agency, context: dict[str, Any], status: int = 200):
    return render(
        request,
        "portal/hall_kiosk.html",
        {"agency": unit, "lines": _lines(unit), "priorities": Priority.choices, **context},
        status=status,
    )


def kiosk(request: HttpRequest, agency: str) -> HttpResponse:
    """Ki-ốt: the menu, and each of its forms posted back here (``step``)."""
    unit = _agency(agency)
    step = request.POST.get("step") or request.GET.get("step") or "menu"
    context: dict[str, Any] = {"step": step}
    if step == "ticket" and request.method == "GET":
        line = next((x for x in _lines(unit) if x.field.code == request.GET.get("field")), None)
        context["line"] = line
        if line is None:
            context["step"] = "menu"
    if request.method != "POST":
        return _kiosk(request, unit, context)
    if step not in ("ticket", "check_in", "lookup", "rate", "rate_level"):
        raise Http404
    # The lookup keeps the portal's own limit: a code and phone must not be guessed faster here.
    group, rate = (
        ("portal-lookup", "RATELIMIT_LOOKUP")
        if step == "lookup"
        else ("hall-kiosk", "RATELIMIT_TICKET")
    )
    if throttled(request, group, rate):
        return too_many(request, "portal/hall_kiosk.html", {"agency": unit, **context})
    post = request.POST
    try:
        if step == "ticket":
            context["line"] = next(
                (x for x in _lines(unit) if x.field.code == post.get("field")), None
            )
            issued = services.issue_ticket(
                agency=unit,
                field=services.field_by_code(post.get("field")),
                id_number=post.get("id_number"),
                phone=post.get("phone", ""),
                priority=post.get("priority") or None,
                channel=_channel(request),
            )
            context.update(step="issued", issued=issued)
        elif step == "check_in":
            issued = appointments.check_in(post.get("code"), id_number=post.get("id_number"))
            context.update(step="issued", issued=issued)
        elif step == "lookup":
            context["found"] = lookup.public_status(
                _scanned_code(post.get("code")), post.get("phone", "")
            )
        elif step == "rate":
            context["served"] = services.served_ticket(
                unit, post.get("number"), post.get("id_number")
            )
        else:
            ticket = services.served_ticket(unit, post.get("number"), post.get("id_number"))
            services.rate_ticket(ticket, post.get("level"))
            context.update(step="thanks")
    except DomainError as exc:
        context["error"] = exc.message
        return _kiosk(request, unit, context, status=exc.status)
    return _kiosk(request, unit, context)


def _channel(request: HttpRequest) -> str:
    """Where the number was taken: the guard's tablet (a staff member logged in at the
    door), the portal (a citizen logged in, for today), or the hall's kiosk."""
    user = request.user
    if getattr(user, "is_agency_staff", False):
        return Channel.GUARD
    if user.is_authenticated:
        return Channel.PORTAL
    return Channel.KIOSK


def _scanned_code(value: Any) -> str:
    """The dossier code from what the QR reader typed: the receipt's link
    (``…/tra-cuu?code=…``) or the code itself."""
    value = str(value or "").strip()
    if "code=" in value:
        value = value.split("code=", 1)[1].split("&", 1)[0]
    return value


def book(request: HttpRequest) -> HttpResponse:
    """Đặt lịch hẹn: choose the agency, field and day, then a slot, then give name, phone and
    ID number; the code comes back on the page and by SMS."""
    agencies = list(
        Agency.objects.filter(
            pk__in=Counter.objects.with_scopes_disabled().filter(active=True).values("agency")
        ).order_by("name")
    )
    get = request.POST if request.method == "POST" else request.GET
    context: dict[str, Any] = {"agencies": agencies, "today": clock.today()}
    unit = next((a for a in agencies if a.code == get.get("agency")), None)
    context["agency"] = unit
    if unit is None:
        return render(request, "portal/hall_book.html", context)
    context["lines"] = _lines(unit)
    line = next((x for x in context["lines"] if x.field.code == get.get("field")), None)
    context["line"] = line
    try:
        day = date.fromisoformat(get.get("date", "")) if get.get("date") else None
    except ValueError:
        day = None
    context["day"] = day
    if line is None or day is None:
        return render(request, "portal/hall_book.html", context)
    try:
        context["slots"] = appointments.open_slots(unit, line.field, day)
        if request.method == "POST":
            if throttled(request, "hall-booking", "RATELIMIT_BOOKING"):
                return too_many(request, "portal/hall_book.html", context)
            context["booked"] = appointments.book(
                agency=unit,
                field=line.field,
                start=datetime.fromisoformat(get.get("start", "")),
                name=get.get("name"),
                phone=get.get("phone"),
                id_number=get.get("id_number"),
            )
    except ValueError:
        context["error"] = _("Hãy chọn một khung giờ.")
        return render(request, "portal/hall_book.html", context, status=400)
    except DomainError as exc:
        context["error"] = exc.message
        return render(request, "portal/hall_book.html", context, status=exc.status)
    return render(request, "portal/hall_book.html", context)
