"""GET /dossiers/{code}/documents/{kind}.pdf and the tracking book: the forms filled from the
dossier, read back from the PDF."""

from __future__ import annotations

import io
import json
from datetime import datetime, timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django_scopes import scopes_disabled
from pypdf import PdfReader

from motcua import clock
from motcua.documents.models import AgencyBranding
from motcua.documents.tests import files
from motcua.dossiers.models import Dossier, DossierComponent
from motcua.dossiers.tests.support import MONDAY, intake_body
from motcua.tests.reading import layout_text, page_sizes, page_words, text_of

pytestmark = pytest.mark.django_db

A5 = (419.53, 595.28)
CODE = "000.00.31.H99-250310-0001"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "https://motcua.minhson.gov.vn"


@pytest.fixture
def received(as_user, lan, minh, hoa, monday):
    counter = as_user(lan)
    code = counter.post("/dossiers", intake_body()).json()["code"]
    return code, counter, as_user(minh), as_user(hoa)


def pdf_of(api, code, kind, **params):
    response = api.get(f"/dossiers/{code}/documents/{kind}.pdf", params)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'inline; filename="{kind}-{code}.pdf"'
    return response.content


def test_the_receipt_carries_the_dossier_applicant_papers_times_and_lookup(received):
    code, counter, *_ = received

    pdf = pdf_of(counter, code, "receipt")

    assert page_sizes(pdf)[0] == pytest.approx(A5, abs=0.1)
    text = text_of(pdf)
    for expected in (
        "UBND TỈNH MINH SƠN",
        "ỦY BAN NHÂN DÂN PHƯỜNG MINH SƠN",
        "Mẫu số 01",
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "Minh Sơn, ngày 10 tháng 3 năm 2025",
        f"Mã hồ sơ: {CODE}",
        "Nguyễn Văn An",
        "001090000001",
        "0912345678",
        "Cấp Giấy xác nhận tình trạng hôn nhân",
        "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân theo mẫu",
        "3 ngày làm việc",
        "Thời gian nhận hồ sơ: 09 giờ 00 phút, ngày 10 tháng 3 năm 2025",
        "Thời gian trả kết quả giải quyết hồ sơ: 09 giờ 00 phút, ngày 13 tháng 3 năm 2025",
        "3.000 đồng",
        "Nguyễn Thị Lan",
        f"https://motcua.minhson.gov.vn/tra-cuu?code={CODE}",
    ):
        assert expected in text, expected


def test_the_receipt_prints_each_kind_of_copy_and_the_owner_beside_the_submitter(
    as_user, lan, monday
):
    """Issue 18 item 3: bản chính, bản sao chứng thực and bản chụp in their own columns;
    "Chủ hồ sơ" is the owner, the submitter (ủy quyền) is the one who hands in and signs."""
    counter = as_user(lan)
    body = intake_body()
    body["components"] = [
        {"code": "to_khai_tthn", "originals": 1, "copies": 0, "photocopies": 0},
        {"code": "giay_to_tuy_than", "originals": 0, "copies": 2, "photocopies": 3},
    ]
    body["applicant"]["submitter"] = {"name": "Lê Văn Cường", "id_number": "001090000777"}
    created = counter.post("/dossiers", body)
    assert created.status_code == 201, created.content
    code = created.json()["code"]

    pdf = pdf_of(counter, code, "receipt")

    text = text_of(pdf)
    assert "Bản sao chứng thực" in text and "Bản chụp" in text
    assert "Chủ hồ sơ: Nguyễn Văn An" in text
    assert "Ông/Bà: Lê Văn Cường" in text
    rows = [line.split() for line in layout_text(pdf).splitlines()]
    paper = next(r for r in rows if "02" in r)
    i = paper.index("02")
    assert paper[i : i + 2] == ["02", "03"], paper  # certified copies, then photocopies
    detail = counter.get(f"/dossiers/{code}").json()
    assert detail["applicant"]["submitter"]["name"] == "Lê Văn Cường"
    papers = {c["code"]: c for c in detail["components"]}
    assert (papers["giay_to_tuy_than"]["copies"], papers["giay_to_tuy_than"]["photocopies"]) == (
        2,
        3,
    )


