"""Phản ánh, kiến nghị: submitted publicly, handled in the staff queue under the legal limits
of R9.5 counted in working days (the agency's calendar), published, liked or disliked."""

from __future__ import annotations

from datetime import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_scopes import scopes_disabled

from motcua import clock
from motcua.audit.models import Event
from motcua.documents.models import Document
from motcua.documents.services import Upload
from motcua.documents.tests import files
from motcua.errors import Conflict, PermissionDenied, ValidationFailed
from motcua.feedback import services
from motcua.feedback.models import Petition
from motcua.notify.models import Message
from motcua.portal.tests.support import rows

pytestmark = pytest.mark.django_db


# Friday 2025-04-25 10:00. Then: Sat 26/4 is a make-up working day; 30/4 and 1/5 are holidays
# and Fri 2/5 is swapped off, so the working days run 26, 28, 29, 5, 6, 7, 8, 9, 12 …
FRIDAY = datetime(2025, 4, 25, 10, 0, tzinfo=clock.VN)


def new_petition(agency="000.00.31.H99", **extra):
    values = {
        "agency": agency,
        "category": "rules",
        "subject": "Thời gian chờ ở quầy quá lâu",
        "content": "Tôi phải chờ hơn một giờ để được tiếp nhận hồ sơ.",
        "name": "Trần Văn Bảo",
        "phone": "0903123456",
        "email": "bao@example.vn",
    }
    values.update(extra)
    return services.submit_petition(**values)


def local(instant):
    return clock.local(instant).replace(tzinfo=None)


def test_the_public_form_registers_a_petition(client, catalog):
    page = client.get("/phan-anh-kien-nghi/gui/").content.decode()
    assert "Về hành vi, thái độ của cán bộ, công chức" in page
    response = client.post(
        "/phan-anh-kien-nghi/gui/",
        {
            "agency": "000.00.31.H99",
            "category": "conduct",
            "subject": "Cán bộ hướng dẫn chưa rõ",
            "content": "Tôi được hướng dẫn hai lần khác nhau.",
            "name": "Lê Thị Cẩm",
            "phone": "0903 111 222",
        },
    )
    assert response.status_code == 200
    with scopes_disabled():
        petition = Petition.objects.get()
    assert petition.code in response.content.decode()
    assert (petition.status, petition.category, petition.submitter_phone) == (
        "received",
        "conduct",
        "0903111222",
    )
    assert rows(Event).filter(action="petition.submit").count() == 1


def test_a_petition_needs_a_way_to_answer(client, catalog):
    with pytest.raises(Exception, match="số điện thoại hoặc thư điện tử"):
        new_petition(phone="", email="")


def test_stage_dues_follow_the_working_calendar(catalog, lan, hoa):
    with clock.frozen(FRIDAY):
        petition = new_petition()
    # Classify or forward within 5 WD: 26, 28, 29, 5, 6 → Tue 6/5 10:00.
    assert local(petition.due_at) == datetime(2025, 5, 6, 10, 0)
    with clock.frozen(datetime(2025, 4, 28, 9, 0, tzinfo=clock.VN)):
        petition = services.act(petition, "classify", actor=lan, category="rules")
    # Answer within 15 WD of receipt: the 15th working day after Fri 25/4 is Tue 20/5.
    assert local(petition.due_at) == datetime(2025, 5, 20, 10, 0)
    with clock.frozen(datetime(2025, 5, 21, 9, 0, tzinfo=clock.VN)):
        petition = services.act(petition, "answer", actor=lan, answer="Đơn vị đã bổ sung quầy.")
    late = rows(Event).filter(action="petition.answer").get()
    assert late.data["on_time"] is False
    # Publish within 2 WD of the answer.
    assert local(petition.due_at) == datetime(2025, 5, 23, 9, 0)
    with clock.frozen(datetime(2025, 5, 22, 9, 0, tzinfo=clock.VN)):
        petition = services.act(petition, "publish", actor=hoa)
    assert petition.status == "published" and petition.due_at is None
    assert rows(Event).get(action="petition.publish").data["on_time"] is True


def test_rejecting_is_on_time_only_within_two_working_days(catalog, lan):
    with clock.frozen(FRIDAY):
        petition = new_petition()
    with clock.frozen(datetime(2025, 4, 29, 9, 0, tzinfo=clock.VN)):  # 2 WD were up Mon 28/4
        services.act(petition, "reject", actor=lan, reason="Không thuộc phạm vi PAKN")
    event = rows(Event).get(action="petition.reject")
    assert event.data["on_time"] is False
    assert (
        rows(Message).filter(recipient="0903123456", body__contains="không được tiếp nhận").exists()
    )


