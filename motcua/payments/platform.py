"""The national payment platform (nền tảng thanh toán quốc gia): its messages and signatures
(CONTRACT v1.1 "Online payment", version 1.0.6).

Every message is signed with ``MaXacThuc`` = lowercase hex SHA-256 of its fields joined by ``|``
in a fixed order, then the shared secret. INIT answers ``{"error_code": "0", "message":
"{\\"UrlThanhToan\\": …}"}``; QUERY answers the confirmation's fields plus ``TrangThaiGD``.
An HTTP error, a time-out or an unreadable answer raises :class:`PlatformError`."""

from __future__ import annotations

import hashlib
import hmac
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings

from motcua import clock

VERSION = "1.0.6"
INIT_FIELDS = (
    "LoaiBanTin",
    "PhienBan",
    "MaDoiTac",
    "MaThamChieu",
    "SoTien",
    "LoaiHinhThanhToan",
    "MaKenhThanhToan",
    "MaThietBi",
    "NgonNgu",
    "MaTienTe",
    "MaNganHang",
    "ThongTinGiaoDich",
    "ThoiGianGD",
    "Ip",
)
CONFIRM_FIELDS = (
    "LoaiBanTin",
    "MaLoi",
    "MaDoiTac",
    "MaThamChieu",
    "SoTien",
    "MaTienTe",
    "MaGiaoDich",
    "MaNganHang",
    "ThoiGianGD",
    "ThongTinGiaoDich",
)
QUERY_FIELDS = ("LoaiBanTin", "PhienBan", "MaDoiTac", "MaThamChieu", "ThoiGianGD")
PAID = "00"


class PlatformError(Exception):
    """The platform did not take the message (no answer, HTTP error, or an error code)."""

    def __init__(self, message: str, answer: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.answer = answer


@dataclass(frozen=True)
class Config:
    init_url: str
    query_url: str
    partner: str
    secret: str
    timeout: float = 20.0


def config() -> Config | None:
    """The platform's settings, or None when one is unset (online payment is then off)."""
    values = {
        "init_url": settings.PAYMENT_INIT_URL,
        "query_url": settings.PAYMENT_QUERY_URL,
        "partner": settings.PAYMENT_PARTNER_CODE,
        "secret": settings.PAYMENT_SECRET,
    }
    if not all(values.values()):
        return None
    return Config(**values, timeout=settings.PAYMENT_TIMEOUT_SECONDS)


def missing_settings() -> list[str]:
    names = ["PAYMENT_INIT_URL", "PAYMENT_QUERY_URL", "PAYMENT_PARTNER_CODE", "PAYMENT_SECRET"]
    return [name for name in names if not getattr(settings, name, "")]


def sign(message: dict[str, Any], fields: tuple[str, ...], secret: str) -> str:
    """``MaXacThuc``: SHA-256 (lowercase hex) of the fields joined by ``|``, then the secret."""
    joined = "|".join(str(message.get(name, "")) for name in fields) + "|" + secret
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()


def signed_by(message: dict[str, Any], fields: tuple[str, ...], secret: str) -> bool:
    """The message's ``MaXacThuc`` is right (compared in constant time)."""
    given = str(message.get("MaXacThuc", ""))
    return hmac.compare_digest(given.lower(), sign(message, fields, secret))


def stamp(at: datetime | None = None) -> str:
    """``yyyyMMddHHmmss`` in Asia/Ho_Chi_Minh."""
    return clock.local(at or clock.now()).strftime("%Y%m%d%H%M%S")


def init_message(
    cfg: Config,
    *,
    reference: str,
    amount: int,
    description: str,
    receipt: dict[str, Any],
    ip: str = "",
) -> dict[str, Any]:
    message: dict[str, Any] = {
        "LoaiBanTin": "INIT",
        "PhienBan": VERSION,
        "MaDoiTac": cfg.partner,
        "MaThamChieu": reference,
        "SoTien": int(amount),
        "LoaiHinhThanhToan": "PAY",
        "MaKenhThanhToan": "1",
        "MaThietBi": "1",
        "NgonNgu": "vi",
        "MaTienTe": "VND",
        "MaNganHang": "",
        "ThongTinGiaoDich": description,
        "ThoiGianGD": stamp(),
        "Ip": ip,
        "ThongTinBienLai": receipt,
    }
    message["MaXacThuc"] = sign(message, INIT_FIELDS, cfg.secret)
    return message


def query_message(cfg: Config, reference: str) -> dict[str, Any]:
    message: dict[str, Any] = {
        "LoaiBanTin": "QUERY",
        "PhienBan": VERSION,
        "MaDoiTac": cfg.partner,
        "MaThamChieu": reference,
        "ThoiGianGD": stamp(),
    }
    message["MaXacThuc"] = sign(message, QUERY_FIELDS, cfg.secret)
    return message


def init(cfg: Config, message: dict[str, Any]) -> tuple[str, str]:
    """Send INIT; answer ``(payment_url, raw answer)``."""
    body, raw = _post(cfg.init_url, message, cfg.timeout)
    if str(body.get("error_code", "")) not in ("0", "00"):
        raise PlatformError(str(body.get("message") or "Nền tảng thanh toán từ chối"), raw)
    try:
        inner = json.loads(body.get("message") or "{}")
        url = str(inner.get("UrlThanhToan") or "")
    except (TypeError, ValueError, AttributeError):
        url = ""
    if not url.startswith(("http://", "https://")):
        raise PlatformError("Nền tảng thanh toán không trả đường dẫn thanh toán", raw)
    return url, raw


def query(cfg: Config, message: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """Send QUERY; answer the platform's record of the reference and the raw answer."""
    return _post(cfg.query_url, message, cfg.timeout)


def _post(url: str, payload: dict[str, Any], timeout: float) -> tuple[dict[str, Any], str]:
    if not url.startswith(("http://", "https://")):
        raise PlatformError(f"Địa chỉ nền tảng thanh toán không hợp lệ: {url}")
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        url,
        data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json; charset=utf-8", "Accept": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            raw = response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        raise PlatformError(f"Nền tảng thanh toán trả lỗi HTTP {error.code}") from error
    except (TimeoutError, urllib.error.URLError, OSError) as error:
        raise PlatformError(f"Không kết nối được nền tảng thanh toán: {error}") from error
    try:
        body = json.loads(raw)
    except json.JSONDecodeError as error:
        raise PlatformError("Nền tảng thanh toán trả lời không phải JSON", raw[:500]) from error
    if not isinstance(body, dict):
        raise PlatformError("Nền tảng thanh toán trả lời không đúng định dạng", raw[:500])
    return body, raw
