"""Confirmations arriving at the same time, in threads with their own database connections, on
whichever database the suite runs (SQLite: BEGIN IMMEDIATE serialises the writers; PostgreSQL:
the dossier's row lock and the payment's conditional update decide)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction
from django_scopes import scopes_disabled

from motcua.dossiers.models import Dossier, Movement
from motcua.dossiers.services import core
from motcua.errors import Conflict
from motcua.payments import services
from motcua.payments.models import Mismatch, Payment, PlatformMessage

pytestmark = pytest.mark.django_db(transaction=True)


WAIT_SECONDS = 30


def _waits_for_the_test(sql: str) -> bool:
    """The statement that waits while the test holds the dossier: SQLite's BEGIN IMMEDIATE (the
    database's one write lock), PostgreSQL's lock of the dossier's row."""
    return sql.startswith("BEGIN") or ("FOR UPDATE" in sql and '"dossiers_dossier"' in sql)


def in_threads(jobs):
    """Run each job in its own thread and connection, and come back once every one of them
    waits for the lock the caller holds; answer the threads and their results (or errors)."""
    results: list = [None] * len(jobs)
    waiting = threading.Semaphore(0)

    def watch(execute, sql, params, many, context):
        if _waits_for_the_test(sql):
            waiting.release()
        return execute(sql, params, many, context)

    def work(i, job):
        try:
            with connection.execute_wrapper(watch):
                results[i] = job()
        except Exception as error:  # the caller's assertions look at it
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for _ in jobs:
        assert waiting.acquire(timeout=WAIT_SECONDS), "a thread never reached the lock"
    return threads, results


def _open_payment(waiting):
    code, counter, _ = waiting
    reference = counter.post(f"/dossiers/{code}/payments").json()["reference"]
    with scopes_disabled():
        return Dossier.objects.get(code=code), reference


def test_one_confirmation_delivered_twice_at_once_is_applied_once(platform_fake, waiting):
    dossier, reference = _open_payment(waiting)
    confirmation = platform_fake.confirmation(reference)
    with transaction.atomic():
        core.lock(dossier)  # both deliveries read the payment open, then wait for the dossier
        threads, results = in_threads([lambda: services.confirm(dict(confirmation))] * 2)
    for thread in threads:
        thread.join()
    assert sorted((r.status, r.outcome) for r in results) == [(200, "applied"), (200, "replay")]
    with scopes_disabled():
        assert Movement.objects.filter(dossier=dossier, action="payment_received").count() == 1
        assert Dossier.objects.get(pk=dossier.pk).status_code == 4
    payment = Payment.objects.get(reference=reference)
    assert (payment.state, payment.transaction_id) == ("paid", confirmation["MaGiaoDich"])
    assert PlatformMessage.objects.filter(kind="CONFIRM").count() == 2
    assert not Mismatch.objects.exists()


def test_a_confirmation_racing_cash_at_the_counter_ends_the_wait_once(platform_fake, waiting, lan):
    dossier, reference = _open_payment(waiting)
    confirmation = platform_fake.confirmation(reference)
    with transaction.atomic():
        core.lock(dossier)
        threads, results = in_threads(
            [
                lambda: services.confirm(dict(confirmation)),
                lambda: services.record_counter(dossier, actor=lan),
            ]
        )
    for thread in threads:
        thread.join()
    confirmed, counter = results
    assert confirmed.status == 200
    with scopes_disabled():
        assert Movement.objects.filter(dossier=dossier, action="payment_received").count() == 1
    if isinstance(counter, Conflict):  # the platform's confirmation came first
        assert confirmed.outcome == "applied"
        assert Payment.objects.get(reference=reference).state == "paid"
    else:  # the cash came first: the money came twice, listed for the officer
        assert counter.state == "paid" and counter.channel == "counter"
        assert Mismatch.objects.get().kind == "paid_twice"
        assert Payment.objects.get(reference=reference).state == "open"
