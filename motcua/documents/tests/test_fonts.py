"""Only the shipped, openly licensed serif is used, and it has every Vietnamese letter."""

from __future__ import annotations

import struct
import unicodedata
from pathlib import Path

import pytest

from motcua.documents.pdf import FONTS_DIR, available_forms, render_pdf, shipped_fonts
from motcua.documents.tests import samples
from motcua.tests.reading import font_names, text_of

VOWELS = "aăâeêioôơuưy"
TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng
VIETNAMESE_LETTERS = {
    unicodedata.normalize("NFC", base + tone)
    for vowel in VOWELS
    for base in (vowel, vowel.upper())
    for tone in ("", *TONES)
} | set("đĐ")


def cmap_codepoints(path: Path) -> set[int]:
    """Code points a TrueType font maps to a real glyph (cmap format 4 and 12)."""
    data = path.read_bytes()

    def u16(at: int) -> int:
        return struct.unpack_from(">H", data, at)[0]

    tables = {
        data[12 + 16 * i : 16 + 16 * i]: struct.unpack_from(">I", data, 20 + 16 * i)[0]
        for i in range(u16(4))
    }
    cmap = tables[b"cmap"]
    points: set[int] = set()
    for i in range(u16(cmap + 2)):
        sub = cmap + struct.unpack_from(">I", data, cmap + 8 + 8 * i)[0]
        if u16(sub) == 12:
            for g in range(struct.unpack_from(">I", data, sub + 12)[0]):
                first, last, glyph = struct.unpack_from(">III", data, sub + 16 + 12 * g)
                points.update(range(first, last + 1) if glyph else range(first + 1, last + 1))
        elif u16(sub) == 4:
            segments = u16(sub + 6) // 2
            ends, starts = sub + 14, sub + 16 + 2 * segments
            deltas, offsets = starts + 2 * segments, starts + 4 * segments
            for s in range(segments):
                start, end = u16(starts + 2 * s), u16(ends + 2 * s)
                delta, offset = u16(deltas + 2 * s), u16(offsets + 2 * s)
                for code in range(start, min(end, 0xFFFE) + 1):
                    if offset:
                        glyph = u16(offsets + 2 * s + offset + 2 * (code - start))
                        glyph = (glyph + delta) & 0xFFFF if glyph else 0
                    else:
                        glyph = (code + delta) & 0xFFFF
                    if glyph:
                        points.add(code)
    return points


FONT_FILES = sorted(FONTS_DIR.glob("*.ttf"))


def test_typst_sees_only_the_shipped_family():
    assert shipped_fonts().families() == ["Liberation Serif"]
    assert len(FONT_FILES) == 4
    assert (FONTS_DIR / "LICENSE-LiberationSerif.txt").read_text().count("SIL OPEN FONT LICENSE")


@pytest.mark.parametrize("font", FONT_FILES, ids=lambda p: p.stem)
def test_every_style_covers_the_vietnamese_alphabet(font):
    covered = cmap_codepoints(font)

    assert sorted(c for c in VIETNAMESE_LETTERS if ord(c) not in covered) == []
    assert len(VIETNAMESE_LETTERS) == 12 * 2 * 6 + 2


@pytest.mark.parametrize("version", ["v2018", "v2025"])
def test_every_printed_character_has_a_glyph_in_the_shipped_font(version):
    covered = set.intersection(*(cmap_codepoints(f) for f in FONT_FILES))
    for form in available_forms(version):
        pdf = render_pdf(form, samples.SAMPLES[form](), version=version)

        assert font_names(pdf) <= {
            f"LiberationSerif{s}" for s in ("", "-Bold", "-Italic", "-BoldItalic")
        }
        text = text_of(pdf)
        assert sorted({c for c in text if ord(c) not in covered}) == [], form
