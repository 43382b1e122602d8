"""Official forms (mẫu phiếu, Thông tư 01/2018/TT-VPCP and 03/2025/TT-VPCP) rendered with typst.

``render_pdf(form, data, version=..., overrides=...)`` validates ``data`` against the form's
contract below, normalises it (NFC text, Vietnamese dates, QR code) and hands it to the
template ``slips/<version>/<form>.typ`` as one JSON document in ``sys.inputs.data``. No user
text is ever pasted into typst source (STYLE.md anti-pattern 9). Layout lives in the ``.typ``
files only; this module knows the data, not the look.

Form sets (the version decides the printed number and title, callers pass the same ``form``)::

    form                      v2018  v2025  (TT 01/2018, TT 03/2025)
    mau01_receipt             01     01     Giấy tiếp nhận hồ sơ và hẹn trả kết quả
    mau02_supplement_request  02     02     Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ
    mau03_refusal             03     03     Phiếu từ chối tiếp nhận giải quyết hồ sơ
    mau04_apology             04     04     Phiếu xin lỗi và hẹn lại ngày trả kết quả
                                            (2025: Văn bản xin lỗi và đề nghị gia hạn)
    mau05_stop_notice         —      05     Thông báo dừng giải quyết hồ sơ
    mau05_control_sheet       05     06     Phiếu kiểm soát quá trình giải quyết hồ sơ
    mau06_tracking_book       06     07     Sổ theo dõi hồ sơ (A4 ngang)

Forms 01–05 print on A5 portrait, the tracking book on A4 landscape.

Data contract. ``*`` marks a required key; everything else may be left out or ``None`` and
prints as a dotted blank. Kinds: text is ``str`` (an ``int`` is accepted and shown as is);
``when`` is a ``datetime`` (aware, or naive meaning Vietnamese local time), a ``date``, or an ISO
8601 string, printed "16 giờ 45 phút, ngày 24 tháng 01 năm 2025"; ``date`` is the same without
the time; money is integer đồng (never a float), printed "1.500.000 đồng"; counts are ``int``.
Unknown keys are ignored. Shared blocks::

    agency     {name*, superior_name, address, phone}    header: cơ quan cấp trên, cơ quan
    applicant  {name*, address, phone, email, id_number}  người nộp hồ sơ (Ông/Bà)
    officer    {name, phone}                              người hướng dẫn / người từ chối
    signer     {on_behalf, title, name}                   người ký: "KT. Chủ tịch" / "TL. …" over
                                                          the signer's title (default "Thủ
                                                          trưởng cơ quan") and name
    head       agency*, place* (text), printed_at* (date), lookup_url (text: QR + link),
               paper ("a5" | "a4", default a5)

Per form (``head`` = the shared head keys)::

    mau01_receipt             head with lookup_url*; dossier {code*, received_at* (when),
                              due_at (when; absent = "Không có ngày hẹn trả"), new_due_at
                              (when: the date set again after an apology), channel_label,
                              procedure_name*, case_name, time_limit_text, result_delivery,
                              sets_count (int, default 1), fee_vnd (money), book_volume,
                              book_entry}; applicant*; owner {name, address} (chủ hồ sơ);
                              components [{name*, originals, certified_copies, copies, pages}]
                              (counts: bản chính, bản sao chứng thực, bản chụp, số trang);
                              receiver_name
    mau02_supplement_request  head; dossier {code, procedure_name*, case_name, received_at};
                              applicant*; missing* [text] (everything to add, asked once);
                              reason; officer; website
    mau03_refusal             head; dossier {code, procedure_name*, case_name, submitted_at};
                              applicant*; reasons [text]; legal_basis; officer; website;
                              stage ("reception" | "appraisal"): after appraisal it is the
                              agency's notice of refusal to resolve (thông báo từ chối giải
                              quyết), with number and signer, no applicant signature
    mau04_apology             head; number (số văn bản); dossier {code*, received_at*, due_at*,
                              procedure_name*}; applicant*; reason*; new_due_at* (when);
                              return_place; signer
    mau05_stop_notice         head; number; dossier {code*, received_at*, procedure_name*};
                              applicant*; requested_at (date of the applicant's request);
                              reason; return_place; signer                       (v2025 only)
    mau05_control_sheet       agency*, place, printed_at, lookup_url; dossier {code*,
                              received_at*, due_at, procedure_name}; applicant*;
                              handling_agency; coordinating_agencies; handovers* [{from_unit*,
                              to_unit*, at (when), giver_name, receiver_name, result
                              ("before" | "on_time" | "overdue": trước hạn/đúng hạn/quá hạn),
                              note}] (one row per hand-over: 1. Giao … 2. Nhận …)
    mau06_tracking_book       agency*, place, printed_at, period_from* (date), period_to*
                              (date), book_volume; rows [{no* (int), code*, procedure_name*,
                              sets (int), applicant_name*, address_phone, handling_agency,
                              received_at, due_at, transferred_at, result_received_at,
                              returned_at (all when), note}]

A missing or malformed key raises :class:`~motcua.errors.ValidationFailed` naming every bad
key; a template bug raises :class:`RenderError`.
"""

