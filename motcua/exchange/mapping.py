"""Bảng mã liên thông: how local codes map to the national portal's (DVCQG) codes, as data.

Three kinds: procedure code ↔ ``MaTTHC``, local status ↔ ``TrangThaiHoSo``, agency ↔ ``MaDonVi``.
Without a row the codes are the same (a procedure's code is its national code, an agency's
code is its ``MaDonVi``, a status is sent as its national status code). A change writes a new
version row with its time and author; the latest version of a local code is the current one."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from motcua import audit, clock, text
from motcua.agencies.policy import require
from motcua.errors import ValidationFailed
from motcua.exchange.models import Mapping

Kind = Mapping.Kind
CODE_MAX_LENGTH = 64
CODE_PATTERN = re.compile(r"^[0-9A-Za-z][0-9A-Za-z._\-]*$")
NATIONAL_STATUSES = {str(n) for n in range(1, 11)}

# The local statuses and their national code (1–10), registered by the dossiers app at start
# (this app sits below it and does not import it).
LOCAL_STATUSES: dict[str, int] = {}


def register_local_statuses(codes: dict[str, int]) -> None:
    """Let the dossiers app name its statuses and their default national codes."""
    LOCAL_STATUSES.update({str(k): int(v) for k, v in codes.items()})


@dataclass
class Mappings:
    """The current mappings read once (one query), for work over many dossiers: a batch."""

    national: dict[str, dict[str, str]] = field(default_factory=dict)
    local: dict[str, dict[str, str]] = field(default_factory=dict)

    def procedure(self, procedure_code: str) -> str:
        return self.national[Kind.PROCEDURE].get(procedure_code, procedure_code)

    def unit(self, agency: Any) -> str:
        return self.national[Kind.AGENCY].get(agency.code, agency.code)

    def status(self, local_status: str | int) -> str:
        key = str(local_status)
        if key in self.national[Kind.STATUS]:
            return self.national[Kind.STATUS][key]
        return _default_status(local_status)


def current() -> Mappings:
    """Every current mapping, in one query."""
    rows = _current_rows().values_list("kind", "local_code", "national_code")
    found = Mappings(national={k: {} for k in Kind.values}, local={k: {} for k in Kind.values})
    for kind, local, national in rows:
        found.national[kind][local] = national
        found.local[kind].setdefault(national, local)
    return found


def national_procedure_code(procedure_code: str) -> str:
    """``MaTTHC`` of a local procedure code."""
    return _national(Kind.PROCEDURE, procedure_code) or procedure_code


def local_procedure_code(ma_tthc: str) -> str:
    """The local procedure code of a ``MaTTHC``."""
    return _local(Kind.PROCEDURE, ma_tthc) or ma_tthc


def national_unit_code(agency: Any) -> str:
    """``MaDonVi`` of an agency."""
    return _national(Kind.AGENCY, agency.code) or agency.code


def local_agency_code(ma_don_vi: str) -> str:
    """The local agency code of a ``MaDonVi``."""
    return _local(Kind.AGENCY, ma_don_vi) or ma_don_vi


def national_status(local_status: str | int) -> str:
    """``TrangThaiHoSo`` (national code 1–10, as a string) of a local status: a status name
    (``dossier.status``) or the local national code (``dossier.status_code``)."""
    return _national(Kind.STATUS, str(local_status)) or _default_status(local_status)


def change_mapping(kind: str, local_code: str, national_code: str, *, actor: Any) -> Mapping:
    """Sửa bảng mã: write a new current version of one mapping (audited)."""
    require(actor, "exchange.manage_exchange")
    kind, local_code, national_code = clean(kind, local_code, national_code)
    with transaction.atomic():
        rows = Mapping.objects.select_for_update().filter(kind=kind, local_code=local_code)
        latest = rows.order_by("-version").first()
        before = (
            {"national_code": latest.national_code, "version": latest.version} if latest else None
        )
        mapping = Mapping.objects.create(
            kind=kind,
            local_code=local_code,
            national_code=national_code,
            version=(latest.version if latest else 0) + 1,
            changed_at=clock.now(),
            changed_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        audit.record(
            "exchange.mapping_changed",
            actor=actor,
            agency=getattr(actor, "agency", None),
            target=mapping,
            before=before,
            after={
                "kind": kind,
                "local_code": local_code,
                "national_code": national_code,
                "version": mapping.version,
            },
        )
    return mapping


def current_rows() -> list[Mapping]:
    """The current version of every mapping, by kind and local code (for the screens)."""
    return list(_current_rows().select_related("changed_by"))


def history(kind: str, local_code: str) -> list[Mapping]:
    """Every version of one mapping, newest first."""
    return list(
        Mapping.objects.filter(kind=kind, local_code=local_code)
        .select_related("changed_by")
        .order_by("-version")
    )


def clean(kind: str, local_code: str, national_code: str) -> tuple[str, str, str]:
    if kind not in Kind.values:
        raise ValidationFailed(
            _("Loại mã “%(kind)s” không hợp lệ.") % {"kind": kind}, details={"kind": kind}
        )
    local_code = text.nfc(local_code or "").strip()
    national_code = text.nfc(national_code or "").strip()
    for name, value, label in (
        ("local_code", local_code, _("Mã trong hệ thống")),
        ("national_code", national_code, _("Mã trên DVCQG")),
    ):
        if not value:
            raise ValidationFailed(
                _("%(field)s không được để trống.") % {"field": label}, details={name: value}
            )
        if len(value) > CODE_MAX_LENGTH or not CODE_PATTERN.match(value):
            raise ValidationFailed(
                _(
                    "%(field)s “%(value)s” không hợp lệ: chỉ gồm chữ, số, dấu chấm, gạch ngang, "
                    "gạch dưới, tối đa %(n)s ký tự."
                )
                % {"field": label, "value": value, "n": CODE_MAX_LENGTH},
                details={name: value},
            )
    if kind == Kind.STATUS:
        if LOCAL_STATUSES and local_code not in LOCAL_STATUSES:
            raise ValidationFailed(
                _("Trạng thái “%(value)s” không có trong hệ thống.") % {"value": local_code},
                details={"local_code": local_code},
            )
        if national_code not in NATIONAL_STATUSES:
            raise ValidationFailed(
                _("Mã trạng thái DVCQG phải là một số từ 1 đến 10, không phải “%(value)s”.")
                % {"value": national_code},
                details={"national_code": national_code},
            )
    return kind, local_code, national_code


def _current_rows():
    """The latest version of every mapping: no newer version of the same local code exists."""
    newer = Mapping.objects.filter(
        kind=OuterRef("kind"), local_code=OuterRef("local_code"), version__gt=OuterRef("version")
    )
    return Mapping.objects.filter(~Exists(newer)).order_by("kind", "local_code")


def _national(kind: str, local_code: str) -> str:
    return (
        Mapping.objects.filter(kind=kind, local_code=local_code)
        .order_by("-version")
        .values_list("national_code", flat=True)
        .first()
        or ""
    )


def _local(kind: str, national_code: str) -> str:
    """The local code whose current mapping is ``national_code`` (the first by code, if many)."""
    return (
        _current_rows()
        .filter(kind=kind, national_code=national_code)
        .values_list("local_code", flat=True)
        .first()
        or ""
    )


def _default_status(local_status: str | int) -> str:
    key = str(local_status)
    if key in LOCAL_STATUSES:
        return str(LOCAL_STATUSES[key])
    if key.isdigit():
        return str(int(key))
    raise ValueError(f"national_status: unknown local status {local_status!r}")
