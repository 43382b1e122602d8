"""The demo hall: counters made once, each field with its line."""

from __future__ import annotations

import pytest
from django_scopes import scopes_disabled

from motcua.demo.hall import COUNTERS, seed_hall
from motcua.hall.models import Counter, Line

pytestmark = pytest.mark.django_db


def test_the_demo_hall_is_made_once(catalog):
    assert seed_hall() == f"Quầy tiếp nhận mẫu: {len(COUNTERS)} mới."
    assert seed_hall() == "Quầy tiếp nhận mẫu: 0 mới."
    with scopes_disabled():
        assert Counter.objects.count() == len(COUNTERS)
        letters = set(
            Line.objects.filter(agency__code="000.00.31.H99").values_list("letter", flat=True)
        )
    assert letters == {"A", "B", "C", "D"}
