"""Administration screens for an agency's administrator: procedures and their internal process
(step editor), the working calendar, users and roles."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from motcua import clock, text
from motcua.accounts.models import User
from motcua.accounts.services import change_staff_user, create_staff_user
from motcua.agencies.roles import Role
from motcua.calendar.editing import add_day, remove_day
from motcua.calendar.models import CalendarDay, DayKind
from motcua.catalog.budget import step_budget_hours
from motcua.catalog.models import Procedure, StepRole
from motcua.catalog.services import revise_steps, set_form_file
from motcua.catalog.structure import version_cases
from motcua.documents import storage
from motcua.errors import DomainError
from motcua.office.access import staff_required

EXTRA_STEP_ROWS = 3


def _admin(request: HttpRequest) -> None:
    if not request.user.has_perm("catalog.manage_catalog"):
        raise PermissionDenied


@staff_required
def admin_home(request: HttpRequest) -> HttpResponse:
    _admin(request)
    return render(request, "office/admin_home.html")


@staff_required
def procedures(request: HttpRequest) -> HttpResponse:
    _admin(request)
    found = Procedure.objects.select_related("field", "current_version").order_by("code")
    q = request.GET.get("q", "")
    if q:
        found = found.filter(search_key__contains=text.search_key(q))
    found = [p for p in found if request.user.has_perm("catalog.edit_process", p)]
    return render(request, "office/admin_procedures.html", {"procedures": found, "q": q})


@staff_required
def steps(request: HttpRequest, code: str, case: str) -> HttpResponse:
    """Step editor: names, roles and hours; the sum is checked against the legal limit."""
    _admin(request)
    procedure = get_object_or_404(Procedure.objects.select_related("current_version"), code=code)
    if not request.user.has_perm("catalog.edit_process", procedure):
        raise Http404  # another agency's procedure: as if it did not exist
    the_case = get_object_or_404(procedure.current_version.cases, code=case)
    error = ""
    rows = [
        {
            "name": s.name,
            "role": s.role,
            "hours": s.hours,
            "agency": s.agency.code if s.agency else "",
            "parallel_group": s.parallel_group or "",
        }
        for s in the_case.steps.select_related("agency")
    ]
    if request.method == "POST":
        posted = [
            {
                "name": request.POST.get(f"name_{i}", ""),
                "role": request.POST.get(f"role_{i}", ""),
                "hours": request.POST.get(f"hours_{i}", ""),
                "agency": request.POST.get(f"agency_{i}", ""),
                "parallel_group": request.POST.get(f"group_{i}", ""),
            }
            for i in range(int(request.POST.get("rows", 0)))
        ]
        posted = [row for row in posted if row["name"].strip()]
        try:
            version = revise_steps(procedure, case, posted, actor=request.user)
        except DomainError as exc:
            error, rows = exc.message, posted
        else:
            messages.success(
                request, _("Đã lưu quy trình: phiên bản %(n)s.") % {"n": version.number}
            )
            return redirect("office:admin_steps", code=code, case=case)
    rows = (
        rows
        + [{"name": "", "role": "specialist", "hours": "", "agency": "", "parallel_group": ""}]
        * EXTRA_STEP_ROWS
    )
    context = {
        "procedure": procedure,
        "case": the_case,
        "rows": rows,
        "roles": StepRole.choices,
        "budget": step_budget_hours(the_case.limit_amount, the_case.limit_unit),
        "error": error,
    }
    return render(request, "office/admin_steps.html", context, status=400 if error else 200)


@staff_required
def calendar(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("calendar.manage_calendar"):
        raise PermissionDenied
    try:
        year = int(request.GET.get("year") or clock.today().year)
    except ValueError:
        year = clock.today().year
    error = ""
    if request.method == "POST":
        try:
            if request.POST.get("remove"):
                row = get_object_or_404(CalendarDay, pk=request.POST["remove"])
                remove_day(row, actor=request.user)
            else:
                scope = None if request.POST.get("national") else request.user.agency
                add_day(
                    date.fromisoformat(request.POST.get("date", "")),
                    request.POST.get("kind", ""),
                    request.POST.get("name", ""),
                    request.POST.get("source", ""),
                    agency=scope,
                    actor=request.user,
                )
        except ValueError:
            error = _("Ngày không hợp lệ (cần dạng YYYY-MM-DD).")
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, _("Đã cập nhật lịch làm việc."))
            return redirect(f"{request.path}?year={year}")
    days = CalendarDay.objects.filter(date__year=year).filter(
        agency__isnull=True
    ) | CalendarDay.objects.filter(date__year=year, agency=request.user.agency)
    context = {
        "year": year,
        "days": days.select_related("agency").order_by("date"),
        "kinds": DayKind.choices,
        "error": error,
    }
    return render(request, "office/admin_calendar.html", context, status=400 if error else 200)


@staff_required
def users(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("accounts.manage_users", request.user.agency):
        raise PermissionDenied
    agency = request.user.agency
    error = ""
    if request.method == "POST":
        try:
            if request.POST.get("user"):
                person = get_object_or_404(User, pk=request.POST["user"], agency=agency)
                change_staff_user(
                    person,
                    actor=request.user,
                    role=request.POST.get("role") or None,
                    is_active=request.POST.get("is_active") == "1",
                    counter_delegate=request.POST.get("counter_delegate") == "1",
                )
            else:
                create_staff_user(
                    request.POST.get("username", ""),
                    agency=agency,
                    role=request.POST.get("role", ""),
                    password=request.POST.get("password") or None,
                    full_name=request.POST.get("full_name", ""),
                    email=request.POST.get("email", ""),
                    counter_delegate=request.POST.get("counter_delegate") == "1",
                    actor=request.user,
                )
        except DomainError as exc:
            error = exc.message
        else:
            messages.success(request, _("Đã lưu tài khoản."))
            return redirect("office:admin_users")
    people = User.objects.filter(agency=agency).order_by("role", "username")
    roles = [(r.value, r.label) for r in Role if r != Role.CITIZEN]
    return render(
        request,
        "office/admin_users.html",
        {"people": people, "roles": roles, "error": error},
        status=400 if error else 200,
    )


@staff_required
def forms(request: HttpRequest, code: str) -> HttpResponse:
    """Mẫu đơn, tờ khai of a procedure: each form's blank file and its filled-in sample (mẫu
    đã điền), uploaded as PDF and checked like every upload."""
    _admin(request)
    procedure = get_object_or_404(Procedure.objects.select_related("current_version"), code=code)
    if not request.user.has_perm("catalog.edit_process", procedure):
        raise Http404  # another agency's procedure: as if it did not exist
    if request.method == "POST":
        upload = request.FILES.get("file")
        try:
            if upload is None:
                raise storage.FileRejected(_("Hãy chọn tệp mẫu (PDF)."))
            checked = storage.check_upload(
                storage.read_upload(upload), upload.name or "", allowed=(storage.PDF,)
            )
            version = set_form_file(
                procedure,
                request.POST.get("component", ""),
                request.POST.get("which", ""),
                checked.content,
                checked.name,
                actor=request.user,
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã lưu tệp mẫu: phiên bản %(n)s.") % {"n": version.number})
        return redirect("office:admin_forms", code=code)
    seen: dict[str, Any] = {}
    for structure in version_cases(procedure.current_version_id):
        for component in structure.components:
            if component.form_name and component.code not in seen:
                seen[component.code] = component
    context = {"procedure": procedure, "components": list(seen.values())}
    return render(request, "office/admin_forms.html", context)
