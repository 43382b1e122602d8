"""The review plan and its compliance-cost table as an Excel workbook (xlsxwriter, like the
other reports): one sheet for the plan, one for the costs before and after simplification."""

from __future__ import annotations

import io

import xlsxwriter
from django.utils.translation import gettext as _

from motcua.review.completeness import Completeness
from motcua.review.compliance import Scenarios
from motcua.review.models import CRITERIA, ReviewItem, ReviewPlan


def _cell(value):
    return "" if value is None else value


def plan_xlsx(
    plan: ReviewPlan | None,
    items: list[ReviewItem],
    costs: list[Scenarios],
    completeness: Completeness,
) -> bytes:
    """Sheet 1 the plan (procedures, reviewers, due dates, checklist, proposal); sheet 2 the
    cost per dossier and per year, current and proposed, with the saving and what is missing;
    sheet 3 the catalogue's completeness and its gaps."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "border": 1})
    wrap = book.add_format({"text_wrap": True, "valign": "top", "border": 1})
    money = book.add_format({"num_format": "#,##0", "valign": "top", "border": 1})

    sheet = book.add_worksheet(_("Kế hoạch rà soát")[:31])
    title = plan.title if plan else _("Chưa có kế hoạch rà soát")
    sheet.write(0, 0, title, book.add_format({"bold": True, "font_size": 13}))
    if plan and plan.approved_on:
        sheet.write(
            1,
            0,
            _("Phê duyệt: %(ref)s ngày %(day)s")
            % {"ref": plan.approval_ref, "day": plan.approved_on.strftime("%d/%m/%Y")},
        )
    heads = [
        _("STT"),
        _("Mã thủ tục"),
        _("Tên thủ tục"),
        _("Người rà soát"),
        _("Hạn hoàn thành"),
        _("Trạng thái"),
        *[str(label) for label in CRITERIA.values()],
        _("Kết quả rà soát"),
        _("Phương án xử lý"),
        _("Quyết định đã ký"),
    ]
    for col, head in enumerate(heads):
        sheet.write(3, col, head, bold)
    for n, item in enumerate(items, start=1):
        row = [
            n,
            item.procedure.code,
            item.procedure.name,
            item.reviewer.full_name or item.reviewer.username,
            item.due_on.strftime("%d/%m/%Y"),
            item.get_status_display(),
            *[str(getattr(item, f"get_{key}_display")()) for key in CRITERIA],
            item.findings,
            item.get_proposal_display(),
            item.decision.name if item.decision_id else "",
        ]
        for col, value in enumerate(row):
            sheet.write(3 + n, col, value, wrap)
    sheet.set_column(0, 0, 5)
    sheet.set_column(1, 1, 12)
    sheet.set_column(2, 2, 45)
    sheet.set_column(3, len(heads) - 1, 16)

    costs_sheet = book.add_worksheet(_("Chi phí tuân thủ")[:31])
    heads = [
        _("Mã thủ tục"),
        _("Tên thủ tục"),
        _("Số hồ sơ trong năm"),
        _("Số giờ mỗi hồ sơ"),
        _("Chi phí thời gian (đồng)"),
        _("Chi phí trực tiếp (đồng)"),
        _("Chi phí mỗi hồ sơ (đồng)"),
        _("Chi phí cả năm (đồng)"),
        _("Mỗi hồ sơ sau đơn giản hóa (đồng)"),
        _("Cả năm sau đơn giản hóa (đồng)"),
        _("Tiết kiệm mỗi năm (đồng)"),
        _("Tỷ lệ cắt giảm (phần trăm)"),
        _("Số liệu còn thiếu"),
    ]
    for col, head in enumerate(heads):
        costs_sheet.write(0, col, head, bold)
    for n, found in enumerate(costs, start=1):
        current = found.current[1]
        after = found.proposed[1] if found.proposed else None
        saved = found.saving
        row = [
            (found.procedure.code, wrap),
            (found.procedure.name, wrap),
            (found.measured.volume, money),
            (_cell(current.time_hours and float(current.time_hours)), wrap),
            (_cell(current.time_cost), money),
            (_cell(current.direct_cost), money),
            (_cell(current.total), money),
            (_cell(current.yearly_total), money),
            (_cell(after.total if after else None), money),
            (_cell(after.yearly_total if after else None), money),
            (_cell(saved.yearly if saved else None), money),
            (_cell(saved.percent and float(saved.percent) if saved else None), wrap),
            (", ".join(current.missing), wrap),
        ]
        for col, (value, style) in enumerate(row):
            costs_sheet.write(n, col, value, style)
    costs_sheet.set_column(0, 0, 12)
    costs_sheet.set_column(1, 1, 45)
    costs_sheet.set_column(2, len(heads) - 1, 16)

    gaps_sheet = book.add_worksheet(_("Danh mục TTHC")[:31])
    shares = [
        (_("Thủ tục đã công bố"), completeness.published),
        (_("Mẫu đơn, tờ khai có tệp để trống"), completeness.blank_forms),
        (_("Mẫu đơn, tờ khai có mẫu đã điền"), completeness.filled_samples),
        (_("Thủ tục có dịch vụ công trực tuyến"), completeness.online),
    ]
    for col, head in enumerate([_("Chỉ tiêu"), _("Đạt"), _("Tổng số"), _("Tỷ lệ (phần trăm)")]):
        gaps_sheet.write(0, col, head, bold)
    for n, (label, share) in enumerate(shares, start=1):
        gaps_sheet.write_row(
            n,
            0,
            [label, share.count, share.total, _cell(share.percent and float(share.percent))],
            wrap,
        )
    start = len(shares) + 2
    for col, head in enumerate([_("Mã thủ tục"), _("Tên thủ tục"), _("Còn thiếu")]):
        gaps_sheet.write(start, col, head, bold)
    for n, gap in enumerate(completeness.gaps, start=start + 1):
        gaps_sheet.write_row(n, 0, [gap.code, gap.name, gap.what], wrap)
    gaps_sheet.set_column(0, 0, 40)
    gaps_sheet.set_column(1, 1, 45)
    gaps_sheet.set_column(2, 3, 30)
    book.close()
    return buffer.getvalue()
