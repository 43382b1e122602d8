"""The report schedule screen (lịch báo cáo định kỳ): each unit's reports with their due days,
every period owed with its state, "đã gửi" with the day and the file, and the unit's admin or
the supervisor above changing a report's due day."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from motcua import clock
from motcua.agencies.models import Agency
from motcua.documents import services as files
from motcua.documents import storage
from motcua.errors import DomainError, NotFound
from motcua.reports import schedule
from motcua.reports.access import report_scope
from motcua.reports.models import Frequency, ReportDue, ReportKind
from motcua.reports.views import _choices, staff_page

SHOWN_PERIODS = 13  # a year of months and the one before


def _post(request: HttpRequest) -> None:
    post = request.POST
    if post.get("action") == "sent":
        upload = request.FILES.get("file")
        if upload is None:
            raise storage.FileRejected(_("Hãy chọn tệp báo cáo đã gửi (PDF)."))
        schedule.mark_sent(
            request.user,
            post.get("schedule", ""),
            post.get("period", ""),
            post.get("sent_on", ""),
            storage.read_upload(upload),
            upload.name or "",
        )
        messages.success(request, _("Đã ghi báo cáo kỳ %(p)s đã gửi.") % {"p": post["period"]})
        return
    agency = Agency.objects.filter(code=post.get("unit", "")).first()
    if agency is None:
        raise NotFound(_("Không tìm thấy cơ quan %(code)s.") % {"code": post.get("unit", "")})
    schedule.set_schedule(
        request.user,
        agency,
        post.get("kind", ""),
        post.get("frequency", ""),
        due_day=post.get("due_day", ""),
        remind_days=post.get("remind_days", ""),
        starts_on=post.get("starts_on", ""),
        active=post.get("active") == "1",
    )
    messages.success(request, _("Đã lưu lịch báo cáo của %(name)s.") % {"name": agency.name})


@staff_page
@require_http_methods(["GET", "POST"])
def report_schedule(request: HttpRequest) -> HttpResponse:
    data = request.POST if request.method == "POST" else request.GET
    scope = report_scope(request.user, data.get("agency", ""), None, "reports.view_reports")
    if request.method == "POST":
        try:
            _post(request)
        except DomainError as error:
            messages.error(request, error.message)
        query = urlencode({"agency": scope.agency.code})
        return redirect(f"{reverse('reports:report_schedule')}?{query}")
    today = clock.today()
    user = request.user
    units = []
    for row in schedule.schedules_of(scope.agency_ids):
        owed = schedule.owed(row, today)[-SHOWN_PERIODS:]
        units.append(
            {
                "schedule": row,
                "periods": [(o, o.status(today)) for o in reversed(owed)],
                "can_send": user.has_perm("reports.send_report", row.agency),
                "can_manage": user.has_perm("reports.manage_schedule", row.agency),
            }
        )
    managed = [
        a
        for a in Agency.objects.filter(pk__in=scope.agency_ids).order_by("path")
        if user.has_perm("reports.manage_schedule", a)
    ]
    context = {
        "scope": scope,
        "today": today,
        "units": units,
        "managed": managed,
        "kinds": ReportKind.choices,
        "frequencies": Frequency.choices,
        "choices": _choices(request),
    }
    return render(request, "reports/schedule.html", context)


@staff_page
def sent_file(request: HttpRequest, due_id: int) -> HttpResponse:
    """The file of a report recorded as sent, for whoever may read the unit's reports."""
    row = ReportDue.objects.select_related("agency", "document").filter(pk=due_id).first()
    if row is None or row.document is None:
        raise Http404(_("Không có tệp báo cáo này."))
    report_scope(request.user, row.agency.code, False, "reports.view_reports")
    return files.download(row.document)
