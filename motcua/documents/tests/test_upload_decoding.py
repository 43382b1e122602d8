"""Images are decoded in full and PDFs parsed page by page before they are accepted; a file
that is also a web page (a PDF/HTML or image/HTML polyglot) is refused; stored uploads reach
staff as downloads (``office/tests/test_file_downloads.py``)."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.files.storage import default_storage

from motcua.documents import storage
from motcua.documents.models import Document
from motcua.documents.tests import files

pytestmark = pytest.mark.django_db

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_header_then_zeros() -> bytes:
    """A PNG signature and a real IHDR chunk, then nothing but zeros."""
    ihdr = _chunk(b"IHDR", struct.pack(">IIBBBBB", 64, 64, 8, 2, 0, 0, 0))
    return PNG_SIGNATURE + ihdr + b"\x00" * 4096


def truncated_png() -> bytes:
    content = files.a_png()
    return content[: len(content) - 40]


def jpeg_marker_then_zeros() -> bytes:
    return b"\xff\xd8\xff\xe0" + b"\x00" * 4096


def pdf_html_polyglot() -> bytes:
    """A real PDF with a web page after its header: a browser sniffing it runs the script."""
    pdf = files.a_pdf()
    header, rest = pdf.split(b"\n", 1)
    page = b"%<html><body><script>alert(document.cookie)</script></body></html>\n"
    return header + b"\n" + page + rest


def png_html_polyglot() -> bytes:
    """A valid PNG carrying a web page in a text chunk."""
    content = files.a_png()
    text = _chunk(b"tEXt", b"Comment\x00<html><script>alert(1)</script></html>")
    return content[:33] + text + content[33:]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (png_header_then_zeros(), "anh.png", "Tệp ảnh bị hỏng"),
        (truncated_png(), "anh.png", "Tệp ảnh bị hỏng"),
        (jpeg_marker_then_zeros(), "anh.jpg", "Tệp ảnh bị hỏng"),
        (pdf_html_polyglot(), "to-khai.pdf", "mã trang web"),
        (png_html_polyglot(), "anh.png", "mã trang web"),
    ],
    ids=["png-signature-zeros", "png-truncated", "jpeg-marker-zeros", "pdf-html", "png-html"],
)
def test_a_file_that_does_not_decode_or_is_also_a_web_page_is_refused(
    client, api_token, lan, content, name, message
):
    response = files.post_file(client, api_token(lan), "/files", content, name)

    assert response.status_code == 400, response.content
    body = response.json()
    assert body["error"] == "file_rejected"
    assert message in body["message"]
    assert Document.objects.count() == 0
    assert not default_storage.exists("documents")


@pytest.mark.parametrize(
    ("make", "name"),
    [(files.a_pdf, "giay.pdf"), (files.a_jpeg, "scan.jpg"), (files.a_png, "ma.png")],
)
def test_real_scans_and_pdfs_are_accepted(client, api_token, lan, make, name):
    response = files.post_file(client, api_token(lan), "/files", make(), name)
    assert response.status_code == 201, response.content


def _broken_page_content() -> bytes:
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, NumberObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(files.a_pdf(pages=2))))
    writer.pages[0][NameObject("/Contents")] = NumberObject(7)  # a number where a stream belongs
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_a_pdf_whose_page_content_is_broken_is_refused(client, api_token, lan):
    response = files.post_file(client, api_token(lan), "/files", _broken_page_content(), "hong.pdf")

    assert response.status_code == 400, response.content
    assert "Tệp PDF bị hỏng" in response.json()["message"]


def test_only_a_pdf_made_here_is_counted_without_parsing_its_pages():
    content = _broken_page_content()
    with pytest.raises(storage.FileRejected, match="Tệp PDF bị hỏng"):
        storage.describe(content, "hong.pdf")
    assert storage.describe(content, "ket-qua.pdf", made_here=True).pages == 2


def test_a_picture_with_more_pixels_than_the_limit_is_refused(client, api_token, lan, settings):
    settings.UPLOAD_MAX_PIXELS = 100  # the QR code PNG has thousands
    response = files.post_file(client, api_token(lan), "/files", files.a_png(), "ma.png")
    assert response.status_code == 400
    assert "Tệp ảnh bị hỏng hoặc không đọc được" in response.json()["message"]
