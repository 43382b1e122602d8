"""PAdES signatures on PDF documents (ký số văn bản điện tử): sign with a visible stamp, verify.

:func:`sign_pdf` adds one PAdES baseline signature as an incremental update: B-B, or B-T when a
time-stamp authority (TSA) URL is given. A second signature (the agency's seal, con dấu) is
another incremental update, so both stay valid. :func:`verify_pdf` reports every signature of a
document against the trust roots the caller names (R5.6: signed electronic results).

The visible stamp is typeset by typst with the shipped Liberation Serif, so Vietnamese text
is shaped correctly without extra font tooling; it reaches typst as JSON, never as source.
"""

from __future__ import annotations

import binascii
import functools
import io
import json
import threading
import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from pathlib import Path

import typst
from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from cryptography import x509 as pyca_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils import content, generic, layout
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.general import SigningError as HankoSigningError
from pyhanko.sign.timestamps import HTTPTimeStamper
from pyhanko.sign.timestamps.common_utils import TimestampRequestError
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import (
    ModificationLevel,
    PdfSignatureStatus,
    SignatureCoverageLevel,
)
from pyhanko.stamp import StaticStampStyle
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.errors import PathBuildingError, PathValidationError

from motcua.signing.base import Signer, SigningError, common_name, ensure_valid_at

# The shipped fonts live with the documents; signing reads the files, not the Python package.
STAMP_FONT_DIR = Path(__file__).resolve().parents[1] / "fonts"  # shipped with the package

STAMP_WIDTH, STAMP_HEIGHT, STAMP_MARGIN, STAMP_GAP = 200.0, 62.0, 28.0, 6.0

# The stamp: a framed block of lines, shrunk until it fits the box.
_STAMP_TEMPLATE = b"""
#let d = json(bytes(sys.inputs.data))
#set page(width: d.width * 1pt, height: d.height * 1pt, margin: 0pt, fill: none)
#set text(font: "Liberation Serif", lang: "vi", hyphenate: false, fill: rgb(d.color))
#set par(leading: 0.4em, spacing: 0.4em)
#let body = d.lines.map(line => [#line]).join(linebreak())
#let inset = 4pt
#context {
  let room = (width: d.width * 1pt - 2 * inset, height: d.height * 1pt - 2 * inset)
  let size = 10pt
  let height(size) = measure(block(width: room.width, text(size: size, body))).height
  while size > 4pt and height(size) > room.height { size -= 0.5pt }
  rect(
    width: 100%, height: 100%, inset: inset, radius: 2pt, stroke: 0.8pt + rgb(d.color),
    align(left + horizon, text(size: size, body)),
  )
}
"""
STAMP_COLOR = "#b01c1c"


class Coverage(StrEnum):
    """How much of the file a signature covers."""

    WHOLE_DOCUMENT = "whole_document"  # nothing was added after it
    LATER_UPDATES = "later_updates"  # its revision, then incremental updates (e.g. a seal)
    PARTIAL = "partial"  # not even its own revision: broken or tampered


@dataclass(frozen=True)
class SignatureReport:
    """One signature of a document as :func:`verify_pdf` found it."""

    field_name: str
    signer_name: str
    signing_time: datetime | None  # as the signer claims it (PDF /M)
    timestamp_time: datetime | None  # from the TSA's token (B-T), if any
    intact: bool  # the signed bytes are unchanged
    valid: bool  # intact, cryptographically sound, chained to a trust root, later changes allowed
    trusted: bool  # the certificate chains to one of the given trust roots
    coverage: Coverage
    problems: tuple[str, ...] = ()  # Vietnamese, for people; empty when valid


# Stamp rendering -----------------------------------------------------------------------------

_local = threading.local()


def _stamp_compiler() -> typst.Compiler:
    compiler = getattr(_local, "compiler", None)
    if compiler is None:
        fonts = typst.Fonts(
            include_system_fonts=False,
            include_embedded_fonts=False,
            font_paths=[str(STAMP_FONT_DIR)],
        )
        compiler = typst.Compiler(font_paths=fonts)
        _local.compiler = compiler
    return compiler


