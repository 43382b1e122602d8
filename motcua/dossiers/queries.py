"""Read-side querysets shared by the staff screens, the API and the reports."""

from __future__ import annotations

import heapq
import itertools
import re
from datetime import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from motcua import clock, text
from motcua.calendar import workdays
from motcua.calendar.services import calendar_for
from motcua.dossiers.lifecycle import (
    ACTION_SENTENCES,
    AT_WORK,
    NATIONAL_CODE,
    OPEN_STATES,
    Action,
    Status,
)
from motcua.dossiers.models import Dossier, ProcessStep, StepState, SupplementRequest

VIEWS = ("unit", "mine", "overdue", "due_soon", "all")
LIST_RELATED = (
    "procedure",
    "case",
    "agency",
    "handling_agency",
    "current_agency",
    "current_step",
    "assignee",
)
CODE_LIKE = re.compile(r"^[0-9A-Za-z.\-]+$")


def _my_step_roles(user: Any) -> list[str]:
    return ["counter", "counter_return"] if user.role == "counter" else [user.role]


def due_soon_limit(user: Any, now: datetime) -> datetime:
    """One working day from now in the user's agency (sắp đến hạn)."""
    return workdays.add_working_minutes(
        workdays.next_working_instant(now, calendar_for(user.agency)),
        calendar_for(user.agency).day_minutes,
        calendar_for(user.agency),
    )


def my_steps(user: Any) -> QuerySet[ProcessStep]:
    """The user's active steps: assigned to them, or waiting for their role at their agency."""
    return ProcessStep.objects.filter(state=StepState.ACTIVE).filter(
        Q(assignee=user)
        | Q(assignee__isnull=True, agency=user.agency, role__in=_my_step_roles(user))
    )


def worklist(
    user: Any,
    *,
    view: str = "unit",
    status: str | None = None,
    q: str = "",
    overdue: bool | None = None,
) -> QuerySet[Dossier]:
    """Dossiers for a staff member, newest first. Call inside the request's agency scope.

    ``unit``: at the user's agency now; ``mine``: assigned to the user or waiting for their role
    there (newest registered first; pages of it come from :func:`mine_page`); ``overdue`` /
    ``due_soon``: open ones past their due / due within one working day; ``all``: everything
    the user may see (a supervisor: the whole subtree)."""
    # The personal views need no agency scope: a dossier at the user's agency now, or at one of
    # the user's steps, is theirs to see by the same rule the scope applies (a dossier reaching
    # an agency puts it on its access list). Joining the access list anyway cost a page of the
    # unit view 97 ms instead of 39, as the planner cannot know the join removes nothing.
    at_hand = Dossier.objects.with_scopes_disabled()  # reviewed: filtered to the user's own
    order = ("-created_at", "-id")
    if view == "mine":
        dossiers = at_hand.filter(pk__in=my_steps(user).order_by().values("dossier_id"))
        order = ("-id",)
    elif view in ("unit", "overdue", "due_soon"):
        # Where the dossier is now (its current step's agency, or the receiving unit while an
        # online submission waits): one indexed range, newest first, stops after a page.
        dossiers = at_hand.filter(current_agency=user.agency, status__in=AT_WORK)
    else:
        dossiers = Dossier.objects.all()
    dossiers = dossiers.select_related(*LIST_RELATED).order_by(*order)
    return _narrow(dossiers, user, view=view, status=status, q=q, overdue=overdue)


def _narrow(
    dossiers: QuerySet[Dossier],
    user: Any,
    *,
    view: str,
    status: str | None,
    q: str,
    overdue: bool | None,
) -> QuerySet[Dossier]:
    """The view's due filter, then the status, overdue and search filters."""
    now = clock.now()
    if view == "overdue":
        dossiers = dossiers.filter(overdue_at(now))
    elif view == "due_soon":
        dossiers = dossiers.filter(due_between(now, due_soon_limit(user, now)))
    if status:
        if status.isdigit():
            dossiers = dossiers.filter(
                status__in=[s for s, c in NATIONAL_CODE.items() if c == int(status)]
            )
        else:
            dossiers = dossiers.filter(status=status)
    if overdue is True:
        dossiers = dossiers.filter(overdue_at(now))
    elif overdue is False:
        dossiers = dossiers.exclude(overdue_at(now))
    return search(dossiers, q)


def overdue_at(now: datetime) -> Q:
    """Open and past its due (quá hạn)."""
    return Q(status__in=OPEN_STATES, due_at__lt=now)


def due_between(start: datetime, end: datetime) -> Q:
    """Open and due from ``start`` to ``end``."""
    return Q(status__in=OPEN_STATES, due_at__gte=start, due_at__lte=end)


