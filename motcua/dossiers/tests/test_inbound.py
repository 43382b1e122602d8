"""Dossiers from the national portal (DVCQG): taken in once with the shared key, their Base64
papers checked like uploads, waiting in status 1 until the counter accepts them; any refusal
writes nothing (CONTRACT v1.1 "DVCQG: inbound dossiers")."""

from __future__ import annotations

import base64
from datetime import datetime

import pytest
from django.conf import settings
from django_scopes import scopes_disabled

from motcua import clock
from motcua.audit.models import Event
from motcua.documents.models import Attachment, Document
from motcua.documents.tests import files
from motcua.dossiers.models import Dossier, DossierComponent, Movement
from motcua.dossiers.services import inbound
from motcua.dossiers.tests.support import inbound_body

pytestmark = pytest.mark.django_db

KEY = "khoa-chung-dvcqg-0123456789abcdef"
NATIONAL = "G22.99-250310-0042"  # the MaHoSo of inbound_body()


@pytest.fixture(autouse=True)
def _inbound_key(settings):
    settings.DVCQG_INBOUND_KEY = KEY


def send(client, body, key=KEY):
    headers = {"HTTP_X_API_KEY": key} if key is not None else {}
    return client.post("/api/v1/dvcqg/dossiers", body, content_type="application/json", **headers)


def b64(content: bytes) -> str:
    return base64.b64encode(content).decode()


def with_file(name: str, content: bytes | str) -> dict:
    encoded = content if isinstance(content, str) else b64(content)
    paper = inbound_body()["ThanhPhanHoSo"][0]
    return inbound_body(
        ThanhPhanHoSo=[{**paper, "TepDinhKem": [{"TenTep": name, "Base64": encoded}]}]
    )


def stored_blobs() -> list:
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def nothing_written() -> bool:
    with scopes_disabled():
        return (
            Dossier.objects.count() == 0
            and DossierComponent.objects.count() == 0
            and Document.objects.count() == 0
            and Attachment.objects.count() == 0
            and Movement.objects.count() == 0
            and not Event.objects.filter(action__startswith="dossier.").exists()
            and not stored_blobs()
        )


def test_a_dvcqg_dossier_waits_in_the_online_queue_with_its_national_code(
    client, as_user, lan, catalog, monday
):
    response = send(client, inbound_body())

    assert response.status_code == 201, response.content
    answer = response.json()
    assert answer["MaHoSo"] == NATIONAL
    assert answer["status_code"] == 1
    assert answer["code"].startswith("DK-")
    with scopes_disabled():
        dossier = Dossier.objects.get(national_code=NATIONAL)
    assert (dossier.code, dossier.status_code, dossier.channel) == (answer["code"], 1, "online")
    assert (dossier.applicant_name, dossier.applicant_id_number) == (
        "Nguyễn Văn An",
        "001090000001",
    )
    assert dossier.submitted_at == datetime(2025, 3, 10, 8, 15, tzinfo=clock.VN)
    assert dossier.note == "Xác nhận để đăng ký kết hôn"
    assert dossier.citizen is None
    waiting = as_user(lan).get("/dossiers", {"status": "1"}).json()["items"]
    assert [d["code"] for d in waiting] == [answer["code"]]


def test_national_codes_are_read_through_the_province_mapping(client, giamsat, agency_a, monday):
    from motcua.exchange import mapping

    mapping.change_mapping("procedure", "1.004873", "1.004873.H99", actor=giamsat)
    mapping.change_mapping("agency", agency_a.code, "H99.31", actor=giamsat)

    response = send(client, inbound_body(MaTTHC="1.004873.H99", MaDonVi="H99.31"))

    assert response.status_code == 201, response.content
    with scopes_disabled():
        dossier = Dossier.objects.select_related("procedure").get(national_code=NATIONAL)
    assert (dossier.procedure.code, dossier.agency_id) == ("1.004873", agency_a.pk)


def test_the_papers_are_stored_as_digitised_files_of_the_dossier(as_user, client, lan, monday):
    content = files.a_pdf("Tờ khai xác nhận tình trạng hôn nhân")
    code = send(client, with_file("Tờ khai.pdf", content)).json()["code"]

    detail = as_user(lan).get(f"/dossiers/{code}").json()

    assert [(c["code"], c["digitised"]) for c in detail["components"]] == [("to_khai_tthn", True)]
    [document] = detail["documents"]
    assert (document["part"], document["role"], document["name"]) == (
        "to_khai_tthn",
        "component",
        "Tờ khai.pdf",
    )
    download = as_user(lan).get(f"/dossiers/{code}/files/{document['id']}")
    assert download.content == content


def test_the_reception_is_audited_with_the_national_code(client, monday):
    send(client, inbound_body())

    with scopes_disabled():
        event = Event.objects.select_related("agency").get(action="dossier.submit")
    assert event.actor is None
    assert event.data["national_code"] == NATIONAL
    assert event.data["channel"] == "dvcqg"
    assert event.agency.code == "000.00.31.H99"


