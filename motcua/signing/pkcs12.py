"""Signing backend: a PKCS#12 file (.p12, .pfx) and its passphrase (mật khẩu chứng thư số)."""

from __future__ import annotations

import hashlib
import os
from datetime import datetime
from pathlib import Path

from asn1crypto import keys as asn1_keys
from asn1crypto import pkcs12 as asn1_pkcs12
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes
from cryptography.hazmat.primitives.serialization import pkcs12
from pyhanko.sign import signers
from pyhanko_certvalidator.registry import SimpleCertificateStore
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

from motcua.signing.base import SigningError, common_name, ensure_valid_at


def _looks_like_pkcs12(data: bytes) -> bool:
    """True when ``data`` parses as a PFX structure, so a load failure means a bad passphrase."""
    try:
        pfx = asn1_pkcs12.Pfx.load(data, strict=True)
        return pfx["version"].native == "v3" and pfx["auth_safe"]["content_type"].native in (
            "data",
            "signed_data",
        )
    except (ValueError, TypeError, KeyError):
        return False


class _LoadedKeySigner(signers.SimpleSigner):
    """SimpleSigner that keeps the key object it was given.

    pyHanko re-parses the DER key for every raw signature, and cryptography re-checks an RSA
    key on each parse (about 40 ms for 2048 bits, twice per document). The key here was
    checked once when the PKCS#12 file was opened.
    """

    def __init__(self, *, private_key: PrivateKeyTypes, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._private_key = private_key

    def sign_raw(self, data: bytes, digest_algorithm: str) -> bytes:
        mechanism = self.get_signature_mechanism_for_digest(digest_algorithm).signature_algo
        hash_algo = get_pyca_cryptography_hash(digest_algorithm)
        key = self._private_key
        if mechanism == "rsassa_pkcs1v15" and isinstance(key, rsa.RSAPrivateKey):
            return key.sign(data, padding.PKCS1v15(), hash_algo)
        if mechanism == "ecdsa" and isinstance(key, ec.EllipticCurvePrivateKey):
            return key.sign(data, ec.ECDSA(hash_algo))
        return super().sign_raw(data, digest_algorithm)


_OPENED: dict[tuple[bytes, bytes], tuple] = {}
_OPENED_MAX = 64


def _load(data: bytes, secret: bytes | None) -> tuple:
    """Decrypt a PKCS#12 file once per process. Its key derivation is slow on purpose (about
    70 ms here), and a leader signs, then the seal signs, many times a day; the opened key stays
    in this process's memory, found again only by the same file bytes and the same passphrase
    (kept as digests). A wrong passphrase raises every time: failures are not kept."""
    found = (hashlib.sha256(data).digest(), hashlib.sha256(secret or b"").digest())
    if found not in _OPENED:
        if len(_OPENED) >= _OPENED_MAX:
            _OPENED.clear()
        _OPENED[found] = pkcs12.load_key_and_certificates(data, secret)
    return _OPENED[found]


def _der(cert: object) -> asn1_x509.Certificate:
    return asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))  # type: ignore[attr-defined]


class Pkcs12Signer:
    """A signer whose key and certificate come from a PKCS#12 file.

    The certificate's validity is checked against ``at`` (default: the machine's clock) when
    the file is opened and again by :func:`~motcua.signing.pades.sign_pdf` before signing.
    """

    def __init__(
        self,
        source: bytes | str | os.PathLike[str],
        passphrase: str | bytes | None,
        *,
        at: datetime | None = None,
    ) -> None:
        data = source if isinstance(source, bytes) else self._read(Path(source))
        secret = passphrase.encode("utf-8") if isinstance(passphrase, str) else passphrase
        try:
            key, cert, extra = _load(data, secret)
        except (ValueError, TypeError) as exc:
            if _looks_like_pkcs12(data):
                raise SigningError("Sai mật khẩu chứng thư số.", code="wrong_passphrase") from exc
            raise SigningError(
                "Tệp chứng thư số bị hỏng hoặc không phải tệp PKCS#12 (.p12, .pfx).",
                code="corrupt_certificate_file",
            ) from exc
        if key is None or cert is None:
            raise SigningError(
                "Tệp chứng thư số không chứa khóa bí mật và chứng thư của người ký.",
                code="incomplete_certificate_file",
            )
        signing_cert = _der(cert)
        ensure_valid_at(signing_cert, at)
        key_info = asn1_keys.PrivateKeyInfo.load(
            key.private_bytes(
                serialization.Encoding.DER,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        self._signer = _LoadedKeySigner(
            private_key=key,
            signing_cert=signing_cert,
            signing_key=key_info,
            cert_registry=SimpleCertificateStore.from_certs([_der(c) for c in extra]),
        )
        self._display_name = common_name(signing_cert)

    @staticmethod
    def _read(path: Path) -> bytes:
        try:
            return path.read_bytes()
        except OSError as exc:
            raise SigningError(
                "Không đọc được tệp chứng thư số.", code="certificate_file_unreadable"
            ) from exc

    @property
    def display_name(self) -> str:
        return self._display_name

    @property
    def certificate(self) -> asn1_x509.Certificate:
        """The signer's certificate (asn1crypto), e.g. to show its issuer and validity."""
        return self._signer.signing_cert

    def pyhanko_signer(self) -> signers.Signer:
        return self._signer
