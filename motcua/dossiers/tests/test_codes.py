"""Dossier codes stay unique and gap-free under concurrent intake, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, transaction
from django_scopes import scopes_disabled

from motcua import clock
from motcua.dossiers.codes import format_code, next_code
from motcua.dossiers.models import Dossier
from motcua.dossiers.services.intake import receive_dossier
from motcua.dossiers.tests.support import MONDAY, intake_body


def test_the_code_has_the_agency_the_date_and_four_digits():
    from datetime import date

    assert format_code("000.00.31.H99", date(2025, 1, 24), 7) == "000.00.31.H99-250124-0007"


@pytest.mark.django_db(transaction=True)
def test_next_code_refuses_to_run_outside_a_transaction(agency_a):
    with pytest.raises(RuntimeError):
        next_code(agency_a, MONDAY.date())


@pytest.mark.django_db
def test_a_rolled_back_intake_gives_its_number_back(agency_a):
    with transaction.atomic():
        assert next_code(agency_a, MONDAY.date()).endswith("-0001")
        transaction.set_rollback(True)
    with transaction.atomic():
        assert next_code(agency_a, MONDAY.date()).endswith("-0001")


@pytest.mark.django_db(transaction=True)
def test_concurrent_intake_gives_unique_gap_free_codes(lan):
    threads, per_thread = 6, 5
    errors: list[BaseException] = []
    start = threading.Barrier(threads)

    def work():
        try:
            start.wait()
            with clock.frozen(MONDAY):
                for _ in range(per_thread):
                    receive_dossier(actor=lan, **_intake())
        except BaseException as exc:  # reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    workers = [threading.Thread(target=work) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    with scopes_disabled():
        codes = sorted(Dossier.objects.values_list("code", flat=True))
    expected = [
        format_code("000.00.31.H99", MONDAY.date(), n) for n in range(1, threads * per_thread + 1)
    ]
    assert codes == expected


def _intake():
    body = intake_body()
    body.pop("channel")
    return {"channel": "counter", **body}


def test_the_daily_sequence_never_takes_a_fifth_digit():
    from datetime import date

    assert format_code("000.00.31.H99", date(2025, 1, 24), 9999).endswith("-9999")
    with pytest.raises(ValueError, match="10000"):
        format_code("000.00.31.H99", date(2025, 1, 24), 10000)


@pytest.mark.django_db
def test_the_ten_thousandth_dossier_of_a_day_is_refused_and_nothing_is_written(lan, agency_a):
    from motcua.audit.models import Event
    from motcua.dossiers.codes import SequenceExhausted
    from motcua.dossiers.models import DailyCounter

    with clock.frozen(MONDAY), scopes_disabled():
        DailyCounter.objects.create(agency=agency_a, day=clock.local(MONDAY).date(), last=9998)
        last = receive_dossier(actor=lan, **intake_body())
        assert last.code.endswith("-9999")
        dossiers, events = Dossier.objects.count(), Event.objects.count()
        with pytest.raises(SequenceExhausted) as refused:
            receive_dossier(actor=lan, **intake_body())
        assert "đã cấp đủ 9.999 mã hồ sơ trong ngày 10/03/2025" in refused.value.message
        assert refused.value.status == 409
        assert (Dossier.objects.count(), Event.objects.count()) == (dossiers, events)
        assert DailyCounter.objects.get(agency=agency_a).last == 9999
