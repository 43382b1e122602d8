"""The signing backend interface (chữ ký số) and its error.

A backend turns some key material into a pyHanko signer: a PKCS#12 file today
(:mod:`motcua.signing.pkcs12`); a USB token through PKCS#11 or a remote signing service
(ký số từ xa) can be added later as another class with the same two members.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Protocol, runtime_checkable
from zoneinfo import ZoneInfo

from asn1crypto import x509
from pyhanko.sign import signers

from motcua.errors import DomainError

VN = ZoneInfo("Asia/Ho_Chi_Minh")


class SigningError(DomainError):
    """Signing or verification could not be done; the message is for the user (Vietnamese)."""

    code = "signing_error"
    status = 400


@runtime_checkable
class Signer(Protocol):
    """What :func:`motcua.signing.pades.sign_pdf` needs from a backend."""

    @property
    def display_name(self) -> str:
        """Who signs, as shown to people: the certificate's common name."""
        ...

    def pyhanko_signer(self) -> signers.Signer:
        """The pyHanko signer holding the certificate (and the key or a handle to it)."""
        ...


def system_now() -> datetime:
    """The machine's clock, aware.

    pyHanko stamps the signature with this clock, so certificate validity is judged by it too,
    not by ``motcua.clock`` (which a demo may freeze); and this package stays Django-free.
    """
    return datetime.now(UTC)  # noqa: TID251 - see docstring


def common_name(cert: x509.Certificate) -> str:
    """The subject's common name, or the whole subject when it has none."""
    name = cert.subject.native.get("common_name")
    if isinstance(name, list):
        name = name[-1]
    return str(name) if name else cert.subject.human_friendly


def _vn_date(instant: datetime) -> str:
    return instant.astimezone(VN).strftime("%d/%m/%Y")


def ensure_valid_at(cert: x509.Certificate, at: datetime | None = None) -> None:
    """Refuse a certificate outside its validity period (hết hạn / chưa có hiệu lực)."""
    moment = at or system_now()
    not_before, not_after = cert.not_valid_before, cert.not_valid_after
    if moment > not_after:
        raise SigningError(
            f"Chứng thư số đã hết hạn ngày {_vn_date(not_after)}.",
            code="certificate_expired",
            details={"not_after": not_after.isoformat()},
        )
    if moment < not_before:
        raise SigningError(
            f"Chứng thư số chưa có hiệu lực (hiệu lực từ ngày {_vn_date(not_before)}).",
            code="certificate_not_yet_valid",
            details={"not_before": not_before.isoformat()},
        )