def test_the_counter_accepts_it_as_any_online_dossier_and_it_keeps_its_national_code(
    client, as_user, lan, monday
):
    reference = send(client, inbound_body()).json()["code"]

    accepted = as_user(lan).act(reference, "accept")

    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["code"] == "000.00.31.H99-250310-0001"
    assert accepted.json()["status_code"] == 2
    with scopes_disabled():
        assert Dossier.objects.get(code="000.00.31.H99-250310-0001").national_code == NATIONAL


def test_the_same_mahoso_again_answers_200_with_the_same_answer_and_writes_nothing(client, monday):
    first = send(client, inbound_body())
    with scopes_disabled():
        counts = (Document.objects.count(), Event.objects.count(), len(stored_blobs()))

    again = send(client, inbound_body(ChuHoSo="Người Khác"))

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    with scopes_disabled():
        assert Dossier.objects.count() == 1
        assert Dossier.objects.get().applicant_name == "Nguyễn Văn An"
        assert (Document.objects.count(), Event.objects.count(), len(stored_blobs())) == counts


def test_a_repeat_after_acceptance_answers_the_dossier_as_it_is_now(client, as_user, lan, monday):
    reference = send(client, inbound_body()).json()["code"]
    as_user(lan).act(reference, "accept")

    again = send(client, inbound_body())

    assert again.status_code == 200
    assert again.json() == {
        "MaHoSo": NATIONAL,
        "code": "000.00.31.H99-250310-0001",
        "status_code": 2,
    }


def test_a_concurrent_twin_that_loses_the_race_finds_the_winner_and_leaves_no_file(
    client, monkeypatch, monday
):
    """Two requests with one MaHoSo both miss the first look-up; the unique constraint stops the
    second, whose transaction (papers' files included) rolls back, and it answers 200."""
    first = send(client, inbound_body()).json()
    blobs = len(stored_blobs())
    looked_up = []
    real = inbound.existing

    def miss_once(national_code):
        looked_up.append(national_code)
        return None if len(looked_up) == 1 else real(national_code)

    monkeypatch.setattr(inbound, "existing", miss_once)

    again = send(client, inbound_body())

    assert again.status_code == 200
    assert again.json() == first
    assert len(looked_up) == 2
    with scopes_disabled():
        assert Dossier.objects.count() == 1
        assert Document.objects.count() == 1
    assert len(stored_blobs()) == blobs


@pytest.mark.parametrize("key", [None, "", "khoa-sai", KEY + "x"])
def test_a_missing_or_wrong_key_is_refused_with_401_and_nothing_written(client, key, monday):
    response = send(client, inbound_body(), key=key)

    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized"
    assert nothing_written()


def test_without_a_configured_key_inbound_is_off_and_says_so(client, settings, monday):
    settings.DVCQG_INBOUND_KEY = ""

    response = send(client, inbound_body(), key="")

    assert response.status_code == 503
    assert "DVCQG_INBOUND_KEY" in response.json()["message"]
    assert nothing_written()


def test_wrong_keys_count_against_the_login_limit(client, settings, monday):
    settings.RATELIMIT_LOGIN = "2/m"

    statuses = [send(client, inbound_body(), key="sai").status_code for _ in range(3)]

    assert statuses == [401, 401, 429]


def test_the_endpoint_is_rate_limited_per_address(client, settings, monday):
    settings.RATELIMIT_DVCQG = "2/m"

    statuses = [
        send(client, inbound_body(MaHoSo=f"G22.99-250310-{n:04d}")).status_code for n in range(3)
    ]

    assert statuses == [201, 201, 429]


@pytest.mark.parametrize(
    ("overrides", "field", "error"),
    [
        ({"MaTTHC": "9.999999"}, "MaTTHC", "unknown_procedure"),
        ({"MaDonVi": "000.00.99.H99"}, "MaDonVi", "unknown_agency"),
        ({"MaHoSo": ""}, "MaHoSo", "validation_error"),
        ({"ChuHoSo": ""}, "ChuHoSo", "validation_error"),
        ({"SoDienThoai": "12345"}, "SoDienThoai", "validation_error"),
        ({"SoGiayToChuHoSo": "12ab"}, "SoGiayToChuHoSo", "validation_error"),
        ({"NgayNopHoSo": "2025-03-10"}, "NgayNopHoSo", "validation_error"),
        ({"NgayNopHoSo": "20300101000000"}, "NgayNopHoSo", "validation_error"),
        ({"ThanhPhanHoSo": "giấy tờ"}, "ThanhPhanHoSo", "validation_error"),
    ],
)
def test_bad_fields_are_refused_naming_the_field_in_vietnamese(
    client, overrides, field, error, monday
):
    response = send(client, inbound_body(**overrides))

    assert response.status_code == 400, response.content
    assert response.json()["error"] == error
    assert field in response.json()["details"]
    assert response.json()["message"]
    assert nothing_written()


def test_an_unknown_procedure_is_refused_in_vietnamese(client, monday):
    message = send(client, inbound_body(MaTTHC="9.999999")).json()["message"]

    assert message == "Không có thủ tục hành chính mã '9.999999' (MaTTHC)."


