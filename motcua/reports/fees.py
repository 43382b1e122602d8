"""Fee report (báo cáo thu phí, lệ phí) of an agency over a period: what was collected online and
at the counter, by procedure and fee line, refunds, and the online share; as JSON, Excel
(xlsxwriter) and PDF (typst). A payment counts in the period of its local payment day; a refund
counts in the period of its refund day, as money going back."""

from __future__ import annotations

import io
import json
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import xlsxwriter
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from motcua import clock
from motcua.agencies.models import Agency
from motcua.catalog.models import Fee
from motcua.dossiers.models import PaymentRequest
from motcua.payments.models import Payment
from motcua.reports.access import unscoped
from motcua.reports.exports import TYPST_DIR, _compiler
from motcua.reports.periods import Period

KEYS = (
    "online_count",
    "online_vnd",
    "counter_count",
    "counter_vnd",
    "refund_count",
    "refund_vnd",
    "total_vnd",
)


@dataclass
class FeeReport:
    agency: Agency
    period: Period
    rows: list[dict[str, Any]] = field(default_factory=list)
    total: dict[str, int] = field(default_factory=dict)

    @property
    def online_share(self) -> float | None:
        """Share of the payments (by count) made online, in percent."""
        paid = self.total["online_count"] + self.total["counter_count"]
        return round(100 * self.total["online_count"] / paid, 2) if paid else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "agency": self.agency.code,
            "agency_name": self.agency.name,
            "from": self.period.start.isoformat(),
            "to": self.period.end.isoformat(),
            "rows": self.rows,
            "total": self.total,
            "online_share": self.online_share,
        }


def build(agency: Agency, agency_ids: list[int], period: Period) -> FeeReport:
    """The figures, one row per procedure and case (its fee lines), ordered by procedure code."""
    paid = (
        Payment.objects.filter(
            agency_id__in=agency_ids, paid_at__gte=period.start_at, paid_at__lt=period.end_at
        )
        .values(
            "dossier__procedure__code", "dossier__procedure__name", "dossier__case_id", "channel"
        )
        .annotate(n=Count("id"), vnd=Sum("amount_vnd"))
    )
    refunded = (
        Payment.objects.filter(
            agency_id__in=agency_ids,
            refunded_at__gte=period.start_at,
            refunded_at__lt=period.end_at,
        )
        .values("dossier__procedure__code", "dossier__procedure__name", "dossier__case_id")
        .annotate(n=Count("id"), vnd=Sum("amount_vnd"))
    )
    cells: dict[tuple[str, str, int], dict[str, int]] = defaultdict(lambda: dict.fromkeys(KEYS, 0))
    for row in paid:
        key = (
            row["dossier__procedure__code"],
            row["dossier__procedure__name"],
            row["dossier__case_id"],
        )
        channel = "online" if row["channel"] == Payment.Channel.ONLINE else "counter"
        cells[key][f"{channel}_count"] += row["n"]
        cells[key][f"{channel}_vnd"] += int(row["vnd"] or 0)
    for row in refunded:
        key = (
            row["dossier__procedure__code"],
            row["dossier__procedure__name"],
            row["dossier__case_id"],
        )
        cells[key]["refund_count"] += row["n"]
        cells[key]["refund_vnd"] += int(row["vnd"] or 0)
    fee_names: dict[int, list[str]] = defaultdict(list)
    for fee in Fee.objects.filter(case_id__in={k[2] for k in cells}).order_by("order", "pk"):
        fee_names[fee.case_id].append(fee.name)
    report = FeeReport(agency, period, total=dict.fromkeys(KEYS, 0))
    for (code, name, case_id), figures in sorted(cells.items()):
        figures["total_vnd"] = (
            figures["online_vnd"] + figures["counter_vnd"] - figures["refund_vnd"]
        )
        report.rows.append(
            {
                "procedure": code,
                "procedure_name": name,
                "fees": ", ".join(fee_names[case_id]) or _("Phí, lệ phí"),
                **figures,
            }
        )
        for key in KEYS:
            report.total[key] += figures[key]
    return report