from __future__ import annotations

import json
import threading
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import typst

from motcua.documents import qr
from motcua.errors import ValidationFailed

SLIPS_DIR = Path(__file__).resolve().with_name("slips")
FONTS_DIR = Path(__file__).resolve().parents[1] / "fonts"  # shared with signing stamps


@dataclass(frozen=True)
class FormSet:
    """One legal set of forms: its folder under ``slips/``, the circular that issued it and the
    day it came into force (ngày có hiệu lực)."""

    version: str
    basis: str
    in_force_from: date


def _load_form_sets() -> tuple[FormSet, ...]:
    rows = json.loads((SLIPS_DIR / "form_sets.json").read_text(encoding="utf-8"))
    sets = [FormSet(r["version"], r["basis"], date.fromisoformat(r["in_force_from"])) for r in rows]
    return tuple(sorted(sets, key=lambda s: s.in_force_from))


# The form sets and their dates are data (slips/form_sets.json): a new circular is a new folder
# of templates and one line there.
FORM_SETS = _load_form_sets()
VERSIONS = tuple(s.version for s in FORM_SETS)
DEFAULT_VERSION = FORM_SETS[0].version


def form_set_in_force(on: date) -> FormSet:
    """The form set in force on day ``on``: the latest one whose date is not after it (the
    oldest for a day before every set)."""
    chosen = FORM_SETS[0]
    for candidate in FORM_SETS:
        if candidate.in_force_from <= on:
            chosen = candidate
    return chosen


# Vietnamese local time; defined here rather than taken from motcua.clock to stay Django-free.
VN = ZoneInfo("Asia/Ho_Chi_Minh")

MAX_LOGO_BYTES = 512 * 1024
PAPERS = ("a5", "a4")  # slips print on A5 (Circular 01/2018 art. 9); A4 is an option


class RenderError(RuntimeError):
    """typst failed on validated data: a template bug, never the user's fault."""


@dataclass(frozen=True)
class Branding:
    """An agency's own header (tên cơ quan cấp trên, tên cơ quan) and optional logo."""

    superior_name: str | None = None
    agency_name: str | None = None
    logo: bytes | None = None
    logo_format: str | None = None  # "png", "svg" or "jpg"; sniffed from the bytes if None


# Data contracts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Field:
    kind: str  # text | int | money | when | date | choice
    required: bool = True
    choices: tuple[str, ...] = ()
    default: Any = None


@dataclass(frozen=True)
class _Record:
    fields: Mapping[str, Any]
    required: bool = True


@dataclass(frozen=True)
class _List:
    item: Any
    required: bool = True  # required lists must have at least one item


def _req(kind: str = "text", **kwargs: Any) -> _Field:
    return _Field(kind, required=True, **kwargs)


def _opt(kind: str = "text", **kwargs: Any) -> _Field:
    return _Field(kind, required=False, **kwargs)


_AGENCY = _Record({"name": _req(), "superior_name": _opt(), "address": _opt(), "phone": _opt()})
_APPLICANT = _Record(
    {"name": _req(), "address": _opt(), "phone": _opt(), "email": _opt(), "id_number": _opt()}
)
_OFFICER = _Record({"name": _opt(), "phone": _opt()}, required=False)
_SIGNER = _Record({"on_behalf": _opt(), "title": _opt(), "name": _opt()}, required=False)
_HEAD = {
    "agency": _AGENCY,
    "place": _req(),
    "printed_at": _req("date"),
    "lookup_url": _opt(),
    "paper": _opt("choice", choices=PAPERS, default="a5"),
}

