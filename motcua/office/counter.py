"""The counter desk (quầy tiếp nhận): find the procedure, tick the papers, enter the applicant,
then receive (Mẫu 01), guide to complete (Mẫu 02) or refuse (Mẫu 03); online dossiers waiting
for acceptance; return of results by scanning the slip's QR code."""

from __future__ import annotations

import re
from typing import Any

from django.contrib import messages
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from motcua import text
from motcua.agencies.models import Level
from motcua.catalog import fees
from motcua.catalog.models import Procedure, ProcedureLevel
from motcua.catalog.structure import version_cases
from motcua.documents import services as files
from motcua.dossiers import queries
from motcua.dossiers.lifecycle import Status
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import intake
from motcua.errors import DomainError
from motcua.office.access import staff_required
from motcua.office.views import _decorate

SCANNED_CODE = re.compile(r"(\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}-\d{6}-\d{4,})")
RETURNS_SHOWN = 100
"""The oldest results waiting at the counter that the returns screen lists; the rest by scan."""


def receivable_procedures(agency) -> Q:
    """What this one-stop unit receives: its own level's procedures, and boundary-free ones."""
    own = (
        ProcedureLevel.PROVINCE
        if agency.level in (Level.CENTRE, Level.DEPARTMENT)
        else ProcedureLevel.COMMUNE
    )
    return Q(level=own) | Q(boundary_free=True)


@staff_required
def counter(request: HttpRequest) -> HttpResponse:
    procedure = None
    structure = None
    code = request.GET.get("procedure") or request.POST.get("procedure")
    if code:
        procedure = (
            Procedure.objects.filter(code=code, published=True)
            .select_related("current_version")
            .first()
        )
    if procedure is not None:
        cases = version_cases(procedure.current_version_id)
        wanted = request.GET.get("case") or request.POST.get("case")
        structure = next((c for c in cases if c.case.code == wanted), cases[0])
    context = {
        "procedure": procedure,
        "cases": version_cases(procedure.current_version_id) if procedure else (),
        "structure": structure,
        "fee_quote": fees.case_quote(structure.case.pk) if structure else None,
        "form": request.POST,
        "delegate_here": bool(procedure and procedure.at_counter and request.user.counter_delegate),
        "waiting_online": Dossier.objects.filter(
            current_agency=request.user.agency, status=Status.SUBMITTED
        ).count(),
    }
    if request.method == "POST":
        return _submit(request, procedure, structure, context)
    if request.htmx and procedure is not None:
        return render(request, "office/counter.html#intake", context)
    return render(request, "office/counter.html", context)


@staff_required
def find_procedures(request: HttpRequest) -> HttpResponse:
    key = text.search_key(request.GET.get("q", ""))
    found = Procedure.objects.filter(published=True).filter(
        receivable_procedures(request.user.agency)
    )
    if key:
        found = found.filter(search_key__contains=key)
    return render(
        request, "office/counter.html#procedures", {"procedures": found.order_by("code")[:20]}
    )


@staff_required
def applicant_hints(request: HttpRequest) -> HttpResponse:
    """Earlier dossiers of the same ID number in this agency (prefill, spot duplicates) and the
    papers the person already holds in the data store (attach instead of asking again)."""
    id_number = re.sub(r"\s", "", request.GET.get("id_number", ""))
    earlier, stored, components = [], [], ()
    procedure = Procedure.objects.filter(code=request.GET.get("procedure", "")).first()
    if procedure is not None:
        cases = version_cases(procedure.current_version_id)
        structure = next((c for c in cases if c.case.code == request.GET.get("case")), cases[0])
        components = structure.components
    # A whole ID number only (CMND 9, CCCD 12, tax code 10 or 13 digits): each lookup is audited.
    if len(id_number) in (9, 10, 12, 13) and request.user.has_perm("documents.view_store"):
        try:
            stored = files.look_up_store(id_number, actor=request.user)
        except DomainError:
            stored = []
    if len(id_number) >= 9:
        earlier = list(
            Dossier.objects.filter(applicant_id_number=id_number)
            .order_by("-created_at")
            .values(
                "code", "applicant_name", "applicant_phone", "applicant_address", "procedure__name"
            )[:5]
        )
    context = {"earlier": earlier, "stored": stored, "structure_components": components}
    return render(request, "office/counter.html#hints", context)