def render_stamp(text: str, width: float, height: float) -> bytes:
    """The stamp as a one-page PDF of ``width`` × ``height`` points."""
    data = {
        "lines": [line.strip() for line in unicodedata.normalize("NFC", text).strip().splitlines()],
        "width": width,
        "height": height,
        "color": STAMP_COLOR,
    }
    return _stamp_compiler().compile(
        input=_STAMP_TEMPLATE,
        sys_inputs={"data": json.dumps(data, ensure_ascii=False)},
        pdf_tags=False,
    )


class _PdfPageContent(content.PdfContent):
    """The first page of an in-memory PDF as stamp content (pyHanko's own reads a file)."""

    def __init__(self, pdf: bytes) -> None:
        super().__init__()
        self._pdf = pdf

    def render(self) -> bytes:
        xobject = self._ensure_writer.import_page_as_xobject(
            PdfFileReader(io.BytesIO(self._pdf)), page_ix=0
        )
        name = "/Stamp" + binascii.hexlify(uuid.uuid4().bytes).decode("ascii")
        self.resources.xobject[name] = xobject
        x1, y1, x2, y2 = xobject.get_object()["/BBox"]
        self.box = layout.BoxConstraints(width=abs(x2 - x1), height=abs(y2 - y1))
        return name.encode("ascii") + b" Do"


def _stamp_style(text: str, box: tuple[int, int, int, int]) -> StaticStampStyle:
    width, height = box[2] - box[0], box[3] - box[1]
    return StaticStampStyle(
        background=_PdfPageContent(render_stamp(text, width, height)),
        background_opacity=1.0,
        border_width=0,
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID,
            y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins.uniform(0),
        ),
    )


def _page_size(page: generic.DictionaryObject) -> tuple[float, float]:
    node = page
    while "/MediaBox" not in node and "/Parent" in node:
        node = node["/Parent"].get_object()
    x1, y1, x2, y2 = (float(v) for v in node["/MediaBox"])
    return abs(x2 - x1), abs(y2 - y1)


def _default_box(writer: IncrementalPdfFileWriter, page: int) -> tuple[float, float, float, float]:
    """Bottom right of the page, stacked above the visible signatures already there."""
    page_ref, _ = writer.find_page_for_modification(page)
    page_obj = page_ref.get_object()
    width, _height = _page_size(page_obj)
    taken = 0
    for annot in page_obj.get("/Annots", ()):
        annot = annot.get_object()
        rect = [float(v) for v in annot.get("/Rect", (0, 0, 0, 0))]
        if annot.get("/FT") == "/Sig" and rect[2] - rect[0] > 0:
            taken += 1
    box_width = min(STAMP_WIDTH, width - 2 * STAMP_MARGIN)
    x2 = width - STAMP_MARGIN
    y1 = STAMP_MARGIN + taken * (STAMP_HEIGHT + STAMP_GAP)
    return (x2 - box_width, y1, x2, y1 + STAMP_HEIGHT)


# Signing -------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=8)
def _timestamper(url: str) -> HTTPTimeStamper:
    # One client per TSA: pyHanko caches a sample token per client to size the signature, which
    # saves a round trip to the TSA on every later signature.
    return HTTPTimeStamper(url, timeout=10)


def _open_for_signing(pdf: bytes) -> IncrementalPdfFileWriter:
    try:
        return IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    except (PdfError, ValueError, KeyError, TypeError) as exc:
        raise SigningError(
            "Tệp không phải PDF hợp lệ hoặc đã bị hỏng.", code="invalid_pdf"
        ) from exc


