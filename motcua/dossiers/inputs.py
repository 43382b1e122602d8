"""Shape checks for what people type: the same rules for the API, the counter screen and the
portal. Values come out NFC-normalised; a bad value is a ``ValidationFailed`` naming the field
in Vietnamese. Rules about state and permission are not here: they are in the services."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from motcua import text
from motcua.errors import ValidationFailed

ID_NUMBER = re.compile(r"^(\d{9}|\d{12})$")  # CMND (9) or thẻ căn cước / số định danh (12)
TAX_CODE = re.compile(r"^\d{10}(-\d{3})?$")  # mã số doanh nghiệp / thuế


def _fail(field_name: str, message: str) -> ValidationFailed:
    return ValidationFailed(message, details={field_name: message})


def clean_phone(value: Any, *, required: bool = False, field_name: str = "phone") -> str:
    if value in (None, ""):
        if required:
            raise _fail(field_name, _("Thiếu số điện thoại."))
        return ""
    phone = text.phone_digits(str(value))
    if not text.NATIONAL_PHONE.match(phone):
        raise _fail(
            field_name,
            _("Số điện thoại %(value)s không hợp lệ (10 hoặc 11 chữ số, bắt đầu bằng 0).")
            % {"value": repr(value)},
        )
    return phone


@dataclass(frozen=True)
class Applicant:
    """Người nộp hồ sơ / chủ hồ sơ."""

    name: str
    id_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    kind: str = "citizen"

    @classmethod
    def parse(cls, data: Any, *, phone_required: bool = False) -> Applicant:
        if not isinstance(data, dict):
            raise _fail("applicant", _("Thiếu thông tin người nộp hồ sơ."))
        name = text.nfc(str(data.get("name") or ""))
        if not name:
            raise _fail("applicant.name", _("Thiếu họ tên người nộp hồ sơ."))
        if (
            len(name) > 255
            or any(ch in name for ch in "<>{}\\")
            or any(ch.isdigit() for ch in name[:1])
        ):
            raise _fail("applicant.name", _("Họ tên người nộp hồ sơ không hợp lệ."))
        kind = data.get("kind") or "citizen"
        if kind not in ("citizen", "business"):
            raise _fail("applicant.kind", _("Loại chủ hồ sơ phải là citizen hoặc business."))
        id_number = re.sub(r"\s", "", str(data.get("id_number") or ""))
        pattern = ID_NUMBER if kind == "citizen" else TAX_CODE
        if id_number and not pattern.match(id_number):
            if kind == "citizen":
                message = _("Số định danh cá nhân %(value)s không hợp lệ.")
            else:
                message = _("Mã số doanh nghiệp %(value)s không hợp lệ.")
            raise _fail("applicant.id_number", message % {"value": repr(id_number)})
        email = str(data.get("email") or "").strip()
        if email:
            try:
                validate_email(email)
            except ValidationError:
                raise _fail(
                    "applicant.email",
                    _("Địa chỉ thư điện tử %(value)s không hợp lệ.") % {"value": repr(email)},
                ) from None
        return cls(
            name=name,
            id_number=id_number,
            phone=clean_phone(
                data.get("phone"), required=phone_required, field_name="applicant.phone"
            ),
            email=email,
            address=text.nfc(str(data.get("address") or ""))[:500],
            kind=kind,
        )


@dataclass(frozen=True)
class ComponentIn:
    """A paper ticked at the counter: which one, how many originals and copies, which files
    (new uploads, or papers already in the applicant's data store)."""

    code: str
    originals: int = 0
    copies: int = 0
    file_ids: tuple[int, ...] = field(default_factory=tuple)
    from_store: bool = False
    store_item_ids: tuple[int, ...] = field(default_factory=tuple)

    @classmethod
    def parse_many(cls, items: Any) -> list[ComponentIn]:
        if items in (None, ""):
            return []
        if not isinstance(items, list):
            raise _fail("components", _("Danh sách thành phần hồ sơ không hợp lệ."))
        parsed: list[ComponentIn] = []
        for index, item in enumerate(items):
            where = f"components[{index}]"
            if not isinstance(item, dict) or not item.get("code"):
                raise _fail(
                    where,
                    _("Thành phần hồ sơ thứ %(number)s thiếu mã giấy tờ.") % {"number": index + 1},
                )
            counts = []
            for key in ("originals", "copies"):
                value = item.get(key, 0)
                if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 99:
                    raise _fail(
                        f"{where}.{key}",
                        _("Số bản của thành phần %(code)s không hợp lệ.") % {"code": item["code"]},
                    )
                counts.append(value)
            files = _ids(item, "file_ids", where, _("Danh sách tệp đính kèm không hợp lệ."))
            stored = _ids(
                item,
                "store_item_ids",
                where,
                _("Danh sách giấy tờ lấy từ kho dữ liệu không hợp lệ."),
            )
            parsed.append(
                cls(
                    str(item["code"]),
                    counts[0],
                    counts[1],
                    files,
                    bool(item.get("from_store")) or bool(stored),
                    stored,
                )
            )
        codes = [c.code for c in parsed]
        if len(set(codes)) != len(codes):
            raise _fail("components", _("Một thành phần hồ sơ được khai hai lần."))
        return parsed


def _ids(item: dict, key: str, where: str, message: str) -> tuple[int, ...]:
    values = item.get(key) or []
    if not isinstance(values, list) or not all(
        isinstance(v, int) and not isinstance(v, bool) and v > 0 for v in values
    ):
        raise _fail(f"{where}.{key}", message)
    return tuple(values)


def clean_reason(value: Any, *, field_name: str = "reason") -> str:
    reason = text.nfc(str(value or ""))
    if not reason:
        raise _fail(field_name, _("Cần nêu rõ lý do."))
    return reason[:2000]
