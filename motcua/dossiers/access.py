"""The only way screens and the API fetch one dossier: inside the request's agency scope,
with the permission checked; anything else is the same 404 (STYLE.md habit 13)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from motcua.dossiers.models import Dossier
from motcua.errors import NotFound


def dossier_for(user: Any, code: str, perm: str = "dossiers.view_dossier") -> Dossier:
    dossier = (
        Dossier.objects.select_related(
            "agency",
            "handling_agency",
            "current_agency",
            "procedure",
            "case",
            "current_step",
            "assignee",
        )
        .filter(code=code)
        .first()
    )
    if dossier is None or not user.has_perm(perm, dossier):
        raise NotFound(_("Không tìm thấy hồ sơ."))
    return dossier


def citizen_dossier(user: Any, code: str) -> Dossier:
    """A citizen's own dossier (portal): the ownership check replaces the agency scope."""
    dossier = (
        Dossier.objects.with_scopes_disabled()
        .select_related("agency", "handling_agency", "procedure", "case")
        .filter(code=code, citizen_id=getattr(user, "pk", None))
        .first()
    )
    if dossier is None:
        raise NotFound(_("Không tìm thấy hồ sơ."))
    return dossier
