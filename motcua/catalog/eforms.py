"""Biểu mẫu điện tử (e-form): the fields of a procedure's online declaration, kept as data on
``ProcedureVersion.eform`` (a list of ``{name, label, type, required, choices}``).

Two checks live here, so the catalogue importer and the online submission agree on one
definition: :func:`check_definition` for a definition read from the catalogue JSON, and
:func:`clean_answers` for what a citizen typed into it."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from motcua import text
from motcua.errors import ValidationFailed

FIELD_TYPES = ("text", "date", "number", "select", "textarea")
NAME = re.compile(r"^[a-z][a-z0-9_]{0,47}$")
MAX_FIELDS = 40
MAX_LENGTH = {"text": 255, "textarea": 4000}
DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def check_definition(fields: Any, where: str = "eform") -> list[dict[str, Any]]:
    """A clean copy of an e-form definition, or :class:`ValidationFailed` naming the field."""
    if fields in (None, ""):
        return []
    if not isinstance(fields, list):
        raise ValidationFailed(f"{where}: phải là một danh sách các trường.")
    if len(fields) > MAX_FIELDS:
        raise ValidationFailed(f"{where}: tối đa {MAX_FIELDS} trường.")
    cleaned: list[dict[str, Any]] = []
    names: set[str] = set()
    for index, field in enumerate(fields):
        at = f"{where}[{index}]"
        if not isinstance(field, dict):
            raise ValidationFailed(f"{at}: phải là một đối tượng.")
        name = field.get("name")
        if not isinstance(name, str) or not NAME.match(name):
            raise ValidationFailed(f"{at}: 'name' phải là chữ thường không dấu, số hoặc _.")
        if name in names:
            raise ValidationFailed(f"{at}: trường {name} bị trùng.")
        names.add(name)
        label = text.nfc(str(field.get("label") or ""))
        if not label:
            raise ValidationFailed(f"{at} ({name}): thiếu nhãn 'label'.")
        kind = field.get("type", "text")
        if kind not in FIELD_TYPES:
            raise ValidationFailed(
                f"{at} ({name}): 'type' = {kind!r} không hợp lệ (cho phép: "
                f"{', '.join(FIELD_TYPES)})."
            )
        choices = field.get("choices") or []
        if kind == "select":
            if not isinstance(choices, list) or not choices:
                raise ValidationFailed(f"{at} ({name}): trường chọn cần danh sách 'choices'.")
            if not all(isinstance(c, str) and c.strip() for c in choices):
                raise ValidationFailed(f"{at} ({name}): mỗi lựa chọn phải là một chuỗi.")
            choices = [text.nfc(c) for c in choices]
        elif choices:
            raise ValidationFailed(f"{at} ({name}): chỉ trường 'select' có 'choices'.")
        item: dict[str, Any] = {
            "name": name,
            "label": label,
            "type": kind,
            "required": bool(field.get("required", False)),
        }
        if choices:
            item["choices"] = choices
        if field.get("help"):
            item["help"] = text.nfc(str(field["help"]))
        cleaned.append(item)
    return cleaned


def _fail(field: dict[str, Any], message: str) -> ValidationFailed:
    return ValidationFailed(
        f"{field['label']}: {message}", details={f"eform.{field['name']}": message}
    )


def _clean_one(field: dict[str, Any], raw: Any) -> Any:
    kind = field["type"]
    value = text.nfc(str(raw)) if kind != "textarea" else str(raw).strip()
    if kind in MAX_LENGTH and len(value) > MAX_LENGTH[kind]:
        raise _fail(field, _("dài quá %(n)s ký tự.") % {"n": MAX_LENGTH[kind]})
    if kind == "date":
        day = parse_date(value)
        if day is None:
            raise _fail(field, _("ngày không hợp lệ (dạng dd/mm/yyyy, ví dụ 01/03/2025)."))
        return day.isoformat()
    if kind == "number":
        try:
            number = Decimal(value.replace(",", "."))
        except InvalidOperation:
            raise _fail(field, _("phải là một số.")) from None
        if not number.is_finite():
            raise _fail(field, _("phải là một số."))
        return str(number)
    if kind == "select" and value not in field.get("choices", []):
        raise _fail(field, _("lựa chọn không hợp lệ."))
    return value


def parse_date(value: str) -> date | None:
    """A date as people write it (``01/03/2025``, ``1/3/2025``, ``01-03-2025``), or as the API
    sends it (ISO ``2025-03-01``); None if it is no date."""
    value = value.strip()
    found = DAY_MONTH_YEAR.fullmatch(value)
    try:
        if found:
            day, month, year = (int(part) for part in found.groups())
            return date(year, month, day)
        return date.fromisoformat(value) if ISO_DAY.fullmatch(value) else None
    except ValueError:
        return None


def shown(field: dict[str, Any], value: Any) -> str:
    """An answer as people read it: a date as dd/mm/yyyy (stored ISO), the rest as given."""
    if value in (None, ""):
        return ""
    if field.get("type") == "date":
        day = parse_date(str(value))
        if day is not None:
            return f"{day:%d/%m/%Y}"
    return str(value)


def shown_answers(fields: list[dict[str, Any]], answers: Any) -> list[tuple[str, str]]:
    """(label, answer as read) for each field of the form, in its order."""
    answers = answers if isinstance(answers, dict) else {}
    return [(f["label"], shown(f, answers.get(f["name"]))) for f in fields]


def clean_answers(fields: list[dict[str, Any]], answers: Any) -> dict[str, Any]:
    """The citizen's answers to ``fields``: required ones present, each of its type; unknown
    names are dropped. Dates come out ISO, numbers as decimal strings, text NFC."""
    if answers in (None, ""):
        answers = {}
    if not isinstance(answers, dict):
        raise ValidationFailed(_("Nội dung tờ khai không hợp lệ."), details={"eform": "dict"})
    cleaned: dict[str, Any] = {}
    for field in fields:
        raw = answers.get(field["name"])
        if raw is None or str(raw).strip() == "":
            if field.get("required"):
                raise _fail(field, _("bắt buộc phải khai."))
            continue
        cleaned[field["name"]] = _clean_one(field, raw)
    return cleaned
