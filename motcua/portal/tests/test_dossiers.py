"""The citizen's own dossiers: online submission with the e-form, "my dossiers", supplement
online, withdrawal, and nobody else's dossier ever (the same 404)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled

from motcua.accounts.models import User
from motcua.documents.models import StoreItem
from motcua.documents.tests.files import a_pdf
from motcua.dossiers.models import Dossier
from motcua.portal.tests.support import ANSWERS, act, submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_citizen(db):
    user = User(username="0988111222", full_name="Phạm Thị Cúc", phone="0988111222")
    user.set_password("khac-mat-khau-2025")
    user.save()
    return user


def form(**overrides):
    data = {
        "submit": "1",
        "agency": "000.00.31.H99",
        "case": "dung_han",
        "name": "Nguyễn Văn An",
        "phone": "0912345678",
        "email": "an@example.vn",
        "component-to_khai_ks": "1",
        "component-giay_chung_sinh": "1",
        "component-giay_to_tuy_than": "1",
        "result_delivery": "online",
        **{f"eform-{k}": v for k, v in ANSWERS.items()},
    }
    data.update(overrides)
    return data


def test_only_online_procedures_are_offered(client, catalog):
    page = client.get("/nop-ho-so/").content.decode()
    assert "Đăng ký khai sinh" in page
    assert "Chứng thực chữ ký" not in page  # not online


def test_submitting_needs_a_citizen_account(client, catalog, lan):
    response = client.get("/nop-ho-so/1.001193/")
    assert response.status_code == 302 and response.url.startswith("/tai-khoan/dang-nhap/")
    client.force_login(lan)
    assert client.get("/nop-ho-so/1.001193/").status_code == 403


def test_the_form_shows_the_eform_components_agencies_and_delivery(client, catalog, citizen):
    client.force_login(citizen)
    page = client.get("/nop-ho-so/1.001193/").content.decode()
    for expected in (
        "Họ, chữ đệm, tên của trẻ",
        "Nữ",
        "Giấy chứng sinh",
        "Đăng ký khai sinh quá hạn",
        "Ủy ban nhân dân xã Tân Lập",
        "Nhận qua dịch vụ bưu chính công ích",
    ):
        assert expected in page, expected


def test_a_citizen_submits_online_and_sees_it_in_my_dossiers(client, catalog, citizen):
    client.force_login(citizen)
    response = client.post("/nop-ho-so/1.001193/", form())
    assert response.status_code == 302
    with scopes_disabled():
        dossier = Dossier.objects.get(citizen=citizen)
    assert dossier.code.startswith("DK-") and dossier.status_code == 1
    assert dossier.channel == "online" and dossier.result_delivery == "online"
    assert dossier.eform_answers["gioi_tinh"] == "Nam"
    assert dossier.eform_answers["ngay_sinh"] == "2025-03-01"
    assert response.url == f"/ho-so-cua-toi/{dossier.code}/"
    listing = client.get("/ho-so-cua-toi/").content.decode()
    assert dossier.code in listing and "Mới đăng ký" in listing
    page = client.get(response.url).content.decode()
    assert "Nộp hồ sơ trực tuyến" in page and "Nguyễn Minh Khôi" in page


def test_the_eform_dates_read_dd_mm_yyyy(client, catalog, citizen):
    """Issue 21 (polish): no ISO date on the citizen's screens; the date is typed and shown as
    dd/mm/yyyy and stored ISO (the API may still send ISO)."""
    client.force_login(citizen)
    blank = client.get("/nop-ho-so/1.001193/").content.decode()
    assert 'type="date"' not in blank and 'placeholder="dd/mm/yyyy"' in blank
    wrong = client.post("/nop-ho-so/1.001193/", form(**{"eform-ngay_sinh": "31/02/2025"}))
    assert wrong.status_code == 400
    assert "năm sinh của trẻ: ngày không hợp lệ (dạng dd/mm/yyyy" in wrong.content.decode()
    response = client.post("/nop-ho-so/1.001193/", form(**{"eform-ngay_sinh": "1/3/2025"}))
    assert response.status_code == 302
    with scopes_disabled():
        dossier = Dossier.objects.get(citizen=citizen)
    assert dossier.eform_answers["ngay_sinh"] == "2025-03-01"
    page = client.get(response.url).content.decode()
    assert "<dd>01/03/2025</dd>" in page and "2025-03-01" not in page


def test_a_missing_required_answer_or_paper_is_explained(client, catalog, citizen):
    client.force_login(citizen)
    page = client.post("/nop-ho-so/1.001193/", form(**{"eform-gioi_tinh": ""}))
    assert page.status_code == 400
    assert "Giới tính: bắt buộc phải khai" in page.content.decode()
    page = client.post("/nop-ho-so/1.001193/", form(**{"eform-gioi_tinh": "Khác"}))
    assert "Giới tính: lựa chọn không hợp lệ" in page.content.decode()
    page = client.post("/nop-ho-so/1.001193/", form(**{"component-to_khai_ks": ""}))
    assert "Hồ sơ chưa đủ thành phần bắt buộc" in page.content.decode()
    page = client.post("/nop-ho-so/1.001193/", form(result_delivery="post"))
    assert "cần địa chỉ nhận" in page.content.decode()
    with scopes_disabled():
        assert not Dossier.objects.exists()


def test_a_province_procedure_goes_to_the_centre(client, catalog, citizen):
    client.force_login(citizen)
    page = client.get("/nop-ho-so/2.000488/").content.decode()
    assert "Trung tâm Phục vụ hành chính công tỉnh Minh Sơn" in page
    assert "Ủy ban nhân dân xã Tân Lập" not in page


def test_a_citizen_sees_only_their_own_dossiers(client, catalog, citizen, other_citizen):
    mine = submit(citizen)
    theirs = submit(other_citizen, applicant={"name": "Phạm Thị Cúc", "phone": "0988111222"})
    client.force_login(citizen)
    listing = client.get("/ho-so-cua-toi/").content.decode()
    assert mine.code in listing and theirs.code not in listing
    assert client.get(f"/ho-so-cua-toi/{theirs.code}/").status_code == 404
    assert client.get("/ho-so-cua-toi/KHONG-CO/").status_code == 404
    assert client.post(f"/ho-so-cua-toi/{theirs.code}/rut/", {"reason": "x"}).status_code == 404


def test_the_citizen_supplements_online_when_asked(client, catalog, citizen, lan, monday):
    dossier = submit(citizen)
    dossier = act(dossier, "accept", lan)
    dossier = act(
        dossier,
        "request_supplement",
        lan,
        reason="Thiếu bản sao giấy tờ tùy thân",
        items=["Bản sao thẻ căn cước"],
    )
    client.force_login(citizen)
    page = client.get(f"/ho-so-cua-toi/{dossier.code}/").content.decode()
    assert "Thiếu bản sao giấy tờ tùy thân" in page and "Bản sao thẻ căn cước" in page
    assert client.post(f"/ho-so-cua-toi/{dossier.code}/bo-sung/", {"note": ""}).status_code == 400
    response = client.post(
        f"/ho-so-cua-toi/{dossier.code}/bo-sung/", {"note": "Đã gửi bản sao thẻ căn cước"}
    )
    assert response.status_code == 302
    with scopes_disabled():
        dossier.refresh_from_db()
    assert dossier.status == "in_progress"
    page = client.get(f"/ho-so-cua-toi/{dossier.code}/").content.decode()
    assert "Nhận hồ sơ bổ sung" in page


def test_the_citizen_withdraws_a_waiting_dossier(client, catalog, citizen):
    dossier = submit(citizen)
    client.force_login(citizen)
    response = client.post(f"/ho-so-cua-toi/{dossier.code}/rut/", {"reason": "Nộp nhầm thủ tục"})
    assert response.status_code == 302
    with scopes_disabled():
        dossier.refresh_from_db()
    assert dossier.status_code == 7


def test_submission_is_throttled(client, catalog, citizen, settings):
    settings.RATELIMIT_SUBMIT = "1/h"
    client.force_login(citizen)
    client.post("/nop-ho-so/1.001193/", form())
    assert client.post("/nop-ho-so/1.001193/", form()).status_code == 429


def test_papers_are_uploaded_with_the_submission_and_checked_by_content(client, catalog, citizen):
    from motcua.documents.models import Attachment
    from motcua.documents.tests.files import EXE
    from motcua.portal.tests.support import rows

    client.force_login(citizen)
    disguised = SimpleUploadedFile("giay-chung-sinh.pdf", EXE, content_type="application/pdf")
    page = client.post(
        "/nop-ho-so/1.001193/",
        form(**{"component-giay_chung_sinh": "", "file-giay_chung_sinh": disguised}),
    )
    assert page.status_code == 400
    assert "nội dung tệp không đúng định dạng cho phép" in page.content.decode()
    scan = SimpleUploadedFile("giấy chứng sinh.pdf", a_pdf("Giấy chứng sinh"))
    response = client.post(
        "/nop-ho-so/1.001193/",
        form(**{"component-giay_chung_sinh": "", "file-giay_chung_sinh": scan}),
    )
    assert response.status_code == 302
    with scopes_disabled():
        dossier = Dossier.objects.get(citizen=citizen)
        component = dossier.components.get(code="giay_chung_sinh")
    assert component.digitised
    attachment = rows(Attachment).get(part="giay_chung_sinh")
    page = client.get(response.url).content.decode()
    link = f"/ho-so-cua-toi/{dossier.code}/tep/{attachment.document_id}/"
    assert link in page
    assert f"({component.name}, " in page  # the file names its paper (issue 21, minor)
    download = client.get(link)
    assert download.status_code == 200 and download.content.startswith(b"%PDF")


def test_a_supplement_carries_the_uploaded_papers(client, catalog, citizen, lan, monday):
    from motcua.documents.models import Attachment
    from motcua.portal.tests.support import rows

    dossier = act(submit(citizen), "accept", lan)
    dossier = act(dossier, "request_supplement", lan, reason="Thiếu giấy chứng sinh bản chính")
    client.force_login(citizen)
    scan = SimpleUploadedFile("bổ sung.pdf", a_pdf("Giấy chứng sinh (bổ sung)"))
    response = client.post(f"/ho-so-cua-toi/{dossier.code}/bo-sung/", {"files": scan})
    assert response.status_code == 302
    assert rows(Attachment).filter(role="supplement").count() == 1
    with scopes_disabled():
        dossier.refresh_from_db()
    assert dossier.status == "in_progress"


def test_another_citizens_file_is_404(client, catalog, citizen, other_citizen):
    from motcua.documents.models import Attachment
    from motcua.portal.tests.support import rows

    client.force_login(citizen)
    scan = SimpleUploadedFile("to-khai.pdf", a_pdf("Tờ khai"))
    client.post("/nop-ho-so/1.001193/", form(**{"file-to_khai_ks": scan}))
    with scopes_disabled():
        dossier = Dossier.objects.get(citizen=citizen)
    document_id = rows(Attachment).get().document_id
    client.force_login(other_citizen)
    assert client.get(f"/ho-so-cua-toi/{dossier.code}/tep/{document_id}/").status_code == 404


def card_in_store(client, citizen, lan):
    """A citizen's ID card, uploaded with an online dossier that the counter then accepts: the
    store item it became, and the very bytes sent (typst stamps the time into each PDF)."""
    scanned = a_pdf("Căn cước")
    client.force_login(citizen)
    card = SimpleUploadedFile("CCCD.pdf", scanned)
    client.post(
        "/nop-ho-so/1.001193/", form(id_number="001090000001", **{"file-giay_to_tuy_than": card})
    )
    with scopes_disabled():
        act(Dossier.objects.get(citizen=citizen), "accept", lan)
    return StoreItem.objects.get(), scanned


def test_a_paper_in_my_store_is_chosen_again_instead_of_uploaded(
    client, catalog, citizen, other_citizen, lan, monday
):
    item, scanned = card_in_store(client, citizen, lan)
    store = client.get("/kho-du-lieu/").content.decode()
    assert item.title in store and f"/kho-du-lieu/{item.pk}/tep/" in store
    assert client.get(f"/kho-du-lieu/{item.pk}/tep/").content == scanned
    page = client.get("/nop-ho-so/1.001193/").content.decode()
    assert f'<option value="{item.pk}">' in page

    response = client.post(
        "/nop-ho-so/1.001193/",
        form(**{"id_number": "001090000001", "store-giay_to_tuy_than": str(item.pk)}),
    )

    assert response.status_code == 302
    with scopes_disabled():
        second = Dossier.objects.get(code=response.url.split("/")[-2])
        paper = second.components.get(code="giay_to_tuy_than")
    assert (paper.from_store, paper.reused, paper.digitised) == (True, True, True)
    client.force_login(other_citizen)
    assert item.title not in client.get("/kho-du-lieu/").content.decode()
    assert client.get(f"/kho-du-lieu/{item.pk}/tep/").status_code == 404
    assert f'<option value="{item.pk}">' not in client.get("/nop-ho-so/1.001193/").content.decode()


def test_reusing_a_paper_under_another_id_number_is_refused_and_writes_nothing(
    client, catalog, citizen, lan, monday
):
    item, _scanned = card_in_store(client, citizen, lan)

    page = client.post(
        "/nop-ho-so/1.001193/",
        form(**{"id_number": "001090000999", "store-giay_to_tuy_than": str(item.pk)}),
    )

    assert page.status_code == 400
    assert "không phải của người nộp hồ sơ" in page.content.decode()
    with scopes_disabled():
        assert Dossier.objects.filter(citizen=citizen).count() == 1


def test_a_citizen_never_sees_the_draft_result(
    client, catalog, citizen, lan, minh, hoa, give_certificate
):
    """Issue 21 item 4: the leader signs a draft; the citizen's page lists the signed result
    only, and the draft is a 404 on the portal and through a DVCQG file link."""
    from motcua.documents import services as files
    from motcua.documents.models import Attachment
    from motcua.dossiers import national
    from motcua.portal.tests.support import rows

    give_certificate(hoa)
    give_certificate(agency=hoa.agency)
    dossier = submit(citizen)
    draft = files.upload(a_pdf("Dự thảo giấy khai sinh"), "du-thao.pdf", actor=hoa)
    dossier = act(dossier, "accept", lan)
    dossier = act(dossier, "transfer", lan)
    dossier = act(dossier, "transfer", minh)
    dossier = act(dossier, "approve", hoa, result_file_id=draft.pk)
    attached = {a.role: a for a in rows(Attachment).filter(role__in=["draft", "result"])}
    assert set(attached) == {"draft", "result"}

    client.force_login(citizen)
    page = client.get(f"/ho-so-cua-toi/{dossier.code}/").content.decode()
    result_id, draft_id = attached["result"].document_id, attached["draft"].document_id
    assert f"/tep/{result_id}/" in page
    assert f"/tep/{draft_id}/" not in page and "du-thao.pdf" not in page
    assert "Dự thảo" not in page
    assert client.get(f"/ho-so-cua-toi/{dossier.code}/tep/{draft_id}/").status_code == 404
    assert client.get(f"/ho-so-cua-toi/{dossier.code}/tep/{result_id}/").status_code == 200
    link = national._link(dossier, attached["draft"]).split("/dvcqg/", 1)[1]
    assert client.get(f"/dvcqg/{link}").status_code == 404
