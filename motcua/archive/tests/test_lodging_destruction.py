"""Lodging (nộp lưu) with its 30-day warning and yearly batch, idempotent; the destruction
list (danh sách hồ sơ đề nghị hủy): proposed, approved by the leader, refused without approval
or under a legal hold, then carried out with a minimal record; every step audited; every read
of an archived file logged."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command

from motcua import clock
from motcua.archive import closing
from motcua.archive.models import AccessEntry, ArchiveFile
from motcua.archive.tests.conftest import dossier
from motcua.audit.models import Event
from motcua.documents.models import Attachment, StoreItem

pytestmark = pytest.mark.django_db

LATER = datetime(2026, 2, 20, 9, 0, tzinfo=clock.VN)  # 18 days before lodging falls due
YEARS_LATER = datetime(2027, 4, 1, 9, 0, tzinfo=clock.VN)


@pytest.fixture
def closed(finished, no_scopes) -> ArchiveFile:
    return closing.close_file(dossier(finished))


def test_a_file_due_for_lodging_within_30_days_is_warned(closed, capsys):
    with clock.frozen(datetime(2026, 1, 1, tzinfo=clock.VN)):
        assert not closing.lodging_due_soon([closed.agency_id], clock.today()).exists()
    with clock.frozen(LATER):
        assert list(closing.lodging_due_soon([closed.agency_id], clock.today())) == [closed]
        call_command("archive_close")
    assert f"Sắp đến hạn nộp lưu 10/03/2026: {closed.file_code}" in capsys.readouterr().out


def test_lodging_a_year_is_recorded_once_and_exported(as_user, thu, closed):
    with clock.frozen(LATER):
        admin = as_user(thu)  # a token of that day
        first = admin.post("/archive/lodging", {"agency": "000.00.31.H99", "year": 2025})
        again = admin.post("/archive/lodging", {"agency": "000.00.31.H99", "year": 2025})
        export = admin.get("/archive/lodging/000.00.31.H99/2025.zip")

    assert first.status_code == again.status_code == 200, first.content
    assert first.json() == again.json()
    assert first.json()["files"] == [closed.file_code]
    assert first.json()["lodged_by"] == "thu"
    closed.refresh_from_db()
    assert closed.state == "lodged" and closed.lodged_at == LATER
    assert Event.objects.filter(action="archive.lodged").count() == 1
    bundle = zipfile.ZipFile(io.BytesIO(export.content))
    assert bundle.namelist() == [f"{closed.file_code}.zip", "muc-luc-ho-so.tsv"]
    assert closed.file_code in bundle.read("muc-luc-ho-so.tsv").decode()
    assert AccessEntry.objects.filter(file=closed, user=thu, kind="export").exists()
    assert not closing.lodging_due_soon([closed.agency_id], LATER.date()).exists()


def test_lodging_the_current_year_or_by_a_leader_is_refused(as_user, thu, hoa, closed):
    with clock.frozen(LATER):
        current = as_user(thu).post("/archive/lodging", {"agency": "000.00.31.H99", "year": 2026})
        leader = as_user(hoa).post("/archive/lodging", {"agency": "000.00.31.H99", "year": 2025})

    assert current.status_code == 400
    assert "năm 2026 chưa kết thúc" in current.json()["message"]
    assert leader.status_code == 404
    closed.refresh_from_db()
    assert closed.batch_id is None


def test_a_file_kept_under_five_years_is_not_lodged(as_user, thu, closed):
    ArchiveFile.objects.filter(pk=closed.pk).update(retention_years=2)

    with clock.frozen(LATER):
        answer = as_user(thu).post("/archive/lodging", {"agency": "000.00.31.H99", "year": 2025})

    assert answer.json()["files"] == []


def _past_retention(file: ArchiveFile) -> None:
    ArchiveFile.objects.filter(pk=file.pk).update(retention_years=1)


def test_destruction_needs_the_leaders_approval_and_respects_a_hold(
    as_user, thu, hoa, closed, django_capture_on_commit_callbacks
):
    _past_retention(closed)
    result = closed.documents.get(kind="result").document
    draft = closed.documents.get(kind="draft").document
    sheet = closed.documents.get(kind="control_sheet").document
    with clock.frozen(YEARS_LATER):
        admin, leader = as_user(thu), as_user(hoa)  # tokens of that day
        proposed = admin.post("/archive/destruction", {"agency": "000.00.31.H99"})
        assert proposed.status_code == 201, proposed.content
        pk = proposed.json()["id"]
        assert proposed.json()["files"] == [closed.file_code]

        early = admin.post(f"/archive/destruction/{pk}/destroy")
        assert (early.status_code, early.json()["error"]) == (409, "not_approved")
        assert admin.post(f"/archive/destruction/{pk}/approve").status_code == 404  # not a leader

        held = admin.post(
            f"/archive/files/{closed.file_code}/hold", {"hold": True, "reason": "Đang thanh tra"}
        )
        assert held.json()["hold"] is True
        refused = leader.post(f"/archive/destruction/{pk}/approve")
        assert (refused.status_code, refused.json()["error"]) == (409, "legal_hold")
        admin.post(f"/archive/files/{closed.file_code}/hold", {"hold": False})

        approved = leader.post(f"/archive/destruction/{pk}/approve")
        assert approved.json()["state"] == "approved"
        admin.post(f"/archive/files/{closed.file_code}/hold", {"hold": True, "reason": "Tòa án"})
        late_hold = admin.post(f"/archive/destruction/{pk}/destroy")
        assert (late_hold.status_code, late_hold.json()["error"]) == (409, "legal_hold")
        admin.post(f"/archive/files/{closed.file_code}/hold", {"hold": False})

        with django_capture_on_commit_callbacks(execute=True):  # the blobs go after commit
            destroyed = admin.post(f"/archive/destruction/{pk}/destroy")

    assert destroyed.status_code == 200, destroyed.content
    assert destroyed.json()["state"] == "destroyed"
    closed.refresh_from_db()
    assert closed.state == "destroyed" and closed.destroyed_at == YEARS_LATER
    assert closed.file_code and closed.title  # the minimal record stays
    kept = list(closed.documents.values_list("document_id", "sha256", "path"))
    assert len(kept) == 5 and all(doc is None and digest for doc, digest, _path in kept)
    assert not Attachment.objects.filter(target_id=closed.dossier_id).exists()
    media = Path(django_settings.MEDIA_ROOT)
    for gone in (draft, sheet):
        assert not (media / gone.storage_name).exists()
    assert StoreItem.objects.filter(document=result).exists()  # the citizen's own copy stays
    assert (media / result.storage_name).exists()
    with clock.frozen(YEARS_LATER):
        package = as_user(thu).get(f"/archive/{closed.dossier.code}.zip")
    assert (package.status_code, package.json()["error"]) == (409, "archive_file_destroyed")
    actions = list(
        Event.objects.filter(action__startswith="archive.").values_list("action", flat=True)
    )
    for step in (
        "archive.destruction_proposed",
        "archive.hold_set",
        "archive.hold_released",
        "archive.destruction_approved",
        "archive.destroyed",
    ):
        assert step in actions


def test_the_minimal_record_of_a_destroyed_file_names_no_one(
    thu, hoa, closed, django_capture_on_commit_callbacks
):
    """Decree 13/2023: the applicant's personal data goes with the file; what stays is what the
    destruction record needs (file code, title, dates, retention, digests, the decision)."""
    from motcua.archive import services
    from motcua.dossiers.models import Dossier

    personal = ("Nguyễn Văn An", "001090000001", "0912345678", "an@example.vn", "ngõ 5")
    messages = _messages_naming_the_applicant(closed.dossier, hoa)
    assert [p for p in personal[:3] if p in repr(messages())] == list(personal[:3])
    paper = closed.documents.get(kind="component")
    paper.title, paper.path = "CCCD Nguyễn Văn An.pdf", "tai-lieu/02-cccd-nguyen-van-an.pdf"
    paper.save(update_fields=["title", "path"])
    assert "Nguyễn Văn An" in closed.title  # a live file's title names its applicant
    _past_retention(closed)
    before = (closed.file_code, closed.start_date, closed.end_date, 1)
    with clock.frozen(YEARS_LATER):
        listed = services.propose_destruction(thu, "000.00.31.H99")
        services.approve_destruction(hoa, listed.pk)
        with django_capture_on_commit_callbacks(execute=True):
            services.destroy(thu, listed.pk)

    closed.refresh_from_db()
    kept = Dossier.objects.get(pk=closed.dossier_id)
    assert closed.title == f"Hồ sơ {kept.procedure.name} (mã hồ sơ {kept.code})"
    assert (closed.file_code, closed.start_date, closed.end_date, closed.retention_years) == (
        before
    )
    documents = list(closed.documents.order_by("order").values("kind", "title", "path", "sha256"))
    paper_now = next(d for d in documents if d["kind"] == "component")
    assert paper_now["title"] == "Thành phần hồ sơ"
    assert paper_now["path"] == f"tai-lieu/{paper.order:02d}-component.pdf"
    assert all(d["sha256"] for d in documents)
    assert kept.applicant_name == kept.applicant_id_number == kept.applicant_phone == ""
    assert kept.applicant_email == kept.applicant_address == kept.note == ""
    assert kept.eform_answers == {} and kept.citizen_id is None
    listed.refresh_from_db()
    assert listed.approved_by == hoa and listed.destroyed_by == thu  # the decision stays
    archived = ArchiveFile.objects.filter(pk=closed.pk).values().get()
    rows = [archived, *documents, Dossier.objects.filter(pk=kept.pk).values().get()]
    events = Event.objects.filter(action__startswith="archive.").values_list("data", flat=True)
    text = repr([rows, list(events), messages()])
    assert not [p for p in personal if p in text]
    assert len(messages()[0]) > 0  # the messages stay, with their channel, times and outcome


def _messages_naming_the_applicant(dossier, officer):
    """What outside systems were sent about the dossier: its SMS and e-mails, and, for a fee paid
    online, the payment platform's INIT and the e-receipt owed (both name the payer). Answers a
    function that reads them again."""
    from motcua.exchange.models import Message as Outbound
    from motcua.notify.models import Message
    from motcua.payments import ereceipts
    from motcua.payments.models import Payment, PlatformMessage

    request = dossier.payments.create(
        amount_vnd=3000, requested_at=clock.now(), requested_by=officer, paid_at=clock.now()
    )
    payment = Payment.objects.create(
        dossier=dossier, request=request, agency=dossier.agency, reference="BDESTROY0001",
        amount_vnd=3000, channel="online", method="platform", state="paid", paid_at=clock.now(),
    )  # fmt: skip
    payer = {"HoTenNguoiNop": dossier.applicant_name, "SoCMNDNguoiNop": dossier.applicant_id_number}
    PlatformMessage.objects.create(
        kind="INIT", reference=payment.reference, payment=payment, outcome="ok",
        body={"LoaiBanTin": "INIT", "ThongTinBienLai": {"MaHoSo": dossier.code, **payer}},
    )  # fmt: skip
    ereceipts.queue(payment)

    def read() -> list:
        about = {"target_type": "dossiers.dossier", "target_id": str(dossier.pk)}
        return [
            list(Message.objects.filter(**about).values("recipient", "subject", "body")),
            list(PlatformMessage.objects.filter(payment=payment).values_list("body", flat=True)),
            list(Outbound.objects.filter(key=payment.reference).values_list("payload", flat=True)),
        ]

    return read


def test_nothing_past_retention_or_a_permanent_file_is_not_proposed(as_user, thu, closed):
    with clock.frozen(YEARS_LATER):
        answer = as_user(thu).post("/archive/destruction", {"agency": "000.00.31.H99"})

    assert (answer.status_code, answer.json()["error"]) == (409, "nothing_to_destroy")


def test_a_hold_needs_a_reason(as_user, thu, closed):
    answer = as_user(thu).post(f"/archive/files/{closed.file_code}/hold", {"hold": True})

    assert answer.status_code == 400
    assert "lý do" in answer.json()["message"]


def test_every_read_of_an_archived_file_is_logged(client, thu, giamsat, closed):
    for user in (thu, giamsat):
        client.force_login(user)
        page = client.get(f"/office/luu-tru/ho-so/{closed.file_code}/")
        assert page.status_code == 200
    page = page.content.decode()

    assert list(
        AccessEntry.objects.filter(file=closed)
        .order_by("at", "id")
        .values_list("user__username", "kind")
    ) == [("thu", "view"), ("giamsat", "view")]
    assert "Nhật ký truy cập" in page and "giamsat" in page and "thu" in page