CONTRACTS: dict[str, _Record] = {
    "mau01_receipt": _Record(
        {
            **_HEAD,
            "lookup_url": _req(),
            "dossier": _Record(
                {
                    "code": _req(),
                    "received_at": _req("when"),
                    "due_at": _opt("when"),
                    "new_due_at": _opt("when"),
                    "channel_label": _opt(),
                    "procedure_name": _req(),
                    "case_name": _opt(),
                    "time_limit_text": _opt(),
                    "result_delivery": _opt(),
                    "sets_count": _opt("int", default=1),
                    "fee_vnd": _opt("money"),
                    "book_volume": _opt(),
                    "book_entry": _opt(),
                }
            ),
            "applicant": _APPLICANT,
            "owner": _Record({"name": _req(), "address": _opt()}, required=False),
            "components": _List(
                _Record(
                    {
                        "name": _req(),
                        "originals": _opt("int"),
                        "certified_copies": _opt("int"),
                        "copies": _opt("int"),
                        "pages": _opt("int"),
                    }
                ),
                required=False,
            ),
            "receiver_name": _opt(),
        }
    ),
    "mau02_supplement_request": _Record(
        {
            **_HEAD,
            "dossier": _Record(
                {
                    "code": _opt(),
                    "procedure_name": _req(),
                    "case_name": _opt(),
                    "received_at": _opt("when"),
                }
            ),
            "applicant": _APPLICANT,
            "missing": _List(_req()),
            "reason": _opt(),
            "officer": _OFFICER,
            "website": _opt(),
        }
    ),
    "mau03_refusal": _Record(
        {
            **_HEAD,
            "dossier": _Record(
                {
                    "code": _opt(),
                    "procedure_name": _req(),
                    "case_name": _opt(),
                    "submitted_at": _opt("when"),
                }
            ),
            "applicant": _APPLICANT,
            "stage": _opt("choice", choices=("reception", "appraisal"), default="reception"),
            "number": _opt(),
            "reasons": _List(_req(), required=False),  # none known: a blank line to fill
            "legal_basis": _opt(),
            "officer": _OFFICER,
            "signer": _SIGNER,
            "website": _opt(),
        }
    ),
    "mau04_apology": _Record(
        {
            **_HEAD,
            "number": _opt(),
            "dossier": _Record(
                {
                    "code": _req(),
                    "received_at": _req("when"),
                    "due_at": _req("when"),
                    "procedure_name": _req(),
                }
            ),
            "applicant": _APPLICANT,
            "reason": _req(),
            "new_due_at": _req("when"),
            "return_place": _opt(),
            "signer": _SIGNER,
        }
    ),
    "mau05_stop_notice": _Record(
        {
            **_HEAD,
            "number": _opt(),
            "dossier": _Record(
                {"code": _req(), "received_at": _req("when"), "procedure_name": _req()}
            ),
            "applicant": _APPLICANT,
            "requested_at": _opt("date"),
            "reason": _opt(),  # none known: a blank line to fill
            "return_place": _opt(),
            "signer": _SIGNER,
        }
    ),
    "mau05_control_sheet": _Record(
        {
            "agency": _AGENCY,
            "place": _opt(),
            "printed_at": _opt("date"),
            "lookup_url": _opt(),
            "paper": _opt("choice", choices=PAPERS, default="a5"),
            "dossier": _Record(
                {
                    "code": _req(),
                    "received_at": _req("when"),
                    "due_at": _opt("when"),
                    "procedure_name": _opt(),
                }
            ),
            "applicant": _Record({"name": _req()}),
            "handling_agency": _opt(),
            "coordinating_agencies": _opt(),
            "handovers": _List(
                _Record(
                    {
                        "from_unit": _req(),
                        "to_unit": _req(),
                        "at": _opt("when"),
                        "giver_name": _opt(),
                        "receiver_name": _opt(),
                        "result": _opt("choice", choices=("before", "on_time", "overdue")),
                        "note": _opt(),
                    }
                )
            ),
        }
    ),
    "mau06_tracking_book": _Record(
        {
            "agency": _AGENCY,
            "place": _opt(),
            "printed_at": _opt("date"),
            "period_from": _req("date"),
            "period_to": _req("date"),
            "book_volume": _opt(),
            "rows": _List(
                _Record(
                    {
                        "no": _req("int"),
                        "code": _req(),
                        "procedure_name": _req(),
                        "sets": _opt("int"),
                        "applicant_name": _req(),
                        "address_phone": _opt(),
                        "handling_agency": _opt(),
                        "received_at": _opt("when"),
                        "due_at": _opt("when"),
                        "transferred_at": _opt("when"),
                        "result_received_at": _opt("when"),
                        "returned_at": _opt("when"),
                        "note": _opt(),
                    }
                ),
                required=False,  # a period without dossiers prints an empty book
            ),
        }
    ),
}


