"""The English catalogue is complete, well formed and compiled: every Vietnamese message of the
code and the templates is in it with a translation, none is fuzzy, placeholders and markup
survive, and the committed ``.mo`` says what the ``.po`` says (a clone shows English without
gettext's tools installed)."""

from __future__ import annotations

import ast
import functools
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.translation.template import templatize

import motcua

CATALOGUE = Path(settings.LOCALE_PATHS[0]) / "en" / "LC_MESSAGES"
KEYWORDS = ("msgctxt", "msgid_plural", "msgid", "msgstr")
PLACEHOLDER = re.compile(r"%\(\w+\)[-#0 +]*\d*(?:\.\d+)?[sdrif]|%[sd]|\{\w*\}")
TAG = re.compile(r"</?\w+[^>]*>")


@dataclass
class Entry:
    flags: set[str] = field(default_factory=set)
    context: str | None = None
    msgid: str = ""
    plural: str | None = None
    translations: dict[int, str] = field(default_factory=dict)


@functools.cache
def read_po(path: Path) -> list[Entry]:
    """The entries of a .po file, the header first (a small reader of the format, enough for
    what ``makemessages`` writes; obsolete ``#~`` entries are kept out by ``--no-obsolete``),
    read once per worker: the tests only look at them."""
    entries: list[Entry] = []
    entry, target = Entry(), None
    for raw in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        line = raw.strip()
        if not line:
            if target is not None:
                entries.append(entry)
            entry, target = Entry(), None
        elif line.startswith("#,"):
            entry.flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            _append(entry, target, ast.literal_eval(line))
        else:
            keyword, _, quoted = line.partition(" ")
            index = None
            if keyword.startswith("msgstr["):
                keyword, index = "msgstr", int(keyword[7:-1])
            assert keyword in KEYWORDS, f"unexpected line in {path.name}: {raw!r}"
            target = (keyword, index)
            _append(entry, target, ast.literal_eval(quoted))
    return entries


def _append(entry: Entry, target: tuple[str, int | None] | None, text: str) -> None:
    assert target is not None, "a continuation line without a keyword"
    keyword, index = target
    if keyword == "msgctxt":
        entry.context = (entry.context or "") + text
    elif keyword == "msgid":
        entry.msgid += text
    elif keyword == "msgid_plural":
        entry.plural = (entry.plural or "") + text
    else:
        key = 0 if index is None else index
        entry.translations[key] = entry.translations.get(key, "") + text


def messages() -> list[Entry]:
    return read_po(CATALOGUE / "django.po")[1:]


def test_the_header_declares_english_and_its_two_plural_forms():
    header = read_po(CATALOGUE / "django.po")[0]
    assert header.msgid == "" and "fuzzy" not in header.flags
    fields = dict(
        line.split(": ", 1) for line in header.translations[0].splitlines() if ": " in line
    )
    assert fields["Language"] == "en"
    assert fields["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert fields["Content-Type"] == "text/plain; charset=UTF-8"


def test_every_message_is_translated_and_none_is_fuzzy():
    entries = messages()
    assert len(entries) > 1000
    untranslated = [e.msgid for e in entries if not all(e.translations.values())]
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    assert untranslated == [] and fuzzy == []
    for entry in entries:
        expected = [0, 1] if entry.plural is not None else [0]
        assert sorted(entry.translations) == expected, entry.msgid


def test_the_translations_keep_placeholders_and_markup():
    for entry in messages():
        for text in entry.translations.values():
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(entry.msgid)), (
                entry.msgid
            )
            assert sorted(TAG.findall(text)) == sorted(TAG.findall(entry.msgid)), entry.msgid
            if "python-format" in entry.flags:
                assert text.count("%%") == entry.msgid.count("%%"), entry.msgid


def test_the_compiled_catalogue_is_the_po_file():
    with (CATALOGUE / "django.mo").open("rb") as compiled:
        english = gettext.GNUTranslations(compiled)
    assert english.info()["language"] == "en"
    for entry in messages():
        if entry.plural is None:
            found = (
                english.pgettext(entry.context, entry.msgid)
                if entry.context
                else english.gettext(entry.msgid)
            )
            assert found == entry.translations[0], entry.msgid
        else:
            for n, form in ((1, 0), (2, 1)):
                found = (
                    english.npgettext(entry.context, entry.msgid, entry.plural, n)
                    if entry.context
                    else english.ngettext(entry.msgid, entry.plural, n)
                )
                assert found == entry.translations[form], entry.msgid