def test_a_bad_submitter_is_refused_and_nothing_is_received(as_user, lan, monday):
    counter = as_user(lan)
    body = intake_body()
    body["applicant"]["submitter"] = {"name": "Lê Văn Cường", "id_number": "12ab"}

    response = counter.post("/dossiers", body)

    assert response.status_code == 400
    assert "người nộp thay" in response.json()["message"]
    assert counter.get("/dossiers").json()["items"] == []


def test_the_receipt_counts_the_pages_of_the_digitised_papers(as_user, lan, monday):
    counter = as_user(lan)
    scan = files.post_file(counter.client, counter.auth, "/files", files.a_pdf(pages=3)).json()
    body = intake_body()
    body["components"][0]["file_ids"] = [scan["id"]]
    code = counter.post("/dossiers", body).json()["code"]

    [page] = page_words(pdf_of(counter, code, "receipt"))

    header = next(w for w in page.words if w.text == "trang")  # the column "Số trang"
    below = next(w for w in page.words if w.text == "lượng")  # "2. Số lượng hồ sơ"
    column = [
        w.text
        for w in page.words
        if header.y1 < w.y0 < below.y0 and w.x0 < header.x1 and w.x1 > header.x0
    ]
    assert column == ["3"]  # the form's 3 scanned pages; the card is shown, not scanned


def test_a_kind_that_does_not_fit_the_dossier_is_a_409_in_the_contract_shape(received):
    code, counter, *_ = received

    for kind in ("supplement_request", "refusal", "apology"):
        response = counter.get(f"/dossiers/{code}/documents/{kind}.pdf")
        assert response.status_code == 409, kind
        body = response.json()
        assert body["error"] == "document_not_applicable"
        assert body["message"] and body["details"] == {}


def test_an_unknown_kind_is_a_404(received):
    code, counter, *_ = received

    response = counter.get(f"/dossiers/{code}/documents/hoa_don.pdf")

    assert response.status_code == 404
    assert response.json()["error"] == "unknown_document"


def test_another_agencys_dossier_answers_404(received, as_user, outsider):
    code, *_ = received

    response = as_user(outsider).get(f"/dossiers/{code}/documents/receipt.pdf")

    assert response.status_code == 404


def test_the_supplement_request_lists_everything_missing_and_why(received):
    code, counter, specialist, _ = received
    counter.act(code, "transfer")
    specialist.act(
        code,
        "request_supplement",
        reason="Thiếu giấy tờ chứng minh đã ly hôn",
        items=["Bản án ly hôn có hiệu lực", "Trích lục khai tử của chồng"],
    )

    text = text_of(pdf_of(counter, code, "supplement_request"))

    assert "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ" in text
    assert "1. Bản án ly hôn có hiệu lực" in text
    assert "2. Trích lục khai tử của chồng" in text
    assert "Lý do: Thiếu giấy tờ chứng minh đã ly hôn" in text
    assert "Trần Văn Minh" in text


def test_the_refusal_of_an_online_dossier_gives_the_reason(as_user, citizen, lan, monday):
    body = intake_body()
    body.pop("channel")
    body["agency"] = "000.00.31.H99"
    submitted = as_user(citizen).post("/public/dossiers", body).json()["code"]
    counter = as_user(lan)
    counter.act(submitted, "reject", reason="Thủ tục thuộc thẩm quyền của xã nơi cư trú")

    text = text_of(pdf_of(counter, submitted, "refusal"))

    assert "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ" in text
    assert "Thủ tục thuộc thẩm quyền của xã nơi cư trú" in text
    assert "Nguyễn Thị Lan" in text


def test_the_apology_gives_the_reason_and_the_one_new_date(received):
    code, counter, _specialist, leader = received
    counter.act(code, "transfer")
    leader.act(
        code,
        "apologize",
        reason="Cần xác minh tại nơi cư trú trước đây",
        new_due_at="2025-03-18T16:00:00+07:00",
    )

    text = text_of(pdf_of(counter, code, "apology"))

    assert "Cần xác minh tại nơi cư trú trước đây" in text
    assert "09 giờ 00 phút, ngày 13 tháng 3 năm 2025" in text  # the first appointment
    assert "16 giờ 00 phút, ngày 18 tháng 3 năm 2025" in text
    assert "Kính gửi: Ông/Bà Nguyễn Văn An" in text
    # The leader who clicked does not sign: the agency's head, unnamed until configured.
    assert "THỦ TRƯỞNG CƠ QUAN" in text
    assert "Lê Thị Hoa" not in text


# Who signs (issue 18 item 2): the head of the agency, or the leader signing for them --------


