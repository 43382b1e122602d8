"""An agency's look on paper: the form header (tiêu đề), the place name before the date
(địa danh), its logo, and which form set it prints (Thông tư 01/2018 or 03/2025)."""

from __future__ import annotations

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from motcua.agencies.models import Agency
from motcua.documents import pdf, storage
from motcua.documents.models import AgencyBranding
from motcua.errors import ValidationFailed

_UNIT = re.compile(
    r"^(?:Ủy ban nhân dân|UBND)\s+"
    r"(?:xã|phường|thị trấn|đặc khu|thành phố|tỉnh|huyện|quận|thị xã)\s+",
    re.IGNORECASE,
)


def branding_of(agency: Agency) -> AgencyBranding | None:
    return AgencyBranding.objects.filter(agency=agency).first()


def form_set(agency: Agency, on: date, override: str | None = None) -> str:
    """The form set to print a paper dated ``on`` with: asked for, the agency's choice, or the
    one in force that day (Circular 03/2025/TT-VPCP from 15/09/2025, DOMAIN R14.18)."""
    if override:
        if override not in pdf.VERSIONS:
            raise ValidationFailed(
                _("Không có bộ mẫu %(version)s (có: %(versions)s).")
                % {"version": repr(override), "versions": ", ".join(pdf.VERSIONS)},
                details={"version": override},
            )
        return override
    chosen = branding_of(agency)
    if chosen is not None and chosen.form_set:
        return chosen.form_set
    return pdf.form_set_in_force(on).version


def place_of(agency: Agency) -> str:
    """The place name printed before a date: the agency's own setting, else the commune or
    province in the name of the nearest people's committee up the tree."""
    chosen = branding_of(agency)
    if chosen is not None and chosen.place:
        return chosen.place
    node: Agency | None = agency
    while node is not None:
        match = _UNIT.match(node.name)
        if match:
            return node.name[match.end() :].strip()
        node = node.parent
    return agency.short_name or agency.name


def header(agency: Agency) -> dict[str, str | None]:
    """The ``agency`` block of every form: names, address and phone from the catalogue. The
    superior's name may be abbreviated (“UBND tỉnh …”, Decree 30/2020 Appendix I), the
    agency's own is written in full."""
    parent = agency.parent
    return {
        "name": agency.name,
        "superior_name": (parent.short_name or parent.name) if parent else None,
        "address": agency.address or None,
        "phone": agency.phone or None,
    }


def signer(agency: Agency) -> dict[str, str | None]:
    """The ``signer`` block of an official letter of ``agency`` (Decree 30/2020 art. 13): the
    head in person (title and name), or "KT." / "TL." + the head's title over the signer's own
    title and name. Unset names print as a blank to sign by hand; the name of whoever clicked
    the action is never printed here."""
    chosen = branding_of(agency)
    head = (chosen.head_title if chosen else "") or "Thủ trưởng cơ quan"
    if chosen is None or not chosen.sign_authority:
        return {
            "on_behalf": None,
            "title": head,
            "name": (chosen.head_name if chosen else None) or None,
        }
    return {
        "on_behalf": f"{chosen.sign_authority}. {head}",
        "title": chosen.signer_title or None,
        "name": chosen.signer_name or None,
    }


def overrides(agency: Agency) -> pdf.Branding | None:
    """The agency's own header names and logo, when it has set any."""
    chosen = branding_of(agency)
    if chosen is None:
        return None
    logo = storage.read_blob(chosen.logo.name) if chosen.logo else None
    if not (chosen.superior_name or chosen.agency_name or logo):
        return None
    return pdf.Branding(
        superior_name=chosen.superior_name or None,
        agency_name=chosen.agency_name or None,
        logo=logo,
    )


def validate_logo(upload) -> None:
    """Admin check of a logo file: PNG, JPEG or SVG, at most 512 KB."""
    content = upload.read()
    upload.seek(0)
    if len(content) > pdf.MAX_LOGO_BYTES:
        raise ValidationError(_("Logo quá lớn (tối đa 512 KB)."))
    name = getattr(upload, "name", "") or ""
    declared = "svg" if name.lower().endswith(".svg") else None
    try:
        pdf.logo_format(content, declared)
    except ValidationFailed as exc:
        raise ValidationError(exc.message) from exc
