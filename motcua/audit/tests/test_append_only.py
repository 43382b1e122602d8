"""The audit trail is append-only: the database itself refuses UPDATE and DELETE."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django_scopes import scope, scopes_disabled

from motcua.audit import record
from motcua.audit.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return record("catalog.imported", data={"procedures": 1})


def test_the_database_refuses_to_update_an_event(event):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Event.objects.with_scopes_disabled().filter(pk=event.pk).update(action="x.changed")
    with scopes_disabled():
        assert Event.objects.get(pk=event.pk).action == "catalog.imported"


def test_the_database_refuses_to_delete_an_event(event):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Event.objects.with_scopes_disabled().filter(pk=event.pk).delete()
    with scopes_disabled():
        assert Event.objects.filter(pk=event.pk).exists()


def test_raw_sql_cannot_rewrite_history_either(event):
    with scopes_disabled():
        before = list(Event.objects.order_by("pk").values_list("pk", "action"))
    assert (event.pk, "catalog.imported") in before
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_event SET action = %s WHERE id = %s", ["x", event.pk])
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_event")
    with scopes_disabled():
        assert list(Event.objects.order_by("pk").values_list("pk", "action")) == before


def test_events_carry_actor_agency_target_and_request_id(lan, agency_a):
    from motcua.audit.context import request_id

    token = request_id.set("req-123")
    try:
        event = record("accounts.login", actor=lan, agency=agency_a, target=lan, data={"k": 1})
    finally:
        request_id.reset(token)
    with scope(agency=[agency_a.pk]):
        stored = Event.objects.get(pk=event.pk)
    assert (stored.actor, stored.agency, stored.request_id) == (lan, agency_a, "req-123")
    assert stored.target_type == "accounts.user"
    assert stored.target_id == str(lan.pk)