@pytest.fixture
def deputy_signs(agency_a):
    return AgencyBranding.objects.create(
        agency=agency_a,
        head_title="Chủ tịch",
        head_name="Vũ Thị Hằng",
        sign_authority="KT",
        signer_title="Phó Chủ tịch",
        signer_name="Phạm Văn Đức",
    )


def _letters(received):
    """An apology, then a stop: the two letters of the handling agency on one dossier."""
    code, counter, _specialist, leader = received
    counter.act(code, "transfer")
    leader.act(code, "apologize", reason="Cần xác minh", new_due_at="2025-03-18T16:00:00+07:00")
    leader.act(code, "stop", reason="Người nộp đề nghị dừng")
    return code, counter


def test_official_letters_carry_the_configured_signer_not_whoever_clicked(received, deputy_signs):
    code, counter = _letters(received)

    for kind in ("apology", "stop_notice"):
        text = text_of(pdf_of(counter, code, kind, version="v2025"))
        assert "KT. CHỦ TỊCH" in text and "PHÓ CHỦ TỊCH" in text, kind
        assert "Phạm Văn Đức" in text, kind
        assert "Lê Thị Hoa" not in text and "Vũ Thị Hằng" not in text, kind


def test_the_head_signs_in_person_when_the_agency_says_so(received, deputy_signs):
    deputy_signs.sign_authority = ""
    deputy_signs.save()
    code, counter = _letters(received)

    text = text_of(pdf_of(counter, code, "apology"))

    assert "CHỦ TỊCH" in text and "Vũ Thị Hằng" in text
    assert "KT." not in text and "Phạm Văn Đức" not in text


def test_by_order_of_the_head_prints_tl(received, deputy_signs):
    deputy_signs.sign_authority = "TL"
    deputy_signs.signer_title = "Chánh Văn phòng"
    deputy_signs.save()
    code, counter = _letters(received)

    text = text_of(pdf_of(counter, code, "stop_notice", version="v2025"))

    assert "TL. CHỦ TỊCH" in text and "CHÁNH VĂN PHÒNG" in text


# Refusal after appraisal (issue 18 item 5): the agency's notice, not the counter's Mẫu 03 ---


def test_a_refusal_after_appraisal_is_the_agencys_notice_signed_by_its_leader(
    received, deputy_signs
):
    code, counter, _specialist, leader = received
    counter.act(code, "transfer")
    leader.act(code, "refuse", reason="Không đủ điều kiện theo Luật Hộ tịch")

    text = text_of(pdf_of(counter, code, "refusal"))

    assert "THÔNG BÁO TỪ CHỐI GIẢI QUYẾT HỒ SƠ" in text
    assert "PHIẾU TỪ CHỐI TIẾP NHẬN" not in text
    assert "Không đủ điều kiện theo Luật Hộ tịch" in text
    assert "Kính gửi: Ông/Bà Nguyễn Văn An" in text
    assert "KT. CHỦ TỊCH" in text and "Phạm Văn Đức" in text
    # The applicant is not there: no line for their signature, and the clicker does not sign.
    assert "NGƯỜI NỘP HỒ SƠ" not in text
    assert "Lê Thị Hoa" not in text


def test_the_control_sheet_fills_the_hand_overs_that_happened_and_leaves_the_rest(received):
    code, counter, specialist, _ = received
    with clock.frozen(MONDAY + timedelta(hours=1)):
        counter.act(code, "transfer")
    with clock.frozen(MONDAY + timedelta(days=1, hours=2)):
        specialist.act(code, "transfer")

    pdf = pdf_of(counter, code, "control_sheet")

    text = text_of(pdf)
    assert "Mẫu số 05" in text
    assert "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ" in text
    assert "(Kèm theo hồ sơ của: Nguyễn Văn An)" in text
    assert "1. Giao: Bộ phận Một cửa tiếp nhận 2. Nhận: Chuyên viên xử lý" in text
    assert "1. Giao: Chuyên viên xử lý 2. Nhận: Lãnh đạo phê duyệt" in text
    assert "1. Giao: Lãnh đạo phê duyệt 2. Nhận: Bộ phận Một cửa trả kết quả" in text
    assert "10 giờ 00 phút, ngày 10 tháng 3 năm 2025" in text
    assert "11 giờ 00 phút, ngày 11 tháng 3 năm 2025" in text
    first, second, third = layout_text(pdf).split("1. Giao: ")[1:]
    # The counter had until 11:00 Monday and handed over at 10:00, the same day: on time.
    assert "Đúng hạn" in first and "Nguyễn Thị Lan" in first and "Trần Văn Minh" in first
    # The specialist had 16 working hours and handed over on Tuesday: a day early.
    assert "Trước hạn" in second and "Trần Văn Minh" in second
    assert "…… giờ …… phút" in third  # still to come: filled in by hand
    assert "hạn" not in third


