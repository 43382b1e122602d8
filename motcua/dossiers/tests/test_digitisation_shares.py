"""The 766 digitisation shares as numerator and denominator, from real dossiers."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_scopes import scope

from motcua.documents.models import StoreItem
from motcua.documents.tests import files
from motcua.dossiers import digitisation_shares as shares
from motcua.dossiers.tests.support import intake_body

pytestmark = pytest.mark.django_db

DAY = date(2025, 3, 10)


def _upload(api, content=None):
    return files.post_file(api.client, api.auth, "/files", content or files.a_pdf()).json()["id"]


def _through_to_leader(counter, specialist, code):
    counter.act(code, "transfer")
    specialist.act(code, "transfer")


@pytest.fixture
def month(as_user, lan, minh, hoa, outsider, give_certificate, agency_a, monday):
    """At phường Minh Sơn: one dossier with a scanned paper and a signed result, one reusing a
    paper from the store, one all on paper; and one dossier at xã Tân Lập."""
    counter, specialist, leader = as_user(lan), as_user(minh), as_user(hoa)
    give_certificate(hoa)
    give_certificate(agency=agency_a)

    scanned = intake_body()
    scanned["components"][1]["file_ids"] = [_upload(counter, files.a_jpeg())]
    first = counter.post("/dossiers", scanned).json()["code"]
    _through_to_leader(counter, specialist, first)
    leader.act(first, "approve", result_file_id=_upload(specialist))

    reusing = intake_body()
    reusing["components"][1]["store_item_ids"] = [StoreItem.objects.get(kind="component").pk]
    counter.post("/dossiers", reusing)

    paper = counter.post("/dossiers", intake_body()).json()["code"]
    _through_to_leader(counter, specialist, paper)
    leader.act(paper, "approve")

    as_user(outsider).post("/dossiers", intake_body())
    return [agency_a.pk]


def measure(function, agencies, first=DAY, last=DAY):
    with scope(agency=agencies):
        return function(agencies, first, last)


def test_each_share_counts_its_own_dossiers_among_those_of_the_period(month):
    # Two of the three have a digitised paper: the scanned one and the one from the store.
    assert measure(shares.dossiers_with_digitised_papers, month) == shares.Share(2, 3)
    assert measure(shares.reused_papers, month) == shares.Share(1, 3)
    # A paper taken from the store, or an electronic result filed in it.
    assert measure(shares.connected_to_store, month) == shares.Share(2, 3)
    # Of the two finished with a result, one is signed electronically.
    assert measure(shares.electronic_results, month) == shares.Share(1, 2)
    # Digitised papers and an electronic result: only the first.
    assert measure(shares.digitised_dossiers, month) == shares.Share(1, 3)


def test_another_period_counts_nothing_and_a_share_is_two_queries(month):
    april = (date(2025, 4, 1), date(2025, 4, 30))
    assert measure(shares.reused_papers, month, *april) == shares.Share(0, 0)

    with CaptureQueriesContext(connection) as queries:
        measure(shares.connected_to_store, month)

    assert len(queries) == 2
