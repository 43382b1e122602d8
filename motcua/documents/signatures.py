"""Signing identities (chứng thư số) and what is done with them: sign a result, verify a PDF.

An identity is a PKCS#12 file in private storage plus the way to its passphrase:

- kept in the database **encrypted** with a key derived from ``SECRET_KEY`` (Fernet; the
  ``SECRET_KEY_FALLBACKS`` still decrypt after a key rotation): the demo and small sites;
- or named by ``passphrase_env``: the passphrase is read at signing time from that environment
  variable (or the file named by ``<NAME>_FILE``) and never enters the database.

Backends turn an identity into a :class:`motcua.signing.base.Signer`; a USB token (PKCS#11) or
a remote signing service is one more entry in :data:`BACKENDS`.

Trust roots for verification are the PEM files of ``SIGNING_TRUST_ROOTS``, plus the demo CA made
by ``seed_demo`` when ``SIGNING_TRUST_DEMO_CA`` is on (the demo only)."""

from __future__ import annotations

import base64
import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from motcua import audit, clock
from motcua.documents import storage
from motcua.documents.models import Backend, IdentityKind, SigningIdentity
from motcua.signing import democa
from motcua.signing.base import Signer, SigningError
from motcua.signing.pades import SignatureReport, sign_pdf, verify_pdf
from motcua.signing.pkcs12 import Pkcs12Signer

DEMO_CA_CERT = "signing/demo-ca/root.pem"
DEMO_CA_KEY = "signing/demo-ca/root-key.pem"
DEMO_CA_NAME = "MộtCửa Demo Root CA (thử nghiệm)"


# Passphrases ---------------------------------------------------------------------------------


def _fernet() -> MultiFernet:
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([Fernet(_derive(key)) for key in keys])


def _derive(secret: str) -> bytes:
    key = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=b"motcua.signing.passphrase"
    ).derive(secret.encode("utf-8"))
    return base64.urlsafe_b64encode(key)


def encrypt_passphrase(passphrase: str) -> str:
    return _fernet().encrypt(passphrase.encode("utf-8")).decode("ascii")


