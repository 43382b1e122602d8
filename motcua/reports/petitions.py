"""Phản ánh, kiến nghị (PAKN) against their deadlines (DOMAIN R9.5, 766 criteria 5.1–5.3).

The national PAKN system's deadlines, in working days of the agency's calendar: reject ≤ 2
from reception; forward to the competent agency ≤ 5; ask the sender for more ≤ 5; answer
(reach "chờ công khai") ≤ 15; publish ≤ 2 after the answer. A PAKN is on time when every
stage it reached by "now" met its deadline and the stage it is waiting for is still within its
term. A PAKN waiting for the sender's information has no running deadline of ours.

PAKN are few (a few per thousand dossiers), and each needs working-day deadlines from several
of its own dates, so they are evaluated one by one with the deadline engine; the query fetches
only the date columns of the period's PAKN."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q

from motcua.agencies.models import Agency
from motcua.calendar import workdays
from motcua.calendar.services import calendar_for
from motcua.feedback.models import Petition, PetitionCategory, PetitionStatus
from motcua.reports.access import unscoped
from motcua.reports.periods import Period

REJECT_DAYS = 2
FORWARD_DAYS = 5
ASK_DAYS = 5
ANSWER_DAYS = 15
PUBLISH_DAYS = 2


@dataclass
class Tally:
    """One agency's PAKN figures for a period."""

    handled: int = 0  # received before the end, not closed before the start
    on_time: int = 0  # of those: on time, or still within the term
    received_in_period: int = 0
    about_rules: int = 0  # of those received: about rules and procedures (5.1)
    satisfied: int = 0  # of those received: not disliked, not overdue, not raised again


FIELDS = (
    "agency_id",
    "category",
    "status",
    "received_at",
    "forwarded_at",
    "rejected_at",
    "info_requested_at",
    "answered_at",
    "published_at",
    "likes",
    "dislikes",
    "re_raised",
)


def _due(start: datetime, days: int, cal: workdays.WorkCalendar) -> datetime | None:
    try:
        return workdays.due_at(start, workdays.Limit.parse(days, "working_days"), cal)
    except workdays.CalendarMissing:
        return None


def is_on_time(p: dict, as_of: datetime, cal: workdays.WorkCalendar) -> bool:
    """Did this PAKN meet every deadline it reached by ``as_of`` and is its next one still
    ahead? ``p`` holds the :data:`FIELDS` of one petition."""

    def done(name: str) -> datetime | None:
        value = p[name]
        return value if value is not None and value < as_of else None

    received = p["received_at"]
    checks: list[tuple[datetime, int, datetime]] = []  # (done at, days, counted from)
    for name, days in (
        ("rejected_at", REJECT_DAYS),
        ("forwarded_at", FORWARD_DAYS),
        ("info_requested_at", ASK_DAYS),
        ("answered_at", ANSWER_DAYS),
    ):
        if done(name):
            checks.append((done(name), days, received))
    answered = done("answered_at")
    if answered and done("published_at"):
        checks.append((done("published_at"), PUBLISH_DAYS, answered))
    for at, days, start in checks:
        due = _due(start, days, cal)
        if due is not None and at > due:
            return False
    closed = done("rejected_at") or done("forwarded_at") or done("published_at")
    if closed:
        return True
    if answered:
        pending = _due(answered, PUBLISH_DAYS, cal)
    elif p["status"] == PetitionStatus.AWAITING_INFO and done("info_requested_at"):
        return True  # waiting for the sender: no deadline of ours runs
    else:
        pending = _due(received, ANSWER_DAYS, cal)
    return pending is None or pending >= as_of


def tally(agency_ids: list[int], period: Period, as_of: datetime) -> dict[int, Tally]:
    """PAKN figures per agency (the agency that received the PAKN)."""
    start, end = period.start_at, period.end_at
    closed_before = Q(published_at__lt=start) | Q(rejected_at__lt=start) | Q(forwarded_at__lt=start)
    petitions = (
        unscoped(Petition)
        .filter(agency_id__in=agency_ids, received_at__lt=end)
        .exclude(closed_before)
        .values(*FIELDS)
    )
    calendars: dict[int, workdays.WorkCalendar] = {}
    agencies = Agency.objects.in_bulk(agency_ids)
    result: dict[int, Tally] = defaultdict(Tally)
    for p in petitions:
        agency_id = p["agency_id"]
        if agency_id not in calendars:
            calendars[agency_id] = calendar_for(agencies[agency_id])
        good = is_on_time(p, as_of, calendars[agency_id])
        t = result[agency_id]
        t.handled += 1
        t.on_time += good
        if p["received_at"] >= start:
            t.received_in_period += 1
            t.about_rules += p["category"] == PetitionCategory.RULES
            disliked = p["dislikes"] > p["likes"]
            t.satisfied += good and not disliked and not p["re_raised"]
    return dict(result)
