"""A procedure version's cases, papers and steps, read once per process.

A published version never changes (edits make a new version), so its structure can be kept
in memory: reception then costs one query for the procedure instead of four."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from motcua.catalog.models import Component, ProcedureCase, StepDefinition


@dataclass(frozen=True)
class CaseStructure:
    case: ProcedureCase
    components: tuple[Component, ...]
    steps: tuple[StepDefinition, ...]


@lru_cache(maxsize=2048)
def version_cases(version_id: int) -> tuple[CaseStructure, ...]:
    """The cases of a version in order, each with its components and steps."""
    cases = list(ProcedureCase.objects.filter(version_id=version_id).order_by("order"))
    components: dict[int, list[Component]] = {c.pk: [] for c in cases}
    steps: dict[int, list[StepDefinition]] = {c.pk: [] for c in cases}
    for component in Component.objects.filter(case__version_id=version_id).order_by("order"):
        components[component.case_id].append(component)
    for step in StepDefinition.objects.filter(case__version_id=version_id).order_by("order"):
        steps[step.case_id].append(step)
    return tuple(CaseStructure(c, tuple(components[c.pk]), tuple(steps[c.pk])) for c in cases)
