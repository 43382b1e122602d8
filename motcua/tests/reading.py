"""Read a rendered PDF back with poppler's pdftotext: its text per page, where each word lies
on its page; and its page sizes and fonts (pypdf)."""

from __future__ import annotations

import html
import io
import re
import subprocess
import unicodedata
from dataclasses import dataclass

from pypdf import PdfReader


def _pdftotext(pdf: bytes, *options: str) -> str:
    result = subprocess.run(
        ["pdftotext", *options, "-enc", "UTF-8", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    )
    return unicodedata.normalize("NFC", result.stdout.decode("utf-8"))


def page_texts(pdf: bytes) -> list[str]:
    """Text of each page in the order the page draws it (``pdftotext -raw``: a table row by
    row), whitespace collapsed so wrapped lines read as one. Signature stamps are part of it
    (poppler draws annotation appearances, as a viewer does)."""
    pages = _pdftotext(pdf, "-raw").split("\f")[:-1]  # each page ends with a form feed
    return [" ".join(page.split()) for page in pages]


def text_of(pdf: bytes) -> str:
    return " ".join(page_texts(pdf))


def page_sizes(pdf: bytes) -> list[tuple[float, float]]:
    return [
        (float(page.mediabox.width), float(page.mediabox.height))
        for page in PdfReader(io.BytesIO(pdf)).pages
    ]


def font_names(pdf: bytes) -> set[str]:
    """Base names of every font the pages use, subset prefix removed."""
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for ref in fonts.values():
            base = str(ref.get_object()["/BaseFont"]).lstrip("/")
            names.add(base.split("+", 1)[-1])
    return names


def layout_text(pdf: bytes) -> str:
    """The page as poppler lays it out (``pdftotext -layout``): table rows stay together."""
    return _pdftotext(pdf, "-layout")


@dataclass(frozen=True)
class Word:
    text: str
    x0: float
    y0: float  # from the top of the page
    x1: float
    y1: float


@dataclass(frozen=True)
class PageWords:
    width: float
    height: float
    words: list[Word]

    def text_above(self, y: float) -> str:
        """The words wholly above ``y`` points from the top (a running header), in order."""
        return " ".join(w.text for w in self.words if w.y1 <= y)


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(
    r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*?)</word>'
)


def page_words(pdf: bytes) -> list[PageWords]:
    """Every word of every page with its box in points (poppler's ``pdftotext -bbox``)."""
    bbox = _pdftotext(pdf, "-bbox")
    pages = []
    for width, height, body in _PAGE.findall(bbox):
        words = [
            Word(html.unescape(t), *map(float, (a, b, c, e)))
            for a, b, c, e, t in _WORD.findall(body)
        ]
        pages.append(PageWords(float(width), float(height), words))
    return pages
