"""A local stand-in for the national payment platform, speaking its protocol over real HTTP: for
the test suite, the benchmark and the demo (``make payments-fake``).

``POST /init`` checks ``MaXacThuc`` and answers the payment link ``/pay/<MaThamChieu>`` (the same
reference again answers the same link); ``POST /query`` answers what it knows of a reference,
signed like a confirmation, with ``TrangThaiGD`` ``"1"`` when paid. :meth:`FakePlatform.pay`
(or ``POST /pay/<reference>``, the demo's "pay" button) marks a reference paid and, when
``confirm_url`` is set, posts the signed confirmation there, as the real platform does.

Knobs (attributes, or ``POST /knobs`` JSON): ``down`` (HTTP 503 to INIT and QUERY),
``confirm_url``."""

from __future__ import annotations

import argparse
import contextlib
import json
import time
import urllib.request
import uuid
from typing import Any

from motcua.local_server import JsonHandler, LocalFake
from motcua.payments import platform

PARTNER = "MOTCUA-H99"
SECRET = "bi-mat-thu-nghiem"  # noqa: S105 - the fake's own test secret


class FakePlatform(LocalFake):
    def __init__(self, *, partner: str = PARTNER, secret: str = SECRET) -> None:
        super().__init__(_Handler)
        self.partner, self.secret = partner, secret
        self.down = False
        self.confirm_url = ""
        self.orders: dict[str, dict[str, Any]] = {}  # reference → INIT message
        self.paid: dict[str, dict[str, Any]] = {}  # reference → confirmation sent
        self.inits = 0
        self.queries = 0

    @property
    def init_url(self) -> str:
        return self.address("/init")

    @property
    def query_url(self) -> str:
        return self.address("/query")

    # --- the protocol ----------------------------------------------------------------------

    def init(self, body: dict[str, Any]) -> dict[str, Any]:
        if body.get("MaDoiTac") != self.partner:
            return {"error_code": "-2", "message": "Mã đối tác không đúng"}
        if not platform.signed_by(body, platform.INIT_FIELDS, self.secret):
            return {"error_code": "-3", "message": "Sai mã xác thực"}
        reference = str(body.get("MaThamChieu") or "")
        amount = body.get("SoTien")
        if not reference or isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
            return {"error_code": "-1", "message": "Thiếu mã tham chiếu hoặc số tiền"}
        with self.lock:
            known = self.orders.get(reference)
            if known is not None and known["SoTien"] != amount:
                return {"error_code": "-4", "message": "Mã tham chiếu đã dùng với số tiền khác"}
            self.orders[reference] = body
            self.inits += 1
        url = self.address(f"/pay/{reference}")
        return {"error_code": "0", "message": json.dumps({"UrlThanhToan": url})}

    def confirmation(
        self, reference: str, *, amount: int | None = None, code: str = platform.PAID
    ) -> dict[str, Any]:
        """A signed confirmation for an ordered reference (``amount``: another amount)."""
        order = self.orders[reference]
        message: dict[str, Any] = {
            "LoaiBanTin": "CONFIRM",
            "MaLoi": code,
            "MaDoiTac": self.partner,
            "MaThamChieu": reference,
            "SoTien": order["SoTien"] if amount is None else amount,
            "MaTienTe": "VND",
            "MaGiaoDich": f"GD{uuid.uuid4().hex[:16].upper()}",
            "MaNganHang": "NHTEST",
            "ThoiGianGD": platform.stamp(),
            "ThongTinGiaoDich": order.get("ThongTinGiaoDich", ""),
        }
        message["MaXacThuc"] = platform.sign(message, platform.CONFIRM_FIELDS, self.secret)
        return message

    def pay(self, reference: str, *, amount: int | None = None) -> dict[str, Any]:
        """The payer paid: remember the confirmation and post it to ``confirm_url`` if set."""
        with self.lock:
            message = self.paid.get(reference) or self.confirmation(reference, amount=amount)
            self.paid[reference] = message
        if self.confirm_url:
            request = urllib.request.Request(  # noqa: S310 - a local test URL
                self.confirm_url,
                data=json.dumps(message).encode("utf-8"),
                headers={"Content-Type": "application/json"},
                method="POST",
            )
            # Not delivered: the system asks QUERY later (reconciliation).
            with contextlib.suppress(OSError):
                urllib.request.urlopen(request, timeout=10).close()  # noqa: S310
        return message

    def query(self, body: dict[str, Any]) -> dict[str, Any]:
        if not platform.signed_by(body, platform.QUERY_FIELDS, self.secret):
            return {"MaLoi": "-3", "message": "Sai mã xác thực"}
        reference = str(body.get("MaThamChieu") or "")
        with self.lock:
            self.queries += 1
            paid = self.paid.get(reference)
            order = self.orders.get(reference)
        if paid is not None:
            return {**paid, "TrangThaiGD": "1"}
        if order is not None:
            return {"MaLoi": "00", "MaThamChieu": reference, "TrangThaiGD": "0"}
        return {"MaLoi": "01", "MaThamChieu": reference, "TrangThaiGD": "0"}


