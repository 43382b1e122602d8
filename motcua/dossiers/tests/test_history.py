"""The movements are the dossier's history (lịch sử xử lý): append-only in the database, never
deleted with their dossier, and enough to rebuild what the dossier row caches (issue 22 item 4)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import DatabaseError, connection, transaction
from django.db.models import ProtectedError
from django_scopes import scopes_disabled

from motcua import clock
from motcua.dossiers.models import Dossier, Movement
from motcua.dossiers.tests.support import MONDAY, intake_body

pytestmark = pytest.mark.django_db


@pytest.fixture
def dossiers(as_user, lan, minh, hoa, monday):
    """Dossiers taken along the lifecycle's paths by the counter, specialist and leader."""
    counter, specialist, leader = as_user(lan), as_user(minh), as_user(hoa)

    def new() -> str:
        return counter.post("/dossiers", intake_body()).json()["code"]

    made = [new() for _ in range(6)]
    done, supplemented, paid, refused, withdrawn, stopped = made
    for code in (done, supplemented, paid, refused):
        counter.act(code, "transfer", to_user="minh")
    specialist.act(done, "transfer", note="Đủ điều kiện")
    leader.act(done, "approve")
    counter.act(done, "return_result", channel="counter")
    specialist.act(supplemented, "request_supplement", reason="Thiếu bản sao")
    specialist.act(paid, "request_payment", amount=150000)
    with clock.frozen(MONDAY + timedelta(days=1)):
        counter.act(supplemented, "supplement_received", file_ids=[])
        counter.act(paid, "payment_received", receipt="BL-0012")
    leader.act(refused, "refuse", reason="Không đủ điều kiện")
    counter.act(withdrawn, "withdraw", reason="Công dân xin rút hồ sơ")
    leader.act(stopped, "stop", reason="Người yêu cầu đã chết")
    with scopes_disabled():
        return list(Dossier.objects.filter(code__in=made))


def test_each_dossiers_cached_state_is_rebuilt_from_its_movements(dossiers):
    assert len(dossiers) == 6
    for dossier in dossiers:
        status, holder, assignee = "", None, None
        for movement in Movement.objects.filter(dossier=dossier).order_by("at", "id"):
            assert movement.from_status == status, (dossier.code, movement.action)
            status = movement.to_status
            holder, assignee = movement.to_agency_id, movement.to_user_id
        assert (status, holder, assignee) == (
            dossier.status,
            dossier.current_agency_id,
            dossier.assignee_id,
        ), dossier.code


def test_the_database_refuses_to_change_or_delete_a_movement(dossiers):
    movement = Movement.objects.filter(dossier=dossiers[0]).first()
    note = movement.note
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Movement.objects.filter(pk=movement.pk).update(note="viết lại")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Movement.objects.filter(pk=movement.pk).delete()
    table = Movement._meta.db_table
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - our own table
    movement.refresh_from_db()
    assert movement.note == note
    assert Movement.objects.count() > len(dossiers)


def test_a_dossier_with_a_history_cannot_be_deleted(dossiers):
    with pytest.raises(ProtectedError), transaction.atomic(), scopes_disabled():
        dossiers[0].delete()
    with scopes_disabled():
        assert Dossier.objects.filter(pk=dossiers[0].pk).exists()