def test_forwarding_moves_it_and_restarts_the_clock_there(catalog, lan, outsider):
    with clock.frozen(FRIDAY):
        petition = new_petition()
    moment = datetime(2025, 4, 28, 8, 0, tzinfo=clock.VN)
    with clock.frozen(moment):
        petition = services.act(petition, "forward", actor=lan, to_agency="000.00.33.H99")
    assert petition.agency.code == "000.00.33.H99" and petition.status == "forwarded"
    assert local(petition.due_at) == datetime(2025, 5, 8, 8, 0)  # 5 WD from the forwarding
    with pytest.raises(PermissionDenied):
        services.act(petition, "classify", actor=lan)
    with clock.frozen(moment):
        petition = services.act(petition, "classify", actor=outsider)
    assert local(petition.due_at) == datetime(2025, 5, 22, 8, 0)  # 15 WD from the forwarding


def test_asking_for_more_stops_the_clock_and_the_answer_time_restarts(catalog, lan):
    with clock.frozen(FRIDAY):
        petition = services.act(new_petition(), "classify", actor=lan)
        petition = services.act(petition, "request_info", actor=lan, reason="Cho biết ngày giờ")
    assert petition.due_at is None
    assert rows(Message).filter(body__contains="bổ sung thông tin").exists()
    with clock.frozen(datetime(2025, 5, 5, 8, 0, tzinfo=clock.VN)):
        petition = services.act(petition, "info_received", actor=lan, note="Sáng 24/4")
    assert local(petition.due_at) == datetime(2025, 5, 26, 8, 0)  # 15 WD from Mon 5/5


def test_illegal_moves_are_refused(catalog, lan, hoa):
    petition = new_petition()
    with pytest.raises(Conflict):
        services.act(petition, "publish", actor=hoa)
    with pytest.raises(Conflict):
        services.act(petition, "answer", actor=lan, answer="Chưa phân loại")


def test_publishing_is_for_the_leader(catalog, lan):
    petition = services.act(new_petition(), "classify", actor=lan)
    petition = services.act(petition, "answer", actor=lan, answer="Trả lời")
    with pytest.raises(PermissionDenied):
        services.act(petition, "publish", actor=lan)


def test_the_sender_is_told_when_answered(catalog, lan):
    petition = services.act(new_petition(), "classify", actor=lan)
    services.act(petition, "answer", actor=lan, answer="Đơn vị đã bố trí thêm quầy.")
    assert (
        rows(Message)
        .filter(channel="sms", recipient="0903123456", body__contains="đã trả lời")
        .exists()
    )
    assert rows(Message).filter(channel="email", recipient="bao@example.vn").exists()


def test_the_staff_queue_is_scoped_and_flags_overdue(client, catalog, lan, outsider):
    with clock.frozen(FRIDAY):
        petition = new_petition()
    client.force_login(lan)
    page = client.get("/office/pakn/").content.decode()
    assert petition.code in page and "Quá hạn" in page
    client.force_login(outsider)
    assert petition.code not in client.get("/office/pakn/").content.decode()
    assert client.get(f"/office/pakn/{petition.code}/").status_code == 404


def test_staff_act_from_the_screen(client, catalog, lan, hoa):
    petition = new_petition()
    client.force_login(lan)
    page = client.get(f"/office/pakn/{petition.code}/").content.decode()
    assert "Tiếp nhận, phân loại phản ánh, kiến nghị" in page
    client.post(f"/office/pakn/{petition.code}/classify/", {"category": "conduct"})
    response = client.post(f"/office/pakn/{petition.code}/answer/", {"answer": ""})
    assert response.status_code == 400 and "Cần nhập nội dung trả lời" in response.content.decode()
    client.post(f"/office/pakn/{petition.code}/answer/", {"answer": "Đã chấn chỉnh cán bộ."})
    assert client.post(f"/office/pakn/{petition.code}/publish/").status_code == 403
    client.force_login(hoa)
    client.post(f"/office/pakn/{petition.code}/publish/")
    with scopes_disabled():
        assert Petition.objects.get().status == "published"
    page = client.get(f"/office/pakn/{petition.code}/").content.decode()
    assert page.count("Đúng hạn") >= 3


def test_published_answers_are_public_and_can_be_voted_once(client, catalog, lan, hoa):
    hidden = new_petition(subject="Chưa trả lời")
    petition = services.act(new_petition(), "classify", actor=lan)
    petition = services.act(petition, "answer", actor=lan, answer="Đã bố trí thêm quầy.")
    petition = services.act(petition, "publish", actor=hoa)
    listing = client.get("/phan-anh-kien-nghi/").content.decode()
    assert petition.subject in listing and "Chưa trả lời" not in listing
    assert client.get(f"/phan-anh-kien-nghi/{hidden.code}/").status_code == 404
    page = client.get(f"/phan-anh-kien-nghi/{petition.code}/").content.decode()
    assert "Đã bố trí thêm quầy." in page and "Trần Văn Bảo" not in page
    client.post(f"/phan-anh-kien-nghi/{petition.code}/binh-chon/", {"liked": "1"})
    client.post(f"/phan-anh-kien-nghi/{petition.code}/binh-chon/", {"liked": "0"})
    with scopes_disabled():
        petition.refresh_from_db()
    assert (petition.likes, petition.dislikes) == (1, 0)
    from django.test import Client

    Client().post(f"/phan-anh-kien-nghi/{petition.code}/binh-chon/", {"liked": "0"})
    with scopes_disabled():
        petition.refresh_from_db()
    assert (petition.likes, petition.dislikes) == (1, 1)