def sign_pdf(
    pdf: bytes,
    signer: Signer,
    *,
    field_name: str,
    reason: str | None = None,
    location: str | None = None,
    stamp_text: str | None = None,
    page: int = -1,
    box: tuple[float, float, float, float] | None = None,
    timestamper_url: str | None = None,
    long_term_roots: Iterable[bytes] | None = None,
) -> bytes:
    """Sign ``pdf`` (PAdES B-B, or B-T with ``timestamper_url``) and return the signed file.

    With a time-stamp authority and ``long_term_roots`` (the trust roots the signer's chain
    must reach) the signature is B-LT: the chain and its revocation data (OCSP responses, CRLs
    fetched from the addresses in the certificates) are embedded in the document security
    store, so it can be validated after the certificate expires (B-LTA comes at archiving,
    :mod:`motcua.signing.longterm`). A chain without revocation addresses is embedded as is.

    ``stamp_text`` (lines separated by ``\\n``) makes the signature visible on ``page`` (``-1``
    is the last) in ``box`` = ``(x1, y1, x2, y2)`` in points from the bottom left; without a
    box it goes to the bottom right, above any visible signature already there. Without
    ``stamp_text`` the signature is invisible.
    """
    hanko_signer = signer.pyhanko_signer()
    if hanko_signer.signing_cert is not None:
        ensure_valid_at(hanko_signer.signing_cert)
    writer = _open_for_signing(pdf)
    style = None
    field_box = None
    if stamp_text:
        # PDF field rectangles are whole points here; the stamp is drawn to the same size.
        x1, y1, x2, y2 = (round(v) for v in (box or _default_box(writer, page)))
        field_box = (x1, y1, x2, y2)
        style = _stamp_style(stamp_text, field_box)
    long_term = timestamper_url is not None and long_term_roots is not None
    pdf_signer = signers.PdfSigner(
        signers.PdfSignatureMetadata(
            field_name=field_name,
            reason=reason,
            location=location,
            name=signer.display_name,
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            embed_validation_info=long_term,
            validation_context=ValidationContext(
                trust_roots=[_as_certificate(r) for r in long_term_roots or ()],
                allow_fetching=True,
                revocation_mode="soft-fail",
            )
            if long_term
            else None,
        ),
        signer=hanko_signer,
        timestamper=_timestamper(timestamper_url) if timestamper_url else None,
        stamp_style=style,
        new_field_spec=fields.SigFieldSpec(
            sig_field_name=field_name,
            on_page=page,
            box=field_box,
        ),
    )
    try:
        return pdf_signer.sign_pdf(writer).getvalue()
    except TimestampRequestError as exc:
        raise SigningError(
            "Không lấy được dấu thời gian từ máy chủ cấp dấu thời gian.", code="timestamp_failed"
        ) from exc
    except (PathBuildingError, PathValidationError) as exc:
        raise SigningError(
            "Chứng thư số của người ký không dẫn tới chứng thư gốc tin cậy: không thể ký số "
            f"dài hạn (PAdES B-LT). {exc}",
            code="untrusted_certificate",
        ) from exc
    except HankoSigningError as exc:
        raise SigningError(
            f"Không ký được văn bản vào trường chữ ký «{field_name}»: {exc}",
            code="signing_failed",
        ) from exc
    except (PdfError, IndexError) as exc:
        raise SigningError(
            "Tệp không phải PDF hợp lệ hoặc đã bị hỏng.", code="invalid_pdf"
        ) from exc


# Verification --------------------------------------------------------------------------------

# Real Vietnamese signing certificates carry digitalSignature, nonRepudiation or both.
_KEY_USAGE = KeyUsageConstraints(
    key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False
)
_ALLOWED_LATER = (
    ModificationLevel.NONE,
    ModificationLevel.LTA_UPDATES,
    ModificationLevel.FORM_FILLING,
)


def _as_certificate(
    root: bytes | pyca_x509.Certificate | asn1_x509.Certificate,
) -> asn1_x509.Certificate:
    if isinstance(root, asn1_x509.Certificate):
        return root
    if isinstance(root, pyca_x509.Certificate):
        return asn1_x509.Certificate.load(root.public_bytes(serialization.Encoding.DER))
    der = pem.unarmor(root)[2] if pem.detect(root) else root
    return asn1_x509.Certificate.load(der)


