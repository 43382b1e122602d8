"""The data contract: bad data is refused in Vietnamese, user text is data, dates and money."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest

from motcua.documents import pdf
from motcua.documents.pdf import render_pdf, validate
from motcua.documents.tests import samples
from motcua.errors import ValidationFailed
from motcua.tests.reading import text_of

INJECTIONS = [
    '#panic("x")',
    "Lê ] Văn [ Quý",
    "$x^2$ và \\ và \"trích dẫn\" và 'nháy'",
    "*đậm* _nghiêng_ `mã` <nhãn> @tham-chiếu = Tiêu đề",
    '#import "/etc/passwd"',
    "// chú thích /* khối */ - gạch + cộng 1. danh sách",
]


@pytest.mark.parametrize("name", INJECTIONS)
def test_typst_markup_in_user_text_is_printed_literally(name):
    data = samples.receipt()
    data["applicant"]["name"] = name
    data["components"][0]["name"] = name

    # Table cells may wrap after a hyphen, so compare without spaces.
    text = text_of(render_pdf("mau01_receipt", data)).replace(" ", "")

    assert text.count(name.replace(" ", "")) >= 3  # applicant line, table row, signature


def test_missing_required_key_is_a_validation_error_naming_the_key():
    data = samples.receipt()
    del data["dossier"]["code"]
    data["applicant"]["name"] = "  "

    with pytest.raises(ValidationFailed) as caught:
        render_pdf("mau01_receipt", data)

    error = caught.value
    assert "dossier.code" in error.message
    assert "applicant.name" in error.message
    assert "thiếu giá trị bắt buộc" in error.message
    assert {p["field"] for p in error.details["problems"]} == {"dossier.code", "applicant.name"}


def test_missing_block_and_empty_required_list_are_reported():
    data = samples.supplement_request()
    del data["applicant"]
    data["missing"] = []

    with pytest.raises(ValidationFailed) as caught:
        render_pdf("mau02_supplement_request", data)

    fields = {p["field"] for p in caught.value.details["problems"]}
    assert fields == {"applicant", "missing"}


def test_nested_row_problems_carry_their_index():
    data = samples.tracking_book(rows=3)
    del data["rows"][1]["code"]
    data["rows"][2]["received_at"] = "hôm qua"

    with pytest.raises(ValidationFailed) as caught:
        validate("mau06_tracking_book", data)

    fields = {p["field"] for p in caught.value.details["problems"]}
    assert fields == {"rows[1].code", "rows[2].received_at"}


def test_money_must_be_integer_dong():
    data = samples.receipt()
    data["dossier"]["fee_vnd"] = 1500000.0

    with pytest.raises(ValidationFailed, match="số nguyên đồng"):
        render_pdf("mau01_receipt", data)


def test_money_is_printed_with_dot_thousands_separators():
    data = samples.receipt()
    data["dossier"]["fee_vnd"] = 12_345_678

    assert "12.345.678 đồng" in text_of(render_pdf("mau01_receipt", data))


def test_control_sheet_result_must_be_a_known_classification():
    data = samples.control_sheet()
    data["handovers"][0]["result"] = "sớm"

    with pytest.raises(ValidationFailed, match="before, on_time, overdue"):
        validate("mau05_control_sheet", data)


def test_unknown_form_or_version_is_refused():
    with pytest.raises(ValidationFailed) as caught:
        render_pdf("mau09_nonexistent", {})
    assert caught.value.code == "unknown_form"

    with pytest.raises(ValidationFailed):
        render_pdf("mau05_stop_notice", samples.stop_notice(), version="v2018")
    with pytest.raises(ValidationFailed):
        render_pdf("mau01_receipt", samples.receipt(), version="v1999")


def test_dates_are_written_the_vietnamese_way():
    # Nghị định 30/2020: leading zero for days below 10 and for months 1 and 2 only.
    data = samples.receipt()
    data["printed_at"] = date(2025, 3, 5)
    data["dossier"]["received_at"] = datetime(2025, 3, 5, 8, 5)  # naive: Vietnamese time
    data["dossier"]["due_at"] = datetime(2025, 2, 7, 2, 30, tzinfo=UTC)  # 09:30 in Vietnam

    text = text_of(render_pdf("mau01_receipt", data))

    assert "Minh Sơn, ngày 05 tháng 3 năm 2025" in text
    assert "08 giờ 05 phút, ngày 05 tháng 3 năm 2025" in text
    assert "09 giờ 30 phút, ngày 07 tháng 02 năm 2025" in text


def test_iso_strings_are_accepted_for_dates():
    data = samples.receipt()
    data["printed_at"] = "2025-12-31"
    data["dossier"]["received_at"] = "2025-12-30T23:10:00+00:00"

    text = text_of(render_pdf("mau01_receipt", data))

    assert "ngày 31 tháng 12 năm 2025" in text
    assert "06 giờ 10 phút, ngày 31 tháng 12 năm 2025" in text


def test_decomposed_vietnamese_input_is_normalised_to_nfc():
    data = samples.receipt()
    data["applicant"]["name"] = "Nguyê\u0303n Thi\u0323 Hươ\u0300ng"  # NFD as some keyboards send

    assert "Nguyễn Thị Hường" in text_of(render_pdf("mau01_receipt", data))


def test_absent_optional_values_print_dotted_blanks():
    data = samples.receipt()
    data["dossier"]["result_delivery"] = None
    del data["dossier"]["time_limit_text"]

    text = text_of(render_pdf("mau01_receipt", data))

    assert "Đăng ký nhận kết quả tại: ……" in text
    assert "theo quy định: ……" in text


def test_contract_docstring_documents_every_key():
    def keys(spec):
        if isinstance(spec, pdf._Record):
            for key, sub in spec.fields.items():
                yield key
                yield from keys(sub)
        elif isinstance(spec, pdf._List):
            yield from keys(spec.item)

    every_key = {key for contract in pdf.CONTRACTS.values() for key in keys(contract)}
    documented = pdf.__doc__ or ""
    assert sorted(k for k in every_key if not re.search(rf"\b{k}\b", documented)) == []
