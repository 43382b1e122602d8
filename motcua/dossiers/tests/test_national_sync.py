"""Outbound sync to the national portal (DVCQG) as a message log, against the local fake
gateway: queued with the change, delivered in order and in batches, retried, never lost."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from motcua import clock
from motcua.dossiers.models import Dossier
from motcua.dossiers.tests.support import intake_body
from motcua.exchange import outbox
from motcua.exchange.models import Message
from motcua.exchange.sync import deliver_due

pytestmark = pytest.mark.django_db

DATE_14 = r"^\d{14}$"


def sync(*args) -> str:
    from io import StringIO

    out = StringIO()
    call_command("dvcqg_sync", *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def dvcqg_messages():
    return Message.objects.filter(system="dvcqg")


@pytest.fixture
def counter(as_user, lan):
    return as_user(lan)


@pytest.fixture
def specialist(as_user, minh):
    return as_user(minh)


def receive(counter, **overrides) -> str:
    answer = counter.post("/dossiers", intake_body(**overrides))
    assert answer.status_code == 201, answer.content
    return answer.json()["code"]


def test_every_action_queues_one_message_in_its_transaction(counter, monday):
    code = receive(counter)
    counter.act(code, "transfer")

    dossier = Dossier.objects.with_scopes_disabled().get(code=code)
    messages = list(dvcqg_messages().filter(key=str(dossier.pk)))
    assert [m.label for m in messages] == [code, code]
    assert all(m.status == Message.Status.PENDING for m in messages)


def test_a_refused_action_queues_nothing_and_no_caller_can_hold_its_messages(counter, lan, monday):
    refused = counter.post("/dossiers", intake_body(procedure="9.999999"))
    assert refused.status_code == 404
    assert not dvcqg_messages().exists()

    from motcua.dossiers.services.intake import receive_dossier

    # A service owns its transaction (durable): it refuses to run inside a caller's, which could
    # still roll back after the action's messages were counted as sent.
    with pytest.raises(RuntimeError, match="durable"), transaction.atomic():
        receive_dossier(actor=lan, **intake_body())
    assert not dvcqg_messages().exists()


def test_off_without_settings_the_messages_wait(counter, monday):
    receive(counter)

    assert sync() == "sent 0, failed 0, pending 1"
    assert dvcqg_messages().get().attempts == 0


def test_the_dossier_goes_out_with_its_hoso_and_step_rows(dvcqg, counter, monday):
    code = receive(counter, channel="post")
    counter.act(code, "transfer")

    assert sync() == "sent 2, failed 0, pending 0"

    sent = dvcqg.dossiers[code]
    assert sent["MaTTHC"] == "1.004873"
    assert sent["KenhThucHien"] == "3"
    assert sent["TrangThaiHoSo"] == "4"
    assert sent["DonViXuLy"] == "000.00.31.H99"
    assert sent["NgayTiepNhan"] == "20250310090000"
    assert sent["NgayKetThucXuLy"] == sent["NgayTra"] == ""
    assert len(sent["NgayHenTra"]) == 14
    assert sent["ChuHoSo"] == "Nguyễn Văn An"
    assert sent["LoaiDoiTuong"] == "1"
    assert sent["DuocThanhToanTrucTuyen"] == "0"
    assert {p["MaThanhPhanHoSo"] for p in sent["TaiLieuNop"]} == {
        "to_khai_tthn",
        "giay_to_tuy_than",
    }
    assert {p["DuocSoHoa"] for p in sent["TaiLieuNop"]} == {"0"}
    rows = [r for r in dvcqg.progress if r["MaHoSo"] == code]
    assert [r["TrangThai"] for r in rows] == ["2", "4"]
    assert rows[0]["NoiDungXuLy"].startswith("Tiếp nhận hồ sơ")
    assert rows[0]["NguoiXuLy"] == "Nguyễn Thị Lan"
    assert all(len(r["ThoiDiemXuLy"]) == 14 for r in rows)
    assert [c["service"] for c in dvcqg.calls] == ["DongBoHoSoMC", "CapNhatTienDoHoSoMC"]


def test_many_dossiers_go_in_one_batch_then_later_changes_as_updates(dvcqg, counter, monday):
    codes = [receive(counter) for _ in range(3)]
    sync()
    counter.act(codes[0], "transfer")
    sync()

    first, _progress, update, _rows = dvcqg.calls
    assert [r["MaHoSo"] for r in first["data"]] == codes
    assert first["isUpdating"] == "False"
    assert update["isUpdating"] == "True"
    assert [r["MaHoSo"] for r in update["data"]] == [codes[0]]
    assert dvcqg.status_of(codes[0]) == "4"


def test_a_dossier_from_dvcqg_is_sent_under_its_national_code(dvcqg, counter, monday):
    code = receive(counter)
    Dossier.objects.with_scopes_disabled().filter(code=code).update(
        national_code="G22.99-250310-0042"
    )
    sync()

    assert set(dvcqg.dossiers) == {"G22.99-250310-0042"}


def test_already_exists_is_sent_again_as_an_update(dvcqg, counter, monday):
    code = receive(counter)
    dvcqg.already_there.add(code)

    assert sync() == "sent 1, failed 0, pending 0"
    assert [c.get("isUpdating") for c in dvcqg.calls[:1]] == ["True"]
    assert dvcqg.status_of(code) == "2"


def test_the_gateway_down_for_ten_minutes_loses_nothing_and_keeps_the_order(dvcqg, counter, monday):
    """Intake goes on while the gateway is down; the backlog drains when it is back."""
    dvcqg.down = True
    codes = []
    for minute in range(10):
        with clock.frozen(monday + timedelta(minutes=minute)):
            codes.append(receive(counter))
            if minute % 2:
                counter.act(codes[minute - 1], "transfer")
            outcome = deliver_due()
            assert outcome.sent == 0
    assert dvcqg.dossiers == {} and dvcqg.progress == []
    failing = dvcqg_messages().exclude(last_error="")
    assert failing.exists()
    assert all(m.error_code == "unavailable" for m in failing)

    dvcqg.down = False
    with clock.frozen(monday + timedelta(minutes=11)):
        waiting = deliver_due()  # some are still waiting out their back-off
    with clock.frozen(monday + timedelta(minutes=40)):
        drained = deliver_due()

    assert waiting.sent + drained.sent == dvcqg_messages().count() == 15
    assert drained.pending == 0
    assert set(dvcqg.dossiers) == set(codes)
    for code in codes:
        dossier = Dossier.objects.with_scopes_disabled().get(code=code)
        rows = [r["TrangThai"] for r in dvcqg.progress if r["MaHoSo"] == code]
        expected = ["2", "4"] if dossier.status_code == 4 else ["2"]
        assert rows == expected  # in order, each once
        assert dvcqg.status_of(code) == str(dossier.status_code)


def test_a_session_expiring_mid_batch_logs_in_once_more_and_sends_nothing_twice(
    dvcqg, counter, monday
):
    codes = [receive(counter) for _ in range(3)]
    dvcqg.expire_after_calls = 1  # the dossiers go through, the step rows meet a dead session

    assert sync() == "sent 3, failed 0, pending 0"
    assert dvcqg.logins == 2
    assert sorted(r["MaHoSo"] for r in dvcqg.progress) == sorted(codes)
    assert [c["service"] for c in dvcqg.calls] == ["DongBoHoSoMC", "CapNhatTienDoHoSoMC"]


def test_a_refused_dossier_does_not_hold_the_others(dvcqg, counter, monday):
    codes = [receive(counter) for _ in range(3)]
    dvcqg.refuse[codes[1]] = "-9"

    assert sync() == "sent 2, failed 1, pending 1"
    assert set(dvcqg.dossiers) == {codes[0], codes[2]}
    stuck = dvcqg_messages().get(label=codes[1])
    assert (stuck.error_code, stuck.attempts) == ("-9", 1)
    assert stuck.next_attempt_at == monday + timedelta(minutes=1)
    backlog = outbox.backlog("dvcqg")
    assert (backlog.pending, backlog.failing) == (1, 1)
    assert backlog.errors[0]["error_code"] == "-9"

    del dvcqg.refuse[codes[1]]
    assert sync() == "sent 0, failed 0, pending 1"  # waiting out its back-off
    assert sync("--retry-now") == "sent 1, failed 0, pending 0"
    assert codes[1] in dvcqg.dossiers


def test_a_later_change_waits_behind_a_failing_one(dvcqg, counter, monday):
    code = receive(counter)
    dvcqg.refuse[code] = "-9"
    sync()
    counter.act(code, "transfer")  # a new message, due now, behind one in back-off
    del dvcqg.refuse[code]

    assert sync() == "sent 0, failed 0, pending 2"
    with clock.frozen(monday + timedelta(minutes=2)):
        assert sync() == "sent 2, failed 0, pending 0"
    assert [r["TrangThai"] for r in dvcqg.progress] == ["2", "4"]


def test_a_resend_is_harmless(dvcqg, counter, monday):
    code = receive(counter)
    sync()
    dossier = Dossier.objects.with_scopes_disabled().get(code=code)
    from motcua.dossiers import national

    national.queue_changes(dossier)
    assert sync() == "sent 1, failed 0, pending 0"
    assert list(dvcqg.dossiers) == [code]
    assert len(dvcqg.progress) == 1


def test_the_worker_is_asked_after_commit_and_delivers(
    dvcqg, counter, monday, django_capture_on_commit_callbacks
):
    """The suite's task backend runs a task when it is enqueued."""
    from motcua.exchange import tasks

    tasks.kick.window_ends = 0.0  # a fresh process
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        code = receive(counter)
    assert dvcqg.dossiers == {}

    for callback in callbacks:
        callback()

    assert code in dvcqg.dossiers
    assert not outbox.pending("dvcqg").exists()


