"""Papers at the desks: print a dossier's forms, open its files, scan a paper, sign the result,
print the tracking book, hand out Mẫu 02/03 at the counter for papers not received."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from motcua import clock
from motcua.catalog.models import Procedure
from motcua.catalog.structure import version_cases
from motcua.documents import services as files
from motcua.documents import storage
from motcua.dossiers import access, slips
from motcua.dossiers.services import digitisation, processing
from motcua.errors import DomainError
from motcua.office.access import staff_required
from motcua.office.views import refused


@staff_required
def print_document(request: HttpRequest, code: str, kind: str) -> HttpResponse:
    dossier = access.dossier_for(request.user, code, perm="dossiers.print")
    try:
        printed = slips.render(dossier, kind, paper=request.GET.get("paper") or None)
    except DomainError as exc:
        raise Http404(exc.message) from exc
    return files.file_response(printed.content, printed.filename, "application/pdf", inline=True)


@staff_required
def dossier_file(request: HttpRequest, code: str, file_id: int) -> HttpResponse:
    dossier = access.dossier_for(request.user, code)
    document = files.attached_document(dossier, file_id)
    if document is None:
        raise Http404(_("Hồ sơ không có tệp này."))
    return files.download(document)  # a download, never rendered: the file came from outside


@staff_required
def scan(request: HttpRequest, code: str, component: str) -> HttpResponse:
    """Số hóa một thành phần: the scan of a paper of a received dossier."""
    if request.method != "POST":
        return redirect("office:dossier", code=code)
    dossier = access.dossier_for(request.user, code)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise storage.FileRejected(_("Hãy chọn tệp bản quét (PDF, JPEG, PNG)."))
        content = storage.read_upload(upload)
        digitisation.digitise_component(
            dossier, component, actor=request.user, content=content, name=upload.name or ""
        )
    except DomainError as exc:
        return refused(request, code, exc)
    messages.success(request, _("Đã số hóa thành phần hồ sơ."))
    return redirect("office:dossier", code=code)


@staff_required
def approve_with_result(request: HttpRequest, code: str) -> HttpResponse:
    """Phê duyệt và ký số: the draft result is uploaded and signed in the same request; a
    failure keeps neither the file nor the approval."""
    if request.method != "POST":
        return redirect("office:dossier", code=code)
    dossier = access.dossier_for(request.user, code)
    upload = request.FILES.get("result")
    try:
        draft = files.incoming([upload])[0] if upload is not None else None
        chosen = request.POST.get("result_file_id", "")  # the draft handed over with the dossier
        processing.approve(
            dossier,
            actor=request.user,
            result_upload=draft,
            result_file_id=int(chosen) if draft is None and chosen.isdigit() else None,
            note=request.POST.get("note", ""),
        )
    except DomainError as exc:
        return refused(request, code, exc)
    signed = _("Đã phê duyệt và ký số kết quả.") if draft or chosen else _("Đã phê duyệt kết quả.")
    messages.success(request, signed)
    return redirect("office:dossier", code=code)


@staff_required
def tracking_book(request: HttpRequest) -> HttpResponse:
    """Sổ theo dõi hồ sơ (Mẫu 06) of the user's agency for a range of days."""
    if not request.user.has_perm("dossiers.print", request.user.agency):
        raise PermissionDenied
    today = clock.today()
    if "from" not in request.GET:
        return render(
            request, "office/tracking_book.html", {"first": today.replace(day=1), "last": today}
        )
    try:
        first = date.fromisoformat(request.GET["from"])
        last = date.fromisoformat(request.GET.get("to") or today.isoformat())
        printed = slips.tracking_book(request.user.agency, first, last)
    except ValueError:
        error = _("Ngày không hợp lệ (cần dạng YYYY-MM-DD).")
    except DomainError as exc:
        error = exc.message
    else:
        return files.file_response(
            printed.content, printed.filename, "application/pdf", inline=True
        )
    context = {"first": request.GET.get("from"), "last": request.GET.get("to"), "error": error}
    return render(request, "office/tracking_book.html", context, status=400)


@staff_required
def counter_slip(request: HttpRequest) -> HttpResponse:
    """Mẫu 02 / Mẫu 03 for papers the counter does not receive: nothing is stored."""
    if request.method != "POST":
        return redirect("office:counter")
    kind = "supplement_request" if request.POST.get("intent") == "guide" else "refusal"
    procedure = Procedure.objects.filter(code=request.POST.get("procedure", "")).first()
    if procedure is None:
        raise Http404(_("Không có thủ tục này."))
    cases = version_cases(procedure.current_version_id)
    structure = next((c for c in cases if c.case.code == request.POST.get("case")), cases[0])
    lines = []
    if kind == "supplement_request":
        lines = [
            c.name
            for c in structure.components
            if c.required and not request.POST.get(f"c_{c.code}")
        ]
    lines += [line.strip() for line in request.POST.get("reason", "").splitlines() if line.strip()]
    applicant = {
        key: request.POST.get(f"applicant_{key}", "")
        for key in ("name", "id_number", "phone", "email", "address")
    }
    try:
        printed = slips.at_counter(
            kind,
            actor=request.user,
            procedure=procedure,
            case=structure.case,
            applicant=applicant,
            lines=lines,
            paper=request.POST.get("paper") or None,
        )
    except DomainError as exc:
        return render(request, "office/slip_error.html", {"error": exc.message}, status=exc.status)
    return files.file_response(printed.content, printed.filename, "application/pdf", inline=True)
