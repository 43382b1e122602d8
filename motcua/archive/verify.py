"""``archive_verify``: every stored document of every closed file read back against the SHA-256
frozen at closing, and the signatures of signed PDFs checked. Anything altered, missing or
broken is reported, never repaired or re-signed.

Checking a signature's cryptographic integrity (the digest over its byte range, the CMS
signature against the embedded signer certificate) is deterministic: the same bytes give the
same answer. So once a full check found the signatures of a document intact (at closing, or by
an earlier ``archive_verify``), that finding is recorded as a *seal*: an HMAC, with the server's
key, over the SHA-256 of those bytes and the number of signatures. Then:

- a document whose stored bytes still hash to the SHA-256 frozen at closing, and whose seal
  vouches for exactly those bytes, needs no new parse of its signatures: they are the very
  bytes already found intact (counted as *vouched for*);
- any other signed document (no seal, or a seal for other bytes: its digest was rewritten in
  the database, or the server key changed) gets the full pyHanko check, and a new seal when
  its signatures are intact;
- ``full=True`` (``archive_verify --full``) re-checks every signature whatever the seals say.

A row edited in the database cannot vouch for bytes it was not sealed for without the server's
key; ``--full`` is for when that key itself may have leaked, or for a periodic deep audit.
Trust over time (certificate paths, revocation, time-stamps) is the long-term validation of
:func:`motcua.signing.longterm.verify_long_term`, not this check."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from motcua.archive.models import ArchiveDocument
from motcua.documents import storage
from motcua.signing.base import SigningError
from motcua.signing.longterm import broken_signatures

SEAL_SALT = "motcua.archive.verify.signatures-intact"


@dataclass(frozen=True)
class Problem:
    file_code: str
    path: str
    message: str  # Vietnamese, for the operator


@dataclass
class Report:
    checked: int = 0
    signatures: int = 0  # signatures accounted for (re-checked + vouched for)
    rechecked: int = 0  # of them, re-checked now with pyHanko
    vouched: int = 0  # of them, vouched for by the seal of an earlier check of the same bytes
    problems: list[Problem] = field(default_factory=list)


def seal(sha256: str, signatures: int) -> str:
    """The record that the bytes whose SHA-256 is ``sha256`` carry ``signatures`` signatures
    found intact by a full check (an HMAC with the server's key)."""
    return salted_hmac(SEAL_SALT, f"{sha256}:{signatures}", algorithm="sha256").hexdigest()


def sealed(recorded: str, sha256: str, signatures: int) -> bool:
    """Whether ``recorded`` is the seal of ``sha256`` with ``signatures`` intact signatures
    (under the server's key or one of its fallbacks)."""
    if not recorded:
        return False
    value = f"{sha256}:{signatures}"
    return any(
        constant_time_compare(
            recorded, salted_hmac(SEAL_SALT, value, secret=key, algorithm="sha256").hexdigest()
        )
        for key in (settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS)
    )


def signature_problem(content: bytes, expected: int) -> str | None:
    """What is wrong with the signatures of a PDF (the full pyHanko check), or None."""
    try:
        found, broken = broken_signatures(content)
    except SigningError as exc:
        return exc.message
    if found != expected:
        return _("Số chữ ký số (%(found)s) khác lúc đóng hồ sơ (%(expected)s).") % {
            "found": found,
            "expected": expected,
        }
    if broken:
        return _("Chữ ký số bị hỏng: %(fields)s.") % {"fields": ", ".join(broken)}
    return None


@dataclass(frozen=True)
class Outcome:
    problem: str | None = None
    rechecked: bool = False  # the signatures were parsed and checked now
    vouched: bool = False  # a seal vouched for these very bytes: not parsed again
    new_seal: str = ""  # to record: the check found them intact and no valid seal said so


def check_one(
    storage_name: str,
    sha256: str,
    recorded_sha256: str,
    signatures: int,
    recorded_seal: str = "",
    *,
    deep: bool,
    full: bool = False,
) -> Outcome:
    """The outcome of one archived document: its bytes against the digest frozen at closing,
    then (``deep``) its signatures, re-checked unless a seal vouches for these bytes."""
    try:
        content = storage.read_blob(storage_name)
    except storage.BlobDamaged:
        return Outcome(_("Không đọc được tệp trong kho lưu trữ (mất tệp)."))
    if recorded_sha256 != sha256:
        return Outcome(_("Mã băm của tệp trong cơ sở dữ liệu khác mã băm lúc đóng hồ sơ."))
    if hashlib.sha256(content).hexdigest() != sha256:
        return Outcome(_("Tệp đã bị thay đổi sau khi đóng hồ sơ (mã băm SHA-256 không khớp)."))
    if not (deep and signatures):
        return Outcome()
    vouched = sealed(recorded_seal, sha256, signatures)
    if vouched and not full:
        return Outcome(vouched=True)
    problem = signature_problem(content, signatures)
    fresh = "" if problem or vouched else seal(sha256, signatures)
    return Outcome(problem, rechecked=True, new_seal=fresh)


def _rows() -> Iterator[tuple[int, str, str, str, str, str, int, str]]:
    return (
        ArchiveDocument.objects.filter(document__isnull=False)
        .order_by("file_id", "order")
        .values_list(
            "pk",
            "file__file_code",
            "path",
            "document__storage_name",
            "sha256",
            "document__sha256",
            "signatures",
            "signatures_seal",
        )
        .iterator(chunk_size=2000)
    )


def verify_all(*, deep: bool = True, full: bool = False) -> Report:
    """Check every archived document (``deep``: the signatures too; ``full``: every signature
    re-checked, seals or not). Seals of documents found intact are recorded; nothing else is
    written."""
    report = Report()
    seals: dict[int, str] = {}
    for pk, file_code, path, name, sha256, recorded, signatures, recorded_seal in _rows():
        outcome = check_one(name, sha256, recorded, signatures, recorded_seal, deep=deep, full=full)
        report.checked += 1
        if outcome.rechecked:
            report.rechecked += signatures
        elif outcome.vouched:
            report.vouched += signatures
        report.signatures = report.rechecked + report.vouched
        if outcome.problem:
            report.problems.append(Problem(file_code, path, outcome.problem))
        if outcome.new_seal:
            seals[pk] = outcome.new_seal
    _record(seals)
    return report


def _record(seals: dict[int, str]) -> None:
    for pk, value in seals.items():
        ArchiveDocument.objects.filter(pk=pk).update(signatures_seal=value)


def seal_of(content: bytes, sha256: str) -> tuple[int, str]:
    """The signatures of a PDF being archived and the seal to record when all are intact
    (none: an empty seal, and the first ``archive_verify`` checks them in full)."""
    try:
        found, broken = broken_signatures(content)
    except SigningError:
        return 0, ""  # not a readable PDF: no signatures to count
    return found, seal(sha256, found) if found and not broken else ""
