"""Issue 18 item 4: slips that run over a page stay signable. Each slip of each form set, on A5
and on A4, is filled with many papers or reasons, a 200-character e-mail address and a long
name, rendered by typst and read back from the PDF: the signatures never stand alone on the
last page, every continuation page repeats the dossier code and the title, and no text runs
off the page."""

from __future__ import annotations

import functools

import pytest

from motcua.documents.pdf import render_pdf
from motcua.documents.tests import samples
from motcua.tests.reading import page_texts, page_words

MM = 72 / 25.4
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP = 14 * MM, 11 * MM, 13 * MM  # a5-slip in common.typ
LONG_EMAIL = "nguyen.thi.huong." + "x" * 168 + "@tanlap.gov.vn"
LONG_NAME = "Công ty TNHH Thương mại " + "DịchVụXuấtNhậpKhẩuNôngSảnMiềnNúi" * 3 + " Tân Lập"
SIGNER = {"title": "Giám đốc", "name": "Lê Văn Quý"}
MANY = 60


def _long(data: dict) -> dict:
    data["applicant"].update(name=LONG_NAME, email=LONG_EMAIL)
    return data


def _receipt() -> dict:
    data = _long(samples.receipt())
    data["components"] = [
        {"name": f"Giấy tờ số {i + 1}: bản kê khai chi tiết thửa đất", "originals": 1}
        for i in range(MANY)
    ]
    return data


def _supplement_request() -> dict:
    data = _long(samples.supplement_request())
    data["missing"] = [f"Bản chính giấy tờ thứ {i + 1} còn thiếu" for i in range(MANY)]
    return data


def _refusal() -> dict:
    data = _long(samples.refusal())
    data["reasons"] = [f"Lý do thứ {i + 1}: giấy tờ không hợp lệ" for i in range(MANY)]
    return data


def _refusal_notice() -> dict:
    return {**_refusal(), "stage": "appraisal", "number": "07/TB", "signer": SIGNER}


def _long_reason(data: dict) -> dict:
    data["reason"] = " ".join(
        f"Văn phòng đăng ký đất đai chưa trả lời lần {i + 1} về nguồn gốc thửa đất."
        for i in range(2 * MANY)
    )
    return _long(data)


# form, builder, the closing words, the signature titles (as printed, upper case)
SLIPS = {
    "receipt": (
        "mau01_receipt",
        _receipt,
        "5. Thời gian trả kết quả giải quyết hồ sơ: 09 giờ 30 phút, ngày 10 tháng 02 năm 2025 "
        "6. Đăng ký nhận kết quả tại: Bộ phận Một cửa xã Tân Lập 7. Phí, lệ phí: 1.500.000 đồng "
        "Vào Sổ theo dõi hồ sơ, Quyển số: 01, Số thứ tự: 361",
        ("NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ"),
    ),
    "supplement_request": (
        "mau02_supplement_request",
        _supplement_request,
        "Ông/Bà liên hệ với Trần Đức Thắng số điện thoại 0237 3852 112 để được hướng dẫn",
        ("NGƯỜI HƯỚNG DẪN",),
    ),
    "refusal": (
        "mau03_refusal",
        _refusal,
        "Xin thông báo cho Ông/Bà được biết và thực hiện./.",
        ("NGƯỜI NỘP HỒ SƠ", "NGƯỜI TỪ CHỐI"),
    ),
    "refusal_notice": (
        "mau03_refusal",
        _refusal_notice,
        "Hồ sơ được trả lại cho Ông/Bà. Xin thông báo để Ông/Bà được biết./.",
        ("GIÁM ĐỐC",),
    ),
    "apology": (
        "mau04_apology",
        lambda: _long_reason(samples.apology()),
        "Xin trân trọng cảm ơn sự hợp tác của Ông/Bà./.",
        ("GIÁM ĐỐC",),
    ),
    "stop_notice": (
        "mau05_stop_notice",
        lambda: _long_reason(samples.stop_notice()),
        "Xin thông báo để Ông/Bà được biết./.",
        ("GIÁM ĐỐC",),
    ),
}
TITLES = {
    ("v2018", "mau01_receipt"): "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
    ("v2018", "mau02_supplement_request"): "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
    ("v2018", "mau03_refusal"): "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ",
    ("v2018", "mau04_apology"): "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
    ("v2025", "mau04_apology"): "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT",
    ("v2025", "mau05_stop_notice"): "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
    ("v2018", "mau05_control_sheet"): "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
}
CASES = [
    pytest.param(version, slip, paper, id=f"{version}-{slip}-{paper}")
    for version in ("v2018", "v2025")
    for slip in SLIPS
    if not (slip == "stop_notice" and version == "v2018")  # the 2018 set has no stop notice
    for paper in ("a5", "a4")
]


