"""``import_catalog``: agencies, fields and procedures from the JSON of
``catalog/data/catalog.json`` (CONTRACT.md). All records are checked before anything is
written; one bad record stops the import with a message naming it, and nothing is loaded.
Re-running updates in place: a procedure whose content changed gets a new version, an
unchanged one is left alone."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from motcua import clock, text
from motcua.agencies.models import AGENCY_CODE, Agency, Level, parse_sessions
from motcua.audit import record
from motcua.catalog import eforms
from motcua.catalog.budget import step_budget_hours
from motcua.catalog.models import (
    DEFAULT_RETENTION_YEARS,
    Component,
    Fee,
    FeeKind,
    Field,
    LimitUnit,
    OnlineLevel,
    Procedure,
    ProcedureCase,
    ProcedureLevel,
    ProcedureVersion,
    Receiving,
    StepDefinition,
    StepRole,
)
from motcua.errors import ValidationFailed

PROCEDURE_CODE = re.compile(r"^\d\.\d{6}(\.\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})?$")
FORM_URL = re.compile(r"^(https?://[^\s<>\"']+|/[^\s<>\"']*)$")
DEFAULT_CATALOG = Path(__file__).resolve().parent / "data" / "catalog.json"


DEFAULT_RETENTION_SOURCE = (
    "Mặc định 10 năm: Thông tư 10/2022/TT-BNV không có dòng riêng cho hồ sơ thủ tục này."
)
MAX_RETENTION_YEARS = 100


class CatalogError(ValidationFailed):
    code = "catalog_invalid"


@dataclass
class ImportResult:
    agencies: dict[str, int] = field(default_factory=lambda: {"created": 0, "updated": 0})
    fields: dict[str, int] = field(default_factory=lambda: {"created": 0, "updated": 0})
    procedures: dict[str, int] = field(
        default_factory=lambda: {"created": 0, "new_version": 0, "unchanged": 0}
    )

    def summary(self) -> str:
        a, f, p = self.agencies, self.fields, self.procedures
        return (
            f"Cơ quan: {a['created']} mới, {a['updated']} cập nhật; "
            f"lĩnh vực: {f['created']} mới, {f['updated']} cập nhật; "
            f"thủ tục: {p['created']} mới, {p['new_version']} phiên bản mới, "
            f"{p['unchanged']} không đổi."
        )


def _fail(where: str, message: str) -> CatalogError:
    return CatalogError(f"{where}: {message}", details={"record": where})


def _require(obj: dict, key: str, where: str) -> Any:
    value = obj.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        return _raise(_fail(where, f"thiếu trường bắt buộc '{key}'."))
    return value


def _raise(exc: Exception) -> Any:
    raise exc


def _choice(value: Any, choices: type, where: str, key: str) -> str:
    if value not in choices.values:
        allowed = ", ".join(choices.values)
        raise _fail(where, f"'{key}' = {value!r} không hợp lệ (cho phép: {allowed}).")
    return value


def _decimal(value: Any, where: str, key: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError) as exc:
        raise _fail(where, f"'{key}' = {value!r} không phải là số.") from exc
    if not number.is_finite() or number < 0:
        raise _fail(where, f"'{key}' = {value!r} phải là số không âm.")
    return number


def _nonneg_int(value: Any, where: str, key: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _fail(where, f"'{key}' = {value!r} phải là số nguyên không âm.")
    return value


def load_file(path: str | Path) -> dict:
    """Read and parse the JSON file; a bad file is a :class:`CatalogError`, never a traceback."""
    try:
        raw = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise CatalogError(f"Không đọc được tệp {path}: {exc.strerror}.") from exc
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise CatalogError(
            f"Tệp {path} không phải JSON hợp lệ (dòng {exc.lineno}, cột {exc.colno}): {exc.msg}."
        ) from exc
    if not isinstance(data, dict):
        raise CatalogError(
            "Tệp danh mục phải là một đối tượng JSON có các khóa agencies, fields, procedures."
        )
    return data


# --- checking -------------------------------------------------------------------------------


def _check_agencies(items: list, known_codes: set[str]) -> list[dict]:
    seen: dict[str, dict] = {}
    for index, item in enumerate(items):
        where = f"agencies[{index}]"
        if not isinstance(item, dict):
            raise _fail(where, "phải là một đối tượng.")
        code = _require(item, "code", where)
        where = f"agencies[{index}] ({code})"
        if not AGENCY_CODE.match(code):
            raise _fail(where, "mã định danh không đúng dạng 000.00.00.H00.")
        if code in seen:
            raise _fail(where, "mã định danh bị trùng trong tệp.")
        _require(item, "name", where)
        _choice(_require(item, "level", where), Level, where, "level")
        try:
            parse_sessions(item.get("sessions") or [["07:00", "11:30"], ["13:30", "17:00"]])
        except ValidationError as exc:
            raise _fail(where, exc.messages[0]) from exc
        seen[code] = item
    # Parents must exist (in the file or already loaded); order the rows parents first.
    ordered: list[dict] = []
    placed = set(known_codes)
    pending = list(seen.values())
    while pending:
        progressed = False
        for item in list(pending):
            parent = item.get("parent")
            if parent is None or parent in placed:
                ordered.append(item)
                placed.add(item["code"])
                pending.remove(item)
                progressed = True
        if not progressed:
            item = pending[0]
            index = items.index(item)
            raise _fail(
                f"agencies[{index}] ({item['code']})",
                f"cơ quan cấp trên {item.get('parent')} không tồn tại.",
            )
    return ordered


def _check_fields(items: list) -> list[dict]:
    seen = set()
    for index, item in enumerate(items):
        where = f"fields[{index}]"
        if not isinstance(item, dict):
            raise _fail(where, "phải là một đối tượng.")
        code = _require(item, "code", where)
        _require(item, "name", f"fields[{index}] ({code})")
        if code in seen:
            raise _fail(f"fields[{index}] ({code})", "mã lĩnh vực bị trùng trong tệp.")
        seen.add(code)
    return items


def _check_limit(obj: Any, where: str, key: str) -> tuple[Decimal, str]:
    if not isinstance(obj, dict):
        raise _fail(where, f"'{key}' phải có dạng {{amount, unit}}.")
    unit = _choice(obj.get("unit"), LimitUnit, where, f"{key}.unit")
    amount = _decimal(obj.get("amount"), where, f"{key}.amount")
    if unit == LimitUnit.SAME_DAY and amount != 0:
        raise _fail(where, f"'{key}': thời hạn 'trong ngày' phải có amount = 0.")
    return amount, unit


def _check_procedure(item: Any, where: str, field_codes: set[str], agency_codes: set[str]) -> dict:
    if not isinstance(item, dict):
        raise _fail(where, "phải là một đối tượng.")
    code = _require(item, "code", where)
    where = f"{where} ({code})"
    if not PROCEDURE_CODE.match(code):
        raise _fail(where, "mã thủ tục không đúng dạng n.nnnnnn.")
    _require(item, "name", where)
    if _require(item, "field", where) not in field_codes:
        raise _fail(where, f"lĩnh vực {item['field']} không tồn tại.")
    _choice(_require(item, "level", where), ProcedureLevel, where, "level")
    _choice(_require(item, "receiving", where), Receiving, where, "receiving")
    _choice(item.get("online", "none"), OnlineLevel, where, "online")
    years = item.get("retention_years", DEFAULT_RETENTION_YEARS)
    if years is not None and (
        isinstance(years, bool)
        or not isinstance(years, int)
        or not 1 <= years <= MAX_RETENTION_YEARS
    ):
        raise _fail(
            where,
            f"'retention_years' phải là số năm từ 1 đến {MAX_RETENTION_YEARS}, "
            "hoặc null (vĩnh viễn).",
        )
    if not isinstance(item.get("retention_source", ""), str):
        raise _fail(where, "'retention_source' phải là chuỗi.")
    deciding = item.get("deciding_agency")
    if deciding is not None and deciding not in agency_codes:
        raise _fail(where, f"cơ quan giải quyết {deciding} không tồn tại.")
    if item.get("eform"):
        try:
            item["eform"] = eforms.check_definition(item["eform"], "eform")
        except ValidationFailed as exc:
            raise _fail(where, exc.message) from exc
    result = _require(item, "result", where)
    if not isinstance(result, dict) or not result.get("name"):
        raise _fail(where, "'result' phải có 'name'.")
    cases = _require(item, "cases", where)
    if not isinstance(cases, list) or not cases:
        raise _fail(where, "phải có ít nhất một trường hợp (cases).")
    case_codes: set[str] = set()
    component_codes: set[str] = set()
    for c_index, case in enumerate(cases):
        c_where = f"{where} cases[{c_index}]"
        if not isinstance(case, dict):
            raise _fail(c_where, "phải là một đối tượng.")
        c_code = _require(case, "code", c_where)
        c_where = f"{where} cases[{c_index}] ({c_code})"
        if c_code in case_codes:
            raise _fail(c_where, "mã trường hợp bị trùng.")
        case_codes.add(c_code)
        _require(case, "name", c_where)
        amount, unit = _check_limit(case.get("time_limit"), c_where, "time_limit")
        if case.get("online_time_limit") is not None:
            _check_limit(case["online_time_limit"], c_where, "online_time_limit")
        if case.get("same_day_cutoff") is not None:
            try:
                time.fromisoformat(case["same_day_cutoff"])
            except (TypeError, ValueError) as exc:
                raise _fail(c_where, "'same_day_cutoff' phải có dạng HH:MM.") from exc
        for f_index, fee in enumerate(case.get("fees") or []):
            f_where = f"{c_where} fees[{f_index}]"
            _require(fee, "name", f_where)
            _choice(fee.get("kind"), FeeKind, f_where, "kind")
            _nonneg_int(fee.get("amount_vnd") or 0, f_where, "amount_vnd")
            if fee.get("max_vnd") is not None:
                _nonneg_int(fee["max_vnd"], f_where, "max_vnd")
        for k_index, comp in enumerate(case.get("components") or []):
            k_where = f"{c_where} components[{k_index}]"
            k_code = _require(comp, "code", k_where)
            if k_code in component_codes:
                raise _fail(k_where, f"mã giấy tờ {k_code} bị trùng trong thủ tục.")
            component_codes.add(k_code)
            _require(comp, "name", k_where)
            _nonneg_int(comp.get("originals", 0), k_where, "originals")
            _nonneg_int(comp.get("copies", 0), k_where, "copies")
            form_url = comp.get("form_url")
            if form_url is not None and not (
                isinstance(form_url, str) and FORM_URL.match(form_url) and len(form_url) <= 500
            ):
                raise _fail(k_where, "'form_url' phải là địa chỉ http(s)://… hoặc /….")
        steps = case.get("steps") or []
        if not steps:
            raise _fail(c_where, "phải có quy trình nội bộ (steps).")
        total = Decimal(0)
        for s_index, step in enumerate(steps):
            s_where = f"{c_where} steps[{s_index}]"
            _require(step, "name", s_where)
            _choice(step.get("role"), StepRole, s_where, "role")
            total += _decimal(step.get("hours"), s_where, "hours")
            if step.get("agency") is not None and step["agency"] not in agency_codes:
                raise _fail(s_where, f"cơ quan thực hiện {step['agency']} không tồn tại.")
        budget = step_budget_hours(amount, unit)
        if total > budget:
            raise _fail(
                c_where,
                f"tổng thời gian các bước ({total} giờ) vượt thời hạn giải quyết ({budget} giờ).",
            )
    return item


def check(data: dict) -> tuple[list[dict], list[dict], list[dict]]:
    """Validate the whole file; answer agencies (parents first), fields and procedures."""
    if data.get("version", 1) != 1:
        raise CatalogError(
            f"Phiên bản định dạng {data.get('version')!r} không được hỗ trợ (chỉ 1)."
        )
    for key in ("agencies", "fields", "procedures"):
        if not isinstance(data.get(key, []), list):
            raise CatalogError(f"'{key}' phải là một danh sách.")
    known = set(Agency.objects.values_list("code", flat=True))
    agencies = _check_agencies(data.get("agencies", []), known)
    fields = _check_fields(data.get("fields", []))
    field_codes = {f["code"] for f in fields} | set(Field.objects.values_list("code", flat=True))
    agency_codes = known | {a["code"] for a in agencies}
    procedures = [
        _check_procedure(item, f"procedures[{index}]", field_codes, agency_codes)
        for index, item in enumerate(data.get("procedures", []))
    ]
    seen: set[str] = set()
    for index, item in enumerate(procedures):
        if item["code"] in seen:
            raise _fail(f"procedures[{index}] ({item['code']})", "mã thủ tục bị trùng trong tệp.")
        seen.add(item["code"])
    return agencies, fields, procedures


# --- writing --------------------------------------------------------------------------------

VERSIONED_KEYS = ("applicants", "legal_basis", "result", "cases", "eform")


def content_hash(item: dict) -> str:
    content = {key: item.get(key) for key in VERSIONED_KEYS}
    blob = json.dumps(content, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()


def _nfc(value: Any) -> Any:
    return text.nfc(value) if isinstance(value, str) else value


def _write_agency(item: dict, result: ImportResult) -> None:
    parent = Agency.objects.get(code=item["parent"]) if item.get("parent") else None
    values = {
        "name": _nfc(item["name"]),
        "short_name": _nfc(item.get("short_name") or ""),
        "level": item["level"],
        "parent": parent,
        "address": _nfc(item.get("address") or ""),
        "phone": item.get("phone") or "",
        "email": item.get("email") or "",
        "sessions": item.get("sessions") or [["07:00", "11:30"], ["13:30", "17:00"]],
    }
    agency = Agency.objects.filter(code=item["code"]).first()
    if agency is None:
        Agency(code=item["code"], **values).save()
        result.agencies["created"] += 1
        return
    if any(getattr(agency, key) != value for key, value in values.items()):
        for key, value in values.items():
            setattr(agency, key, value)
        agency.save()
        result.agencies["updated"] += 1


def _write_version(procedure: Procedure, item: dict, digest: str, number: int) -> ProcedureVersion:
    result_info = item["result"]
    version = ProcedureVersion.objects.create(
        procedure=procedure,
        number=number,
        content_hash=digest,
        published_at=clock.now(),
        applicants=_nfc(item.get("applicants") or ""),
        legal_basis=[_nfc(x) for x in item.get("legal_basis") or []],
        result_name=_nfc(result_info["name"]),
        result_is_document=bool(result_info.get("is_document", True)),
        eform=item.get("eform") or [],
    )
    agencies = {a.code: a for a in Agency.objects.all()}
    # A blank form and a filled sample uploaded by the agency stay with their component in
    # later versions.
    uploaded = dict(
        Component.objects.filter(case__version__procedure=procedure)
        .exclude(form_file="")
        .order_by("case__version__number")
        .values_list("code", "form_file")
    )
    samples = dict(
        Component.objects.filter(case__version__procedure=procedure)
        .exclude(sample_file="")
        .order_by("case__version__number")
        .values_list("code", "sample_file")
    )
    for c_order, case in enumerate(item["cases"]):
        online = case.get("online_time_limit")
        cutoff = case.get("same_day_cutoff")
        row = ProcedureCase.objects.create(
            version=version,
            code=case["code"],
            name=_nfc(case["name"]),
            order=c_order,
            limit_amount=Decimal(str(case["time_limit"]["amount"])),
            limit_unit=case["time_limit"]["unit"],
            online_limit_amount=Decimal(str(online["amount"])) if online else None,
            online_limit_unit=online["unit"] if online else "",
            same_day_cutoff=time.fromisoformat(cutoff) if cutoff else None,
            no_due_date=bool(case.get("no_due_date", False)),
        )
        Fee.objects.bulk_create(
            Fee(
                case=row,
                order=i,
                name=_nfc(fee["name"]),
                kind=fee["kind"],
                amount_vnd=fee.get("amount_vnd") or 0,
                unit=fee.get("unit") or "",
                tiers=fee.get("tiers"),
                max_vnd=fee.get("max_vnd"),
                note=_nfc(fee.get("note") or ""),
            )
            for i, fee in enumerate(case.get("fees") or [])
        )
        Component.objects.bulk_create(
            Component(
                case=row,
                order=i,
                code=comp["code"],
                name=_nfc(comp["name"]),
                originals=comp.get("originals", 0),
                copies=comp.get("copies", 0),
                form_name=_nfc(comp.get("form") or ""),
                form_url=comp.get("form_url") or "",
                form_file=uploaded.get(comp["code"], ""),
                sample_file=samples.get(comp["code"], ""),
                required=bool(comp.get("required", True)),
            )
            for i, comp in enumerate(case.get("components") or [])
        )
        StepDefinition.objects.bulk_create(
            StepDefinition(
                case=row,
                order=i + 1,
                name=_nfc(step["name"]),
                role=step["role"],
                hours=Decimal(str(step["hours"])),
                agency=agencies.get(step["agency"]) if step.get("agency") else None,
                parallel_group=step.get("parallel_group"),
            )
            for i, step in enumerate(case["steps"])
        )
    return version


def _write_procedure(item: dict, result: ImportResult) -> None:
    values = {
        "name": _nfc(item["name"]),
        "field": Field.objects.get(code=item["field"]),
        "level": item["level"],
        "deciding_agency": (
            Agency.objects.get(code=item["deciding_agency"])
            if item.get("deciding_agency")
            else None
        ),
        "receiving": item["receiving"],
        "online_level": item.get("online", OnlineLevel.NONE),
        "boundary_free": bool(item.get("boundary_free", False)),
        "at_counter": bool(item.get("at_counter", False)),
        "published": bool(item.get("published", True)),
        "retention_years": item.get("retention_years", DEFAULT_RETENTION_YEARS),
        "retention_source": _nfc(
            item.get("retention_source")
            or ("" if "retention_years" in item else DEFAULT_RETENTION_SOURCE)
        )[:500],
    }
    digest = content_hash(item)
    procedure = (
        Procedure.objects.select_related("current_version").filter(code=item["code"]).first()
    )
    if procedure is None:
        procedure = Procedure(code=item["code"], **values)
        procedure.save()
        procedure.current_version = _write_version(procedure, item, digest, 1)
        procedure.save(update_fields=["current_version"])
        result.procedures["created"] += 1
        return
    for key, value in values.items():
        setattr(procedure, key, value)
    current = procedure.current_version
    if current is not None and current.content_hash == digest:
        procedure.save()
        result.procedures["unchanged"] += 1
        return
    number = (current.number if current else 0) + 1
    procedure.current_version = _write_version(procedure, item, digest, number)
    procedure.save()
    result.procedures["new_version"] += 1


def import_catalog(data: dict, *, actor: Any = None) -> ImportResult:
    """Check everything, then write everything in one transaction."""
    agencies, fields, procedures = check(data)
    result = ImportResult()
    with transaction.atomic():
        for item in agencies:
            _write_agency(item, result)
        for item in fields:
            values = {"name": _nfc(item["name"]), "ministry": _nfc(item.get("ministry") or "")}
            row, created = Field.objects.get_or_create(code=item["code"], defaults=values)
            if created:
                result.fields["created"] += 1
            elif (row.name, row.ministry) != (values["name"], values["ministry"]):
                Field.objects.filter(pk=row.pk).update(**values)
                result.fields["updated"] += 1
        for item in procedures:
            _write_procedure(item, result)
        record(
            "catalog.imported",
            actor=actor,
            data={
                "agencies": result.agencies,
                "fields": result.fields,
                "procedures": result.procedures,
            },
        )
    return result
