"""The printable receipt (biên lai thu phí, lệ phí) of a payment, as a PDF made with typst; the
data reaches the template as one JSON document (STYLE.md habit 16)."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import typst
from django.utils.translation import gettext as _

from motcua import clock
from motcua.documents.pdf import shipped_fonts
from motcua.money import vnd, vnd_words
from motcua.payments.models import Payment

TYPST_DIR = Path(__file__).resolve().with_name("typst")
_local = threading.local()


def _compiler() -> typst.Compiler:
    compiler = getattr(_local, "compiler", None)
    if compiler is None:
        compiler = _local.compiler = typst.Compiler(root=str(TYPST_DIR), font_paths=shipped_fonts())
    return compiler


def data(payment: Payment) -> dict[str, Any]:
    dossier = payment.dossier
    agency = dossier.agency
    who = payment.created_by
    symbol, _dash, number = payment.receipt_number.partition("-")
    return {
        "texts": {
            "title": _("BIÊN LAI THU PHÍ, LỆ PHÍ"),
            "copy": _("(Liên giao người nộp tiền)"),
            "symbol": _("Ký hiệu"),
            "number": _("Số"),
            "payer": _("Họ tên người nộp"),
            "id_number": _("Số định danh cá nhân"),
            "address": _("Địa chỉ"),
            "dossier": _("Hồ sơ"),
            "no": _("STT"),
            "item": _("Tên phí, lệ phí"),
            "amount": _("Số tiền"),
            "total": _("Tổng cộng"),
            "in_words": _("Bằng chữ"),
            "method": _("Hình thức thanh toán"),
            "paid_at": _("Thời điểm thu"),
            "e_receipt": _("Biên lai điện tử"),
            "payer_sign": _("Người nộp tiền"),
            "collector": _("Người thu tiền"),
            "sign_hint": _("(Ký, ghi rõ họ tên)"),
        },
        "superior": agency.parent.name.upper() if agency.parent_id else "",
        "agency": agency.name.upper(),
        "symbol": symbol or payment.reference,
        "number": number or payment.reference,
        "payer": dossier.applicant_name,
        "id_number": dossier.applicant_id_number or "—",
        "address": dossier.applicant_address or "—",
        "dossier_code": dossier.code,
        "procedure": dossier.procedure.name,
        "lines": [
            {
                "name": _("Phí, lệ phí giải quyết hồ sơ %(code)s") % {"code": dossier.code},
                "amount": vnd(payment.amount_vnd),
            }
        ],
        "total": vnd(payment.amount_vnd),
        "total_words": vnd_words(payment.amount_vnd),
        "method": str(payment.get_method_display()),
        "paid_at": clock.local(payment.paid_at).strftime("%H:%M %d/%m/%Y")
        if payment.paid_at
        else "",
        "e_receipt": payment.e_receipt,
        "collector": (who.full_name or who.username) if who else "",
    }


def receipt_pdf(payment: Payment) -> bytes:
    """Biên lai thu phí, lệ phí as an A5 PDF."""
    return _compiler().compile(
        input=str(TYPST_DIR / "receipt.typ"),
        sys_inputs={"data": json.dumps(data(payment), ensure_ascii=False)},
    )
