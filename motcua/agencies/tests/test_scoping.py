"""Per-agency scoping: a query without a scope fails loudly; a scope shows only its agencies;
a user of agency A cannot read agency B's rows through the ORM helper or the API."""

from __future__ import annotations

import pytest
from django_scopes import ScopeError, scope

from motcua.agencies.policy import visible_agency_ids
from motcua.audit import record
from motcua.audit.models import Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def events(agency_a, agency_b, lan, outsider):
    return (
        record("accounts.login", actor=lan, agency=agency_a, target=lan),
        record("accounts.login", actor=outsider, agency=agency_b, target=outsider),
    )


def test_a_query_outside_any_scope_raises(events):
    with pytest.raises(ScopeError):
        list(Event.objects.all())


def test_a_scope_shows_only_the_users_agency(events, lan, agency_a):
    with scope(agency=visible_agency_ids(lan)):
        assert {e.agency_id for e in Event.objects.all()} == {agency_a.pk}


def test_a_supervisor_sees_the_agencies_below_theirs(events, giamsat, agency_a, agency_b):
    ids = visible_agency_ids(giamsat)
    assert {agency_a.pk, agency_b.pk} <= set(ids)
    with scope(agency=ids):
        assert Event.objects.filter(action="accounts.login").count() == 2


def test_citizens_see_no_agency(citizen):
    assert visible_agency_ids(citizen) == []


def test_the_api_shows_an_admin_only_their_own_agencys_events(client, api_token, thu, events):
    response = client.get("/api/v1/audit/events", **api_token(thu))
    assert response.status_code == 200
    agencies = {item["agency"] for item in response.json()["items"]}
    assert agencies == {thu.agency.code}


def test_the_api_refuses_the_audit_trail_to_a_counter_officer(client, api_token, lan, events):
    response = client.get("/api/v1/audit/events", **api_token(lan))
    assert response.status_code == 403
    assert response.json()["error"] == "forbidden"


def test_the_api_needs_a_bearer_token_even_with_a_web_session(client, thu, events):
    client.force_login(thu)
    response = client.get("/api/v1/audit/events")
    assert response.status_code == 401