@pytest.mark.parametrize(
    ("received", "number"),
    [
        # Circular 03/2025/TT-VPCP is in force from 15/09/2025 (DOMAIN R14.18), not 01/07/2025.
        (datetime(2025, 7, 15, 9, 0, tzinfo=clock.VN), "Mẫu số 05"),
        (datetime(2025, 9, 12, 9, 0, tzinfo=clock.VN), "Mẫu số 05"),
        (datetime(2025, 9, 15, 9, 0, tzinfo=clock.VN), "Mẫu số 06"),
    ],
)
def test_the_2025_form_set_starts_on_15_september_2025(as_user, lan, received, number):
    with clock.frozen(received):
        counter = as_user(lan)
        code = counter.post("/dossiers", intake_body()).json()["code"]

        assert number in text_of(pdf_of(counter, code, "control_sheet"))
        assert "Mẫu số 05" in text_of(pdf_of(counter, code, "control_sheet", version="v2018"))
        assert "Mẫu số 06" in text_of(pdf_of(counter, code, "control_sheet", version="v2025"))


def test_the_stop_notice_exists_in_the_2025_set_only(received):
    code, counter, _specialist, leader = received
    counter.act(code, "transfer")
    leader.act(code, "stop", reason="Người nộp đề nghị dừng để bổ sung hợp đồng")

    assert counter.get(f"/dossiers/{code}/documents/stop_notice.pdf").status_code == 409
    text = text_of(pdf_of(counter, code, "stop_notice", version="v2025"))
    assert "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ" in text
    assert "Người nộp đề nghị dừng để bổ sung hợp đồng" in text


def test_an_agencys_own_header_place_and_logo_are_printed(received, agency_a):
    code, counter, *_ = received
    branding = AgencyBranding(
        agency=agency_a,
        superior_name="UBND phường Minh Sơn",
        agency_name="Bộ phận Một cửa phường Minh Sơn",
        place="Phường Minh Sơn",
    )
    branding.logo.save("logo.png", ContentFile(files.a_png()), save=False)
    branding.save()

    pdf = pdf_of(counter, code, "receipt")

    text = text_of(pdf)
    assert "UBND PHƯỜNG MINH SƠN" in text
    assert "BỘ PHẬN MỘT CỬA PHƯỜNG MINH SƠN" in text
    assert "Phường Minh Sơn, ngày 10 tháng 3 năm 2025" in text
    assert len(PdfReader(io.BytesIO(pdf)).pages[0].images) == 1


def test_an_agency_may_choose_its_form_set(received, agency_a):
    code, counter, *_ = received
    AgencyBranding.objects.create(agency=agency_a, form_set="v2025")

    assert "Mẫu số 06" in text_of(pdf_of(counter, code, "control_sheet"))


# Mẫu 06: the tracking book --------------------------------------------------------------------


@pytest.fixture
def week(as_user, lan, outsider):
    """Three dossiers at phường Minh Sơn over two days, one at xã Tân Lập."""
    counter, other = as_user(lan), as_user(outsider)
    codes = []
    for day, hour in ((0, 9), (0, 14), (1, 8)):
        with clock.frozen(MONDAY.replace(hour=hour) + timedelta(days=day)):
            body = intake_body()
            body["applicant"]["name"] = f"Người nộp số {len(codes) + 1}"
            codes.append(counter.post("/dossiers", body).json()["code"])
    with clock.frozen(MONDAY):
        other.post("/dossiers", intake_body())
    return codes, counter


def book(api, **params):
    return api.get("/documents/tracking-book.pdf", params)


