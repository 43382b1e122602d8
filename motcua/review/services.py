"""Changes to the compliance-cost inputs: checked, audited, one transaction each."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from motcua import audit
from motcua.agencies.policy import require
from motcua.catalog.structure import version_cases
from motcua.errors import NotFound, ValidationFailed
from motcua.review.compliance import check_year, find_procedure
from motcua.review.models import CostInput, HourValue, InputKind, Scenario

MAX_SOURCE = 500


def _source(source: str) -> str:
    source = (source or "").strip()
    if not source:
        raise ValidationFailed(
            _("Cần ghi nguồn của số liệu (văn bản, khảo sát, thống kê…)."),
            details={"source": "required"},
        )
    if len(source) > MAX_SOURCE:
        raise ValidationFailed(
            _("Nguồn số liệu dài quá %(n)s ký tự.") % {"n": MAX_SOURCE},
            details={"source": "too_long"},
        )
    return source


def _amount(value: Any, field: str) -> Decimal:
    try:
        amount = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        amount = None
    if amount is None or not amount.is_finite() or amount < 0 or amount >= Decimal(10) ** 12:
        raise ValidationFailed(
            _("Giá trị “%(value)s” không hợp lệ: cần một số không âm.") % {"value": value},
            details={field: "invalid"},
        )
    return amount.quantize(Decimal("0.01"))


def set_hour_value(user: Any, year: int, amount_vnd: Any, source: str) -> HourValue:
    """Giá trị một giờ làm việc of ``year`` (a whole number of đồng), with its source."""
    require(user, "review.manage_review")
    year = check_year(int(year))
    amount = _amount(amount_vnd, "amount_vnd")
    if amount != amount.to_integral_value():
        raise ValidationFailed(
            _("Giá trị một giờ tính bằng đồng, không có phần lẻ."),
            details={"amount_vnd": "invalid"},
        )
    source = _source(source)
    with transaction.atomic():
        row = HourValue.objects.select_for_update().filter(year=year).first()
        before = {"amount_vnd": row.amount_vnd, "source": row.source} if row else None
        if row is None:
            row = HourValue(year=year)
        row.amount_vnd = int(amount)
        row.source = source
        row.save()
        audit.record(
            "review.hour_value_set",
            actor=user,
            agency=getattr(user, "agency", None),
            target=row,
            before=before,
            after={"year": year, "amount_vnd": row.amount_vnd, "source": source},
        )
    return row


def _paper(procedure, kind: str, paper: str) -> str:
    paper = (paper or "").strip()
    if kind != InputKind.PAPER_HOURS:
        if paper:
            raise ValidationFailed(
                _("Chỉ số giờ chuẩn bị giấy tờ mới gắn với một giấy tờ."),
                details={"paper": "not_allowed"},
            )
        return ""
    structures = version_cases(procedure.current_version_id)
    codes = {c.code for c in structures[0].components} if structures else set()
    if paper not in codes:
        raise ValidationFailed(
            _("Thủ tục không có giấy tờ mã “%(paper)s”.") % {"paper": paper},
            details={"paper": "unknown"},
        )
    return paper


def set_input(
    user: Any,
    code: str,
    year: int,
    kind: str,
    value: Any,
    source: str,
    *,
    scenario: str = Scenario.CURRENT,
    paper: str = "",
) -> CostInput:
    """Enter (or correct) one input of a procedure's compliance cost, with its source."""
    require(user, "review.manage_review")
    procedure = find_procedure(code)
    year = check_year(int(year))
    if kind not in InputKind.values:
        raise ValidationFailed(
            _("Loại số liệu “%(kind)s” không có.") % {"kind": kind}, details={"kind": "unknown"}
        )
    if scenario not in Scenario.values:
        raise ValidationFailed(
            _("Phương án “%(scenario)s” không có.") % {"scenario": scenario},
            details={"scenario": "unknown"},
        )
    paper = _paper(procedure, kind, paper)
    amount = _amount(value, "value")
    if kind == InputKind.VISITS and amount != amount.to_integral_value():
        raise ValidationFailed(
            _("Số lần đến cơ quan là số nguyên."), details={"value": "not_whole"}
        )
    source = _source(source)
    key = {"procedure": procedure, "year": year, "scenario": scenario, "kind": kind, "paper": paper}
    with transaction.atomic():
        row = CostInput.objects.select_for_update().filter(**key).first()
        before = {"value": str(row.value), "source": row.source} if row else None
        if row is None:
            row = CostInput(**key)
        row.value = amount
        row.source = source
        row.save()
        audit.record(
            "review.cost_input_set",
            actor=user,
            agency=getattr(user, "agency", None),
            target=row,
            before=before,
            after={
                "procedure": procedure.code,
                "year": year,
                "scenario": scenario,
                "kind": kind,
                "paper": paper,
                "value": str(amount),
                "source": source,
            },
        )
    return row


def remove_input(user: Any, pk: int) -> None:
    """Take an input back: the figure is missing again."""
    require(user, "review.manage_review")
    with transaction.atomic():
        row = CostInput.objects.select_for_update().select_related("procedure").filter(pk=pk)
        row = row.first()
        if row is None:
            raise NotFound(_("Không có số liệu này."))
        audit.record(
            "review.cost_input_removed",
            actor=user,
            agency=getattr(user, "agency", None),
            target=row,
            before={
                "procedure": row.procedure.code,
                "year": row.year,
                "scenario": row.scenario,
                "kind": row.kind,
                "paper": row.paper,
                "value": str(row.value),
                "source": row.source,
            },
        )
        row.delete()
