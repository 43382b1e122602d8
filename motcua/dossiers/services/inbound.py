"""Hồ sơ nhận từ Cổng Dịch vụ công quốc gia (DVCQG): a dossier submitted online on the national
portal comes in with its papers as Base64 and waits, like a portal submission, in status 1 in
the receiving agency's online queue until the counter accepts it (CONTRACT v1.1 "DVCQG: inbound
dossiers", DOMAIN R1.9, R14.1, R14.5). It keeps the code DVCQG gave it (``national_code``) and is
taken in once: the same ``MaHoSo`` again finds the dossier already here."""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from motcua import clock, text
from motcua.documents import services as files
from motcua.documents import storage
from motcua.documents.models import Origin, Role
from motcua.dossiers.inputs import Applicant
from motcua.dossiers.lifecycle import Action, transition
from motcua.dossiers.models import Channel, Dossier, DossierComponent, ScanExemption
from motcua.dossiers.services import core, intake
from motcua.errors import DomainError, ValidationFailed
from motcua.exchange import mapping

NATIONAL_CODE_MAX = 40
CHANNEL = "dvcqg"  # how the movement and the audit event name where the dossier came from
# Where the applicant's fields come from in the DVCQG body (for errors naming the field).
APPLICANT_FIELDS = {
    "name": "ChuHoSo",
    "id_number": "SoGiayToChuHoSo",
    "phone": "SoDienThoai",
    "email": "Email",
    "address": "DiaChi",
    "kind": "LoaiDoiTuong",
}


@dataclass(frozen=True)
class Received:
    """The dossier the ``MaHoSo`` names, and whether this request created it."""

    dossier: Dossier
    created: bool


@dataclass(frozen=True)
class Paper:
    """One paper (thành phần hồ sơ) as DVCQG sent it, its files checked."""

    code: str
    name: str
    originals: int
    copies: int
    files: tuple[storage.Checked, ...]


def _fail(field: str, message: str, code: str = "validation_error") -> ValidationFailed:
    return ValidationFailed(message, code=code, details={field: message})


def existing(national_code: str) -> Dossier | None:
    return Dossier.objects.with_scopes_disabled().filter(national_code=national_code).first()


def receive_from_dvcqg(payload: Mapping[str, Any]) -> Received:
    """Nhận hồ sơ từ Cổng DVCQG: check everything first, then write the dossier, its papers'
    files, the movement and the audit event in one transaction; nothing is written on a refusal.
    A ``MaHoSo`` already here (also one a concurrent request has just written) is answered
    with that dossier."""
    national_code = _national_code(payload.get("MaHoSo"))
    found = existing(national_code)
    if found is not None:
        return Received(found, created=False)
    procedure = _procedure(payload.get("MaTTHC"))
    receiving = _agency(payload.get("MaDonVi"))
    try:
        the_route = intake.route(procedure, receiving)
    except DomainError as exc:
        raise _fail("MaDonVi", exc.message, exc.code) from None
    structure = intake.find_case(procedure, None)
    person = _applicant(payload)
    submitted_at = _submitted_at(payload.get("NgayNopHoSo"))
    papers = _papers(payload.get("ThanhPhanHoSo"))
    row = transition(None, Action.SUBMIT)
    definitions = {c.code: c for c in structure.components}
    try:
        with transaction.atomic(durable=True):
            now = clock.now()
            dossier = intake.open_online(
                procedure=procedure,
                case=structure.case,
                route=the_route,
                applicant=person,
                note=text.nfc(str(payload.get("TrichYeuHoSo") or "")),
                result_delivery=Channel.ONLINE,
                delivery_address="",
                submitted_at=submitted_at or now,
                national_code=national_code,
            )
            _store_papers(dossier, papers, definitions)
            core.record(
                dossier,
                Action.SUBMIT,
                actor=None,
                row=row,
                before=None,
                now=now,
                note=dossier.note,
                data={"channel": CHANNEL, "national_code": national_code},
            )
    except IntegrityError:
        # A concurrent request took this MaHoSo in first (the unique constraint said so).
        found = existing(national_code)
        if found is None:
            raise
        return Received(found, created=False)
    return Received(dossier, created=True)


def _national_code(value: Any) -> str:
    code = str(value or "").strip()
    if not code:
        raise _fail("MaHoSo", _("Thiếu mã hồ sơ (MaHoSo)."))
    if len(code) > NATIONAL_CODE_MAX or not code.isprintable():
        raise _fail("MaHoSo", _("Mã hồ sơ (MaHoSo) %(code)s không hợp lệ.") % {"code": repr(code)})
    return code


def _procedure(ma_tthc: Any) -> Any:
    code = str(ma_tthc or "").strip()
    try:
        return intake.find_procedure(mapping.local_procedure_code(code))
    except DomainError:
        raise _fail(
            "MaTTHC",
            _("Không có thủ tục hành chính mã %(code)s (MaTTHC).") % {"code": repr(code)},
            "unknown_procedure",
        ) from None


def _agency(ma_don_vi: Any) -> Any:
    code = str(ma_don_vi or "").strip()
    try:
        return intake.find_agency(mapping.local_agency_code(code))
    except DomainError:
        raise _fail(
            "MaDonVi",
            _("Không có cơ quan, đơn vị mã %(code)s (MaDonVi).") % {"code": repr(code)},
            "unknown_agency",
        ) from None


