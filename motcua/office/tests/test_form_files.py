"""Blank forms and filled samples (mẫu đã điền) in the catalogue (plan (c): 70 % of forms with a
sample): the province's admin uploads them as PDF, checked like every upload; each upload makes
a new version that later versions keep; the citizen downloads the sample beside the blank form;
the catalogue's completeness counts it. Bad files and other agencies' admins change nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from motcua.accounts.services import create_staff_user
from motcua.audit.models import Event
from motcua.catalog.models import Procedure
from motcua.catalog.structure import version_cases
from motcua.documents.tests import files
from motcua.review.completeness import catalogue_completeness

pytestmark = pytest.mark.django_db

CODE = "1.004873"
FORM = "to_khai_tthn"
TITLE = "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân"


@pytest.fixture
def quantri(catalog):
    return create_staff_user(
        "quantri", agency=catalog["000.00.00.H99"], role="admin", password="x-Pass-2025!"
    )


def upload(client, which="sample", content=None, name="mau-da-dien.pdf", component=FORM):
    content = files.a_pdf(TITLE, "Họ và tên: Nguyễn Văn A (mẫu)") if content is None else content
    return client.post(
        reverse("office:admin_forms", args=[CODE]),
        {
            "component": component,
            "which": which,
            "file": SimpleUploadedFile(name, content, "application/pdf"),
        },
        follow=True,
    )


def test_the_admin_uploads_a_filled_sample_the_citizen_downloads_it(client, quantri):
    before = catalogue_completeness()
    version = Procedure.objects.get(code=CODE).current_version.number
    client.force_login(quantri)
    page = upload(client)
    assert f"Đã lưu tệp mẫu: phiên bản {version + 1}." in page.content.decode()
    procedure = Procedure.objects.get(code=CODE)
    sample = [
        c
        for s in version_cases(procedure.current_version_id)
        for c in s.components
        if c.code == FORM
    ]
    assert sample and all(c.has_filled_sample for c in sample)
    after = catalogue_completeness()
    assert after.filled_samples.count == before.filled_samples.count + 1
    assert (CODE, f"Mẫu “{TITLE}” chưa có mẫu đã điền") in {(g.code, g.what) for g in before.gaps}
    assert (CODE, f"Mẫu “{TITLE}” chưa có mẫu đã điền") not in {
        (g.code, g.what) for g in after.gaps
    }
    event = Event.objects.with_scopes_disabled().get(action="catalog.form_file_set")
    assert event.after["component"] == FORM and len(event.after["sha256"]) == 64
    client.logout()
    download = client.get(reverse("portal:filled_sample", args=[CODE, FORM]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    procedure_page = client.get(reverse("portal:procedure", args=[CODE])).content.decode()
    assert reverse("portal:filled_sample", args=[CODE, FORM]) in procedure_page


def test_a_later_upload_keeps_the_other_file(client, quantri):
    client.force_login(quantri)
    upload(client, which="sample")
    upload(client, which="blank", name="to-khai-trong.pdf")
    procedure = Procedure.objects.get(code=CODE)
    found = next(
        c
        for s in version_cases(procedure.current_version_id)
        for c in s.components
        if c.code == FORM
    )
    assert found.has_filled_sample and found.form_file


def test_bad_uploads_change_nothing(client, quantri, minh):
    version = Procedure.objects.get(code=CODE).current_version_id
    client.force_login(quantri)
    page = upload(client, content=b"<html><script>alert(1)</script></html>", name="x.pdf")
    assert page.status_code == 200 and "success" not in page.content.decode()
    page = upload(client, component="giay_to_ly_hon")  # a paper without a form
    assert "không có mẫu đơn, tờ khai mã “giay_to_ly_hon”" in page.content.decode()
    page = upload(client, which="other")
    assert "Loại tệp mẫu “other” không có." in page.content.decode()
    assert Procedure.objects.get(code=CODE).current_version_id == version
    client.force_login(minh)  # a specialist is not an admin
    assert upload(client).status_code == 403
    assert Procedure.objects.get(code=CODE).current_version_id == version
    assert client.get(reverse("portal:filled_sample", args=[CODE, FORM])).status_code == 404
