"""Signatures that stay verifiable for decades (PAdES B-LT and B-LTA, ETSI EN 319 142-1).

- :func:`add_document_timestamp` embeds the validation data of a PDF's signatures (the
  certificate chains, OCSP responses and CRLs: the document security store, DSS) and then adds
  a document time-stamp over the whole file (B-LTA).
- :func:`refresh_timestamp` adds the validation data of the last document time-stamp and a new
  time-stamp over it, before the last one's certificate expires (the archive time-stamp chain).
- :func:`verify_long_term` validates each signature as ETSI EN 319 102-1 §5.6.3 says: against
  the validation data and the proof of existence the time-stamps give, so a signature whose
  certificate has since expired is still valid if it was valid when time-stamped.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from asn1crypto import cms
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.ades.report import AdESPassed
from pyhanko.sign.timestamps.common_utils import TimestampRequestError
from pyhanko.sign.validation import SignatureCoverageLevel, add_validation_info
from pyhanko.sign.validation.ades import ades_lta_validation
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation.generic_cms import validate_sig_integrity
from pyhanko.sign.validation.policy_decl import (
    PdfSignatureValidationSpec,
    SignatureValidationSpec,
)
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.context import CertValidationPolicySpec
from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError
from pyhanko_certvalidator.policy_decl import REQUIRE_REVINFO, CertRevTrustPolicy
from pyhanko_certvalidator.registry import SimpleTrustManager

from motcua.signing.base import SigningError
from motcua.signing.pades import _as_certificate, _timestamper

TrustRoots = Iterable[bytes]


# Revocation data fetched now may be stamped a little later than the validation's "now" by
# the responder's clock.
CLOCK_SKEW = timedelta(minutes=1)


def _context(roots: TrustRoots) -> ValidationContext:
    """A fresh context per step: its "now" is the moment of that step."""
    return ValidationContext(
        trust_roots=[_as_certificate(r) for r in roots],
        allow_fetching=True,
        revocation_mode="require",
        time_tolerance=CLOCK_SKEW,
    )


def _reader(pdf: bytes) -> PdfFileReader:
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        reader.root  # noqa: B018 - forces the trailer and catalog to parse
        return reader
    except (PdfError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise SigningError(
            "Tệp không phải PDF hợp lệ hoặc đã bị hỏng.", code="invalid_pdf"
        ) from exc


def count_signatures(pdf: bytes) -> int:
    """Signatures of ``pdf`` (not its document time-stamps); 0 when none or unreadable."""
    try:
        embedded = PdfFileReader(io.BytesIO(pdf), strict=False).embedded_signatures
        return sum(1 for s in embedded if s.sig_object_type == "/Sig")
    except (PdfError, ValueError, KeyError, TypeError, IndexError):
        return 0


def broken_signatures(pdf: bytes) -> tuple[int, list[str]]:
    """The number of signatures of ``pdf`` and the fields of those no longer intact: the
    signed bytes changed, or the signature does not match them (cryptography only, no trust
    path: quick enough to re-check a whole archive; trust over time is :func:`verify_long_term`)."""
    found, broken = 0, []
    reader = _reader(pdf)
    try:
        embedded = reader.embedded_signatures
    except (PdfError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise SigningError(
            "Tệp không phải PDF hợp lệ hoặc đã bị hỏng.", code="invalid_pdf"
        ) from exc
    for signature in embedded:
        if signature.sig_object_type != "/Sig":
            continue
        found += 1
        try:
            intact, valid = validate_sig_integrity(
                signature.signer_info, signature.signer_cert, "data", signature.compute_digest()
            )
            covered = signature.evaluate_signature_coverage() >= (
                SignatureCoverageLevel.ENTIRE_REVISION
            )
        except (SignatureValidationError, PdfError, ValueError, KeyError, TypeError):
            intact = valid = covered = False
        if not (intact and valid and covered):
            broken.append(signature.field_name)
    return found, broken


def _fail(exc: Exception) -> SigningError:
    if isinstance(exc, TimestampRequestError):
        return SigningError(
            "Không lấy được dấu thời gian từ máy chủ cấp dấu thời gian.", code="timestamp_failed"
        )
    return SigningError(
        f"Không lấy được dữ liệu kiểm tra chứng thư số (OCSP, CRL): {exc}",
        code="validation_data_failed",
    )


def add_document_timestamp(pdf: bytes, *, timestamper_url: str, trust_roots: TrustRoots) -> bytes:
    """B-LTA: the validation data of every signature, then a document time-stamp."""
    roots = list(trust_roots)
    try:
        current = pdf
        for index, signature in enumerate(_reader(pdf).embedded_signatures):
            if signature.sig_object_type == "/Sig":  # each update on top of the last one
                latest = _reader(current).embedded_signatures[index]
                current = add_validation_info(latest, _context(roots), in_place=False).getvalue()
        writer = IncrementalPdfFileWriter(io.BytesIO(current), strict=False)
        stamped = signers.PdfTimeStamper(_timestamper(timestamper_url)).timestamp_pdf(
            writer, "sha256", validation_context=_context(roots)
        )
        return stamped.getvalue()
    except (TimestampRequestError, PathBuildingError, PathValidationError) as exc:
        raise _fail(exc) from exc
    except (SignatureValidationError, PdfError) as exc:
        raise SigningError(
            f"Chữ ký số trong văn bản không hợp lệ, không thể gắn dấu thời gian lưu trữ: {exc}",
            code="invalid_signature",
        ) from exc


def refresh_timestamp(pdf: bytes, *, timestamper_url: str, trust_roots: TrustRoots) -> bytes:
    """A new document time-stamp over the file and its last one's validation data."""
    context = _context(trust_roots)
    try:
        out = io.BytesIO()
        signers.PdfTimeStamper(_timestamper(timestamper_url)).update_archival_timestamp_chain(
            _reader(pdf), context, in_place=False, output=out
        )
        return out.getvalue()
    except (TimestampRequestError, PathBuildingError, PathValidationError) as exc:
        raise _fail(exc) from exc
    except (SignatureValidationError, PdfError) as exc:
        raise SigningError(
            f"Dấu thời gian lưu trữ cuối cùng không hợp lệ: {exc}", code="invalid_timestamp"
        ) from exc


