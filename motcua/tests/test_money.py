"""Amounts in words (Bằng chữ) as a Vietnamese receipt writes them under the total."""

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from motcua.money import DIGITS, vnd, vnd_words

AMOUNTS = st.integers(min_value=0, max_value=10**18)
VOCABULARY = {*DIGITS, "mười", "mươi", "trăm", "nghìn", "triệu", "tỷ", "lẻ", "mốt", "tư", "lăm"}


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "Không đồng"),  # decided: what an invoice prints for nothing owed
        (5, "Năm đồng"),
        (10, "Mười đồng"),
        (14, "Mười bốn đồng"),
        (15, "Mười lăm đồng"),
        (20, "Hai mươi đồng"),
        (21, "Hai mươi mốt đồng"),
        (24, "Hai mươi tư đồng"),
        (25, "Hai mươi lăm đồng"),
        (101, "Một trăm lẻ một đồng"),
        (105, "Một trăm lẻ năm đồng"),
        (111, "Một trăm mười một đồng"),
        (1005, "Một nghìn không trăm lẻ năm đồng"),
        (1010, "Một nghìn không trăm mười đồng"),
        (1024, "Một nghìn không trăm hai mươi tư đồng"),
        (15000, "Mười lăm nghìn đồng"),
        (100000, "Một trăm nghìn đồng"),
        (1000000, "Một triệu đồng"),
        (1000005, "Một triệu không trăm lẻ năm đồng"),
        (1001000, "Một triệu không trăm lẻ một nghìn đồng"),
        (2500000000, "Hai tỷ năm trăm triệu đồng"),
        (1005000000, "Một tỷ không trăm lẻ năm triệu đồng"),
        (1000000000000, "Một nghìn tỷ đồng"),
        (2000000000000000, "Hai triệu tỷ đồng"),
        (
            1234567891,
            "Một tỷ hai trăm ba mươi tư triệu năm trăm sáu mươi bảy nghìn tám trăm chín mươi "
            "mốt đồng",
        ),
    ],
)
def test_tricky_amounts_in_words(amount, words):
    assert vnd_words(amount) == words


@pytest.mark.parametrize("amount", [-1, 1.5, True, "100"])
def test_what_is_not_an_amount_in_dong_is_refused(amount):
    with pytest.raises((TypeError, ValueError)):
        vnd_words(amount)


@given(AMOUNTS)
def test_words_are_a_capitalised_sentence_of_number_words_ending_in_dong(amount):
    words = vnd_words(amount)
    assert words and words[0].isupper() and words.endswith(" đồng")
    said = words.lower().split(" ")
    assert said[-1] == "đồng" and set(said[:-1]) <= VOCABULARY and "" not in said


@given(AMOUNTS)
def test_the_special_forms_stand_only_where_the_rules_put_them(amount):
    said = vnd_words(amount).lower().split()
    for before, word in itertools.pairwise(said):
        if word in ("mốt", "tư"):  # 1 and 4 after "mươi" (21, 24), never after "mười"
            assert before == "mươi"
        if word == "lăm":  # 5 after ten or tens (15, 25)
            assert before in ("mười", "mươi")
        if before == "mươi":
            assert word not in ("một", "năm", "bốn")
        if before == "lẻ":  # lẻ stands between hundreds and a lone unit digit (105)
            assert word in VOCABULARY - {"mười", "mươi", "trăm", "lẻ", "không", "mốt", "tư"}
        if word == "lẻ":
            assert before == "trăm"


@given(st.integers(min_value=0, max_value=10**15), st.integers(min_value=0, max_value=10**15))
def test_two_amounts_never_read_the_same(a, b):
    assert (vnd_words(a) == vnd_words(b)) == (a == b)


@given(st.integers(min_value=1, max_value=10**9))
def test_billions_repeat_the_words_before_ty(amount):
    assert vnd_words(amount * 10**9) == vnd_words(amount).removesuffix(" đồng") + " tỷ đồng"


@given(st.integers(min_value=1, max_value=999))
def test_thousands_below_a_million_add_nghin(amount):
    assert vnd_words(amount * 1000) == vnd_words(amount).removesuffix(" đồng") + " nghìn đồng"


def test_figures_keep_the_vietnamese_thousands_separator():
    assert vnd(1500000) == "1.500.000 đ"
    assert vnd(None) == ""