def _title(version: str, form: str, data: dict) -> str:
    if data.get("stage") == "appraisal":
        return "THÔNG BÁO TỪ CHỐI GIẢI QUYẾT HỒ SƠ"
    return TITLES.get((version, form)) or TITLES[("v2018", form)]


@functools.cache  # three tests read each rendering
def _render(version: str, slip: str, paper: str) -> tuple[bytes, dict, str, str, tuple]:
    form, build, closing, titles = SLIPS[slip]
    data = {**build(), "paper": paper}
    return render_pdf(form, data, version=version), data, form, closing, titles


def _assert_inside_the_page(pdf: bytes) -> None:
    """Every word lies on the page, and across between the side margins (a justified line's
    last full stop or comma may hang into the margin by less than a millimetre)."""
    for number, page in enumerate(page_words(pdf), start=1):
        assert page.words, f"page {number} is empty"
        off = [
            w
            for w in page.words
            if w.x0 < MARGIN_LEFT - 0.5
            or w.x1 > page.width - MARGIN_RIGHT + 1 * MM
            or w.y0 < 0
            or w.y1 > page.height
        ]
        assert off == [], f"page {number} ({page.width:.0f} pt wide): text off the page {off}"


@pytest.mark.parametrize(("version", "slip", "paper"), CASES)
def test_the_signatures_stay_with_the_closing_lines_on_the_last_page(version, slip, paper):
    pdf, data, _form, closing, titles = _render(version, slip, paper)

    pages = page_texts(pdf)
    assert len(pages) >= 2, "the sample must run over a page"
    last = pages[-1]
    assert closing in last, f"the last page has the signatures without the closing:\n{last}"
    for title in titles:
        assert title in last
        assert not any(title in page for page in pages[:-1])  # the block is not split
    signer = data.get("signer", {}).get("name")
    assert signer is None or signer in last
    assert f"Trang {len(pages)} / {len(pages)}" in last


@pytest.mark.parametrize(("version", "slip", "paper"), CASES)
def test_a_continuation_page_repeats_the_code_and_the_title(version, slip, paper):
    pdf, data, form, *_ = _render(version, slip, paper)

    pages = page_words(pdf)
    assert len(pages) >= 2
    title = _title(version, form, data)
    for number, page in enumerate(pages[1:], start=2):
        header = page.text_above(MARGIN_TOP)
        assert f"Mã hồ sơ: {samples.CODE}" in header, f"page {number}: {header!r}"
        assert title in header, f"page {number}: {header!r}"
    assert samples.CODE not in pages[0].text_above(MARGIN_TOP)  # page 1 has the full header


@pytest.mark.parametrize(("version", "slip", "paper"), CASES)
def test_long_e_mails_and_names_wrap_inside_the_page(version, slip, paper):
    pdf, *_ = _render(version, slip, paper)

    _assert_inside_the_page(pdf)
    joined = "".join("".join(page_texts(pdf)).split())
    assert "".join(LONG_NAME.split()) in joined  # wrapped, never cut
    if slip in ("receipt", "refusal"):  # the slips that print the e-mail
        assert LONG_EMAIL in joined


@pytest.mark.parametrize("version", ["v2018", "v2025"])
@pytest.mark.parametrize("paper", ["a5", "a4"])
def test_a_long_control_sheet_repeats_code_and_title_and_stays_on_the_page(version, paper):
    data = _long(samples.control_sheet())
    data["paper"] = paper
    data["handovers"] = data["handovers"] * 10
    pdf = render_pdf("mau05_control_sheet", data, version=version)

    pages = page_words(pdf)
    assert len(pages) >= 2
    for page in pages[1:]:
        header = page.text_above(MARGIN_TOP)
        assert f"Mã hồ sơ: {samples.CODE}" in header
        assert TITLES[("v2018", "mau05_control_sheet")] in header
    for page in pages:  # a hand-over row is never split: its signature lines come with it
        words = [w.text for w in page.words]
        assert words.count("Giao:") == words.count("giao") > 0
    _assert_inside_the_page(pdf)


def test_a_short_word_keeps_its_usual_line_breaking():
    """Only runs of 30 characters or more get break points: a dossier code or an ordinary
    e-mail address never splits on a one-page slip."""
    text = " ".join(page_texts(render_pdf("mau01_receipt", samples.receipt())))

    assert samples.CODE in text
    assert samples.APPLICANT["email"] in text
    assert samples.LOOKUP in text
