"""Vietnamese text at the edge: NFC normalisation and a diacritic-free search key.

SQLite's ``icontains`` folds ASCII only, so searchable models keep a column filled by
:func:`search_key` and query it with ``contains`` on both engines (STYLE.md habit 11).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.conf import settings
from django.utils import translation

_SPACES = re.compile(r"\s+")
_PHONE_PUNCTUATION = re.compile(r"[\s.\-()]")
NATIONAL_PHONE = re.compile(r"^0\d{9,10}$", re.ASCII)
"""A Vietnamese phone number in national form: 0 and 9 or 10 more digits."""
_FOLD = str.maketrans({"đ": "d", "Đ": "d"})
_MARKS = dict.fromkeys(c for c in range(0x0300, 0x0370) if unicodedata.combining(chr(c)))
"""The marks of the Combining Diacritical Marks block: every Vietnamese tone and vowel mark."""


def nfc(value: str) -> str:
    """NFC-normalise and trim; collapse inner runs of whitespace to one space."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()


def search_key(value: str | None) -> str:
    """Lower-case, diacritics and đ folded: ``"Nguyễn Thị Hường"`` → ``"nguyen thi huong"``."""
    if not value:
        return ""
    stripped = unicodedata.normalize("NFD", value.translate(_FOLD)).translate(_MARKS)
    if not stripped.isascii():  # marks outside the common block (rare: other scripts)
        stripped = "".join(ch for ch in stripped if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.casefold()).strip()


def mask_name(name: str) -> str:
    """Hide a person's name for public pages: ``"Nguyễn Văn An"`` → ``"N*** V*** An"``. Every
    hidden word gets the same three stars, so the mask tells nothing of its length."""
    words = nfc(name).split()
    if not words:
        return ""
    if len(words) == 1:
        return words[0][:1] + "***"
    return " ".join([*(w[:1] + "***" for w in words[:-1]), words[-1]])


def phone_digits(value: str | None) -> str:
    """A phone number as typed → national form: ``+84 912 345 678``, ``84912345678`` and
    ``0912.345.678`` all give ``0912345678``. Does not check it; see :data:`NATIONAL_PHONE`."""
    digits = _PHONE_PUNCTUATION.sub("", unicodedata.normalize("NFKC", value or ""))
    if digits.startswith("+84"):
        return "0" + digits[3:]
    if digits.startswith("84") and len(digits) in (11, 12):
        return "0" + digits[2:]
    return digits


def in_site_language(label: Any) -> str:
    """``label`` (a lazy translation) in the site's own language, Vietnamese, whatever language
    the screen is in: for official forms, the record and messages to citizens."""
    with translation.override(settings.LANGUAGE_CODE):
        return str(label)
