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
    assert width == expected.symbol_size(scale=1, border=2)[0]


def test_slip_without_lookup_url_has_no_qr_drawing():
    with_qr = samples.supplement_request()
    without_qr = samples.supplement_request()
    del without_qr["lookup_url"]

    assert len(render_pdf("mau02_supplement_request", with_qr)) > len(
        render_pdf("mau02_supplement_request", without_qr)
    )
