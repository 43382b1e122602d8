"""A dossier's official forms as PDF (CONTRACT.md) and the tracking book (Mẫu 06)."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from django.http import HttpRequest
from ninja import Query, Router

from motcua import clock
from motcua.agencies.models import Agency
from motcua.agencies.policy import require
from motcua.documents.services import file_response
from motcua.dossiers import access, slips
from motcua.errors import NotFound, answers

router = Router(tags=["documents"])


@router.get("/dossiers/{code}/documents/{kind}.pdf")
@answers(403, 409)
def dossier_document(
    request: HttpRequest, code: str, kind: str, version: str = "", paper: str = ""
):
    """Giấy tờ của hồ sơ: receipt (Mẫu 01), supplement_request (02), refusal (03), apology
    (04), control_sheet (05), stop_notice (Thông báo dừng, bộ mẫu 2025); khổ A5, ``paper=a4``
    in khổ A4."""
    dossier = access.dossier_for(request.user, code, perm="dossiers.print")
    printed = slips.render(dossier, kind, version=version or None, paper=paper or None)
    return file_response(printed.content, printed.filename, "application/pdf", inline=True)


@router.get("/documents/tracking-book.pdf")
@answers(403, 404)
def tracking_book(
    request: HttpRequest,
    from_: Annotated[date | None, Query(None, alias="from")] = None,
    to: date | None = None,
    agency: str = "",
    version: str = "",
):
    """Sổ theo dõi hồ sơ (Mẫu 06) của một cơ quan từ ngày ``from`` đến ngày ``to``."""
    unit = request.user.agency
    if agency:
        unit = Agency.objects.filter(code=agency).first()
        if unit is None:
            raise NotFound(f"Không có cơ quan mã {agency!r}.", code="unknown_agency")
    require(request.user, "dossiers.print", unit)
    today = clock.today()
    first = from_ or today.replace(day=1)
    printed = slips.tracking_book(unit, first, to or today, version=version or None)
    return file_response(printed.content, printed.filename, "application/pdf", inline=True)