def _components(
    request: HttpRequest, structure
) -> tuple[list[dict[str, Any]], dict[str, list[files.Upload]]]:
    """The ticked papers with their counts and the store items chosen for them, and their
    scans (stored by the service, in its transaction: a refused reception keeps no file)."""
    post = request.POST
    from_store: dict[str, list[int]] = {}
    for key, code in post.items():
        if key.startswith("store_") and code and key[6:].isdigit():
            from_store.setdefault(code, []).append(int(key[6:]))
    chosen, scans = [], {}
    for component in structure.components:
        scanned = files.incoming(request.FILES.getlist(f"f_{component.code}"))
        stored = from_store.get(component.code, [])
        if not (post.get(f"c_{component.code}") or scanned or stored):
            continue
        chosen.append(
            {
                "code": component.code,
                "originals": _count(post.get(f"o_{component.code}")),
                "copies": _count(post.get(f"s_{component.code}")),
                "photocopies": _count(post.get(f"p_{component.code}")),
                "scan_exempt": post.get(f"x_{component.code}", ""),
                "store_item_ids": stored,
            }
        )
        scans[component.code] = scanned
    return chosen, scans


def _count(value: str | None) -> int:
    try:
        return max(0, min(99, int(value or 0)))
    except ValueError:
        return 0


def _applicant(post) -> dict[str, Any]:
    person: dict[str, Any] = {
        key: post.get(f"applicant_{key}", "")
        for key in ("name", "id_number", "phone", "email", "address")
    }
    person["submitter"] = {
        key: post.get(f"submitter_{key}", "") for key in ("name", "id_number", "phone")
    }
    return person


def _submit(request: HttpRequest, procedure, structure, context: dict) -> HttpResponse:
    intent = request.POST.get("intent", "receive")
    if procedure is None:
        context["error"] = _("Hãy chọn thủ tục hành chính.")
        return render(request, "office/counter.html", context, status=400)
    arguments = {
        "procedure": procedure.code,
        "case": structure.case.code,
        "channel": request.POST.get("channel") or "counter",
        "applicant": _applicant(request.POST),
        "note": request.POST.get("note", ""),
        "result_delivery": request.POST.get("result_delivery") or "counter",
        "delivery_address": request.POST.get("delivery_address", ""),
        "handling_agency": request.POST.get("handling_agency") or None,
    }
    try:
        arguments["components"], arguments["scans"] = _components(request, structure)
        # Reception, or (4 tại chỗ) reception, decision and hand-over: one service each.
        receive = intake.decide_at_counter if intent == "decide_now" else intake.receive_dossier
        dossier = receive(actor=request.user, **arguments)
    except DomainError as exc:
        context["error"] = exc.message
        return render(request, "office/counter.html", context, status=exc.status)
    messages.success(request, _("Đã tiếp nhận hồ sơ %(code)s.") % {"code": dossier.code})
    return redirect(reverse("office:dossier", args=[dossier.code]) + "?in=receipt")


@staff_required
def online(request: HttpRequest) -> HttpResponse:
    """Hồ sơ trực tuyến chờ tiếp nhận, oldest first, each with the working time it has waited;
    past one working day it is marked late (issue 21: old ones stand out)."""
    waiting = _decorate(
        list(
            Dossier.objects.filter(current_agency=request.user.agency, status=Status.SUBMITTED)
            .select_related(*queries.LIST_RELATED)
            .order_by("submitted_at")[:200]
        ),
        request.user,
    )
    queries.mark_waiting_time(waiting, request.user.agency)
    return render(request, "office/online.html", {"rows": waiting})


@staff_required
def returns(request: HttpRequest) -> HttpResponse:
    scanned = request.GET.get("scan", "").strip()
    if scanned:
        match = SCANNED_CODE.search(scanned)
        code = match.group(1) if match else scanned
        if Dossier.objects.filter(code=code).exists():
            return redirect("office:dossier", code=code)
        messages.error(request, _("Không tìm thấy hồ sơ %(code)s.") % {"code": code})
    waiting = Dossier.objects.filter(
        agency=request.user.agency, status__in=[Status.DONE, Status.REFUSED]
    ).order_by("finished_at", "id")
    ready = _decorate(queries.page_of(waiting, 1, RETURNS_SHOWN)[0], request.user)
    return render(request, "office/returns.html", {"rows": ready, "shown": RETURNS_SHOWN})