# The calls makemessages has xgettext look for: name → (position of the context, of the msgid).
GETTEXT_CALLS = {
    "_": (None, 0),
    "gettext": (None, 0),
    "gettext_lazy": (None, 0),
    "gettext_noop": (None, 0),
    "ngettext": (None, 0),
    "ngettext_lazy": (None, 0),
    "pgettext": (0, 1),
    "pgettext_lazy": (0, 1),
    "npgettext": (0, 1),
    "npgettext_lazy": (0, 1),
}


def _calls_in(tree: ast.AST) -> set[tuple[str | None, str]]:
    """(context, msgid) of every gettext call whose arguments are string literals."""
    found = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        function = node.func
        name = getattr(function, "id", None) or getattr(function, "attr", None)
        if name not in GETTEXT_CALLS:
            continue
        literals = [
            a.value if isinstance(a, ast.Constant) and isinstance(a.value, str) else None
            for a in node.args
        ]
        context_at, msgid_at = GETTEXT_CALLS[name]
        if msgid_at >= len(literals) or not literals[msgid_at]:
            continue
        if context_at is not None and literals[context_at] is None:
            continue
        found.add((None if context_at is None else literals[context_at], literals[msgid_at]))
    return found


def _template_messages(text: str, origin: str) -> set[tuple[str | None, str]]:
    """What Django's templatize (the step makemessages runs before xgettext) turns into calls:
    each call is read as Python up to the first closing parenthesis that completes it."""
    code = templatize(text, origin=origin)
    found = set()
    for start in re.finditer(r"(?<![\w.])(?:n?p?gettext|_)\(", code):
        end = code.find(")", start.start())
        while end >= 0:
            try:
                call = ast.parse(code[start.start() : end + 1], mode="eval")
            except SyntaxError:
                end = code.find(")", end + 1)
                continue
            found |= _calls_in(call)
            break
    return found


def source_messages() -> set[tuple[str | None, str]]:
    """The messages makemessages would extract (``--ignore '*/tests/*'``), without gettext's
    tools: gettext calls in the Python files, translation tags in the templates."""
    root = Path(motcua.__file__).parent
    found: set[tuple[str | None, str]] = set()
    for path in sorted(root.rglob("*")):
        parts = path.relative_to(root).parts
        if not path.is_file() or "tests" in parts[:-1] or any(p.startswith(".") for p in parts):
            continue
        if path.suffix == ".py":
            found |= _calls_in(ast.parse(path.read_text(encoding="utf-8")))
        elif path.suffix in (".html", ".txt"):
            found |= _template_messages(path.read_text(encoding="utf-8"), str(path))
    return found


def test_every_message_of_the_code_and_templates_is_in_the_catalogue():
    extracted = source_messages()
    assert len(extracted) > 2000
    assert "Tải mẫu" in {msgid for _, msgid in extracted}  # a filter's _() argument
    catalogued = {(e.context, e.msgid) for e in messages() if all(e.translations.values())}
    assert sorted(extracted - catalogued) == []


def test_the_payment_archive_and_report_messages_read_in_english():
    with translation.override("en"):
        assert translation.gettext("Thanh toán hai lần") == "Double payment"
        assert translation.gettext("Vĩnh viễn") == "Permanent"
        assert translation.gettext("%(years)s năm") % {"years": 10} == "10 years"
        assert (
            translation.gettext("Đã nộp lưu %(count)s hồ sơ năm %(year)s.")
            % {"count": 12, "year": 2025}
            == "12 files of 2025 transferred to the archive."
        )
        assert translation.gettext("Biểu số 06/VPCP/KSTT (Thông tư 01/2020/TT-VPCP)") == (
            "Report Form No. 06/VPCP/KSTT (Circular 01/2020/TT-VPCP)"
        )