def page_of(dossiers: QuerySet[Dossier], number: int, size: int) -> tuple[list[Dossier], bool]:
    """Page ``number`` (from 1) of a worklist and whether another page follows, in two
    statements: first the page's ids from the narrow query (filters, order and offset work on
    ids alone, so a deep page or a selective filter does not drag seven joined tables along),
    then those rows with their related names (the ids passed the list's own scope already)."""
    start = (number - 1) * size
    return _rows(list(dossiers.values_list("pk", flat=True)[start : start + size + 1]), size)


def _rows(ids: list[int], size: int) -> tuple[list[Dossier], bool]:
    shown = ids[:size]
    rows = Dossier.objects.with_scopes_disabled().select_related(*LIST_RELATED).in_bulk(shown)
    return [rows[pk] for pk in shown], len(ids) > size


CHUNK = 2000


def mine_page(
    user: Any,
    number: int,
    size: int,
    *,
    status: str | None = None,
    q: str = "",
    overdue: bool | None = None,
) -> tuple[list[Dossier], bool]:
    """Page ``number`` of the "mine" worklist, served from the steps' side: the ids of the
    user's dossiers come from two small partial indexes on the active steps (one user's open
    work, already in order), the page's filters are checked by primary key a chunk at a time.
    No plan here depends on the planner's statistics: as one semi-join with the dossiers,
    PostgreSQL scanned all of them in parallel when it misjudged the steps' share (p95 231 ms
    at 1,000,000 dossiers)."""
    start = (number - 1) * size
    wanted = start + size + 1
    if not (status or q or overdue is not None):
        return _rows(my_dossier_ids(user, wanted)[start:], size)
    narrowed = _narrow(
        Dossier.objects.with_scopes_disabled(),  # reviewed: only the user's own ids
        user,
        view="mine",
        status=status,
        q=q,
        overdue=overdue,
    ).order_by()
    ids = my_dossier_ids(user)
    kept: list[int] = []
    for at in range(0, len(ids), CHUNK):
        if len(kept) >= wanted:
            break
        chunk = ids[at : at + CHUNK]
        found = set(narrowed.filter(pk__in=chunk).values_list("pk", flat=True))
        kept += [pk for pk in chunk if pk in found]
    return _rows(kept[start:wanted], size)


def my_dossier_ids(user: Any, count: int | None = None) -> list[int]:
    """The dossiers of the user's active steps (the first ``count``, or all), newest registered
    first, each once: the steps assigned to them and those waiting for their role at their
    agency, each read in order from its partial index (``step_active_assignee``,
    ``step_active_waiting``) and merged."""
    active = ProcessStep.objects.filter(state=StepState.ACTIVE).order_by("-dossier_id")
    parts = [
        active.filter(assignee=user).values_list("dossier_id", flat=True),
        active.filter(
            assignee__isnull=True, agency=user.agency, role__in=_my_step_roles(user)
        ).values_list("dossier_id", flat=True),
    ]
    limit = count
    while True:
        read = [list(part if limit is None else part[:limit]) for part in parts]
        ids = [pk for pk, _same in itertools.groupby(heapq.merge(*read, reverse=True))]
        # A dossier may hold two of the user's steps at once (parallel steps): read more.
        if count is None or len(ids) >= count or all(len(r) < limit for r in read):
            return ids if count is None else ids[:count]
        limit *= 2


def search(dossiers: QuerySet[Dossier], q: str) -> QuerySet[Dossier]:
    """By code, applicant name (with or without diacritics) or phone."""
    q = (q or "").strip()
    if not q:
        return dossiers
    conditions = Q(search_key__contains=text.search_key(q))
    if CODE_LIKE.match(q):
        conditions |= Q(code__icontains=q)
    phone = text.phone_digits(q)
    if phone.isdigit() and len(phone) >= 6:
        conditions |= Q(applicant_phone__contains=phone)
    return dossiers.filter(conditions)


TIMELINESS_LABELS = {
    "early": _("Trước hạn"),
    "on_time": _("Đúng hạn"),
    "late": _("Quá hạn"),
    "within": _("Trong hạn"),
    "soon": _("Sắp đến hạn"),
    "overdue": _("Quá hạn"),
    "none": _("Không hẹn ngày"),
    "waiting": _("Chờ tiếp nhận"),
}


def timeliness(dossier: Dossier, now: datetime, soon: datetime) -> str:
    """How the dossier stands against its legal due: for a finished one by local date
    (R4.20), for a running one now (R4.21), ``soon`` when due within one working day."""
    if dossier.status == Status.SUBMITTED:
        return "waiting"
    due = dossier.original_due_at if dossier.finished_at else dossier.due_at
    if due is None:
        return "none"
    if dossier.finished_at is not None:
        verdict = workdays.classify_finished(dossier.finished_at, due)
        return {"truoc_han": "early", "dung_han": "on_time", "qua_han": "late"}[verdict]
    if dossier.status not in OPEN_STATES:
        return "within"
    if due < now:
        return "overdue"
    return "soon" if due <= soon else "within"


