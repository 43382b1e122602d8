"""Staff screens of the archive: the file list (danh mục hồ sơ) with the lodging warning and
the lodging of a year, one file with its documents and access log, the destruction lists.
Thin: every rule is in ``archive.services``."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from motcua import clock
from motcua.agencies.models import Agency
from motcua.agencies.policy import require, visible_agency_ids
from motcua.archive import closing, services
from motcua.archive.models import DestructionList, LodgingBatch
from motcua.documents.services import file_response
from motcua.errors import DomainError, NotFound, PermissionDenied


def archive_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Log-in required; a refusal becomes 404/403, any other rule's "no" a message."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from exc
        except DomainError as exc:
            messages.error(request, exc.message)
            return redirect(request.META.get("HTTP_REFERER") or reverse("archive:files"))

    return wrapper


def _agency(request: HttpRequest) -> Agency:
    code = request.POST.get("agency") or request.GET.get("agency") or ""
    agency = (
        Agency.objects.filter(code=code, pk__in=visible_agency_ids(request.user)).first()
        if code
        else getattr(request.user, "agency", None)
    )
    if agency is None:
        raise NotFound(_("Không tìm thấy cơ quan."))
    require(request.user, "archive.view_archive", agency)
    return agency


def _year(request: HttpRequest, default: int) -> int:
    value = request.POST.get("year") or request.GET.get("year") or ""
    return int(value) if value.isdigit() and 2000 <= int(value) <= 2100 else default


@archive_page
def files(request: HttpRequest) -> HttpResponse:
    """Danh mục hồ sơ of an agency and year, with the files whose lodging falls due."""
    agency = _agency(request)
    today = clock.today()
    year = _year(request, today.year - 1)
    listed = services.file_list(request.user, agency, year)
    context = {
        "agency": agency,
        "year": year,
        "years": list(range(today.year, today.year - 6, -1)),
        "files": listed,
        "due_soon": closing.lodging_due_soon([agency.pk], today).order_by("lodge_due")[:50],
        "may_lodge": request.user.has_perm("archive.lodge", agency),
        "batch": LodgingBatch.objects.filter(agency=agency, year=year).first(),
    }
    return render(request, "archive/files.html", context)


@archive_page
@require_POST
def lodge(request: HttpRequest) -> HttpResponse:
    agency, year = _agency(request), _year(request, clock.today().year - 1)
    batch = services.lodge(request.user, agency.code, year)
    messages.success(
        request,
        _("Đã nộp lưu %(count)s hồ sơ năm %(year)s.")
        % {"count": batch.files.count(), "year": year},
    )
    return redirect(
        f"{reverse('archive:files')}?{urlencode({'agency': agency.code, 'year': year})}"
    )


@archive_page
def lodging_export(request: HttpRequest) -> HttpResponse:
    agency, year = _agency(request), _year(request, clock.today().year - 1)
    built = services.batch_export(request.user, agency.code, year)
    return file_response(built.content, built.filename, "application/zip", inline=False)


@archive_page
@require_http_methods(["GET", "POST"])
def file_page(request: HttpRequest, file_code: str) -> HttpResponse:
    """One archived file: its fields, documents and who read it (the read is logged)."""
    if request.method == "POST":
        services.set_hold(
            request.user,
            file_code,
            hold=request.POST.get("hold") == "1",
            reason=request.POST.get("reason", ""),
        )
        return redirect("archive:file", file_code=file_code)
    with transaction.atomic():
        file = services.file_for(request.user, file_code)
    context = {
        "file": file,
        "documents": file.documents.order_by("order"),
        "accesses": file.accesses.select_related("user")[:100],
        "expires": services.expiry(file),
        "may_hold": request.user.has_perm("archive.hold", file),
    }
    return render(request, "archive/file.html", context)


@archive_page
@require_http_methods(["GET", "POST"])
def destruction(request: HttpRequest) -> HttpResponse:
    """Danh sách hồ sơ đề nghị hủy: propose (administrator), approve (leader), destroy."""
    agency = _agency(request)
    if request.method == "POST":
        step, pk = request.POST.get("step", ""), int(request.POST.get("list") or 0)
        if step == "propose":
            services.propose_destruction(request.user, agency.code)
            messages.success(request, _("Đã lập danh sách hồ sơ đề nghị hủy."))
        elif step == "approve":
            services.approve_destruction(request.user, pk)
            messages.success(request, _("Đã phê duyệt danh sách hồ sơ hủy."))
        elif step == "destroy":
            services.destroy(request.user, pk)
            messages.success(request, _("Đã tiêu hủy các hồ sơ trong danh sách."))
        return redirect(f"{reverse('archive:destruction')}?{urlencode({'agency': agency.code})}")
    context = {
        "agency": agency,
        "candidates": services.past_retention(agency, clock.today()),
        "lists": DestructionList.objects.filter(agency=agency).prefetch_related("files")[:20],
        "may_propose": request.user.has_perm("archive.propose_destruction", agency),
        "may_approve": request.user.has_perm("archive.approve_destruction", agency),
    }
    return render(request, "archive/destruction.html", context)
