"""A demo certificate authority (CA thử nghiệm) for ``seed_demo`` and the tests.

It issues PKCS#12 files for leaders (chữ ký số cá nhân) and agency seals (con dấu), and a
time-stamping certificate for a local TSA. Its certificates are trusted by nobody but a
MộtCửa instance told to trust the demo root: never use them for real documents.
"""

from __future__ import annotations

import functools
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import AuthorityInformationAccessOID, ExtendedKeyUsageOID, NameOID

KeyType = Literal["rsa", "ec"]
PrivateKey = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey


@dataclass(frozen=True)
class Revocation:
    """Where a certificate's status is published: an OCSP responder and a CRL (written into
    the certificate, so validators and B-LT signing find them)."""

    ocsp_url: str
    crl_url: str


DEMO_CA_FROM = datetime(2020, 1, 1, tzinfo=UTC)
DEMO_CA_TO = datetime(2049, 12, 31, 23, 59, 59, tzinfo=UTC)


def _new_key(key_type: KeyType) -> PrivateKey:
    if key_type == "ec":
        return ec.generate_private_key(ec.SECP256R1())
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _p12_protection(passphrase: str) -> serialization.KeySerializationEncryption:
    """How an issued PKCS#12 file guards its key: the library's best, whose key derivation is
    slow on purpose (the tests use a light one, as they hash passwords with MD5)."""
    return serialization.BestAvailableEncryption(passphrase.encode("utf-8"))


def _name(common_name: str, organisation: str | None) -> x509.Name:
    parts = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN")]
    if organisation:
        parts.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    parts.append(x509.NameAttribute(NameOID.COMMON_NAME, common_name))
    return x509.Name(parts)


def _pem_key(key: PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


@functools.lru_cache(maxsize=8)
def _load_ca(ca: tuple[bytes, bytes]) -> tuple[x509.Certificate, PrivateKey]:
    """The CA's certificate and key, parsed once per process: checking an RSA key as it is
    loaded takes tens of milliseconds, and issuing one certificate reads the CA twice."""
    cert_pem, key_pem = ca
    key = serialization.load_pem_private_key(key_pem, password=None)
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise TypeError("the demo CA key must be RSA or ECDSA")
    return x509.load_pem_x509_certificate(cert_pem), key


def _issue(
    ca: tuple[bytes, bytes],
    *,
    subject: x509.Name,
    key: PrivateKey,
    valid_from: datetime,
    valid_to: datetime,
    usage: x509.KeyUsage,
    extended_usage: list[x509.ObjectIdentifier] | None,
    revocation: Revocation | None = None,
) -> x509.Certificate:
    ca_cert, ca_key = _load_ca(ca)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(valid_from)
        .not_valid_after(valid_to)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage, critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
            critical=False,
        )
    )
    if extended_usage:
        builder = builder.add_extension(x509.ExtendedKeyUsage(extended_usage), critical=True)
    if revocation is not None:
        builder = builder.add_extension(
            x509.AuthorityInformationAccess(
                [
                    x509.AccessDescription(
                        AuthorityInformationAccessOID.OCSP,
                        x509.UniformResourceIdentifier(revocation.ocsp_url),
                    )
                ]
            ),
            critical=False,
        ).add_extension(
            x509.CRLDistributionPoints(
                [
                    x509.DistributionPoint(
                        full_name=[x509.UniformResourceIdentifier(revocation.crl_url)],
                        relative_name=None,
                        reasons=None,
                        crl_issuer=None,
                    )
                ]
            ),
            critical=False,
        )
    return builder.sign(ca_key, hashes.SHA256())


def _usage(*, signing: bool) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=signing,  # non-repudiation: what a signature on a document needs
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )


def make_demo_ca(
    common_name: str,
    *,
    organisation: str = "MộtCửa (thử nghiệm)",
    valid_from: datetime = DEMO_CA_FROM,
    valid_to: datetime = DEMO_CA_TO,
    key_type: KeyType = "rsa",
) -> tuple[bytes, bytes]:
    """A self-signed demo root: ``(certificate PEM, unencrypted private key PEM)``."""
    key = _new_key(key_type)
    name = _name(common_name, organisation)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(valid_from)
        .not_valid_after(valid_to)
        .add_extension(x509.BasicConstraints(ca=True, path_length=1), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return cert.public_bytes(serialization.Encoding.PEM), _pem_key(key)


def issue_signer(
    ca: tuple[bytes, bytes],
    *,
    common_name: str,
    organisation: str,
    valid_from: datetime,
    valid_to: datetime,
    passphrase: str,
    key_type: KeyType = "rsa",
    revocation: Revocation | None = None,
) -> bytes:
    """A PKCS#12 file (key, certificate, CA chain) for a person or an agency seal."""
    key = _new_key(key_type)
    cert = _issue(
        ca,
        subject=_name(common_name, organisation),
        key=key,
        valid_from=valid_from,
        valid_to=valid_to,
        usage=_usage(signing=True),
        extended_usage=None,
        revocation=revocation,
    )
    ca_cert, _ = _load_ca(ca)
    return pkcs12.serialize_key_and_certificates(
        name=common_name.encode("utf-8"),
        key=key,
        cert=cert,
        cas=[ca_cert],
        encryption_algorithm=_p12_protection(passphrase),
    )


def issue_timestamp_authority(
    ca: tuple[bytes, bytes],
    *,
    common_name: str = "MộtCửa TSA (thử nghiệm)",
    valid_from: datetime = DEMO_CA_FROM,
    valid_to: datetime = DEMO_CA_TO,
    revocation: Revocation | None = None,
) -> tuple[bytes, bytes]:
    """An RFC 3161 time-stamping certificate: ``(certificate PEM, private key PEM)``.

    RSA, because pyHanko's in-process time-stamp responder signs with RSA only.
    """
    key = _new_key("rsa")
    cert = _issue(
        ca,
        subject=_name(common_name, None),
        key=key,
        valid_from=valid_from,
        valid_to=valid_to,
        usage=_usage(signing=False),
        extended_usage=[ExtendedKeyUsageOID.TIME_STAMPING],
        revocation=revocation,
    )
    return cert.public_bytes(serialization.Encoding.PEM), _pem_key(key)


def random_passphrase() -> str:
    """A passphrase for generated demo files, printed once by ``seed_demo``."""
    return secrets.token_urlsafe(12)
