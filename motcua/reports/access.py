"""Which agencies a report may cover (STYLE.md habit 13): the only way reports, their lists and
exports decide their scope. A supervisor reads their agency and every agency below it (with its
children by default); other staff read their own agency only. Any other agency is the same 404
as an agency that does not exist."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _
from django_scopes import scopes_disabled

from motcua.agencies.models import Agency
from motcua.agencies.policy import subtree_ids, visible_agency_ids
from motcua.agencies.roles import Role
from motcua.errors import NotFound, PermissionDenied


@dataclass(frozen=True)
class ReportScope:
    """The agency a report is about and the ids of the agencies it counts."""

    agency: Agency
    children: bool
    agency_ids: list[int]


def parse_flag(value: Any) -> bool | None:
    """``children=1`` / ``0`` (also true/false, yes/no); empty → None (the default)."""
    if value in (None, ""):
        return None
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in ("1", "true", "yes", "on", "co")


def report_scope(
    user: Any,
    agency_code: str = "",
    children: bool | None = None,
    perm: str = "reports.view_reports",
) -> ReportScope:
    """The scope of a report asked by ``user`` for ``agency_code`` (default: their agency)."""
    superuser = bool(getattr(user, "is_superuser", False))
    if not (getattr(user, "is_agency_staff", False) or superuser):
        raise PermissionDenied(_("Chỉ cán bộ, công chức được xem báo cáo."))
    own = getattr(user, "agency", None)
    code = (agency_code or "").strip()
    agency = own if own is not None and code in ("", own.code) else None
    if agency is None and code:
        agency = Agency.objects.filter(code=code).first()
    if agency is None and own is None:
        agency = Agency.objects.filter(parent__isnull=True).order_by("path").first()
    if agency is None or not user.has_perm(perm, agency):
        raise NotFound(
            _("Không tìm thấy cơ quan %(code)s.") % {"code": code}, details={"agency": code}
        )
    if children is None:
        children = superuser or user.role == Role.SUPERVISOR
    if not children:
        return ReportScope(agency=agency, children=False, agency_ids=[agency.pk])
    visible = None if superuser else set(visible_agency_ids(user))
    ids = [pk for pk in subtree_ids(agency) if visible is None or pk in visible]
    return ReportScope(agency=agency, children=True, agency_ids=ids)


def unscoped(model: type[Model]) -> QuerySet:
    """All rows of an agency-scoped model, for report queries that filter by the explicit
    agency ids of a :class:`ReportScope` (checked above) instead of the request's scope: the
    same rows for the page, the API, the bench and the tests, and no access-list join."""
    with scopes_disabled():
        return model.objects.all()
