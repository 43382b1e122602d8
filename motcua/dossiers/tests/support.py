"""Helpers for dossier tests: a Monday to freeze the clock on, an API client per person,
and the body of an ordinary intake."""

from __future__ import annotations

from datetime import datetime

from motcua import clock
from motcua.accounts.tokens import token_for

# A Monday morning in an ordinary week: 2025-03-10 09:00 in Vietnam.
MONDAY = datetime(2025, 3, 10, 9, 0, tzinfo=clock.VN)


def bearer(user) -> dict[str, str]:
    """The auth header of a new API token for ``user``, issued without the password round-trip
    (the login is under test in accounts/tests/test_api_tokens.py, not here)."""
    token, _row = token_for(user)
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


class Api:
    """Calls /api/v1/ as one person."""

    def __init__(self, client, user):
        self.client = client
        self.auth = bearer(user)

    def get(self, path, params=None):
        return self.client.get(f"/api/v1{path}", params or {}, **self.auth)

    def post(self, path, body=None):
        return self.client.post(
            f"/api/v1{path}", body or {}, content_type="application/json", **self.auth
        )

    def act(self, code, action, **body):
        return self.post(f"/dossiers/{code}/actions/{action}", body)


def intake_body(**overrides):
    body = {
        "procedure": "1.004873",  # Xác nhận tình trạng hôn nhân: 3 working days, commune level
        "case": None,
        "channel": "counter",
        "applicant": {
            "name": "Nguyễn Văn An",
            "id_number": "001090000001",
            "phone": "0912345678",
            "email": "an@example.vn",
            "address": "Số 3 ngõ 5, phường Minh Sơn",
        },
        "components": [
            {"code": "to_khai_tthn", "originals": 1, "copies": 0},
            {"code": "giay_to_tuy_than", "originals": 0, "copies": 1},
        ],
        "note": "Xác nhận để đăng ký kết hôn",
    }
    body.update(overrides)
    return body


def inbound_body(**overrides):
    """A dossier as the national portal (DVCQG) sends it (CONTRACT v1.1), with one PDF paper;
    Base64 of ``files.a_pdf()`` unless ``papers`` is given."""
    import base64

    from motcua.documents.tests import files

    pdf = base64.b64encode(files.a_pdf("Tờ khai xác nhận tình trạng hôn nhân")).decode()
    body = {
        "MaHoSo": "G22.99-250310-0042",
        "MaTTHC": "1.004873",  # Xác nhận tình trạng hôn nhân, commune level
        "MaDonVi": "000.00.31.H99",
        "KenhThucHien": "2",
        "NgayNopHoSo": "20250310081500",
        "ChuHoSo": "Nguyễn Văn An",
        "SoGiayToChuHoSo": "001090000001",
        "SoDienThoai": "0912345678",
        "Email": "",
        "DiaChi": "Số 3 ngõ 5, phường Minh Sơn",
        "TrichYeuHoSo": "Xác nhận để đăng ký kết hôn",
        "ThanhPhanHoSo": [
            {
                "MaThanhPhanHoSo": "to_khai_tthn",
                "TenThanhPhan": "Tờ khai cấp Giấy xác nhận tình trạng hôn nhân",
                "SoBanChinh": 1,
                "SoBanSao": 0,
                "TepDinhKem": [{"TenTep": "to-khai.pdf", "Base64": pdf}],
            }
        ],
    }
    body.update(overrides)
    return body


def queued_again() -> list[str]:
    """Codes of the dossiers queued again for DVCQG (a message with no movement: the whole HoSo
    as it is then), in order."""
    from motcua.exchange.models import Message

    return [m.label for m in Message.objects.filter(system="dvcqg") if not m.payload]