class _Handler(JsonHandler):
    server_version = "FakePaymentPlatform/1.0"

    def do_GET(self) -> None:
        fake: FakePlatform = self.server.owner  # type: ignore[attr-defined]
        reference = self.path.removeprefix("/pay/")
        order = fake.orders.get(reference)
        if not self.path.startswith("/pay/") or order is None:
            self._answer(404, {"message": "Không có giao dịch"})
            return
        page = (
            "<!doctype html><meta charset=utf-8><title>Thanh toán (giả lập)</title>"
            f"<h1>Thanh toán {order['SoTien']} đ</h1><p>{order.get('ThongTinGiaoDich', '')}</p>"
            f"<form method=post action='/pay/{reference}'><button>Thanh toán</button></form>"
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(page)))
        self.end_headers()
        self.wfile.write(page)

    def do_POST(self) -> None:
        fake: FakePlatform = self.server.owner  # type: ignore[attr-defined]
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        if self.path.startswith("/pay/"):
            reference = self.path.removeprefix("/pay/")
            if reference not in fake.orders:
                self._answer(404, {"message": "Không có giao dịch"})
                return
            self._answer(200, fake.pay(reference))
            return
        try:
            body = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            self._answer(400, {"error_code": "-1", "message": "JSON không hợp lệ"})
            return
        if self.path == "/knobs":
            for name in ("down", "confirm_url"):
                if name in body:
                    setattr(fake, name, body[name])
            self._answer(200, {"error_code": "0"})
        elif fake.down:
            self._answer(503, {"message": "Service Unavailable"})
        elif not isinstance(body, dict):
            self._answer(400, {"error_code": "-1", "message": "JSON phải là một đối tượng"})
        elif self.path == "/init":
            self._answer(200, fake.init(body))
        elif self.path == "/query":
            self._answer(200, fake.query(body))
        else:
            self._answer(404, {"error_code": "-1", "message": "Không có địa chỉ này"})


def main() -> None:
    """Run the fake on a port until stopped (the demo's ``make payments-fake``)."""
    parser = argparse.ArgumentParser(description="Nền tảng thanh toán giả lập cho thử nghiệm")
    parser.add_argument("--port", type=int, default=8088)
    parser.add_argument(
        "--confirm-url", default="http://127.0.0.1:8000/api/v1/payments/dvcqg/confirm"
    )
    args = parser.parse_args()
    fake = FakePlatform()
    fake.confirm_url = args.confirm_url
    fake.start(port=args.port)
    print(
        f"Thanh toán giả lập: PAYMENT_INIT_URL={fake.init_url} PAYMENT_QUERY_URL={fake.query_url}"
    )
    print(f"PAYMENT_PARTNER_CODE={PARTNER} PAYMENT_SECRET={SECRET}")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":
    main()
