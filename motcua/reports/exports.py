"""Biểu 06 as files: Excel in the official layout (xlsxwriter) and PDF (typst, A4 landscape).

Both take a built :class:`~motcua.reports.circular_01_2020.Report`, so the files show the very
figures of the JSON answer and the page. The PDF's data reaches typst as one JSON document,
never pasted into its source (STYLE.md habit 16); the template is ``typst/bieu06.typ`` and the
fonts are the shipped Liberation Serif."""

from __future__ import annotations

import io
import json
import threading
from pathlib import Path
from typing import Any

import typst
import xlsxwriter
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from motcua import clock
from motcua.documents import branding
from motcua.documents.pdf import shipped_fonts
from motcua.reports.circular_01_2020 import KEYS, OFFICIAL_KEYS, Report

TYPST_DIR = Path(__file__).resolve().with_name("typst")
TITLE = gettext_lazy(
    "TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH TẠI CƠ QUAN, "
    "ĐƠN VỊ TRỰC TIẾP GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH"
)
FORM_NUMBER = "Biểu số 06/VPCP/KSTT"
FORM_BASIS = gettext_lazy("Ban hành kèm theo Thông tư số 01/2020/TT-VPCP ngày 21/10/2020")
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
UNIT = gettext_lazy("Đơn vị tính: Số hồ sơ TTHC.")


def _texts() -> dict[str, str]:
    """Headers of the official layout (Biểu 06, DOMAIN R7.2), in the reader's language."""
    return {
        "no": _("STT"),
        "field": _("Lĩnh vực, công việc giải quyết theo cấp"),
        "received": _("Số hồ sơ nhận giải quyết"),
        "resolved": _("Số hồ sơ đã giải quyết"),
        "pending": _("Số hồ sơ đang giải quyết"),
        "closed": _("Số hồ sơ rút, dừng xử lý"),
        "total": _("Tổng số"),
        "of_which": _("Trong đó"),
        "online": _("Trực tuyến"),
        "direct": _("Trực tiếp, dịch vụ bưu chính"),
        "carried": _("Từ kỳ trước"),
        "early": _("Trước hạn"),
        "on_time": _("Đúng hạn"),
        "late": _("Quá hạn"),
        "within": _("Trong hạn"),
        "overdue": _("Quá hạn"),
        "grand_total": _("TỔNG SỐ"),
        "reporter": _("Đơn vị báo cáo"),
        "receiver": _("Đơn vị nhận báo cáo"),
        "period": _("Kỳ báo cáo"),
        "made_by": _("NGƯỜI LẬP BIỂU"),
        "head": _("THỦ TRƯỞNG ĐƠN VỊ"),
        "sign": _("(Ký, ghi rõ họ tên)"),
        "sign_seal": _("(Ký, đóng dấu, ghi rõ họ tên)"),
        "closed_note": _(
            "Ngoài biểu: số hồ sơ rút, dừng xử lý trong kỳ (không thuộc số đã giải quyết và "
            "đang giải quyết)"
        ),
    }


def place_date(report: Report) -> str:
    """ "Minh Sơn, ngày 07 tháng 12 năm 2026": the reporting agency's place name and today."""
    today = clock.today()
    return _("%(place)s, ngày %(d)02d tháng %(m)02d năm %(y)d") % {
        "place": branding.place_of(report.agency),
        "d": today.day,
        "m": today.month,
        "y": today.year,
    }


def printed_keys(closed: bool) -> tuple[str, ...]:
    """The figure columns of the files: the official 13-column layout (11 figures), plus
    withdrawn or stopped as column (14) when ``closed``."""
    return KEYS if closed else OFFICIAL_KEYS


