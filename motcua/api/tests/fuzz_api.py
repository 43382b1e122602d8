"""Schemathesis against the API's own OpenAPI document (``make fuzz``): random and malformed
requests to every operation, in-process, as nobody, as a citizen and as a counter officer. The
bar is zero server errors, and every answer's status must be one the document lists.

Bounded by ``FUZZ_EXAMPLES`` (examples per operation and caller, default 25): about two
minutes on two cores. Run on PostgreSQL (``DATABASE_URL=postgres://…``), where NUL bytes and
64-bit overflows used to turn into server errors."""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error, status_code_conformance

from motcua.wsgi import application

DVCQG_KEY = "khoa-thu-nghiem-dvcqg-0123456789"
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@pytest.fixture
def callers(db, settings, lan, citizen, api_token):
    """The three callers' headers. Requests run inside the test's transaction, so a request
    must not close the connection at its start or end (Django's test client does the same)."""
    settings.RATELIMIT_ENABLE = False  # fuzz deep, not into the throttle
    settings.DVCQG_INBOUND_KEY = DVCQG_KEY  # off (503) without it
    # The payment platform likewise answers 503 while unset; nothing listens on port 9, and no
    # fuzzed request reaches a dossier that awaits payment, so INIT is never sent.
    settings.PAYMENT_INIT_URL = settings.PAYMENT_QUERY_URL = "http://127.0.0.1:9/"
    settings.PAYMENT_PARTNER_CODE, settings.PAYMENT_SECRET = "MOTCUA", "bi-mat-thu-nghiem"
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield {"nobody": {}, "citizen": api_token(citizen), "lan": api_token(lan)}
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_no_server_error_and_only_documented_statuses(case, callers):
    for headers in callers.values():
        wire = {"X-Api-Key": DVCQG_KEY}
        if headers:
            wire["Authorization"] = headers["HTTP_AUTHORIZATION"]
        case.call_and_validate(headers=wire, checks=[not_a_server_error, status_code_conformance])