def test_the_tracking_book_lists_an_agencys_dossiers_in_order_of_reception(week):
    codes, counter = week
    with clock.frozen(MONDAY + timedelta(days=1, hours=3)):
        counter.act(codes[0], "transfer")

    response = book(counter, **{"from": "2025-03-10", "to": "2025-03-11"})

    assert response.status_code == 200, response.content
    pdf = response.content
    assert page_sizes(pdf)[0] == pytest.approx((841.89, 595.28), abs=0.1)
    text = text_of(pdf)
    assert "SỔ THEO DÕI HỒ SƠ" in text
    assert "Từ ngày 10/03/2025 đến ngày 11/03/2025" in text
    positions = [text.index(code) for code in codes]
    assert positions == sorted(positions)
    assert "000.00.33.H99" not in text
    assert "Người nộp số 1" in text and "Người nộp số 3" in text


def test_the_book_numbers_from_01_for_the_year_whichever_period_is_printed(week):
    """Issue 18 item 6: the third dossier of the year is 03 in a book of its own day too, and
    its receipt prints the book (Quyển số) and that number."""
    codes, counter = week

    whole = layout_text(book(counter, **{"from": "2025-01-01", "to": "2025-03-31"}).content)
    one_day = layout_text(book(counter, **{"from": "2025-03-11", "to": "2025-03-11"}).content)

    assert "Quyển số: 2025" in whole and "Quyển số: 2025" in one_day
    for text, numbers in ((whole, ("01", "02", "03")), (one_day, ("03",))):
        rows = [line.split() for line in text.splitlines() if "000.00.31.H99-2503" in line]
        assert [row[0] for row in rows] == list(numbers)
    receipt = text_of(pdf_of(counter, codes[2], "receipt"))
    assert "Quyển số: 2025, Số thứ tự: 03" in receipt


def test_the_tracking_book_keeps_to_its_dates(week):
    codes, counter = week

    text = text_of(book(counter, **{"from": "2025-03-11", "to": "2025-03-11"}).content)

    assert codes[2] in text
    assert codes[0] not in text and codes[1] not in text


def test_a_period_without_dossiers_prints_an_empty_book(week):
    _codes, counter = week

    response = book(counter, **{"from": "2025-04-01", "to": "2025-04-30"})

    assert response.status_code == 200
    assert "SỔ THEO DÕI HỒ SƠ" in text_of(response.content)


def test_a_supervisor_prints_the_book_of_an_agency_below_and_an_outsider_cannot(
    week, as_user, giamsat, outsider
):
    codes, _ = week
    params = {"from": "2025-03-10", "to": "2025-03-11", "agency": "000.00.31.H99"}

    assert codes[0] in text_of(book(as_user(giamsat), **params).content)
    assert book(as_user(outsider), **params).status_code == 403


def test_a_book_longer_than_a_year_is_refused(week):
    _codes, counter = week

    response = book(counter, **{"from": "2024-01-01", "to": "2025-03-11"})

    assert response.status_code == 400
    assert "tối đa 366 ngày" in response.json()["message"]


# Imported dossiers (issue 18 item 10): their papers print the reason, or a blank line --------


