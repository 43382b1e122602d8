"""Sign with a visible Vietnamese stamp, add the seal, verify; tampering is caught."""

from __future__ import annotations

import io
import re
import socket
from datetime import timedelta

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pypdf import PdfReader, PdfWriter

from motcua.signing.base import SigningError
from motcua.signing.pades import Coverage, render_stamp, sign_pdf, verify_pdf
from motcua.signing.tests.conftest import make_pdf
from motcua.signing.tests.tsa import LocalTimestampAuthority
from motcua.tests.reading import text_of

STAMP = "Ký bởi: Trần Đức Thắng\nCơ quan: UBND xã Tân Lập\nThời gian: 24/01/2025 16:45"
SEAL_STAMP = "Con dấu: UBND xã Tân Lập\nThời gian: 24/01/2025 16:46"


def _sign_leader(pdf, leader, **kwargs):
    return sign_pdf(
        pdf,
        leader,
        field_name="ChuKyLanhDao",
        reason="Phê duyệt kết quả giải quyết hồ sơ",
        location="Tân Lập",
        stamp_text=STAMP,
        **kwargs,
    )


def _widgets(pdf: bytes) -> dict[str, list[float]]:
    page = PdfReader(io.BytesIO(pdf)).pages[-1]
    return {
        str(a.get_object()["/T"]): [float(v) for v in a.get_object()["/Rect"]]
        for a in page.get("/Annots", [])
    }


def test_signed_pdf_verifies_valid_and_intact_with_signer_and_time(ca, leader, letter):
    signed = _sign_leader(letter, leader)

    [report] = verify_pdf(signed, trust_roots=[ca[0]])

    assert report.field_name == "ChuKyLanhDao"
    assert report.signer_name == "Trần Đức Thắng"
    assert report.intact and report.valid and report.trusted
    assert report.coverage is Coverage.WHOLE_DOCUMENT
    assert report.signing_time is not None and report.signing_time.tzinfo is not None
    assert report.timestamp_time is None
    assert report.problems == ()


def test_signing_keeps_the_original_bytes_as_the_first_revision(leader, letter):
    signed = _sign_leader(letter, leader)

    assert signed.startswith(letter)
    assert b"/SubFilter /ETSI.CAdES.detached" in signed


def test_seal_as_second_signature_keeps_both_valid(ca, leader, seal, letter):
    signed = _sign_leader(letter, leader)
    sealed = sign_pdf(signed, seal, field_name="ConDau", reason="Đóng dấu", stamp_text=SEAL_STAMP)

    first, second = verify_pdf(sealed, trust_roots=[ca[0]])

    assert sealed.startswith(signed)
    assert (first.signer_name, second.signer_name) == ("Trần Đức Thắng", "UBND xã Tân Lập")
    assert first.valid and second.valid
    assert first.coverage is Coverage.LATER_UPDATES
    assert second.coverage is Coverage.WHOLE_DOCUMENT


def test_default_stamp_boxes_of_two_signatures_do_not_overlap(leader, seal, letter):
    sealed = sign_pdf(_sign_leader(letter, leader), seal, field_name="ConDau", stamp_text="Dấu")

    boxes = _widgets(sealed)
    (ax1, ay1, ax2, ay2), (_, by1, _, by2) = boxes["ChuKyLanhDao"], boxes["ConDau"]
    assert ax2 > ax1 and ay2 > ay1
    assert by1 >= ay2 or ay1 >= by2


def test_explicit_box_and_page_place_the_stamp(leader):
    two_pages = make_pdf(body="Trang một. #pagebreak() Trang hai.")
    signed = sign_pdf(
        two_pages, leader, field_name="Ky", stamp_text=STAMP, page=0, box=(40, 100, 240, 160)
    )

    first_page = PdfReader(io.BytesIO(signed)).pages[0]
    [annot] = [a.get_object() for a in first_page["/Annots"]]
    assert [float(v) for v in annot["/Rect"]] == [40, 100, 240, 160]


def test_without_stamp_text_the_signature_is_invisible(ca, leader, letter):
    signed = sign_pdf(letter, leader, field_name="KyAn")

    rect = _widgets(signed)["KyAn"]
    assert rect[2] - rect[0] == 0
    assert verify_pdf(signed, trust_roots=[ca[0]])[0].valid


def test_stamp_prints_vietnamese_text_in_the_shipped_font():
    stamp = render_stamp(STAMP, 200, 62)

    text = text_of(stamp)
    assert text == " ".join(STAMP.split())
    fonts = PdfReader(io.BytesIO(stamp)).pages[0]["/Resources"]["/Font"]
    assert all("LiberationSerif" in str(f.get_object()["/BaseFont"]) for f in fonts.values())


