"""The English catalogue is complete, well formed and compiled: every Vietnamese message has a
translation, none is fuzzy, placeholders and markup survive, and the committed ``.mo`` says what
the ``.po`` says (a clone shows English without gettext's tools installed)."""

from __future__ import annotations

import ast
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

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


def read_po(path: Path) -> list[Entry]:
    """The entries of a .po file, the header first (a small reader of the format, enough for
    what ``makemessages`` writes; obsolete ``#~`` entries are kept out by ``--no-obsolete``)."""
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
