"""The admin site: an agency's form header is edited there; a logo must be a real image."""

from __future__ import annotations

import io

import pytest

from motcua.accounts.models import User
from motcua.documents.models import AgencyBranding
from motcua.documents.tests import files

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator(client):
    admin = User.objects.create_superuser("quantri", "quantri@motcua.example", "mat-khau-quan-tri")
    client.force_login(admin)
    return client


def _post(client, agency, logo: bytes, name: str):
    handle = io.BytesIO(logo)
    handle.name = name
    return client.post(
        "/admin/documents/agencybranding/add/",
        {
            "agency": agency.pk,
            "agency_name": "Bộ phận Một cửa phường Minh Sơn",
            "place": "Minh Sơn",
            "form_set": "",
            "logo": handle,
        },
    )


def test_an_agency_header_with_a_png_logo_is_saved(operator, agency_a):
    response = _post(operator, agency_a, files.a_png(), "logo.png")

    assert response.status_code == 302
    branding = AgencyBranding.objects.get(agency=agency_a)
    assert branding.agency_name == "Bộ phận Một cửa phường Minh Sơn"
    assert branding.logo.read() == files.a_png()


def test_a_logo_that_is_no_image_is_refused_in_vietnamese(operator, agency_a):
    response = _post(operator, agency_a, files.EXE, "logo.png")

    assert response.status_code == 200
    assert "Logo phải là tệp PNG, JPEG hoặc SVG." in response.content.decode()
    assert not AgencyBranding.objects.exists()


def test_a_deputy_signature_needs_the_deputys_title(operator, agency_a):
    response = operator.post(
        "/admin/documents/agencybranding/add/",
        {"agency": agency_a.pk, "form_set": "", "head_title": "Chủ tịch", "sign_authority": "KT"},
    )

    assert response.status_code == 200
    assert "Cần chức danh của người ký thay hoặc ký thừa lệnh." in response.content.decode()
    assert not AgencyBranding.objects.exists()
