"""Real files for the tests: PDFs typeset by typst, a JPEG scan made by poppler from one of
them, a PNG made by segno, and an executable in disguise."""

from __future__ import annotations

import functools
import io
import json
import subprocess
import tempfile
from pathlib import Path

import segno
import typst
from pypdf import PdfReader, PdfWriter

from motcua.documents.pdf import shipped_fonts

LETTER = b"""
#let d = json(bytes(sys.inputs.data))
#set page(paper: d.paper)
#set text(font: "Liberation Serif", lang: "vi")
#for (i, body) in d.pages.enumerate() {
  if i > 0 { pagebreak() }
  [= #d.title]
  body
}
"""

# The first bytes of a Windows program (MZ header, PE offset, "This program cannot be run…").
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00\xb8"
    + b"\x00" * 43
    + b"\x80\x00\x00\x00"
    + b"This program cannot be run in DOS mode.\r\r\n$"
    + b"\x00" * 200
)


def a_pdf(
    title: str = "Giấy khai sinh",
    body: str = "Họ và tên: Nguyễn Thị Hường. Sinh ngày 24 tháng 01 năm 2025.",
    *,
    pages: int = 1,
    paper: str = "a4",
) -> bytes:
    data = {"title": title, "pages": [f"{body} (trang {i + 1})" for i in range(pages)]}
    return typst.compile(
        LETTER,
        font_paths=shipped_fonts(),
        sys_inputs={"data": json.dumps({**data, "paper": paper}, ensure_ascii=False)},
    )


@functools.cache
def a_jpeg() -> bytes:
    """A scan: a PDF page rasterised to JPEG by pdftoppm."""
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "page.pdf"
        source.write_bytes(a_pdf("Bản quét", paper="a5"))
        subprocess.run(
            ["pdftoppm", "-jpeg", "-r", "30", "-singlefile", str(source), str(Path(folder) / "p")],
            check=True,
        )
        return (Path(folder) / "p.jpg").read_bytes()


def a_png() -> bytes:
    buffer = io.BytesIO()
    segno.make("Giấy tờ", micro=False).save(buffer, kind="png", scale=4)
    return buffer.getvalue()


def corrupt_pdf() -> bytes:
    """A PDF cut in half, as a broken upload leaves it."""
    content = a_pdf()
    return content[: len(content) // 2]


def encrypted_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(a_pdf())))
    writer.encrypt("mat-khau")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def post_file(client, auth: dict, path: str, content: bytes, name: str = "giấy tờ.pdf"):
    """A multipart POST of one file to ``/api/v1<path>`` with the caller's auth headers."""
    handle = io.BytesIO(content)
    handle.name = name
    return client.post(f"/api/v1{path}", {"file": handle}, **auth)
