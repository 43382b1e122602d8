"""``seed_demo`` makes the demo province once: a second run adds nothing. Its demo CA and
certificates live in storage and sign results that verify against the demo root."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from motcua.accounts.models import User
from motcua.documents import signatures
from motcua.documents.models import SigningIdentity
from motcua.documents.tests import files

pytestmark = pytest.mark.django_db


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
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