def test_the_worker_is_asked_at_most_twice_a_window():
    asked = []
    kick = outbox.Kicker(60.0, asked.append)

    for _ in range(5):
        kick()

    assert len(asked) == 2
    assert asked[0] is None and asked[1] is not None


def test_a_portal_submission_is_sent_once_accepted_under_its_real_code(dvcqg, citizen, lan, monday):
    from motcua.dossiers.services import intake

    dossier = intake.submit_online(
        actor=citizen,
        procedure="1.004873",
        agency="000.00.31.H99",
        applicant={"name": "Nguyễn Văn An", "phone": "0912345678"},
        components=intake_body()["components"],
    )
    assert not dvcqg_messages().exists()  # a provisional code, not DVCQG's to know

    accepted = intake.accept(dossier, actor=lan)
    sync()

    assert list(dvcqg.dossiers) == [accepted.code]
    assert dvcqg.dossiers[accepted.code]["KenhThucHien"] == "2"


@given(
    instant=st.datetimes(
        min_value=datetime(1900, 1, 1), max_value=datetime(9998, 12, 31), timezones=st.just(UTC)
    )
)
def test_national_dates_are_fourteen_digits_of_vietnam_time(instant):
    from motcua.dossiers.national import stamp

    text = stamp(instant)

    assert len(text) == 14 and text.isdigit()
    back = datetime.strptime(text, "%Y%m%d%H%M%S").replace(tzinfo=clock.VN)
    assert back == instant.replace(microsecond=0)
    assert stamp(None) == ""


