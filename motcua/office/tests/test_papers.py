"""Papers at the desks: scans at intake, forms printed from the dossier page, Mẫu 02/03 at the
counter for papers not received, the tracking book, and the result signed at approval."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled

from motcua.audit.models import Event
from motcua.documents import services as files
from motcua.documents.models import Document, Role
from motcua.documents.tests.files import EXE, a_pdf
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import processing
from motcua.dossiers.services.intake import receive_dossier
from motcua.dossiers.tests.support import intake_body
from motcua.tests.reading import text_of

pytestmark = pytest.mark.django_db

FORM = {
    "procedure": "1.004873",
    "case": "default",
    "intent": "receive",
    "c_to_khai_tthn": "1",
    "o_to_khai_tthn": "1",
    "c_giay_to_tuy_than": "1",
    "s_giay_to_tuy_than": "1",
    "applicant_name": "Trần Thị Bình",
    "applicant_id_number": "001190000009",
    "applicant_phone": "0912111222",
}


def pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    return text_of(response.content)


def test_scans_uploaded_at_the_counter_are_attached_and_digitised(client, lan, monday):
    client.force_login(lan)
    scan = SimpleUploadedFile("tờ khai.pdf", a_pdf(), content_type="application/pdf")
    response = client.post("/office/quay/", {**FORM, "f_to_khai_tthn": scan})
    assert response.status_code == 302, response.content.decode()[:400]
    with scopes_disabled():
        dossier = Dossier.objects.get()
        paper = dossier.components.get(code="to_khai_tthn")
    assert paper.digitised
    attached = list(files.attachments_of(dossier).filter(role=Role.COMPONENT))
    assert [(a.part, a.document.content_type) for a in attached] == [
        ("to_khai_tthn", "application/pdf")
    ]


def test_a_disguised_file_refuses_the_whole_reception_and_keeps_nothing(client, lan, monday):
    client.force_login(lan)
    fake = SimpleUploadedFile("tờ khai.pdf", EXE, content_type="application/pdf")
    response = client.post("/office/quay/", {**FORM, "f_to_khai_tthn": fake})
    assert response.status_code == 400
    assert "PDF, JPEG" in response.content.decode()
    with scopes_disabled():
        assert not Dossier.objects.exists()
    assert not Document.objects.exists()


def test_the_dossier_page_prints_the_receipt_with_its_code(client, lan, monday):
    client.force_login(lan)
    client.post("/office/quay/", FORM)
    with scopes_disabled():
        code = Dossier.objects.get().code
    page = client.get(f"/office/ho-so/{code}/").content.decode()
    assert f"/office/ho-so/{code}/in/receipt.pdf" in page
    text = pdf_text(client.get(f"/office/ho-so/{code}/in/receipt.pdf"))
    assert code in text
    assert "Trần Thị Bình" in text
    assert client.get(f"/office/ho-so/{code}/in/apology.pdf").status_code == 404  # no apology


def test_guidance_to_complete_at_the_counter_lists_what_is_missing_and_stores_no_dossier(
    client, lan
):
    client.force_login(lan)
    form = {**FORM, "intent": "guide", "c_giay_to_tuy_than": "", "reason": "Mang bản chính CCCD"}
    text = pdf_text(client.post("/office/quay/phieu/", form))
    assert "Giấy tờ tùy thân của người yêu cầu" in text
    assert "Mang bản chính CCCD" in text
    assert "Trần Thị Bình" in text
    with scopes_disabled():
        assert not Dossier.objects.exists()
        assert Event.objects.filter(action="dossier.counter_supplement_request").count() == 1


def test_a_refusal_slip_needs_a_reason(client, lan):
    client.force_login(lan)
    response = client.post("/office/quay/phieu/", {**FORM, "intent": "refuse", "reason": ""})
    assert response.status_code == 400
    assert "lý do từ chối" in response.content.decode()


def test_the_tracking_book_prints_the_days_receptions(client, lan, monday):
    client.force_login(lan)
    client.post("/office/quay/", FORM)
    text = pdf_text(client.get("/office/so-theo-doi/", {"from": "2025-03-01", "to": "2025-03-31"}))
    assert "Trần Thị Bình" in text
    assert "000.00.31.H99-250310-0001" in text.replace("\n", "")


def test_the_leader_approves_with_a_signed_result(
    client, lan, minh, hoa, monday, give_certificate, agency_a
):
    give_certificate(hoa)
    give_certificate(agency=agency_a)
    body = intake_body()
    body.pop("channel")
    dossier = receive_dossier(actor=lan, **body)
    dossier = processing.transfer(dossier, actor=lan)
    dossier = processing.transfer(dossier, actor=minh)
    client.force_login(hoa)
    draft = SimpleUploadedFile("ket-qua.pdf", a_pdf(), content_type="application/pdf")
    response = client.post(
        f"/office/ho-so/{dossier.code}/phe-duyet/", {"result": draft, "note": "Đồng ý"}
    )
    assert response.status_code == 302, response.content.decode()[:400]
    with scopes_disabled():
        dossier = Dossier.objects.get(pk=dossier.pk)
    assert dossier.status_code == 9
    result = files.attachments_of(dossier).get(role=Role.RESULT).document
    assert result.electronic
    assert (
        "Kết quả điện tử đã ký số" in client.get(f"/office/ho-so/{dossier.code}/").content.decode()
    )


def test_the_supervisor_lands_on_the_dashboard(client, giamsat, lan, monday):
    client.force_login(lan)
    client.post("/office/quay/", FORM)
    client.force_login(giamsat)
    assert client.get("/office/").url == "/office/reports/dashboard/"
    page = client.get("/office/reports/dashboard/", {"from": "2025-03-01", "to": "2025-03-31"})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Bảng điều hành" in html
    assert "Ủy ban nhân dân phường Minh Sơn" in html
    assert "column=received_total" in html


def test_the_print_menu_offers_a4_beside_a5_for_every_slip(client, as_user, lan, hoa, monday):
    """Issue 18 item 4: each slip the dossier has, the stop notice included, prints on A5 (the
    circular's size) or on A4 from the dossier page."""
    from motcua.agencies.models import Agency
    from motcua.documents.models import AgencyBranding
    from motcua.tests.reading import page_sizes

    code = as_user(lan).post("/dossiers", intake_body()).json()["code"]
    with scopes_disabled():
        agency = Dossier.objects.get(code=code).agency
    AgencyBranding.objects.create(agency=Agency.objects.get(pk=agency.pk), form_set="v2025")
    leader = as_user(hoa)
    as_user(lan).act(code, "transfer")
    leader.act(code, "apologize", reason="Cần xác minh", new_due_at="2025-03-18T16:00:00+07:00")
    leader.act(code, "stop", reason="Người nộp đề nghị dừng")
    client.force_login(lan)

    response = client.get(f"/office/ho-so/{code}/")

    page = response.content.decode()
    kinds = [kind for kind, _label in response.context["print_links"]]
    assert kinds == ["receipt", "apology", "control_sheet", "stop_notice"]
    for kind in kinds:
        url = f"/office/ho-so/{code}/in/{kind}.pdf"
        assert f'href="{url}"' in page, kind
        assert f'href="{url}?paper=a4"' in page, kind
        a5 = page_sizes(client.get(url).content)[0]
        a4 = page_sizes(client.get(f"{url}?paper=a4").content)[0]
        assert (round(a5[0]), round(a5[1])) == (420, 595), kind
        assert (round(a4[0]), round(a4[1])) == (595, 842), kind


def test_a_counter_slip_prints_on_a4_when_asked(client, lan):
    from motcua.tests.reading import page_sizes

    client.force_login(lan)
    form = {**FORM, "intent": "refuse", "reason": "Không thuộc thẩm quyền"}

    a5 = page_sizes(client.post("/office/quay/phieu/", form).content)[0]
    a4 = page_sizes(client.post("/office/quay/phieu/", {**form, "paper": "a4"}).content)[0]

    assert (round(a5[0]), round(a5[1])) == (420, 595)
    assert (round(a4[0]), round(a4[1])) == (595, 842)
    counter = client.get("/office/quay/", {"procedure": "1.004873"}).content.decode()
    assert '<select id="paper" name="paper">' in counter
    assert client.post("/office/quay/phieu/", {**form, "paper": "a3"}).status_code == 400