def report_rows(report: Report) -> list[dict[str, Any]]:
    """The printed rows in order: the grand total, then each level group (I, II, III) with its
    subtotal followed by its fields (1, 2, …). ``kind`` is total, group or field."""
    t = _texts()
    rows: list[dict[str, Any]] = [
        {"kind": "total", "no": "", "name": t["grand_total"], "figures": report.total}
    ]
    for number, (group, group_rows, totals) in enumerate(report.groups, start=1):
        roman = ROMAN[number]
        rows.append(
            {
                "kind": "group",
                "no": roman,
                "name": str(group.name),
                "level": group.key,
                "figures": totals,
            }
        )
        for n, row in enumerate(group_rows, start=1):
            rows.append(
                {
                    "kind": "field",
                    "no": str(n),
                    "name": row.field_name,
                    "field": row.field_code,
                    "level": group.key,
                    "figures": row.figures,
                }
            )
    return rows


def receiver_name(report: Report) -> str:
    """Đơn vị nhận báo cáo: the agency above, or the Government Office for a province."""
    if report.agency.parent_id:
        return report.agency.parent.name
    return str(_("Văn phòng Chính phủ (Cục Kiểm soát thủ tục hành chính)"))


def file_name(report: Report, extension: str) -> str:
    return f"bieu06_{report.agency.code}_{report.period.code}.{extension}".replace("..", "_")


def circular_01_2020_xlsx(report: Report, *, closed: bool = False) -> bytes:
    """Biểu 06 in an Excel workbook laid out like the official form: merged multi-row header,
    Vietnamese titles, the period as "Từ ngày … đến ngày …", columns (1)–(13); withdrawn or
    stopped dossiers on a line under the table, or as column (14) with ``closed``."""
    t = _texts()
    keys = printed_keys(closed)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet("Biểu 06")
    base = {"font_name": "Times New Roman", "font_size": 11, "valign": "vcenter"}
    f = {
        "plain": book.add_format(base),
        "bold": book.add_format({**base, "bold": True}),
        "italic": book.add_format({**base, "italic": True}),
        "title": book.add_format(
            {**base, "bold": True, "font_size": 13, "align": "center", "text_wrap": True}
        ),
        "center_italic": book.add_format({**base, "italic": True, "align": "center"}),
        "right_italic": book.add_format({**base, "italic": True, "align": "right"}),
        "head": book.add_format(
            {**base, "bold": True, "align": "center", "border": 1, "text_wrap": True}
        ),
        "number_head": book.add_format(
            {**base, "italic": True, "align": "center", "border": 1, "font_size": 10}
        ),
        "cell": book.add_format({**base, "border": 1, "text_wrap": True}),
        "cell_center": book.add_format({**base, "border": 1, "align": "center"}),
        "cell_bold": book.add_format({**base, "border": 1, "bold": True, "text_wrap": True}),
        "num": book.add_format({**base, "border": 1, "num_format": "#,##0"}),
        "num_bold": book.add_format({**base, "border": 1, "bold": True, "num_format": "#,##0"}),
        "center_bold": book.add_format({**base, "bold": True, "align": "center"}),
    }
    last = 1 + len(keys)  # column index of the last column, (13) or (14)
    sheet.set_landscape()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(1, 0)
    sheet.set_column(0, 0, 6)
    sheet.set_column(1, 1, 42)
    sheet.set_column(2, last, 11)
    superior = receiver_name(report)
    sheet.write(0, 0, FORM_NUMBER, f["bold"])
    sheet.merge_range(0, 7, 0, last, str(FORM_BASIS), f["right_italic"])
    sheet.write(1, 0, f"{t['reporter']}: {report.agency.name}", f["plain"])
    sheet.write(2, 0, f"{t['receiver']}: {superior}", f["plain"])
    sheet.set_row(4, 36)
    sheet.merge_range(4, 0, 4, last, str(TITLE), f["title"])
    sheet.merge_range(5, 0, 5, last, f"{t['period']}: {report.period.label}", f["center_italic"])
    sheet.merge_range(6, 0, 6, last, f"({report.period.range_text})", f["center_italic"])
    sheet.merge_range(7, 0, 7, last, str(UNIT), f["right_italic"])
    top = 8
    head = f["head"]
    sheet.set_row(top + 1, 30)
    sheet.set_row(top + 2, 45)
    sheet.merge_range(top, 0, top + 2, 0, t["no"], head)
    sheet.merge_range(top, 1, top + 2, 1, t["field"], head)
    for first, span, label, subs in (
        (2, 4, t["received"], (t["online"], t["direct"], t["carried"])),
        (6, 4, t["resolved"], (t["early"], t["on_time"], t["late"])),
        (10, 3, t["pending"], (t["within"], t["overdue"])),
    ):
        sheet.merge_range(top, first, top, first + span - 1, label, head)
        sheet.merge_range(top + 1, first, top + 2, first, t["total"], head)
        sheet.merge_range(top + 1, first + 1, top + 1, first + span - 1, t["of_which"], head)
        for n, sub in enumerate(subs, start=1):
            sheet.write(top + 2, first + n, sub, head)
    if closed:
        sheet.merge_range(top, last, top + 2, last, t["closed"], head)
    for col in range(last + 1):
        sheet.write(top + 3, col, f"({col + 1})", f["number_head"])
    row_index = top + 4
    for row in report_rows(report):
        bold = row["kind"] != "field"
        sheet.write(row_index, 0, row["no"], f["cell_center"])
        sheet.write(row_index, 1, row["name"], f["cell_bold"] if bold else f["cell"])
        for n, key in enumerate(keys):
            sheet.write_number(
                row_index, 2 + n, row["figures"][key], f["num_bold"] if bold else f["num"]
            )
        row_index += 1
    if not closed:
        sheet.merge_range(row_index, 0, row_index, last - 1, t["closed_note"], f["italic"])
        sheet.write_number(row_index, last, report.total["withdrawn_or_stopped"], f["num"])
        row_index += 1
    row_index += 1
    sheet.merge_range(row_index, 8, row_index, last, place_date(report), f["center_italic"])
    sheet.merge_range(row_index + 1, 0, row_index + 1, 4, t["made_by"], f["center_bold"])
    sheet.merge_range(row_index + 1, 8, row_index + 1, last, t["head"], f["center_bold"])
    sheet.merge_range(row_index + 2, 0, row_index + 2, 4, t["sign"], f["center_italic"])
    sheet.merge_range(row_index + 2, 8, row_index + 2, last, t["sign_seal"], f["center_italic"])
    book.close()
    return buffer.getvalue()