def available_forms(version: str = DEFAULT_VERSION) -> tuple[str, ...]:
    """Forms of one form set, e.g. ``("mau01_receipt", …)``; files starting ``_`` are libraries."""
    folder = SLIPS_DIR / version
    if version not in VERSIONS or not folder.is_dir():
        return ()
    return tuple(sorted(p.stem for p in folder.glob("*.typ") if not p.name.startswith("_")))


# Normalisation -------------------------------------------------------------------------------


@dataclass
class _Problems:
    items: list[tuple[str, str]] = field(default_factory=list)

    def add(self, path: str, message: str) -> None:
        self.items.append((path, message))


def _moment(value: Any, *, with_time: bool) -> dict[str, str | None]:
    """A date or instant as the pieces the templates print, in Vietnamese local time."""
    if isinstance(value, str):
        text = value.strip()
        value = date.fromisoformat(text) if len(text) == 10 else datetime.fromisoformat(text)
    if isinstance(value, datetime):
        local = value.replace(tzinfo=VN) if value.tzinfo is None else value.astimezone(VN)
        day: date = local.date()
        hour, minute = (f"{local.hour:02d}", f"{local.minute:02d}") if with_time else (None, None)
        iso = local.isoformat() if with_time else day.isoformat()
    elif isinstance(value, date):
        day, hour, minute, iso = value, None, None, value.isoformat()
    else:
        raise TypeError(value)
    return {
        "iso": iso,
        # Nghị định 30/2020, Phụ lục I: a leading zero for days below 10 and for months 1 and 2.
        "day": f"{day.day:02d}",
        "month": f"{day.month:02d}" if day.month <= 2 else str(day.month),
        "year": str(day.year),
        "hour": hour,
        "minute": minute,
        "short": day.strftime("%d/%m/%Y"),
        "hm": f"{hour}:{minute}" if hour is not None else None,
    }