def online_payment_share(agency_ids: list[int], start_at, end_at) -> dict[str, Any]:
    """Dossiers whose fee was paid in ``[start_at, end_at)``, and how many of them online (the
    dashboard's figure; 766 criterion 3.6 counts the same payments by reception period)."""
    paid = unscoped(PaymentRequest).filter(
        dossier__agency_id__in=agency_ids, paid_at__gte=start_at, paid_at__lt=end_at
    )
    figures = paid.aggregate(
        paid=Count("dossier_id", distinct=True),
        online=Count("dossier_id", distinct=True, filter=Q(online=True)),
    )
    share = round(100 * figures["online"] / figures["paid"], 2) if figures["paid"] else None
    return {**figures, "share": share}


def _headers() -> list[str]:
    return [
        _("STT"),
        _("Mã thủ tục"),
        _("Tên thủ tục"),
        _("Phí, lệ phí"),
        _("Trực tuyến (khoản)"),
        _("Trực tuyến (đồng)"),
        _("Tại quầy (khoản)"),
        _("Tại quầy (đồng)"),
        _("Hoàn trả (khoản)"),
        _("Hoàn trả (đồng)"),
        _("Thực thu (đồng)"),
    ]


def title(report: FeeReport) -> str:
    return _("BÁO CÁO THU PHÍ, LỆ PHÍ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH")


def file_name(report: FeeReport, extension: str) -> str:
    days = f"{report.period.start:%Y%m%d}-{report.period.end:%Y%m%d}"
    return f"bao-cao-phi-le-phi-{report.agency.code}-{days}.{extension}"


def xlsx(report: FeeReport) -> bytes:
    """The report as an Excel workbook: one sheet, money as whole đồng."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(_("Phí, lệ phí")[:31])
    bold = book.add_format({"bold": True})
    head = book.add_format({"bold": True, "border": 1, "text_wrap": True, "align": "center"})
    money = book.add_format({"num_format": "#,##0", "border": 1})
    cell = book.add_format({"border": 1})
    sheet.write(0, 0, title(report), bold)
    sheet.write(1, 0, f"{report.agency.name} — {report.period.range_text}")
    for col, text in enumerate(_headers()):
        sheet.write(3, col, text, head)
    row_no = 4
    for index, row in enumerate(report.rows, start=1):
        values = [index, row["procedure"], row["procedure_name"], row["fees"]]
        for col, value in enumerate(values):
            sheet.write(row_no, col, value, cell)
        for col, key in enumerate(KEYS, start=4):
            sheet.write_number(row_no, col, row[key], money)
        row_no += 1
    sheet.write(row_no, 2, _("Tổng cộng"), head)
    for col, key in enumerate(KEYS, start=4):
        sheet.write_number(row_no, col, report.total[key], money)
    share = report.online_share
    sheet.write(row_no + 2, 2, _("Tỷ lệ khoản thanh toán trực tuyến"), bold)
    sheet.write(row_no + 2, 4, "" if share is None else f"{share:.2f} %")
    sheet.set_column(2, 2, 50)
    sheet.set_column(3, 3, 30)
    sheet.set_column(4, 10, 14)
    book.close()
    return buffer.getvalue()


def pdf(report: FeeReport) -> bytes:
    """The report as an A4 landscape PDF."""
    share = report.online_share
    data = {
        "title": title(report),
        "agency": report.agency.name,
        "range_text": report.period.range_text,
        "headers": _headers(),
        "rows": [
            [str(i), r["procedure"], r["procedure_name"], r["fees"], *[_n(r[k]) for k in KEYS]]
            for i, r in enumerate(report.rows, start=1)
        ],
        "total_label": _("Tổng cộng"),
        "total": [_n(report.total[k]) for k in KEYS],
        "share_label": _("Tỷ lệ khoản thanh toán trực tuyến"),
        "share": "—" if share is None else f"{share:.2f} %".replace(".", ","),
        "printed": clock.local_now().strftime("%d/%m/%Y"),
    }
    return _compiler().compile(
        input=str(TYPST_DIR / "fees.typ"),
        sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
    )


def _n(value: int) -> str:
    return f"{value:,}".replace(",", ".")
