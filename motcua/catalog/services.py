"""Changing a procedure's content: every edit makes a new version; dossiers already received
keep the version they pinned (STYLE.md habit 4)."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.translation import gettext as _

from motcua import clock, text
from motcua.agencies.models import Agency
from motcua.agencies.policy import require, step_agency_allowed
from motcua.audit import record
from motcua.catalog.budget import step_budget_hours
from motcua.catalog.models import (
    Component,
    Fee,
    Procedure,
    ProcedureCase,
    ProcedureVersion,
    StepDefinition,
    StepRole,
)
from motcua.catalog.queries import forget_stamp
from motcua.errors import ValidationFailed


def check_steps(case: ProcedureCase, steps: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Validate an edited process: names, roles, hours, agencies, and the sum of the hours
    against the legal limit (1 working day = 8 h)."""
    if not steps:
        raise ValidationFailed(_("Quy trình phải có ít nhất một bước."))
    cleaned, total = [], Decimal(0)
    for index, step in enumerate(steps, start=1):
        name = text.nfc(str(step.get("name") or ""))
        if not name:
            raise ValidationFailed(
                _("Bước %(n)s: thiếu tên bước.") % {"n": index}, details={"step": index}
            )
        role = step.get("role")
        if role not in StepRole.values:
            raise ValidationFailed(
                _("Bước %(n)s: vai trò %(role)s không hợp lệ.") % {"n": index, "role": repr(role)},
                details={"step": index},
            )
        try:
            hours = Decimal(str(step.get("hours")))
        except (InvalidOperation, ValueError):
            raise ValidationFailed(
                _("Bước %(n)s: số giờ không hợp lệ.") % {"n": index}, details={"step": index}
            ) from None
        if not hours.is_finite() or hours < 0:
            raise ValidationFailed(
                _("Bước %(n)s: số giờ phải không âm.") % {"n": index}, details={"step": index}
            )
        agency = None
        if step.get("agency"):
            agency = Agency.objects.filter(code=step["agency"]).first()
            if agency is None:
                raise ValidationFailed(
                    _("Bước %(n)s: không có cơ quan %(agency)s.")
                    % {"n": index, "agency": step["agency"]},
                    details={"step": index},
                )
        group = step.get("parallel_group") or None
        total += hours
        cleaned.append(
            {
                "name": name,
                "role": role,
                "hours": hours,
                "agency": agency,
                "parallel_group": int(group) if group else None,
            }
        )
    budget = step_budget_hours(case.limit_amount, case.limit_unit)
    if total > budget:
        raise ValidationFailed(
            _("Tổng thời gian các bước (%(total)s giờ) vượt thời hạn giải quyết (%(budget)s giờ).")
            % {"total": f"{total:g}", "budget": f"{budget:g}"},
            code="over_budget",
            details={"total": str(total), "budget": str(budget)},
        )
    return cleaned


def _copy_version(
    old: ProcedureVersion, number: int
) -> tuple[ProcedureVersion, dict[int, ProcedureCase]]:
    new = ProcedureVersion.objects.create(
        procedure=old.procedure,
        number=number,
        content_hash="",
        published_at=clock.now(),
        applicants=old.applicants,
        legal_basis=old.legal_basis,
        result_name=old.result_name,
        result_is_document=old.result_is_document,
        eform=old.eform,
    )
    cases: dict[int, ProcedureCase] = {}
    for case in old.cases.all():
        old_pk = case.pk
        case.pk, case.version = None, new
        case.save()
        cases[old_pk] = case
        for model in (Component, Fee, StepDefinition):
            rows = list(model.objects.filter(case_id=old_pk))
            for row in rows:
                row.pk, row.case = None, case
            model.objects.bulk_create(rows)
    return new, cases


def _describe_steps(steps: Any) -> list[dict[str, Any]]:
    """The steps as the audit row keeps them (before and after a change)."""
    return [
        {
            "order": s.order,
            "name": s.name,
            "role": s.role,
            "hours": str(s.hours),
            "agency": s.agency.code if s.agency_id else None,
            "parallel_group": s.parallel_group,
        }
        for s in steps
    ]


