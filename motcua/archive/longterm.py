"""Long-term validity of signed results in the archive (DOMAIN R14.15): at closing a signed
result gets a document time-stamp (PAdES B-LTA) with the validation data of its signatures;
``archive_refresh`` adds a new one before the last one's time-stamping certificate expires.
The pyHanko work is in :mod:`motcua.signing.longterm`; this module reads the settings."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings

from motcua.documents import signatures
from motcua.signing import longterm


def enabled() -> bool:
    """Time-stamps need a time-stamp authority (``TSA_URL``)."""
    return bool(settings.TSA_URL)


def seal_for_archive(content: bytes) -> bytes | None:
    """The result with its validation data and a document time-stamp; None without a TSA."""
    if not enabled():
        return None
    return longterm.add_document_timestamp(
        content, timestamper_url=settings.TSA_URL, trust_roots=signatures.trust_roots()
    )


def count_signatures(content: bytes) -> int:
    """Signatures and document time-stamps in a PDF (0 when it cannot be read)."""
    return longterm.count_signatures(content)


def last_timestamp_expiry(content: bytes) -> datetime | None:
    return longterm.last_timestamp_expiry(content)
