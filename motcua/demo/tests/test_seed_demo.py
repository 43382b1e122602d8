"""seed_demo: the demo province with people and dossiers in every state; a second run changes
nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from motcua.accounts.models import User
from motcua.dossiers.lifecycle import NATIONAL_CODE
from motcua.dossiers.models import Dossier

pytestmark = pytest.mark.django_db


def test_the_demo_has_every_role_and_dossiers_in_every_national_status(capsys):
    call_command("seed_demo")
    roles = set(User.objects.exclude(role="citizen").values_list("role", flat=True))
    assert roles == {"counter", "specialist", "leader", "supervisor", "admin"}
    with scopes_disabled():
        statuses = set(Dossier.objects.values_list("status_code", flat=True))
        count = Dossier.objects.count()
    assert statuses == set(NATIONAL_CODE.values())
    assert count >= 250
    call_command("seed_demo")
    with scopes_disabled():
        assert Dossier.objects.count() == count
    assert "đã có, giữ nguyên" in capsys.readouterr().out