def test_imported_dossiers_print_their_reason_or_a_blank_line(tmp_path, as_user, lan, catalog):
    def item(seq, outcome, reason=None):
        row = {
            "code": f"000.00.31.H99-250310-{seq:04d}",
            "agency": "000.00.31.H99",
            "procedure": "1.004873",
            "channel": "counter",
            "applicant": {"name": "Phạm Thị Mai", "phone": "0911222333"},
            "received_at": "2025-03-10T08:15:00+07:00",
            "finished_at": "2025-03-12T16:00:00+07:00",
            "outcome": outcome,
        }
        if reason is not None:
            row["reason"] = reason
        return json.dumps(row, ensure_ascii=False)

    path = tmp_path / "hoso.jsonl"
    path.write_text(
        "\n".join(
            [
                item(1, "refused", "Không đủ điều kiện theo Luật Hộ tịch"),
                item(2, "refused"),
                item(3, "stopped"),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    call_command("import_dossiers", str(path))
    counter = as_user(lan)

    given = text_of(pdf_of(counter, "000.00.31.H99-250310-0001", "refusal"))
    blank = text_of(pdf_of(counter, "000.00.31.H99-250310-0002", "refusal"))
    stop = text_of(pdf_of(counter, "000.00.31.H99-250310-0003", "stop_notice", version="v2025"))

    assert "Không đủ điều kiện theo Luật Hộ tịch" in given
    assert "THÔNG BÁO TỪ CHỐI GIẢI QUYẾT HỒ SƠ" in blank and "....." in blank
    assert "Lý do: ....." in stop


# Digitisation exemptions (issue 18 item 9, Circular 03/2025 art. 5) -------------------------


def test_papers_exempt_from_scanning_are_marked_and_bad_marks_refused(
    as_user, lan, citizen, monday
):
    counter = as_user(lan)
    body = intake_body()
    body["components"][1]["scan_exempt"] = "shown"
    code = counter.post("/dossiers", body).json()["code"]
    online = intake_body()
    online.pop("channel")
    online["agency"] = "000.00.31.H99"
    submitted = as_user(citizen).post("/public/dossiers", online).json()["code"]
    bad = intake_body()
    bad["components"][0]["scan_exempt"] = "lazy"

    with scopes_disabled():
        marks = {
            (c.dossier.code, c.code): c.scan_exempt
            for c in DossierComponent.objects.select_related("dossier")
        }
    assert marks[(code, "giay_to_tuy_than")] == "shown"
    assert marks[(code, "to_khai_tthn")] == ""
    assert {m for (d, _c), m in marks.items() if d == submitted} == {"online"}
    refused = counter.post("/dossiers", bad)
    assert refused.status_code == 400
    assert "không số hóa" in refused.json()["message"]


# Layout (issue 18 item 4) ---------------------------------------------------------------------


def test_every_slip_prints_on_a4_when_asked(received):
    code, counter, *_ = received

    for kind in ("receipt", "control_sheet"):
        width, height = page_sizes(pdf_of(counter, code, kind, paper="a4"))[0]
        assert (round(width), round(height)) == (595, 842), kind
    assert (
        counter.get(f"/dossiers/{code}/documents/receipt.pdf", {"paper": "a3"}).status_code == 400
    )


def test_a_receipt_reprinted_after_an_apology_shows_both_appointments(received):
    code, counter, _specialist, leader = received
    counter.act(code, "transfer")
    leader.act(code, "apologize", reason="Cần xác minh", new_due_at="2025-03-18T16:00:00+07:00")

    text = text_of(pdf_of(counter, code, "receipt"))

    assert "09 giờ 00 phút, ngày 13 tháng 3 năm 2025" in text  # the first appointment
    assert "hẹn lại (Phiếu xin lỗi): 16 giờ 00 phút, ngày 18 tháng 3 năm 2025" in text


LONG_EMAIL = "nguyen.van.an." + "x" * 171 + "@minhson.gov.vn"


@pytest.mark.parametrize("paper", ["a5", "a4"])
def test_a_receipt_of_forty_papers_keeps_the_signatures_with_the_closing_and_the_page(
    received, paper
):
    """Issue 18 item 4: signatures never alone on a page, the code and title repeated on a
    continuation page, a 200-character e-mail and a long name wrapped inside the page."""
    code, counter, *_ = received
    name = "Nguyễn Văn " + "AnBìnhChâuĐứcHùngKhánhLongMinhNghĩa" * 3
    with scopes_disabled():
        dossier = Dossier.objects.get(code=code)
        dossier.applicant_email, dossier.applicant_name = LONG_EMAIL, name
        dossier.save(update_fields=["applicant_email", "applicant_name"])
        DossierComponent.objects.bulk_create(
            DossierComponent(
                dossier=dossier, code=f"kem_theo_{i}", name=f"Giấy tờ kèm theo số {i}", copies=1
            )
            for i in range(38)
        )

    pdf = pdf_of(counter, code, "receipt", paper=paper)

    pages = page_words(pdf)
    assert len(pages) >= 2
    texts = [" ".join(w.text for w in page.words) for page in pages]
    assert "Thời gian trả kết quả giải quyết hồ sơ" in texts[-1]
    assert "Vào Sổ theo dõi hồ sơ" in texts[-1]
    assert "NGƯỜI NỘP HỒ SƠ" in texts[-1] and "NGƯỜI TIẾP NHẬN HỒ SƠ" in texts[-1]
    assert "Nguyễn Thị Lan" in texts[-1]
    for page in pages[1:]:
        header = page.text_above(13 * 72 / 25.4)  # the top margin of a slip
        assert f"Mã hồ sơ: {CODE}" in header
        assert "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ" in header
    for page in pages:
        for word in page.words:
            assert word.x0 >= 0 and word.x1 <= page.width, word
            assert word.y0 >= 0 and word.y1 <= page.height, word
    joined = "".join("".join(texts).split())
    assert LONG_EMAIL in joined and "".join(name.split()) in joined
    assert "Giấytờkèmtheosố37" in joined
