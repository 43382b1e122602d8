"""Money is integer đồng (STYLE.md habit 12); this formats it for people: in figures, and in
words as a receipt writes it under the total (Bằng chữ)."""

from __future__ import annotations


def vnd(amount: int | None) -> str:
    """``1500000`` → ``"1.500.000 đ"`` (Vietnamese thousands separator)."""
    if amount is None:
        return ""
    sign = "-" if amount < 0 else ""
    return f"{sign}{abs(int(amount)):,} đ".replace(",", ".")


DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
SCALES = ("", "nghìn", "triệu")
BILLION = 10**9


def vnd_words(amount: int) -> str:
    """The amount in Vietnamese words as receipts and invoices write it: ``100000`` →
    ``"Một trăm nghìn đồng"``, ``1005`` → ``"Một nghìn không trăm lẻ năm đồng"``.

    Every group of three digits after the first is read in full (``không trăm``, ``lẻ``), so
    no figure can be read two ways; ``mươi`` (from 20) makes a 1 ``mốt`` and a 4 ``tư``,
    ``mười`` and ``mươi`` make a 5 ``lăm``; past a billion ``tỷ`` repeats (``nghìn tỷ``,
    ``triệu tỷ``). Zero is ``"Không đồng"``; a negative amount or a non-integer is refused."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError(f"an amount in đồng is an int, not {type(amount).__name__}")
    if amount < 0:
        raise ValueError("a negative amount has no words on a receipt")
    words = _number(amount) if amount else DIGITS[0]
    return f"{words[0].upper()}{words[1:]} đồng"


def _number(n: int, leading: bool = True) -> str:
    """Words for ``0 < n``; ``leading``: nothing stands before it (no ``không trăm`` first)."""
    if n >= BILLION:
        high, low = divmod(n, BILLION)
        head = f"{_number(high, leading)} tỷ"
        return f"{head} {_number(low, leading=False)}" if low else head
    groups = []
    for scale in SCALES:
        n, group = divmod(n, 1000)
        groups.append((group, scale))
        if not n:
            break
    parts = []
    for index, (group, scale) in enumerate(reversed(groups)):
        if group:
            said = _group(group, full=not (leading and index == 0))
            parts.append(f"{said} {scale}" if scale else said)
    return " ".join(parts)


def _group(n: int, *, full: bool) -> str:
    """Words for ``0 < n < 1000``; ``full``: say the hundreds even when 0 (``không trăm``)."""
    hundreds, rest = divmod(n, 100)
    tens, units = divmod(rest, 10)
    words = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append("lẻ")
            words.append(DIGITS[units])
        return " ".join(words)
    words += ["mười"] if tens == 1 else [DIGITS[tens], "mươi"]
    if units == 1:
        words.append("mốt" if tens > 1 else "một")
    elif units == 4:
        words.append("tư" if tens > 1 else "bốn")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(DIGITS[units])
    return " ".join(words)
