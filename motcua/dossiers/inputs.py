"""What people send, once: the pydantic schema of every action (the lifecycle rows name them),
shared by the API (its bodies and OpenAPI document), the screens and the services, and the
shape checks behind them. Values come out NFC-normalised; a bad value is a ``ValidationFailed``
naming the field in Vietnamese. Rules about state and permission are not here: they are in the
services."""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, create_model
from pydantic import ValidationError as PydanticError

from motcua import text
from motcua.errors import ValidationFailed, invalid_fields

ID_NUMBER = re.compile(r"^(\d{9}|\d{12})$")  # CMND (9) or thẻ căn cước / số định danh (12)
TAX_CODE = re.compile(r"^\d{10}(-\d{3})?$")  # mã số doanh nghiệp / thuế
# What the counter may mark a paper as (Circular 03/2025 art. 5); "online" comes with the channel.
SCAN_EXEMPTIONS = ("", "shown", "appraisal", "confidential")


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


class Inputs(BaseModel):
    """The inputs of one action: what the API documents and checks, what the screens send
    and what the service takes. Unknown fields are ignored (one form serves many actions)."""

    model_config = ConfigDict(extra="ignore")


class Submitter(Inputs):
    """Người nộp thay (được ủy quyền): who hands in the dossier for its owner."""

    model_config = ConfigDict(frozen=True)

    name: str = ""
    id_number: str = ""
    phone: str = ""
    address: str = ""

    @classmethod
    def parse(cls, data: Any) -> Submitter:
        if isinstance(data, BaseModel):
            data = data.model_dump()
        if data in (None, "", {}):
            return cls()
        if not isinstance(data, dict):
            raise _fail("applicant.submitter", _("Thông tin người nộp thay không hợp lệ."))
        name = text.nfc(str(data.get("name") or ""))
        id_number = re.sub(r"\s", "", str(data.get("id_number") or ""))
        phone, address = data.get("phone"), text.nfc(str(data.get("address") or ""))
        if not name:
            if id_number or phone or address:
                raise _fail("applicant.submitter.name", _("Thiếu họ tên người nộp thay."))
            return cls()
        if len(name) > 255 or any(ch in name for ch in "<>{}\\") or name[:1].isdigit():
            raise _fail("applicant.submitter.name", _("Họ tên người nộp thay không hợp lệ."))
        if id_number and not ID_NUMBER.match(id_number):
            raise _fail(
                "applicant.submitter.id_number",
                _("Số định danh người nộp thay %(value)s không hợp lệ.")
                % {"value": repr(id_number)},
            )
        return cls(
            name=name,
            id_number=id_number,
            phone=clean_phone(phone, field_name="applicant.submitter.phone"),
            address=address[:500],
        )


class Applicant(Inputs):
    """Chủ hồ sơ (the person or organisation the dossier is for), with ``submitter`` when
    someone else hands it in for them (người nộp thay, ủy quyền). Every field may come empty:
    :meth:`parse` says in Vietnamese what is missing or wrong."""

    model_config = ConfigDict(frozen=True)

    name: str = ""
    id_number: str = ""
    phone: str = ""
    email: str = ""
    address: str = ""
    kind: str = "citizen"
    submitter: Submitter | None = None

    @classmethod
    def parse(cls, data: Any, *, phone_required: bool = False) -> Applicant:
        if isinstance(data, BaseModel):
            data = data.model_dump()
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
            submitter=Submitter.parse(data.get("submitter")),
        )