def test_stamp_text_is_data_not_typst_markup():
    tricky = '#panic("x") ] $ \\ "trích"'

    text = text_of(render_stamp(tricky, 200, 62))

    assert tricky in text


def test_flipping_one_signed_byte_makes_the_signature_not_intact(ca, leader, letter):
    signed = bytearray(_sign_leader(letter, leader))
    target = signed.index(b"Catalog")  # inside the first byte range, not in /Contents
    signed[target] ^= 0x20

    [report] = verify_pdf(bytes(signed), trust_roots=[ca[0]])

    assert not report.intact
    assert not report.valid
    assert "Nội dung văn bản đã bị thay đổi sau khi ký." in report.problems


def test_rewriting_the_file_non_incrementally_breaks_the_signature(ca, leader, letter):
    signed = _sign_leader(letter, leader)
    rewritten = io.BytesIO()
    PdfWriter(clone_from=PdfReader(io.BytesIO(signed))).write(rewritten)

    reports = verify_pdf(rewritten.getvalue(), trust_roots=[ca[0]])

    assert len(reports) == 1
    assert not reports[0].valid
    assert not reports[0].intact


def test_changing_page_content_in_a_later_update_is_not_allowed(ca, leader, letter):
    signed = _sign_leader(letter, leader)
    writer = IncrementalPdfFileWriter(io.BytesIO(signed))
    page_ref, _ = writer.find_page_for_modification(0)
    stream = generic.StreamObject(stream_data=b"BT /F1 24 Tf 50 50 Td (SUA) Tj ET")
    page = page_ref.get_object()
    page["/Contents"] = writer.add_object(stream)
    writer.update_container(page)
    tampered = io.BytesIO()
    writer.write(tampered)

    [report] = verify_pdf(tampered.getvalue(), trust_roots=[ca[0]])

    assert report.intact  # the signed revision itself is untouched
    assert report.coverage is Coverage.LATER_UPDATES
    assert not report.valid
    assert "Văn bản có thay đổi không được phép sau khi ký." in report.problems


def test_untrusted_root_gives_intact_but_not_valid(other_ca, leader, letter):
    [report] = verify_pdf(_sign_leader(letter, leader), trust_roots=[other_ca[0]])

    assert report.intact
    assert not report.trusted
    assert not report.valid
    assert any("tin cậy" in problem for problem in report.problems)


def test_time_stamped_signature_reports_the_tsa_time(ca, tsa, leader, letter):
    with LocalTimestampAuthority(tsa, chain=(ca[0],)) as authority:
        signed = _sign_leader(letter, leader, timestamper_url=authority.url)

    [report] = verify_pdf(signed, trust_roots=[ca[0]])

    assert authority.requests >= 1
    assert report.timestamp_time == authority.issued[-1]
    assert abs(report.timestamp_time - report.signing_time) < timedelta(minutes=1)
    assert report.valid


def test_unreachable_tsa_is_a_signing_error(leader, letter):
    with socket.socket() as probe:  # a port that was free a moment ago and has no server
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    with pytest.raises(SigningError, match="dấu thời gian"):
        _sign_leader(letter, leader, timestamper_url=f"http://127.0.0.1:{port}/tsa")


def test_signing_the_same_field_twice_is_refused(leader, letter):
    signed = _sign_leader(letter, leader)

    with pytest.raises(SigningError, match="ChuKyLanhDao"):
        _sign_leader(signed, leader)


@pytest.mark.parametrize("garbage", [b"", b"hello", b"%PDF-1.7\n%%EOF", b"%PDF-1.7\n" + b"\0" * 64])
def test_a_file_that_is_no_pdf_is_a_clear_error(ca, leader, garbage):
    with pytest.raises(SigningError, match="không phải PDF hợp lệ"):
        verify_pdf(garbage, trust_roots=[ca[0]])
    with pytest.raises(SigningError, match="không phải PDF hợp lệ"):
        sign_pdf(garbage, leader, field_name="Ky")


@pytest.mark.parametrize("offset", [10, 3000], ids=["structure", "signature-value"])
def test_garbled_signature_data_is_a_clear_error(ca, leader, letter, offset):
    signed = bytearray(_sign_leader(letter, leader))
    start = re.search(rb"/Contents <([0-9a-f]+)>", signed, re.IGNORECASE).start(1) + offset
    signed[start : start + 40] = b"f" * 40 if signed[start] != ord("f") else b"0" * 40

    with pytest.raises(SigningError, match="dữ liệu chữ ký đã bị hỏng") as caught:
        verify_pdf(bytes(signed), trust_roots=[ca[0]])
    assert caught.value.code == "invalid_signature"


def test_an_unsigned_pdf_has_no_signatures(ca, letter):
    assert verify_pdf(letter, trust_roots=[ca[0]]) == []
