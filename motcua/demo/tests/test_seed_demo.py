"""``seed_demo`` makes the demo province once: people for every role, dossiers in every state,
demo certificates that sign results verifying against the demo root; a second run adds
nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django_scopes import scopes_disabled

from motcua.accounts.models import User
from motcua.demo.dossiers import FATES
from motcua.documents import signatures
from motcua.documents.models import SigningIdentity
from motcua.documents.tests import files
from motcua.dossiers.lifecycle import NATIONAL_CODE
from motcua.dossiers.models import Dossier

pytestmark = pytest.mark.django_db


def test_the_demo_has_every_role_and_dossiers_in_every_national_status(capsys):
    """The first dozen demo dossiers already meet every fate (the demo makes 300)."""
    call_command("seed_demo", dossiers=len(FATES))
    roles = set(User.objects.exclude(role="citizen").values_list("role", flat=True))
    assert roles == {"counter", "specialist", "leader", "supervisor", "admin"}
    with scopes_disabled():
        statuses = set(Dossier.objects.values_list("status_code", flat=True))
        count = Dossier.objects.count()
    assert statuses == set(NATIONAL_CODE.values())
    assert count == len(FATES)  # none refused by the rules on the way
    call_command("seed_demo")
    with scopes_disabled():
        assert Dossier.objects.count() == count
    assert "đã có, giữ nguyên" in capsys.readouterr().out


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", dossiers=0, stdout=out)
    return out.getvalue()


def test_seed_demo_gives_every_leader_a_certificate_and_every_agency_a_seal_once(settings):
    settings.SIGNING_TRUST_DEMO_CA = True
    settings.SIGNING_TRUST_ROOTS = []
    first = seed()

    leaders = User.objects.filter(role="leader").count()
    assert f"Chứng thư số thử nghiệm: {leaders} lãnh đạo, 11 con dấu mới." in first
    assert SigningIdentity.objects.filter(kind="person", is_active=True).count() == leaders
    assert SigningIdentity.objects.filter(kind="seal", is_active=True).count() == 11
    hoa = User.objects.get(username="hoa")
    signed = signatures.sign(
        files.a_pdf(),
        signatures.identity_of(hoa),
        field_name="ChuKy",
        reason="Thử",
        location="Minh Sơn",
        stamp_lines=["Ký bởi: Lê Thị Hoa"],
    )
    [report] = signatures.verify(signed).signatures
    assert (report.signer_name, report.valid) == ("Lê Thị Hoa", True)

    second = seed()

    assert "Tài khoản mẫu: 0 mới" in second
    assert "Chứng thư số thử nghiệm: 0 lãnh đạo, 0 con dấu mới." in second
    assert SigningIdentity.objects.count() == leaders + 11
    # The demo root is trusted only when asked: never in production.
    settings.SIGNING_TRUST_DEMO_CA = False
    assert signatures.trust_roots() == []
