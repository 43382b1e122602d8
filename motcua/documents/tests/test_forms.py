"""Each form of each form set renders, reads back with its fields, and has the legal paper size."""

from __future__ import annotations

from datetime import date

import pytest

from motcua.documents.pdf import FORM_SETS as FORM_SET_DATES
from motcua.documents.pdf import available_forms, form_set_in_force, render_pdf
from motcua.documents.tests import samples
from motcua.tests.reading import page_sizes, page_texts, text_of

A5 = (419.53, 595.28)
A4_LANDSCAPE = (841.89, 595.28)
MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
HEADER = ("UBND XÃ TÂN LẬP", "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ TÂN LẬP")
DATE_LINE = "Minh Sơn, ngày 24 tháng 01 năm 2025"
RECEIVED = "16 giờ 45 phút, ngày 24 tháng 01 năm 2025"
DUE = "09 giờ 30 phút, ngày 10 tháng 02 năm 2025"

# What each form must show besides the header and motto.
EXPECTED = {
    "mau01_receipt": (
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        DATE_LINE,
        samples.CODE,
        "Nguyễn Thị Hường",
        "038185001234",
        "Cấp giấy chứng nhận quyền sử dụng đất lần đầu",
        "Chủ hồ sơ: Lê Văn Quý",
        "Đơn đăng ký, cấp Giấy chứng nhận (Mẫu số 04a/ĐK)",
        "Giấy tờ về quyền sử dụng đất",
        "Sơ đồ thửa đất",
        "10 ngày làm việc",
        f"Thời gian nhận hồ sơ: {RECEIVED}",
        f"Thời gian trả kết quả giải quyết hồ sơ: {DUE}",
        "Bộ phận Một cửa xã Tân Lập",
        "1.500.000 đồng",
        "Trần Đức Thắng",
        samples.LOOKUP,
    ),
    "mau02_supplement_request": (
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        DATE_LINE,
        samples.CODE,
        "Nguyễn Thị Hường",
        "Đăng ký khai sinh",
        "1. Bản chính giấy chứng sinh của bệnh viện",
        "2. Bản sao giấy chứng nhận kết hôn của cha mẹ (có chứng thực)",
        "Lý do: Hồ sơ thiếu giấy tờ theo quy định tại Điều 16 Luật Hộ tịch",
        "Trần Đức Thắng số điện thoại 0237 3852 112",
    ),
    "mau03_refusal": (
        "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
        DATE_LINE,
        samples.CODE,
        "Nguyễn Thị Hường",
        "Cấp phép xây dựng nhà ở riêng lẻ",
        "Căn cứ quy định tại Điều 89 Luật Xây dựng 2014",
        "Thửa đất nằm trong hành lang an toàn đường bộ",
        "Thủ tục không thuộc thẩm quyền giải quyết của xã",
        "NGƯỜI TỪ CHỐI",
    ),
    "mau04_apology": (
        DATE_LINE,
        "Số: 12/PXL-TTPVHCC",
        samples.CODE,
        "Kính gửi: Ông/Bà Nguyễn Thị Hường",
        "Chứng thực hợp đồng chuyển nhượng quyền sử dụng đất",
        DUE,
        "Cần xác minh thêm nguồn gốc thửa đất với Văn phòng đăng ký đất đai",
        "14 giờ 00 phút, ngày 17 tháng 02 năm 2025",
        "Lê Văn Quý",
    ),
    "mau05_stop_notice": (
        "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
        DATE_LINE,
        samples.CODE,
        "Kính gửi: Ông/Bà Nguyễn Thị Hường",
        "Đăng ký biến động đất đai",
        "ngày 30 tháng 01 năm 2025",
        "Người nộp hồ sơ đề nghị rút hồ sơ để bổ sung hợp đồng tặng cho",
        "Lê Văn Quý",
    ),
    "mau05_control_sheet": (
        "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
        samples.CODE,
        "Kèm theo hồ sơ của: Nguyễn Thị Hường",
        RECEIVED,
        DUE,
        "1. Giao: Bộ phận Một cửa",
        "2. Nhận: Công chức địa chính",
        "18 giờ 45 phút, ngày 25 tháng 01 năm 2025",
        "Trước hạn",
        "Đúng hạn",
        "Quá hạn",
        "Trần Đức Thắng",
        "Văn phòng đăng ký đất đai tỉnh",
    ),
    "mau06_tracking_book": (
        "SỔ THEO DÕI HỒ SƠ",
        "Từ ngày 01/01/2025 đến ngày 31/01/2025",
        "000.00.06.H56-250101-0001",
        "Chứng thực bản sao từ bản chính giấy tờ, văn bản",
        "Nguyễn Thị Hường",
        "Trần Đức Thắng",
        "Lê Văn Quý",
        "16:45 24/01/2025",
        "Trả qua bưu chính",
        "Nhận kết quả từ cơ quan giải quyết",
    ),
}