def test_pakn_and_votes_are_throttled(client, catalog, settings):
    settings.RATELIMIT_PAKN = "1/h"
    data = {
        "agency": "000.00.31.H99",
        "category": "rules",
        "subject": "A",
        "content": "B",
        "name": "Lê Văn C",
        "phone": "0903111222",
    }
    client.post("/phan-anh-kien-nghi/gui/", data)
    assert client.post("/phan-anh-kien-nghi/gui/", data).status_code == 429


def test_the_sender_follows_an_unpublished_petition_others_get_404(client, catalog, citizen):
    """Issue 21 (minor): a citizen account follows its own petition before it is published."""
    new_petition(citizen=citizen)
    with scopes_disabled():
        petition = Petition.objects.get()
    client.force_login(citizen)
    page = client.get(f"/phan-anh-kien-nghi/{petition.code}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Chờ tiếp nhận, phân loại" in text and "pakn_vote" not in text
    assert "/binh-chon/" not in text
    client.logout()
    assert client.get(f"/phan-anh-kien-nghi/{petition.code}/").status_code == 404


def _form(**extra):
    return {
        "agency": "000.00.31.H99",
        "category": "conduct",
        "subject": "Vỉa hè trước trụ sở bị lấn chiếm",
        "content": "Ảnh chụp kèm theo.",
        "name": "Nguyễn Văn An",
        "phone": "0912345678",
        **extra,
    }


def test_a_citizen_attaches_files_and_the_staff_open_them(client, catalog, citizen, lan, outsider):
    """Issue 21 (minor): PAKN with attachments, checked like every upload (content type by the
    bytes, size, a clean name) through the one upload service; staff of the petition's agency
    open them, the sender sees them listed, nobody else reaches them."""
    client.force_login(citizen)
    page = client.get("/phan-anh-kien-nghi/gui/").content.decode()
    assert 'type="file"' in page and 'name="files"' in page and "multipart/form-data" in page
    photo, scan = files.a_png(), files.a_pdf("Biên bản")
    response = client.post(
        "/phan-anh-kien-nghi/gui/",
        _form(
            files=[
                SimpleUploadedFile("ảnh vỉa hè.png", photo, "image/png"),
                SimpleUploadedFile("../biên bản.pdf", scan, "application/pdf"),
            ]
        ),
    )
    assert response.status_code == 200 and "Theo dõi phản ánh, kiến nghị này" in (
        response.content.decode()
    )
    with scopes_disabled():
        petition = Petition.objects.get()
        sent = services.petition_files(petition)
    assert [(d.name, d.content_type) for d in sent] == [
        ("ảnh vỉa hè.png", "image/png"),
        ("biên bản.pdf", "application/pdf"),
    ]
    assert all(d.uploaded_by == citizen for d in sent)
    following = client.get(f"/phan-anh-kien-nghi/{petition.code}/").content.decode()
    assert "ảnh vỉa hè.png" in following and "/office/pakn/" not in following

    client.force_login(lan)
    item = client.get(f"/office/pakn/{petition.code}/").content.decode()
    link = f"/office/pakn/{petition.code}/tep/{sent[0].pk}/"
    assert 'id="petition-files"' in item and link in item and "biên bản.pdf" in item
    opened = client.get(link)
    assert opened.status_code == 200 and opened.content == photo
    assert opened["X-Content-Type-Options"] == "nosniff"
    assert "private" in opened["Cache-Control"]
    client.force_login(outsider)  # another agency's officer
    assert client.get(link).status_code == 404


@pytest.mark.parametrize(
    ("upload", "why"),
    [
        (lambda: [SimpleUploadedFile("đơn.pdf", files.EXE)], "Chỉ nhận tệp PDF, JPEG, PNG"),
        (lambda: [SimpleUploadedFile(f"ảnh {n}.png", files.a_png()) for n in range(6)],
         "Gửi kèm tối đa 5 tệp"),
        (lambda: [SimpleUploadedFile("lớn.pdf", files.a_pdf("Lớn") + b"%" * 4096)],
         "Tệp quá lớn"),
    ],
)  # fmt: skip
def test_a_bad_attachment_refuses_the_petition(client, catalog, citizen, settings, upload, why):
    settings.UPLOAD_MAX_BYTES = 4096 + len(files.a_pdf("Lớn")) - 1
    client.force_login(citizen)
    response = client.post("/phan-anh-kien-nghi/gui/", _form(files=upload()))
    assert why in response.content.decode()
    with scopes_disabled():
        assert not Petition.objects.exists()
        assert not Document.objects.exists()


def test_only_a_citizen_account_attaches_files(client, catalog):
    page = client.get("/phan-anh-kien-nghi/gui/").content.decode()
    assert 'type="file"' not in page and "đăng nhập tài khoản công dân" in page
    with pytest.raises(ValidationFailed, match="Đăng nhập tài khoản công dân"):
        new_petition(uploads=[Upload("ảnh.png", files.a_png())])
