"""``archive_verify``: every stored document of every closed file read back against the SHA-256
frozen at closing, and the signatures of signed PDFs checked again. Anything altered, missing or
broken is reported, never repaired or re-signed."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from motcua.archive.models import ArchiveDocument
from motcua.documents import storage
from motcua.signing.base import SigningError
from motcua.signing.longterm import broken_signatures


@dataclass(frozen=True)
class Problem:
    file_code: str
    path: str
    message: str  # Vietnamese, for the operator


@dataclass
class Report:
    checked: int = 0
    signatures: int = 0
    problems: list[Problem] = field(default_factory=list)


def _signature_problem(content: bytes, expected: int) -> str | None:
    """What is wrong with the signatures of a PDF whose bytes are as stored at closing."""
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


def check_one(
    storage_name: str, sha256: str, recorded_sha256: str, signatures: int, *, deep: bool
) -> str | None:
    """The problem of one archived document, or None."""
    try:
        content = storage.read_blob(storage_name)
    except storage.BlobDamaged:
        return _("Không đọc được tệp trong kho lưu trữ (mất tệp).")
    if recorded_sha256 != sha256:
        return _("Mã băm của tệp trong cơ sở dữ liệu khác mã băm lúc đóng hồ sơ.")
    if hashlib.sha256(content).hexdigest() != sha256:
        return _("Tệp đã bị thay đổi sau khi đóng hồ sơ (mã băm SHA-256 không khớp).")
    if deep and signatures:
        return _signature_problem(content, signatures)
    return None


def _rows() -> Iterator[tuple[str, str, str, str, str, int]]:
    return (
        ArchiveDocument.objects.filter(document__isnull=False)
        .order_by("file_id", "order")
        .values_list(
            "file__file_code",
            "path",
            "document__storage_name",
            "sha256",
            "document__sha256",
            "signatures",
        )
        .iterator(chunk_size=2000)
    )


def verify_all(*, deep: bool = True) -> Report:
    """Check every archived document (``deep``: the signatures too)."""
    report = Report()
    for file_code, path, name, sha256, recorded, signatures in _rows():
        problem = check_one(name, sha256, recorded, signatures, deep=deep)
        report.checked += 1
        report.signatures += signatures if deep else 0
        if problem:
            report.problems.append(Problem(file_code, path, problem))
    return report