_local = threading.local()


def _compiler() -> typst.Compiler:
    compiler = getattr(_local, "compiler", None)
    if compiler is None:
        compiler = typst.Compiler(root=str(TYPST_DIR), font_paths=shipped_fonts())
        _local.compiler = compiler
    return compiler


def pdf_data(report: Report, *, closed: bool = False) -> dict[str, Any]:
    """The JSON document the typst template reads."""
    keys = printed_keys(closed)
    return {
        "texts": {
            **_texts(),
            "title": str(TITLE),
            "form": FORM_NUMBER,
            "basis": str(FORM_BASIS),
            "unit": str(UNIT),
        },
        "agency": report.agency.name,
        "superior": receiver_name(report),
        "period_label": report.period.label,
        "range_text": report.period.range_text,
        "place_date": place_date(report),
        "closed": closed,
        "closed_total": None if closed else report.total["withdrawn_or_stopped"],
        "rows": [
            {
                "kind": row["kind"],
                "no": row["no"],
                "name": row["name"],
                "figures": [row["figures"][key] for key in keys],
            }
            for row in report_rows(report)
        ],
    }


def circular_01_2020_pdf(report: Report, *, closed: bool = False) -> bytes:
    """Biểu 06 as an A4 landscape PDF: 13 columns, or 14 with ``closed``."""
    return _compiler().compile(
        input=str(TYPST_DIR / "bieu06.typ"),
        sys_inputs={"data": json.dumps(pdf_data(report, closed=closed), ensure_ascii=False)},
    )