def citizen_dossiers(user: Any) -> QuerySet[Dossier]:
    """Hồ sơ của tôi: the dossiers a citizen submitted from their account, newest first. The
    ownership filter stands in for the agency scope."""
    return (
        Dossier.objects.with_scopes_disabled()  # reviewed: filtered by the citizen's own id
        .filter(citizen_id=getattr(user, "pk", None))
        .select_related("procedure", "agency")
        .order_by("-submitted_at", "-created_at", "-id")
    )


def citizen_history(dossier: Dossier) -> list[tuple[datetime, str, str]]:
    """What happened to a citizen's dossier in plain Vietnamese: (when, sentence, note), with
    no staff names (the lookup's rule, plus the notes addressed to the citizen)."""
    public_notes = {Action.REJECT, Action.REQUEST_SUPPLEMENT, Action.REFUSE, Action.STOP}
    return [
        (at, str(ACTION_SENTENCES.get(action, action)), note if action in public_notes else "")
        for at, action, note in dossier.movements.order_by("at", "id").values_list(
            "at", "action", "note"
        )
    ]


def _staff_role(step_role: str) -> str:
    return "counter" if step_role in ("counter", "counter_return") else step_role


def step_officers(steps: list[ProcessStep]) -> dict[int, list[Any]]:
    """The officers (cán bộ) who may take each step: active users of its agency with its role,
    each with ``load``, the dossiers they hold now; the least loaded first. For the hand-over's
    officer picker instead of typing a login name."""
    wanted = {(s.agency_id, _staff_role(s.role)) for s in steps}
    if not wanted:
        return {}
    users = list(
        get_user_model()
        .objects.filter(
            is_active=True,
            agency_id__in={a for a, _r in wanted},
            role__in={r for _a, r in wanted},
        )
        .annotate(
            load=Count("assigned_dossiers", filter=Q(assigned_dossiers__status__in=OPEN_STATES))
        )
        .order_by("load", "full_name", "username")
    )
    return {
        s.pk: [u for u in users if u.agency_id == s.agency_id and u.role == _staff_role(s.role)]
        for s in steps
    }


def staff_badges(user: Any) -> dict[str, int]:
    """The counts behind a staff member's bell and worklist tabs: the dossiers waiting for
    them (``mine``), returned supplements among them (bổ sung đã nhận), those due today, the
    unit's, overdue and due soon; at the counter also online dossiers to accept and results to
    hand back (chờ trả kết quả); ``total`` for the bell. Call inside the request's agency scope."""
    now = clock.now()
    end_of_today = clock.local(now).replace(hour=23, minute=59, second=59, microsecond=0)
    # Supplied again since the current step began (one EXISTS per dossier, no DISTINCT of rows).
    supplied = SupplementRequest.objects.filter(
        dossier=OuterRef("pk"), completed_at__gte=OuterRef("current_step__started_at")
    )
    # Two passes, each reading its dossiers once: the user's own, then the unit's.
    counts = (
        worklist(user, view="mine")
        .order_by()
        .aggregate(
            mine=Count("pk"),
            supplemented=Count("pk", filter=Q(status=Status.IN_PROGRESS) & Q(Exists(supplied))),
            due_today=Count("pk", filter=due_between(now, end_of_today)),
        )
    )
    counts |= (
        worklist(user, view="unit")
        .order_by()
        .aggregate(
            unit=Count("pk"),
            overdue=Count("pk", filter=overdue_at(now)),
            due_soon=Count("pk", filter=due_between(now, due_soon_limit(user, now))),
        )
    )
    if user.role == "counter":
        at_counter = Dossier.objects.with_scopes_disabled()  # reviewed: the user's own agency
        counts["online"] = at_counter.filter(
            current_agency=user.agency, status=Status.SUBMITTED
        ).count()
        counts["to_return"] = at_counter.filter(
            agency=user.agency, status__in=[Status.DONE, Status.REFUSED]
        ).count()
    counts["total"] = counts["mine"] + counts.get("online", 0) + counts.get("to_return", 0)
    return counts


def mark_waiting_time(dossiers: list[Dossier], agency: Any) -> None:
    """For online dossiers waiting for the counter: ``waited_hours``, the working hours since
    submission in the agency's calendar, and ``waited_late``, past one working day (the counter
    checks an online dossier within the working day)."""
    cal = calendar_for(agency)
    now = clock.now()
    for dossier in dossiers:
        minutes = workdays.working_minutes_between(dossier.submitted_at or now, now, cal)
        dossier.waited_hours = minutes // 60
        dossier.waited_late = minutes > cal.day_minutes