def test_papers_and_results_go_as_signed_links_dvcqg_can_fetch(
    dvcqg, counter, lan, client, monday, settings
):
    from motcua.documents import services as files
    from motcua.documents import storage
    from motcua.documents.models import Origin, Role
    from motcua.documents.tests.files import a_pdf

    code = receive(counter)
    dossier = Dossier.objects.with_scopes_disabled().get(code=code)
    content = a_pdf("Tờ khai")
    document = files.create_document(
        storage.describe(content, "to-khai.pdf"), origin=Origin.UPLOAD, uploaded_by=lan
    )
    files.attach([document], dossier, role=Role.COMPONENT, actor=lan, part="to_khai_tthn")
    sync()

    [paper] = [p for p in dvcqg.dossiers[code]["TaiLieuNop"] if p["DuongDanTaiTepTin"]]
    assert paper["TenTepDinhKem"] == "to-khai.pdf"
    path = paper["DuongDanTaiTepTin"].removeprefix(settings.SITE_URL)
    fetched = client.get(path)  # no account
    assert fetched.status_code == 200
    assert b"".join(fetched) == content

    assert client.get(path[:-6] + "xxxxx/").status_code == 404  # tampered
    with clock.frozen(monday + timedelta(days=settings.DVCQG_LINK_DAYS + 1)):
        assert client.get(path).status_code == 404  # expired
