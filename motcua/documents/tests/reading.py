"""Read a rendered PDF back: its text per page (pdfminer.six, or pypdf where reading order does not
matter), its page sizes (pypdf) and where each word lies on its page (poppler)."""

from __future__ import annotations

import html
import io
import re
import subprocess
import unicodedata
from dataclasses import dataclass

from pdfminer.high_level import extract_pages
from pdfminer.layout import LTTextContainer
from pypdf import PdfReader


def page_texts(pdf: bytes, *, in_reading_order: bool = True) -> list[str]:
    """Text of each page, NFC, whitespace collapsed so wrapped lines read as one.

    pdfminer's layout analysis puts the text in reading order, at a cost that grows with the
    square of a page's text boxes; a long table read only for what each page contains
    (``in_reading_order=False``) is read by pypdf, four times faster."""
    if not in_reading_order:
        return [
            " ".join(unicodedata.normalize("NFC", page.extract_text()).split())
            for page in PdfReader(io.BytesIO(pdf)).pages
        ]
    texts = []
    for page in extract_pages(io.BytesIO(pdf)):
        raw = " ".join(el.get_text() for el in page if isinstance(el, LTTextContainer))
        texts.append(" ".join(unicodedata.normalize("NFC", raw).split()))
    return texts


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


def visible_text(pdf: bytes) -> str:
    """Everything a viewer shows, signature stamps included (stamps are annotation appearances,
    which pdfminer leaves out; poppler's pdftotext draws them), NFC and whitespace collapsed."""
    result = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return " ".join(unicodedata.normalize("NFC", result.stdout.decode("utf-8")).split())


def layout_text(pdf: bytes) -> str:
    """The page as poppler lays it out (``pdftotext -layout``): table rows stay together."""
    result = subprocess.run(
        ["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    )
    return unicodedata.normalize("NFC", result.stdout.decode("utf-8"))


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
    result = subprocess.run(
        ["pdftotext", "-bbox", "-enc", "UTF-8", "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    )
    pages = []
    for width, height, body in _PAGE.findall(result.stdout.decode("utf-8")):
        words = [
            Word(unicodedata.normalize("NFC", html.unescape(t)), *map(float, (a, b, c, e)))
            for a, b, c, e, t in _WORD.findall(body)
        ]
        pages.append(PageWords(float(width), float(height), words))
    return pages