FORM_SETS = [(version, form) for version in ("v2018", "v2025") for form in available_forms(version)]


def test_form_sets_are_data_with_the_day_they_came_into_force():
    assert [(s.version, s.in_force_from) for s in FORM_SET_DATES] == [
        ("v2018", date(2019, 1, 6)),
        ("v2025", date(2025, 9, 15)),
    ]
    assert form_set_in_force(date(2025, 9, 14)).version == "v2018"
    assert form_set_in_force(date(2025, 9, 15)).version == "v2025"
    assert form_set_in_force(date(2018, 1, 1)).version == "v2018"  # older dossiers too


def test_each_form_set_has_its_legal_forms():
    assert len(available_forms("v2018")) == 6
    assert len(available_forms("v2025")) == 7
    assert "mau05_stop_notice" in available_forms("v2025")
    assert "mau05_stop_notice" not in available_forms("v2018")


@pytest.mark.parametrize(("version", "form"), FORM_SETS)
def test_form_prints_header_motto_and_its_fields(version, form):
    text = text_of(render_pdf(form, samples.SAMPLES[form](), version=version))

    missing = [s for s in (*HEADER, *MOTTO, *EXPECTED[form]) if s not in text]
    assert missing == [], f"{version}/{form} lacks {missing}\n{text}"


@pytest.mark.parametrize(("version", "form"), FORM_SETS)
def test_slips_print_on_a5_and_the_book_on_a4_landscape(version, form):
    sizes = page_sizes(render_pdf(form, samples.SAMPLES[form](), version=version))

    expected = A4_LANDSCAPE if form == "mau06_tracking_book" else A5
    assert sizes
    for width, height in sizes:
        assert width == pytest.approx(expected[0], abs=1)
        assert height == pytest.approx(expected[1], abs=1)


@pytest.mark.parametrize(("version", "form"), FORM_SETS)
def test_a_realistic_slip_fits_on_one_page(version, form):
    assert len(page_sizes(render_pdf(form, samples.SAMPLES[form](), version=version))) == 1


@pytest.mark.parametrize(
    ("version", "form", "mark"),
    [
        ("v2018", "mau04_apology", "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ"),
        ("v2025", "mau04_apology", "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT"),
        ("v2018", "mau05_control_sheet", "Mẫu số 05"),
        ("v2025", "mau05_control_sheet", "Mẫu số 06"),
        ("v2018", "mau06_tracking_book", "Mẫu số 06"),
        ("v2025", "mau06_tracking_book", "Mẫu số 07"),
        ("v2025", "mau05_stop_notice", "Mẫu số 05"),
    ],
)
def test_the_form_set_version_decides_number_and_title(version, form, mark):
    assert mark in text_of(render_pdf(form, samples.SAMPLES[form](), version=version))


def test_a_300_row_book_spans_pages_each_repeating_the_table_header():
    data = samples.tracking_book(rows=300)
    pdf = render_pdf("mau06_tracking_book", data)

    pages = page_texts(pdf)
    assert len(pages) >= 5
    for number, text in enumerate(pages, start=1):
        assert "Mã hồ sơ" in text, f"page {number} has no table header"
        assert "Trả kết quả cho cá nhân, tổ chức" in text
        assert f"Trang {number} / {len(pages)}" in text
    assert data["rows"][-1]["code"] in pages[-1]
    assert sum(text.count("000.00.06.H56-2501") for text in pages) == 300
