"""The PAKN rights are the PAKN lifecycle table's role column (issue 22 item 1)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from motcua.dossiers.tests.test_lifecycle_table import everyone  # noqa: F401 (a fixture)
from motcua.feedback.lifecycle import TRANSITIONS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("row", [r for r in TRANSITIONS if r.roles], ids=lambda r: r.action)
def test_the_petition_rights_are_the_tables_role_column(everyone, agency_a, row):  # noqa: F811
    petition = SimpleNamespace(agency_id=agency_a.pk)
    for role, user in everyone.items():
        allowed = user.has_perm(f"feedback.{row.action}", petition)
        assert allowed == (role in row.roles), f"{role} on {row.action}"


def test_anybody_may_send_a_petition_without_an_account():
    assert not next(r for r in TRANSITIONS if r.action == "submit").roles