def revise_steps(
    procedure: Procedure, case_code: str, steps: list[dict[str, Any]], *, actor: Any
) -> ProcedureVersion:
    """Quy trình nội bộ mới cho một trường hợp: a new version with these steps. Only an admin
    of the deciding agency (or above it) may, and only with steps on agencies it may use."""
    require(actor, "catalog.edit_process", procedure)
    current = procedure.current_version
    case = current.cases.filter(code=case_code).first()
    if case is None:
        raise ValidationFailed(
            _("Thủ tục %(procedure)s không có trường hợp %(case)s.")
            % {"procedure": procedure.code, "case": repr(case_code)}
        )
    cleaned = check_steps(case, steps)
    for index, step in enumerate(cleaned, start=1):
        if step["agency"] is not None and not step_agency_allowed(actor, procedure, step["agency"]):
            raise ValidationFailed(
                _("Bước %(n)s: thủ tục này không được giao cho cơ quan %(agency)s.")
                % {"n": index, "agency": step["agency"].code},
                details={"step": index},
            )
    before = _describe_steps(case.steps.select_related("agency"))
    with transaction.atomic():
        number = (
            procedure.versions.order_by("-number").values_list("number", flat=True).first() or 0
        ) + 1
        new, cases = _copy_version(current, number)
        target = cases[case.pk]
        StepDefinition.objects.filter(case=target).delete()
        StepDefinition.objects.bulk_create(
            StepDefinition(case=target, order=i, **step) for i, step in enumerate(cleaned, start=1)
        )
        digest = json.dumps(
            [[s["name"], s["role"], str(s["hours"])] for s in cleaned], ensure_ascii=False
        )
        new.content_hash = hashlib.sha256(
            f"{current.content_hash}:{case_code}:{digest}".encode()
        ).hexdigest()
        new.save(update_fields=["content_hash"])
        procedure.current_version = new
        procedure.save(update_fields=["current_version"])
        record(
            "catalog.steps_revised",
            actor=actor,
            agency=getattr(actor, "agency", None),
            target=procedure,
            before={"version": current.number, "case": case_code, "steps": before},
            after={
                "version": new.number,
                "case": case_code,
                "steps": _describe_steps(target.steps.select_related("agency")),
            },
        )
    return new


FORM_FILES = {"blank": "form_file", "sample": "sample_file"}


def set_form_file(
    procedure: Procedure,
    component_code: str,
    which: str,
    content: bytes,
    name: str,
    *,
    actor: Any,
) -> ProcedureVersion:
    """Tệp mẫu đơn, tờ khai: the blank form (``blank``) or a filled-in sample (``sample``, mẫu
    đã điền) of one paper, for every case of the procedure that asks for it. ``content`` is
    already checked like every upload (a PDF). Like every edit, it makes a new version; later
    versions keep the file."""
    require(actor, "catalog.edit_process", procedure)
    field = FORM_FILES.get(which)
    if field is None:
        raise ValidationFailed(
            _("Loại tệp mẫu “%(which)s” không có.") % {"which": which},
            details={"which": "unknown"},
        )
    current = procedure.current_version
    old = list(
        Component.objects.filter(case__version=current, code=component_code).exclude(form_name="")
    )
    if not old:
        raise ValidationFailed(
            _("Thủ tục %(procedure)s không có mẫu đơn, tờ khai mã “%(code)s”.")
            % {"procedure": procedure.code, "code": component_code},
            details={"component": "unknown"},
        )
    digest = hashlib.sha256(content).hexdigest()
    before = getattr(old[0], field).name or None
    with transaction.atomic():
        number = (
            procedure.versions.order_by("-number").values_list("number", flat=True).first() or 0
        ) + 1
        new, _cases = _copy_version(current, number)
        rows = list(Component.objects.filter(case__version=new, code=component_code))
        stored = default_storage.save(
            f"catalog/{'forms' if which == 'blank' else 'samples'}/{procedure.code}/{name}",
            ContentFile(content),
        )
        for row in rows:
            setattr(row, field, stored)
        Component.objects.bulk_update(rows, [field])
        new.content_hash = hashlib.sha256(
            f"{current.content_hash}:{component_code}:{which}:{digest}".encode()
        ).hexdigest()
        new.save(update_fields=["content_hash"])
        procedure.current_version = new
        procedure.save(update_fields=["current_version"])
        record(
            "catalog.form_file_set",
            actor=actor,
            agency=getattr(actor, "agency", None),
            target=procedure,
            before={"version": current.number, "component": component_code, field: before},
            after={
                "version": new.number,
                "component": component_code,
                field: stored,
                "sha256": digest,
            },
        )
    forget_stamp()
    return new
