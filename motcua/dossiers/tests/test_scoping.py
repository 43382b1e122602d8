"""The dossiers' own agency scope (agencies/scoping.py): outside any scope a query fails
loudly whatever reads it."""

from __future__ import annotations

import pytest
from django_scopes import ScopeError, scope

from motcua.dossiers.models import Dossier

pytestmark = pytest.mark.django_db


def test_a_dossier_query_outside_any_scope_raises_whatever_reads_it(agency_a):
    query = Dossier.objects.filter(code__startswith="000.00.31.H99").order_by("-id")
    for read in (list, lambda q: q.count(), lambda q: q.exists(), lambda q: q.first()):
        with pytest.raises(ScopeError):
            read(query)
    with pytest.raises(ScopeError):
        Dossier.objects.all().update(note="x")
    with scope(agency=[agency_a.pk]):
        assert list(Dossier.objects.all()) == []