def _passphrase(identity: SigningIdentity) -> str:
    if identity.passphrase_env:
        name = identity.passphrase_env
        file_name = os.environ.get(f"{name}_FILE")
        if file_name:
            return Path(file_name).read_text(encoding="utf-8").strip()
        value = os.environ.get(name)
        if value is None:
            raise SigningError(
                _("Chưa cấu hình mật khẩu chứng thư số (biến môi trường %(name)s).")
                % {"name": name},
                code="passphrase_missing",
            )
        return value
    try:
        return _fernet().decrypt(identity.passphrase_encrypted.encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise SigningError(
            _(
                "Không giải mã được mật khẩu chứng thư số (SECRET_KEY đã đổi?): hãy đăng ký lại "
                "chứng thư số."
            ),
            code="passphrase_undecryptable",
        ) from exc


# Identities ----------------------------------------------------------------------------------


def _open_pkcs12(identity: SigningIdentity) -> Signer:
    key_file = storage.read_blob(identity.key_file)
    return Pkcs12Signer(key_file, _passphrase(identity))


BACKENDS: dict[str, Callable[[SigningIdentity], Signer]] = {Backend.PKCS12: _open_pkcs12}


def open_signer(identity: SigningIdentity) -> Signer:
    """The identity's signer; a wrong passphrase or an expired certificate is a SigningError."""
    return BACKENDS[identity.backend](identity)


def identity_of(user: Any) -> SigningIdentity | None:
    """The active personal signing identity of ``user``, if any."""
    if not getattr(user, "is_authenticated", False):
        return None
    return SigningIdentity.objects.filter(
        user=user, kind=IdentityKind.PERSON, is_active=True
    ).first()


def seal_of(agency: Any) -> SigningIdentity | None:
    """The agency's active seal (con dấu điện tử), if any."""
    return SigningIdentity.objects.filter(
        agency=agency, kind=IdentityKind.SEAL, is_active=True
    ).first()


def register_identity(
    p12: bytes,
    *,
    kind: str,
    agency: Any,
    user: Any = None,
    passphrase: str | None = None,
    passphrase_env: str = "",
    actor: Any = None,
) -> SigningIdentity:
    """Đăng ký chứng thư số: check that the file opens with its passphrase and the certificate
    is valid now, store it privately, and make it the active one of its owner."""
    if kind not in IdentityKind.values or (kind == IdentityKind.PERSON) != (user is not None):
        raise SigningError(_("Chứng thư số cá nhân cần người ký; con dấu thì không."))
    if passphrase_env:  # read it the way signing will, to prove it is there
        passphrase = _passphrase(SigningIdentity(passphrase_env=passphrase_env))
    if passphrase is None:
        raise SigningError(_("Thiếu mật khẩu chứng thư số."), code="passphrase_missing")
    signer = Pkcs12Signer(p12, passphrase)
    cert = signer.certificate
    with transaction.atomic():
        owner = SigningIdentity.objects.filter(is_active=True, kind=kind)
        owner = owner.filter(user=user) if user is not None else owner.filter(agency=agency)
        owner.update(is_active=False)
        key_file = storage.write_blob(f"signing/identities/{secrets.token_hex(16)}.p12", p12)
        identity = SigningIdentity.objects.create(
            kind=kind,
            user=user,
            agency=agency,
            key_file=key_file,
            passphrase_encrypted="" if passphrase_env else encrypt_passphrase(passphrase),
            passphrase_env=passphrase_env,
            subject_name=signer.display_name,
            issuer_name=cert.issuer.human_friendly[:255],
            not_before=cert.not_valid_before,
            not_after=cert.not_valid_after,
        )
        audit.record(
            "documents.signing_identity_registered",
            actor=actor,
            agency=agency,
            target=identity,
            data={"kind": kind, "subject": identity.subject_name},
        )
    return identity


# Signing -------------------------------------------------------------------------------------


def sign(
    pdf: bytes,
    identity: SigningIdentity,
    *,
    field_name: str,
    reason: str,
    location: str,
    stamp_lines: list[str],
) -> bytes:
    """Add one visible PAdES signature with ``identity``: B-LT when ``TSA_URL`` is set and trust
    roots are configured (the chain and its revocation data embedded), B-T with ``TSA_URL``
    alone, B-B without."""
    roots = trust_roots() if settings.TSA_URL else []
    return sign_pdf(
        pdf,
        open_signer(identity),
        field_name=f"{field_name}-{secrets.token_hex(3)}",  # a fresh field, even on re-signing
        reason=reason,
        location=location,
        stamp_text="\n".join(stamp_lines),
        timestamper_url=settings.TSA_URL or None,
        long_term_roots=roots or None,
    )


def stamp_time(at: datetime) -> str:
    return f"{clock.local(at):%d/%m/%Y %H:%M}"


# Trust roots and verification ------------------------------------------------------------------


def demo_ca(*, create: bool = False) -> tuple[bytes, bytes] | None:
    """The demo CA in storage (certificate PEM, key PEM); made on request by ``seed_demo``."""
    store = storage.storage()
    if store.exists(DEMO_CA_CERT) and store.exists(DEMO_CA_KEY):
        return storage.read_blob(DEMO_CA_CERT), storage.read_blob(DEMO_CA_KEY)
    if not create:
        return None
    cert, key = democa.make_demo_ca(DEMO_CA_NAME)
    for name, content in ((DEMO_CA_CERT, cert), (DEMO_CA_KEY, key)):
        store.delete(name)  # half of an earlier pair: replaced, never saved under a new name
        store.save(name, ContentFile(content))
    return cert, key


def trust_roots() -> list[bytes]:
    roots = []
    for path in settings.SIGNING_TRUST_ROOTS:
        try:
            roots.append(Path(path).read_bytes())
        except OSError as exc:
            raise SigningError(
                _("Không đọc được chứng thư gốc tin cậy %(path)s.") % {"path": path},
                code="trust_root_unreadable",
            ) from exc
    if settings.SIGNING_TRUST_DEMO_CA:
        ca = demo_ca()
        if ca is not None:
            roots.append(ca[0])
    return roots


@dataclass(frozen=True)
class Verification:
    """What a PDF's signatures say (kết quả xác thực chữ ký số)."""

    signatures: list[SignatureReport]

    @property
    def valid(self) -> bool:
        """Signed, and every signature intact, sound and trusted."""
        return bool(self.signatures) and all(s.valid for s in self.signatures)


def verify(pdf: bytes) -> Verification:
    return Verification(verify_pdf(pdf, trust_roots=trust_roots()))
