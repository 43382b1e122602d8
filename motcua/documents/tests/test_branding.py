"""An agency may print its own header names and logo over the default ones."""

from __future__ import annotations

import io

import pytest
import segno
from pypdf import PdfReader

from motcua.documents.pdf import Branding, render_pdf
from motcua.documents.tests import samples
from motcua.errors import ValidationFailed
from motcua.tests.reading import text_of


def _png_logo() -> bytes:
    buffer = io.BytesIO()
    segno.make("logo", micro=False).save(buffer, kind="png", scale=4)
    return buffer.getvalue()


SVG_LOGO = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="40" height="40">'
    b'<circle cx="20" cy="20" r="18" fill="#c00000"/></svg>'
)


def test_branding_override_prints_the_agency_own_names():
    branding = Branding(superior_name="UBND tỉnh Thanh Hóa", agency_name="Sở Tư pháp")

    text = text_of(render_pdf("mau01_receipt", samples.receipt(), overrides=branding))

    assert "UBND TỈNH THANH HÓA" in text
    assert "SỞ TƯ PHÁP" in text
    assert "UBND XÃ TÂN LẬP" not in text


def test_png_logo_is_placed_in_the_header():
    branding = Branding(logo=_png_logo())

    pdf = render_pdf("mau02_supplement_request", samples.supplement_request(), overrides=branding)

    page = PdfReader(io.BytesIO(pdf)).pages[0]
    assert len(page.images) == 1
    assert "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ TÂN LẬP" in text_of(pdf)


def test_svg_logo_changes_the_page_and_keeps_the_text():
    plain = render_pdf("mau03_refusal", samples.refusal())
    branded = render_pdf(
        "mau03_refusal", samples.refusal(), overrides=Branding(logo=SVG_LOGO, logo_format="svg")
    )

    assert branded != plain
    assert text_of(branded) == text_of(plain)


def test_logo_that_is_no_image_is_refused():
    with pytest.raises(ValidationFailed, match="PNG, JPEG hoặc SVG"):
        render_pdf("mau01_receipt", samples.receipt(), overrides=Branding(logo=b"GIF89a..."))
