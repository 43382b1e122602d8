"""Vietnamese text at the edge: NFC normalisation and a diacritic-free search key.

SQLite's ``icontains`` folds ASCII only, so searchable models keep a column filled by
:func:`search_key` and query it with ``contains`` on both engines (STYLE.md habit 11).
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_FOLD = str.maketrans({"đ": "d", "Đ": "d"})


def nfc(value: str) -> str:
    """NFC-normalise and trim; collapse inner runs of whitespace to one space."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()


def search_key(value: str | None) -> str:
    """Lower-case, diacritics and đ folded: ``"Nguyễn Thị Hường"`` → ``"nguyen thi huong"``."""
    if not value:
        return ""
    decomposed = unicodedata.normalize("NFD", value.translate(_FOLD))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.casefold()).strip()


def mask_name(name: str) -> str:
    """Hide a person's name for public pages: ``"Nguyễn Văn An"`` → ``"N*** V** An"``."""
    words = nfc(name).split(" ")
    if len(words) <= 1:
        return (words[0][:1] + "***") if words and words[0] else ""
    masked = [w[:1] + "*" * max(len(w) - 1, 2) for w in words[:-1]]
    return " ".join([*masked, words[-1]])