def _coverage(level: SignatureCoverageLevel | None) -> Coverage:
    if level == SignatureCoverageLevel.ENTIRE_FILE:
        return Coverage.WHOLE_DOCUMENT
    if level == SignatureCoverageLevel.ENTIRE_REVISION:
        return Coverage.LATER_UPDATES
    return Coverage.PARTIAL


def _problems(status: PdfSignatureStatus, coverage: Coverage, later_ok: bool) -> tuple[str, ...]:
    found = []
    if not status.intact or coverage is Coverage.PARTIAL:
        found.append("Nội dung văn bản đã bị thay đổi sau khi ký.")
    elif not status.valid:
        found.append("Chữ ký số không hợp lệ về mặt mật mã.")
    if status.intact and not status.trusted:
        found.append("Chứng thư số không được cấp bởi tổ chức chứng thực được tin cậy.")
    ts = status.timestamp_validity
    if ts is not None and not (ts.intact and ts.valid and ts.trusted):
        found.append("Dấu thời gian không hợp lệ hoặc không được tin cậy.")
    if not later_ok:
        found.append("Văn bản có thay đổi không được phép sau khi ký.")
    return tuple(found)


def verify_pdf(
    pdf: bytes, *, trust_roots: Iterable[bytes | pyca_x509.Certificate | asn1_x509.Certificate]
) -> list[SignatureReport]:
    """Report each signature of ``pdf``, oldest first; an unsigned PDF gives ``[]``. Document
    time-stamps are not signatures of a person or a seal and are left out.

    ``trust_roots`` are the root certificates (PEM or DER bytes, or certificate objects) a
    signature must chain to; no network is used (no CRL/OCSP fetching).
    """
    try:
        roots = [_as_certificate(root) for root in trust_roots]
    except ValueError as exc:
        raise SigningError(
            "Chứng thư gốc tin cậy không hợp lệ.", code="invalid_trust_root"
        ) from exc
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        reader.root  # noqa: B018 - forces the trailer and catalog to parse
    except (PdfError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise SigningError(
            "Tệp không phải PDF hợp lệ hoặc đã bị hỏng.", code="invalid_pdf"
        ) from exc
    try:
        embedded = list(reader.embedded_signatures)
    except (PdfError, ValueError, KeyError, TypeError, IndexError) as exc:
        raise SigningError(
            "Không đọc được chữ ký số trong tệp: dữ liệu chữ ký đã bị hỏng.",
            code="invalid_signature",
        ) from exc
    reports = []
    for signature in embedded:
        if signature.sig_object_type != "/Sig":
            continue  # a document time-stamp (B-LTA): see motcua.signing.longterm
        context = ValidationContext(
            trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail"
        )
        try:
            status = validate_pdf_signature(signature, context, key_usage_settings=_KEY_USAGE)
        except (PdfError, ValueError, KeyError) as exc:
            raise SigningError(
                f"Không đọc được chữ ký «{signature.field_name}»: dữ liệu chữ ký đã bị hỏng.",
                code="invalid_signature",
            ) from exc
        coverage = _coverage(status.coverage)
        level = status.modification_level
        later_ok = level is None or level in _ALLOWED_LATER
        ts = status.timestamp_validity
        reports.append(
            SignatureReport(
                field_name=signature.field_name,
                signer_name=common_name(status.signing_cert),
                signing_time=status.signer_reported_dt,
                timestamp_time=ts.timestamp if ts is not None else None,
                intact=bool(status.intact) and coverage is not Coverage.PARTIAL,
                valid=bool(status.bottom_line) and coverage is not Coverage.PARTIAL,
                trusted=bool(status.trusted),
                coverage=coverage,
                problems=_problems(status, coverage, later_ok),
            )
        )
    return reports
