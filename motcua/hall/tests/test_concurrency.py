"""Real concurrent calls, in threads with their own database connections, on whichever database
the suite runs (SQLite: BEGIN IMMEDIATE serialises them; PostgreSQL: SKIP LOCKED and the
conditional update decide)."""

from __future__ import annotations

import threading
from collections import Counter as Tally

import pytest
from django.db import connection
from django_scopes import scopes_disabled

from motcua.accounts.services import create_staff_user
from motcua.errors import Conflict
from motcua.hall.models import Ticket, TicketStatus
from motcua.hall.services import call_next, issue_ticket
from motcua.hall.tests.support import HOTICH, counters, fields, person
from motcua.testing import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(jobs):
    """Start every job at the same instant; return their results and errors."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)
    errors: list[BaseException] = []

    def work(i, job):
        try:
            barrier.wait()
            results[i] = job()
        except BaseException as exc:  # reported by the caller's assertion
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def officers(agency, n):
    return [
        create_staff_user(f"quay{i}", agency=agency, role="counter", password=PASSWORD)
        for i in range(n)
    ]


def test_a_ticket_called_at_two_counters_at_once_goes_to_one(agency_a):
    one, _two, three = counters(agency_a)
    a, b = officers(agency_a, 2)
    (hotich,) = fields(HOTICH)
    issue_ticket(agency=agency_a, field=hotich, id_number=person(1))
    results, errors = run_together(
        [lambda: call_next(one, officer=a), lambda: call_next(three, officer=b)]
    )
    assert errors == []
    called = [t for t in results if t is not None]
    assert len(called) == 1
    with scopes_disabled():
        ticket = Ticket.objects.get()
    assert ticket.status == TicketStatus.CALLED
    assert ticket.counter_id == called[0].counter_id


def test_many_counters_calling_a_line_take_each_ticket_once(agency_a):
    one, _two, three = counters(agency_a)
    staff = officers(agency_a, 2)
    (hotich,) = fields(HOTICH)
    total = 24
    for n in range(total):
        issue_ticket(agency=agency_a, field=hotich, id_number=person(n))

    def drain(counter, officer):
        def job():
            taken = []
            while True:
                try:
                    ticket = call_next(counter, officer=officer)
                except Conflict:  # "busy": the caller presses again
                    continue
                if ticket is None:
                    return taken
                taken.append(ticket.pk)

        return job

    results, errors = run_together([drain(one, staff[0]), drain(three, staff[1])])
    assert errors == []
    taken = [pk for result in results for pk in result]
    assert len(taken) == total
    assert Tally(taken).most_common(1)[0][1] == 1
    with scopes_disabled():
        assert not Ticket.objects.filter(status=TicketStatus.WAITING).exists()


def test_tickets_issued_at_once_get_distinct_gap_free_numbers(agency_a):
    counters(agency_a)
    (hotich,) = fields(HOTICH)
    per_thread, threads = 5, 6

    def issue(first):
        def job():
            return [
                issue_ticket(agency=agency_a, field=hotich, id_number=person(first + i)).ticket.code
                for i in range(per_thread)
            ]

        return job

    results, errors = run_together([issue(t * per_thread) for t in range(threads)])
    assert errors == []
    codes = sorted(code for result in results for code in result)
    assert codes == [f"A{n:03d}" for n in range(1, per_thread * threads + 1)]


def test_the_same_person_at_two_kiosks_at_once_gets_one_ticket(agency_a):
    counters(agency_a)
    (hotich,) = fields(HOTICH)

    def issue():
        return issue_ticket(agency=agency_a, field=hotich, id_number=person(7))

    results, errors = run_together([issue, issue, issue])
    assert len([r for r in results if r is not None]) == 1
    assert len(errors) == 2
    assert all(isinstance(e, Conflict) and e.code == "ticket_exists" for e in errors)
    with scopes_disabled():
        assert Ticket.objects.count() == 1