def _absent(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _field(spec: _Field, value: Any, path: str, problems: _Problems) -> Any:
    if _absent(value):
        if spec.required:
            problems.add(path, "thiếu giá trị bắt buộc")
        return spec.default
    kind = spec.kind
    if kind == "text":
        if isinstance(value, bool) or not isinstance(value, str | int):
            problems.add(path, "phải là chuỗi ký tự")
            return None
        return unicodedata.normalize("NFC", str(value)).strip()
    if kind in ("int", "money"):
        if isinstance(value, bool) or not isinstance(value, int):
            message = "số tiền phải là số nguyên đồng" if kind == "money" else "phải là số nguyên"
            problems.add(path, message)
            return None
        if value < 0:
            problems.add(path, "không được là số âm")
            return None
        return value
    if kind in ("when", "date"):
        try:
            return _moment(value, with_time=kind == "when")
        except (TypeError, ValueError):
            problems.add(path, "không phải ngày/giờ hợp lệ (datetime, date hoặc ISO 8601)")
            return None
    if kind == "choice":
        if value not in spec.choices:
            problems.add(path, f"giá trị không hợp lệ, chỉ nhận: {', '.join(spec.choices)}")
            return None
        return value
    raise AssertionError(f"unknown field kind {kind!r}")


def _record(spec: _Record, value: Any, path: str, problems: _Problems) -> dict[str, Any]:
    if value is None:
        if spec.required:
            problems.add(path or "data", "thiếu giá trị bắt buộc")
        # An absent optional block still has all its keys, so templates need no presence test.
        value, quiet = {}, True
    else:
        quiet = False
    if not isinstance(value, Mapping):
        problems.add(path or "data", "phải là một đối tượng (dict)")
        return {}
    out: dict[str, Any] = {}
    for key, sub in spec.fields.items():
        sub_path = f"{path}.{key}" if path else key
        sink = _Problems() if quiet else problems
        out[key] = _value(sub, value.get(key), sub_path, sink)
    return out


def _value(spec: Any, value: Any, path: str, problems: _Problems) -> Any:
    if isinstance(spec, _Record):
        return _record(spec, value, path, problems)
    if isinstance(spec, _List):
        if value is None:
            value = []
        if isinstance(value, str | bytes | Mapping) or not hasattr(value, "__iter__"):
            problems.add(path, "phải là một danh sách")
            return []
        items = list(value)
        if spec.required and not items:
            problems.add(path, "danh sách không được trống")
        return [_value(spec.item, item, f"{path}[{i}]", problems) for i, item in enumerate(items)]
    return _field(spec, value, path, problems)


def validate(form: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """Check ``data`` against ``form``'s contract and return the normalised copy for typst."""
    contract = CONTRACTS.get(form)
    if contract is None:
        raise ValidationFailed(
            f"Không có mẫu phiếu «{form}».", code="unknown_form", details={"form": form}
        )
    problems = _Problems()
    normalised = _record(contract, data, "", problems)
    if problems.items:
        listed = "; ".join(f"{path}: {message}" for path, message in problems.items)
        raise ValidationFailed(
            f"Dữ liệu in mẫu {form} không hợp lệ: {listed}.",
            details={
                "form": form,
                "problems": [{"field": p, "problem": m} for p, m in problems.items],
            },
        )
    return normalised


# Branding ------------------------------------------------------------------------------------


def logo_format(logo: bytes, declared: str | None) -> str:
    if declared:
        fmt = declared.lower().lstrip(".")
        fmt = "jpg" if fmt == "jpeg" else fmt
    elif logo.startswith(b"\x89PNG\r\n\x1a\n"):
        fmt = "png"
    elif logo.startswith(b"\xff\xd8\xff"):
        fmt = "jpg"
    elif b"<svg" in logo[:2048]:
        fmt = "svg"
    else:
        fmt = ""
    if fmt not in ("png", "jpg", "svg"):
        raise ValidationFailed(
            "Logo phải là tệp PNG, JPEG hoặc SVG.", details={"field": "branding.logo"}
        )
    return fmt


def _apply_branding(data: dict[str, Any], branding: Branding | None) -> None:
    data["branding"] = {"logo": None}
    if branding is None:
        return
    agency = data["agency"]
    if branding.superior_name:
        agency["superior_name"] = unicodedata.normalize("NFC", branding.superior_name).strip()
    if branding.agency_name:
        agency["name"] = unicodedata.normalize("NFC", branding.agency_name).strip()
    if branding.logo:
        if len(branding.logo) > MAX_LOGO_BYTES:
            raise ValidationFailed(
                "Logo quá lớn (tối đa 512 KB).", details={"field": "branding.logo"}
            )
        fmt = logo_format(branding.logo, branding.logo_format)
        # typst reads images from bytes; JSON carries them as a list of byte values.
        data["branding"]["logo"] = {"format": fmt, "bytes": list(branding.logo)}


# Rendering -----------------------------------------------------------------------------------

_fonts_lock = threading.Lock()
_fonts: typst.Fonts | None = None
_local = threading.local()


def shipped_fonts() -> typst.Fonts:
    """Only the fonts in ``fonts/``: no system or typst-embedded fallback can sneak in."""
    global _fonts
    with _fonts_lock:
        if _fonts is None:
            _fonts = typst.Fonts(
                include_system_fonts=False,
                include_embedded_fonts=False,
                font_paths=[str(FONTS_DIR)],
            )
        return _fonts


def _compiler() -> typst.Compiler:
    # One compiler per thread keeps fonts parsed and typst's memoised layout warm between
    # renders (the warm path is a few milliseconds; a fresh compile reloads everything).
    compiler = getattr(_local, "compiler", None)
    if compiler is None:
        compiler = typst.Compiler(root=str(SLIPS_DIR), font_paths=shipped_fonts())
        _local.compiler = compiler
    return compiler


def render_pdf(
    form: str,
    data: Mapping[str, Any],
    *,
    version: str = DEFAULT_VERSION,
    overrides: Branding | None = None,
    archival: bool = False,
) -> bytes:
    """Render ``form`` of form set ``version`` with ``data`` (contract in the module docstring);
    ``archival`` writes PDF/A-2b (Circular 02/2019/TT-BNV: the format of kept records)."""
    if form not in available_forms(version):
        raise ValidationFailed(
            f"Bộ mẫu {version} không có mẫu «{form}».",
            code="unknown_form",
            details={"form": form, "version": version},
        )
    payload = validate(form, data)
    _apply_branding(payload, overrides)
    payload["qr_svg"] = qr.qr_svg(payload["lookup_url"]) if payload.get("lookup_url") else None
    template = SLIPS_DIR / version / f"{form}.typ"
    try:
        return _compiler().compile(
            input=str(template),
            sys_inputs={"data": json.dumps(payload, ensure_ascii=False)},
            pdf_standards=["a-2b"] if archival else [],
        )
    except typst.TypstError as exc:
        raise RenderError(f"{version}/{form}: {exc}") from exc
