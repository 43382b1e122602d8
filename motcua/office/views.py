"""Staff screens: worklists, the dossier page and its actions. Thin views: fetch through
``access``, call one service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from motcua import clock
from motcua.dossiers import access, queries
from motcua.dossiers.lifecycle import ACTION_SENTENCES, NATIONAL_NAME
from motcua.dossiers.services import actions
from motcua.errors import DomainError
from motcua.office.access import staff_required

PAGE_SIZE = 50
VIEW_TITLES = {
    "mine": _("Hồ sơ của tôi"),
    "unit": _("Hồ sơ của đơn vị"),
    "overdue": _("Hồ sơ quá hạn"),
    "due_soon": _("Sắp đến hạn (trong 1 ngày làm việc)"),
    "all": _("Tất cả hồ sơ được xem"),
}


@staff_required
def home(request: HttpRequest) -> HttpResponse:
    """Each role lands on its own desk."""
    role = request.user.role
    if role == "counter":
        return redirect("office:counter")
    if role == "supervisor":
        return redirect(f"{reverse('office:worklist')}?view=all")
    return redirect(f"{reverse('office:worklist')}?view=mine")


def _decorate(dossiers: list, user: Any) -> list:
    now = clock.now()
    soon = queries.due_soon_limit(user, now)
    for dossier in dossiers:
        dossier.standing = queries.timeliness(dossier, now, soon)
        dossier.standing_label = queries.TIMELINESS_LABELS[dossier.standing]
        dossier.status_name = NATIONAL_NAME[dossier.status_code]
    return dossiers


@staff_required
def worklist(request: HttpRequest) -> HttpResponse:
    view = request.GET.get("view") or "unit"
    if view not in queries.VIEWS:
        view = "unit"
    q = request.GET.get("q", "")
    status = request.GET.get("status") or None
    try:
        page = max(1, int(request.GET.get("page", 1)))
    except ValueError:
        page = 1
    found = queries.worklist(request.user, view=view, status=status, q=q)
    rows = _decorate(list(found[(page - 1) * PAGE_SIZE : page * PAGE_SIZE + 1]), request.user)
    context = {
        "view": view,
        "views": VIEW_TITLES,
        "title": VIEW_TITLES[view],
        "q": q,
        "status": status or "",
        "rows": rows[:PAGE_SIZE],
        "page": page,
        "has_next": len(rows) > PAGE_SIZE,
        "statuses": NATIONAL_NAME,
    }
    template = "office/worklist.html#rows" if request.htmx else "office/worklist.html"
    return render(request, template, context)


def _dossier_context(request: HttpRequest, dossier, error: str = "") -> dict[str, Any]:
    _decorate([dossier], request.user)
    allowed = actions.available(dossier, request.user)
    steps = list(dossier.steps.select_related("agency", "assignee"))
    next_step = next(
        (
            s
            for s in steps
            if dossier.current_step
            and s.order > dossier.current_step.order
            and s.state == "pending"
        ),
        None,
    )
    return {
        "dossier": dossier,
        "steps": steps,
        "components": list(dossier.components.all()),
        "movements": [
            (m, ACTION_SENTENCES.get(m.action, m.action))
            for m in dossier.movements.select_related("actor", "to_user", "to_agency")
        ],
        "allowed": allowed,
        "action_names": {a: ACTION_SENTENCES[a] for a in allowed},
        "next_step": next_step,
        "error": error,
        "now": clock.now(),
    }


@staff_required
def dossier_page(request: HttpRequest, code: str) -> HttpResponse:
    dossier = access.dossier_for(request.user, code)
    return render(request, "office/dossier.html", _dossier_context(request, dossier))


def _body_from_form(post) -> dict[str, Any]:
    """Form fields → the inputs of ``actions.perform`` (the API takes the same)."""
    body: dict[str, Any] = {}
    for name in ("reason", "to_user", "to_agency", "receipt", "channel", "note", "new_due_at"):
        if post.get(name):
            body[name] = post[name]
    for name in ("to_step", "amount", "result_file_id"):
        if post.get(name):
            try:
                body[name] = int(post[name])
            except ValueError:
                body[name] = post[name]
    if post.get("hours"):
        body["hours"] = post["hours"]
    if post.get("items"):
        body["items"] = [line.strip() for line in post["items"].splitlines() if line.strip()]
    if post.get("online"):
        body["online"] = True
    if body.get("new_due_at") and len(body["new_due_at"]) == 16:  # <input type=datetime-local>
        body["new_due_at"] += ":00+07:00"
    return body


@staff_required
def act(request: HttpRequest, code: str, action: str) -> HttpResponse:
    if request.method != "POST":
        return redirect("office:dossier", code=code)
    dossier = access.dossier_for(request.user, code)
    try:
        dossier = actions.perform(
            dossier, action, actor=request.user, body=_body_from_form(request.POST)
        )
    except DomainError as exc:
        dossier = access.dossier_for(request.user, code)
        context = _dossier_context(request, dossier, error=exc.message)
        return render(request, "office/dossier.html", context, status=exc.status)
    messages.success(request, _("Đã thực hiện: %(action)s.") % {"action": ACTION_SENTENCES[action]})
    return redirect("office:dossier", code=dossier.code)