def _applicant(payload: Mapping[str, Any]) -> Applicant:
    kind = "business" if str(payload.get("LoaiDoiTuong") or "1") == "2" else "citizen"
    data = {key: payload.get(name) for key, name in APPLICANT_FIELDS.items() if key != "kind"}
    try:
        return Applicant.parse({**data, "kind": kind})
    except ValidationFailed as exc:
        # Name the field as DVCQG calls it: applicant.phone → SoDienThoai.
        fields = {APPLICANT_FIELDS.get(k.split(".")[-1], k): v for k, v in exc.details.items()}
        raise ValidationFailed(exc.message, code=exc.code, details=fields) from None


def _submitted_at(value: Any) -> datetime | None:
    """``NgayNopHoSo`` (``yyyyMMddHHmmss``, Vietnam time), or None when DVCQG sent none."""
    raw = str(value or "").strip()
    if not raw:
        return None
    try:
        at = datetime.strptime(raw, "%Y%m%d%H%M%S").replace(tzinfo=clock.VN)
    except ValueError:
        raise _fail(
            "NgayNopHoSo",
            _("Ngày nộp hồ sơ (NgayNopHoSo) %(value)s không đúng dạng yyyyMMddHHmmss.")
            % {"value": repr(raw)},
        ) from None
    if at > clock.now():
        raise _fail(
            "NgayNopHoSo",
            _("Ngày nộp hồ sơ (NgayNopHoSo) %(value)s ở sau thời điểm hiện tại.")
            % {"value": repr(raw)},
        )
    return at


def _count(value: Any, where: str) -> int:
    if value in (None, ""):
        return 0
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 99:
        raise _fail(where, _("Số bản %(where)s không hợp lệ.") % {"where": where})
    return value


def _papers(items: Any) -> list[Paper]:
    if items in (None, ""):
        return []
    if not isinstance(items, list):
        raise _fail("ThanhPhanHoSo", _("Danh sách thành phần hồ sơ (ThanhPhanHoSo) không hợp lệ."))
    papers = []
    for index, item in enumerate(items):
        where = f"ThanhPhanHoSo[{index}]"
        if not isinstance(item, Mapping):
            raise _fail(where, _("Thành phần hồ sơ %(where)s không hợp lệ.") % {"where": where})
        code = text.nfc(str(item.get("MaThanhPhanHoSo") or "")).strip()
        if not code or len(code) > 96:
            raise _fail(
                f"{where}.MaThanhPhanHoSo",
                _("Thành phần hồ sơ %(where)s thiếu mã hoặc mã không hợp lệ (MaThanhPhanHoSo).")
                % {"where": where},
            )
        attached = item.get("TepDinhKem") or []
        if not isinstance(attached, list):
            raise _fail(
                f"{where}.TepDinhKem",
                _("Danh sách tệp đính kèm %(where)s không hợp lệ.") % {"where": where},
            )
        papers.append(
            Paper(
                code=code,
                name=text.nfc(str(item.get("TenThanhPhan") or "")).strip() or code,
                originals=_count(item.get("SoBanChinh"), f"{where}.SoBanChinh"),
                copies=_count(item.get("SoBanSao"), f"{where}.SoBanSao"),
                files=tuple(
                    _file(entry, f"{where}.TepDinhKem[{number}]")
                    for number, entry in enumerate(attached)
                ),
            )
        )
    return papers


def _file(entry: Any, where: str) -> storage.Checked:
    """One attached file: decoded, then checked exactly as an upload is (type by the bytes,
    size, name); a name that says another type than the bytes is refused too."""
    if not isinstance(entry, Mapping):
        raise _fail(where, _("Tệp đính kèm %(where)s không hợp lệ.") % {"where": where})
    name = str(entry.get("TenTep") or "").strip()
    encoded = entry.get("Base64")
    if not isinstance(encoded, str) or not encoded.strip():
        raise _fail(
            f"{where}.Base64", _("Tệp %(name)s không có nội dung (Base64).") % {"name": name}
        )
    # Refuse an oversized file before decoding it: four Base64 characters carry three bytes.
    if len(encoded) // 4 * 3 > settings.UPLOAD_MAX_BYTES + 3:
        raise storage.too_large(settings.UPLOAD_MAX_BYTES)
    try:
        content = base64.b64decode("".join(encoded.split()), validate=True)
    except (binascii.Error, ValueError):
        raise _fail(
            f"{where}.Base64",
            _("Tệp %(name)s: nội dung Base64 không hợp lệ.") % {"name": name or where},
            "invalid_base64",
        ) from None
    try:
        checked = storage.check_upload(content, name)
        storage.check_name(name, checked.content_type)
    except storage.FileRejected as exc:
        raise storage.FileRejected(
            _("Tệp %(name)s: %(reason)s") % {"name": name or where, "reason": exc.message},
            details={where: exc.details.get("file", "rejected")},
        ) from None
    return checked


def _store_papers(dossier: Dossier, papers: list[Paper], definitions: dict[str, Any]) -> None:
    """The papers and their files (in the caller's transaction: a rollback removes the blobs).
    A paper whose code the procedure does not know is kept under DVCQG's code and name."""
    DossierComponent.objects.bulk_create(
        DossierComponent(
            dossier=dossier,
            component=definitions.get(paper.code),
            code=paper.code,
            name=definitions[paper.code].name if paper.code in definitions else paper.name,
            originals=paper.originals,
            copies=paper.copies,
            digitised=bool(paper.files),
            scan_exempt=ScanExemption.ONLINE,  # submitted online: no scan (TT 03/2025 art. 5)
        )
        for paper in papers
    )
    for paper in papers:
        documents = [
            files.create_document(checked, origin=Origin.UPLOAD, agency=dossier.agency)
            for checked in paper.files
        ]
        files.attach(documents, dossier, role=Role.COMPONENT, part=paper.code, actor=None)