def test_invalid_base64_is_refused_naming_the_file(client, monday):
    response = send(client, with_file("to-khai.pdf", "không phải base64!!"))

    assert response.status_code == 400
    assert response.json()["error"] == "invalid_base64"
    assert "ThanhPhanHoSo[0].TepDinhKem[0].Base64" in response.json()["details"]
    assert "to-khai.pdf" in response.json()["message"]
    assert nothing_written()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("to-khai.pdf", files.a_png()),  # a picture that says it is a PDF
        ("to-khai.pdf", files.EXE),  # a program renamed .pdf
        ("anh.png", files.a_pdf()),
        ("to-khai.pdf", files.corrupt_pdf()),
    ],
)
def test_a_file_that_is_not_what_its_name_says_is_refused(client, name, content, monday):
    response = send(client, with_file(name, content))

    assert response.status_code == 400, response.content
    assert response.json()["error"] == "file_rejected"
    assert nothing_written()


def test_a_file_with_the_right_type_but_another_extension_name_is_refused(client, monday):
    response = send(client, with_file("ban-quet.jpg", files.a_png()))

    assert response.status_code == 400
    assert response.json()["error"] == "file_rejected"
    assert "ThanhPhanHoSo[0].TepDinhKem[0]" in response.json()["details"]
    assert "PNG" in response.json()["message"]
    assert nothing_written()


def test_a_bad_file_after_a_good_one_writes_nothing(client, monday):
    paper = inbound_body()["ThanhPhanHoSo"][0]
    second = {**paper, "MaThanhPhanHoSo": "giay_to_tuy_than"}
    second["TepDinhKem"] = [{"TenTep": "cccd.jpg", "Base64": b64(files.EXE)}]

    response = send(client, inbound_body(ThanhPhanHoSo=[paper, second]))

    assert response.status_code == 400
    assert "ThanhPhanHoSo[1].TepDinhKem[0]" in response.json()["details"]
    assert nothing_written()


def test_a_file_above_the_upload_limit_is_refused(client, settings, monday):
    settings.UPLOAD_MAX_BYTES = 1024

    response = send(client, with_file("to-khai.pdf", files.a_pdf()))

    assert response.status_code == 413
    assert nothing_written()


def test_a_body_that_is_not_a_json_object_is_refused(client, monday):
    response = client.post(
        "/api/v1/dvcqg/dossiers", "[1, 2]", content_type="application/json", HTTP_X_API_KEY=KEY
    )

    assert response.status_code == 400
    assert nothing_written()


def test_a_paper_the_procedure_does_not_list_is_kept_under_dvcqg_code_and_name(
    client, as_user, lan, monday
):
    paper = inbound_body()["ThanhPhanHoSo"][0]
    other = {
        "MaThanhPhanHoSo": "QG.0001",
        "TenThanhPhan": "Giấy tờ khác",
        "SoBanChinh": 0,
        "SoBanSao": 1,
        "TepDinhKem": [{"TenTep": "khac.jpg", "Base64": b64(files.a_jpeg())}],
    }
    code = send(client, inbound_body(ThanhPhanHoSo=[paper, other])).json()["code"]

    detail = as_user(lan).get(f"/dossiers/{code}").json()

    assert [(c["code"], c["name"], c["copies"]) for c in detail["components"]][1] == (
        "QG.0001",
        "Giấy tờ khác",
        1,
    )
    assert sorted(d["part"] for d in detail["documents"]) == ["QG.0001", "to_khai_tthn"]


def test_accepted_at_the_counter_it_reaches_dvcqg_under_the_code_dvcqg_gave(
    client, as_user, lan, dvcqg, monday
):
    from io import StringIO

    from django.core.management import call_command

    reference = send(client, inbound_body()).json()["code"]
    code = as_user(lan).act(reference, "accept").json()["code"]

    call_command("dvcqg_sync", "--retry-now", stdout=StringIO())

    assert dvcqg.status_of(NATIONAL) == "2"
    assert dvcqg.dossiers[NATIONAL]["NgayTiepNhan"] == "20250310090000"
    assert code not in dvcqg.dossiers and reference not in dvcqg.dossiers


def test_waiting_for_the_counter_it_is_sent_at_once_and_its_acceptance_follows_without_delay(
    client, as_user, lan, dvcqg, monday
):
    """Status 1 has no reception date yet ("" as CONTRACT says); the gateway takes it, so the
    acceptance is not held behind a back-off."""
    from io import StringIO

    from django.core.management import call_command

    reference = send(client, inbound_body()).json()["code"]
    out = StringIO()
    call_command("dvcqg_sync", stdout=out)
    assert out.getvalue().strip() == "sent 1, failed 0, pending 0"
    assert dvcqg.status_of(NATIONAL) == "1"
    assert dvcqg.dossiers[NATIONAL]["NgayTiepNhan"] == ""

    as_user(lan).act(reference, "accept")
    out = StringIO()
    call_command("dvcqg_sync", stdout=out)

    assert out.getvalue().strip() == "sent 1, failed 0, pending 0"
    assert dvcqg.status_of(NATIONAL) == "2"
