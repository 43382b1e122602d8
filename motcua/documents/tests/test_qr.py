"""The QR code on the slips leads to the public status page (tra cứu) of the dossier."""

from __future__ import annotations

import re

import segno

from motcua.documents import qr
from motcua.documents.pdf import render_pdf
from motcua.documents.tests import samples


def test_lookup_url_carries_the_dossier_code():
    assert (
        qr.lookup_url("motcua.tanlap.gov.vn", "000.00.06.H56-250124-0361")
        == "https://motcua.tanlap.gov.vn/tra-cuu?code=000.00.06.H56-250124-0361"
    )
    assert (
        qr.lookup_url("http://localhost:8000/", "A B&C")
        == "http://localhost:8000/tra-cuu?code=A+B%26C"
    )


def test_qr_svg_draws_the_modules_of_the_encoded_url():
    url = samples.LOOKUP
    svg = qr.qr_svg(url)

    assert svg.startswith("<svg") and 'xmlns="http://www.w3.org/2000/svg"' in svg
    expected = segno.make(url, error="m", micro=False)
    width = int(re.search(r'width="(\d+)"', svg).group(1))
    assert width == expected.symbol_size(scale=1, border=qr.QUIET_ZONE)[0]


def test_slip_without_lookup_url_has_no_qr_drawing():
    with_qr = samples.supplement_request()
    without_qr = samples.supplement_request()
    del without_qr["lookup_url"]

    assert len(render_pdf("mau02_supplement_request", with_qr)) > len(
        render_pdf("mau02_supplement_request", without_qr)
    )


def test_the_qr_code_keeps_a_quiet_zone_of_four_modules():
    """Issue 18 item 4: ISO/IEC 18004 asks for 4 modules of white around the symbol."""
    text = "https://motcua.minhson.gov.vn/tra-cuu?code=000.00.31.H99-250310-0001"
    svg = qr.qr_svg(text)
    width = int(re.search(r'width="(\d+)"', svg).group(1))
    assert width == segno.make(text, error="m", micro=False).symbol_size(border=0)[0] + 8
