"""Vietnamese text helpers: the search key folds every diacritic and đ, whatever the input."""

import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st

from motcua import text


def _by_definition(value: str) -> str:
    """The search key spelled out one character at a time (the slow, obvious version)."""
    decomposed = unicodedata.normalize("NFD", value.replace("đ", "d").replace("Đ", "d"))
    kept = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(kept.casefold().split())


def test_vietnamese_names_lose_tone_and_vowel_marks():
    assert text.search_key("Nguyễn Thị Hường") == "nguyen thi huong"
    assert text.search_key("  ĐẶNG   Quốc\tViệt ") == "dang quoc viet"
    assert text.search_key("Ủy ban nhân dân phường Ỷ La") == "uy ban nhan dan phuong y la"


@given(st.text())
@example("a\u034fb")  # the grapheme joiner sits in the marks block but is not a mark
def test_the_search_key_matches_its_definition_for_any_text(value):
    assert text.search_key(value) == _by_definition(value)
