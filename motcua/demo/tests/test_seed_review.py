"""``seed_demo`` gives the demo a review plan for this year and the cost inputs of three
procedures, each with its source; a second run adds nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from motcua import clock
from motcua.review.models import CostInput, ReviewPlan

pytestmark = pytest.mark.django_db


def test_the_demo_review_has_a_plan_and_sourced_inputs_once(client):
    call_command("seed_demo", dossiers=0, stdout=io.StringIO())
    year = clock.today().year
    plan = ReviewPlan.objects.get(year=year)
    assert plan.items.count() == 3
    inputs = CostInput.objects.count()
    assert inputs > 0
    assert not CostInput.objects.filter(source="").exists()
    body = client.get("/api/v1/procedures/1.001612/compliance-cost", {"year": year}).json()
    # without dossiers the processing time cannot be measured: the only input missing
    assert body["missing"] == ["processing_hours"]
    assert body["proposed"]["inputs"]["visits"]["value"] == "1.00"
    out = io.StringIO()
    call_command("seed_demo", dossiers=0, stdout=out)
    assert "Rà soát TTHC mẫu: đã có, giữ nguyên." in out.getvalue()
    assert CostInput.objects.count() == inputs
