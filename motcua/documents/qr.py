"""QR codes printed on the slips: they carry the public status page (tra cứu) of a dossier."""

from __future__ import annotations

import functools
import io
from urllib.parse import urlencode

import segno

QUIET_ZONE = 4  # modules of white around the symbol


def lookup_url(site: str, code: str) -> str:
    """``https://<site>/tra-cuu?code=<code>``: where a citizen checks a dossier by its code.

    ``site`` is a host name (``motcua.tanlap.gov.vn``) or a base URL with its scheme.
    """
    base = site if "://" in site else f"https://{site}"
    return f"{base.rstrip('/')}/tra-cuu?{urlencode({'code': code})}"


@functools.lru_cache(maxsize=256)
def qr_svg(text: str) -> str:
    """A standalone SVG document (with its namespace, so typst recognises it) encoding ``text``.

    Error correction M survives a creased or stamped paper slip; the quiet zone is the 4
    modules ISO/IEC 18004 asks for, so a phone reads it next to printed text. Kept for the
    dossier's next paper: encoding tries all eight masks, a few milliseconds each.
    """
    buffer = io.BytesIO()
    segno.make(text, error="m", micro=False).save(
        buffer, kind="svg", xmldecl=False, svgns=True, nl=False, border=QUIET_ZONE, scale=1
    )
    return buffer.getvalue().decode("utf-8")