class ComponentIn(Inputs):
    """A paper ticked at the counter: which one, how many originals and copies, which files
    (new uploads, or papers already in the applicant's data store)."""

    code: str
    originals: int = 0  # bản chính
    copies: int = 0  # bản sao có chứng thực
    photocopies: int = 0  # bản chụp
    # Not to be scanned (Circular 03/2025 art. 5): "shown" (only shown for comparison),
    # "appraisal" (an appraisal result), "confidential"; online dossiers are exempt anyway.
    scan_exempt: str = ""
    file_ids: list[int] = []
    from_store: bool = False
    store_item_ids: list[int] = []

    @classmethod
    def parse_many(cls, items: Any) -> list[ComponentIn]:
        if items in (None, ""):
            return []
        if not isinstance(items, list):
            raise _fail("components", _("Danh sách thành phần hồ sơ không hợp lệ."))
        parsed: list[ComponentIn] = []
        for index, item in enumerate(items):
            if isinstance(item, BaseModel):
                item = item.model_dump()
            where = f"components[{index}]"
            if not isinstance(item, dict) or not item.get("code"):
                raise _fail(
                    where,
                    _("Thành phần hồ sơ thứ %(number)s thiếu mã giấy tờ.") % {"number": index + 1},
                )
            counts = []
            for key in ("originals", "copies", "photocopies"):
                value = item.get(key, 0)
                if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 99:
                    raise _fail(
                        f"{where}.{key}",
                        _("Số bản của thành phần %(code)s không hợp lệ.") % {"code": item["code"]},
                    )
                counts.append(value)
            exempt = item.get("scan_exempt") or ""
            if exempt not in SCAN_EXEMPTIONS:
                raise _fail(
                    f"{where}.scan_exempt",
                    _("Lý do không số hóa %(value)s không hợp lệ (shown, appraisal, confidential).")
                    % {"value": repr(exempt)},
                )
            files = _ids(item, "file_ids", where, _("Danh sách tệp đính kèm không hợp lệ."))
            stored = _ids(
                item,
                "store_item_ids",
                where,
                _("Danh sách giấy tờ lấy từ kho dữ liệu không hợp lệ."),
            )
            parsed.append(
                cls(
                    code=str(item["code"]),
                    originals=counts[0],
                    copies=counts[1],
                    file_ids=list(files),
                    from_store=bool(item.get("from_store")) or bool(stored),
                    store_item_ids=list(stored),
                    photocopies=counts[2],
                    scan_exempt=exempt,
                )
            )
        codes = [c.code for c in parsed]
        if len(set(codes)) != len(codes):
            raise _fail("components", _("Một thành phần hồ sơ được khai hai lần."))
        return parsed


# --- One schema per action (the lifecycle rows name them) --------------------------------------


class IntakeIn(Inputs):
    """Tiếp nhận hồ sơ tại quầy (receive): ``intake.receive_dossier``."""

    procedure: str
    case: str | None = None
    channel: str = "counter"
    applicant: Applicant
    components: list[ComponentIn] = []
    note: str = ""
    handling_agency: str | None = None
    sets_count: int = 1
    result_delivery: str | None = None
    delivery_address: str = ""


class SubmitIn(Inputs):
    """Nộp hồ sơ trực tuyến (submit): ``intake.submit_online``."""

    procedure: str
    agency: str
    case: str | None = None
    applicant: Applicant
    components: list[ComponentIn] = []
    note: str = ""
    result_delivery: str | None = None
    delivery_address: str = ""
    answers: dict[str, str | int | float | None] = {}


class NoInputs(Inputs):
    """An action that takes nothing but the dossier (accept)."""


class ReasonIn(Inputs):
    """An action whose reason is written down (reject, refuse, withdraw, stop)."""

    reason: str | None = None


class TransferIn(Inputs):
    """Chuyển xử lý: the next step by default, or a chosen step, officer or agency."""

    to_step: int | None = None
    to_user: str | None = None
    to_agency: str | None = None
    hours: float | None = None
    note: str = ""
    draft_file_id: int | None = None


class SendBackIn(Inputs):
    """Trả lại để xử lý lại: an earlier step (default the one before), an officer, the reason."""

    to_step: int | None = None
    to_user: str | None = None
    note: str | None = None


class SupplementRequestIn(Inputs):
    reason: str | None = None
    items: list[str] | None = None


class SupplementIn(Inputs):
    file_ids: list[int] | None = None
    note: str = ""


class PaymentRequestIn(Inputs):
    amount: int | None = None
    note: str = ""


class PaymentIn(Inputs):
    receipt: str = ""
    online: bool = False


class ApologyIn(Inputs):
    reason: str | None = None
    new_due_at: datetime | None = None


class ApproveIn(Inputs):
    result_file_id: int | None = None
    note: str = ""


class ReturnIn(Inputs):
    channel: str = "counter"
    note: str = ""


ACTION_SCHEMAS = (
    NoInputs,
    ReasonIn,
    TransferIn,
    SendBackIn,
    SupplementRequestIn,
    SupplementIn,
    PaymentRequestIn,
    PaymentIn,
    ApologyIn,
    ApproveIn,
    ReturnIn,
)

ActionIn = create_model(
    "ActionIn",
    __doc__="Inputs of a lifecycle action; each action reads the fields of its own schema.",
    **{
        name: (field.annotation | None, None)
        for schema in ACTION_SCHEMAS
        for name, field in schema.model_fields.items()
    },
)
"""The one body of ``POST /dossiers/{code}/actions/{action}`` (every action's fields)."""


def validated(schema: type[Inputs], data: Any) -> Inputs:
    """``data`` checked against ``schema``, or a :class:`ValidationFailed` in Vietnamese."""
    try:
        return schema.model_validate(data or {})
    except PydanticError as exc:
        raise invalid_fields(exc.errors()) from None


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