def last_timestamp_expiry(pdf: bytes) -> datetime | None:
    """When the certificate of the last document time-stamp expires (None: there is none)."""
    last = None
    for signature in _reader(pdf).embedded_signatures:
        if signature.sig_object_type == "/DocTimeStamp":
            last = signature
    if last is None:
        return None
    signed_data: cms.SignedData = last.signed_data
    return last.signer_cert.not_valid_after if signed_data else None


@dataclass(frozen=True)
class LongTermReport:
    """One signature validated for the long term (kiểm tra chữ ký số dài hạn)."""

    field_name: str
    signer_name: str
    valid: bool
    indication: str  # the AdES sub-indication, e.g. "OK", "HASH_FAILURE", "NO_POE"


async def _validate_all(pdf: bytes, spec: PdfSignatureValidationSpec) -> list[LongTermReport]:
    reports = []
    for signature in _reader(pdf).embedded_signatures:
        if signature.sig_object_type != "/Sig":
            continue
        result = await ades_lta_validation(signature, spec)
        status = result.api_status
        name = (
            status.signing_cert.subject.native.get("common_name", "")
            if status is not None and status.signing_cert is not None
            else ""
        )
        reports.append(
            LongTermReport(
                field_name=signature.field_name,
                signer_name=str(name),
                valid=result.ades_subindic == AdESPassed.OK,
                indication=getattr(result.ades_subindic, "name", str(result.ades_subindic)),
            )
        )
    return reports


def verify_long_term(pdf: bytes, *, trust_roots: TrustRoots) -> list[LongTermReport]:
    """Validate every signature of ``pdf`` with the data embedded in it; only the status of the
    last time-stamp's certificate is asked online (from the address in that certificate)."""
    spec = PdfSignatureValidationSpec(
        SignatureValidationSpec(
            cert_validation_policy=CertValidationPolicySpec(
                trust_manager=SimpleTrustManager.build(
                    trust_roots=[_as_certificate(r) for r in trust_roots]
                ),
                revinfo_policy=CertRevTrustPolicy(revocation_checking_policy=REQUIRE_REVINFO),
            ),
        )
    )
    return asyncio.run(_validate_all(pdf, spec))
