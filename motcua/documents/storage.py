"""Files in and out of storage (lưu trữ tệp).

- What may come in is decided by the bytes, never by the name: PDF (``%PDF-`` and a PDF whose
  every page pypdf can read), JPEG or PNG (decoded in full by Pillow, within
  ``UPLOAD_MAX_PIXELS``); anything else, an executable renamed ``.pdf`` included, is refused,
  and so is anything above ``UPLOAD_MAX_BYTES``. A file that also holds a web page (HTML
  markup: a PDF/HTML or image/HTML polyglot) is refused whatever else it is, and stored files
  are handed out as downloads with ``nosniff`` (``services.file_response``).
- A file keeps its Vietnamese name for people; in storage it gets a random ASCII name.
- **No orphan on failure.** A blob is written inside the transaction that records its row. If
  that transaction rolls back, the blob is deleted: see :func:`write_blob`.
"""

from __future__ import annotations

import hashlib
import io
import re
import unicodedata
import uuid
import warnings
import weakref
from dataclasses import dataclass
from datetime import datetime
from typing import IO, Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _
from PIL import Image
from pypdf import PdfReader

from motcua import clock, text
from motcua.errors import DomainError, ValidationFailed

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
EXTENSIONS = {PDF: "pdf", JPEG: "jpg", PNG: "png"}
LABELS = {PDF: "PDF", JPEG: "JPEG", PNG: "PNG"}
NAME_EXTENSIONS = {PDF: {"pdf"}, JPEG: {"jpg", "jpeg"}, PNG: {"png"}}
PREFIX = "documents"  # every blob of a Document lies under this folder of the storage
# Markup a browser would run if it ever rendered the file as a page; no scan or form holds it
# outside a compressed stream.
_MARKUP = re.compile(
    rb"<(?:!doctype\s+html|html|head|body|script|iframe|svg|object|embed|meta|img|a\s+href)[\s>/]",
    re.IGNORECASE,
)
_PIL_FORMATS = {JPEG: "JPEG", PNG: "PNG"}
_UNSAFE_NAME = re.compile(r'[\x00-\x1f\x7f<>:"|?*\\/]+')


class FileRejected(ValidationFailed):
    """The upload is not a file MộtCửa accepts (400)."""

    code = "file_rejected"


class FileTooLarge(DomainError):
    code = "file_too_large"
    status = 413


class BlobDamaged(DomainError):
    """A stored file no longer matches its SHA-256 or is gone (500-class, but shown plainly)."""

    code = "file_damaged"
    status = 409


@dataclass(frozen=True)
class Checked:
    """An upload that passed the checks, ready to be stored."""

    content: bytes
    name: str
    content_type: str
    sha256: str
    pages: int | None

    @property
    def size(self) -> int:
        return len(self.content)


def sniff(content: bytes) -> str | None:
    """The content type the bytes really have (magic numbers), or None."""
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"\xff\xd8\xff"):
        return JPEG
    if content.startswith(b"\x89PNG\r\n\x1a\n") and content[12:16] == b"IHDR":
        return PNG
    return None


def pdf_pages(content: bytes, *, parse: bool = True) -> int:
    """Number of pages of a PDF, or :class:`FileRejected` if pypdf cannot read it; ``parse``
    also reads every page's content, not just the document's structure."""
    try:
        reader = PdfReader(io.BytesIO(content), strict=False)
        encrypted = reader.is_encrypted
        pages = 0 if encrypted else len(reader.pages)
        if parse and not encrypted:
            for page in reader.pages:
                _parse_page(page)
    # pypdf raises many kinds of errors on hostile or broken input; all mean "unreadable".
    except Exception as exc:
        raise FileRejected(
            _("Tệp PDF bị hỏng hoặc không đọc được."), details={"file": "invalid_pdf"}
        ) from exc
    if encrypted:
        raise FileRejected(
            _("Tệp PDF được đặt mật khẩu: hãy gửi bản không có mật khẩu."),
            details={"file": "encrypted_pdf"},
        )
    if pages < 1:
        raise FileRejected(_("Tệp PDF không có trang nào."), details={"file": "empty_pdf"})
    return pages


def _parse_page(page: Any) -> None:
    """Read a page's box and parse its content stream's operators; raise on anything broken."""
    page.mediabox  # noqa: B018 - reading it checks the page box
    contents = page.get_contents()
    if contents is None:
        if "/Contents" in page:  # present but not a stream: broken (absent means a blank page)
            raise ValueError("page contents are not a stream")
        return
    contents.operations  # noqa: B018 - parsing the operators is the check


def decode_image(content: bytes, content_type: str) -> None:
    """Decode a JPEG or PNG in full (every pixel), or :class:`FileRejected`: a valid signature
    followed by junk, a cut-off file or a picture too large to open are not images."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                if image.format != _PIL_FORMATS[content_type]:
                    raise ValueError(image.format)
                if image.width * image.height > settings.UPLOAD_MAX_PIXELS:
                    raise ValueError("too many pixels")
                image.load()
    # Pillow raises many kinds of errors on hostile or broken input; all mean "not an image".
    except Exception as exc:
        raise FileRejected(
            _("Tệp ảnh bị hỏng hoặc không đọc được."), details={"file": "invalid_image"}
        ) from exc


def refuse_markup(content: bytes) -> None:
    """:class:`FileRejected` for a file that also carries a web page (a polyglot)."""
    if _MARKUP.search(content):
        raise FileRejected(
            _("Tệp có chứa mã trang web (HTML): không nhận."), details={"file": "polyglot"}
        )


def read_upload(upload: IO[bytes] | Any, limit: int | None = None) -> bytes:
    """The bytes of an uploaded file, refusing it once it passes ``UPLOAD_MAX_BYTES``."""
    limit = settings.UPLOAD_MAX_BYTES if limit is None else limit
    declared = getattr(upload, "size", None)
    if declared is not None and declared > limit:
        raise too_large(limit)
    if hasattr(upload, "seek"):
        upload.seek(0)
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise too_large(limit)
    return content


def too_large(limit: int) -> FileTooLarge:
    return FileTooLarge(
        _("Tệp quá lớn: tối đa %(size)s MB.") % {"size": f"{limit / 1024 / 1024:.0f}"},
        details={"max_bytes": limit},
    )


def check_upload(
    content: bytes, name: str, *, allowed: tuple[str, ...] = (PDF, JPEG, PNG)
) -> Checked:
    """Accept ``content`` as one of ``allowed`` types, judged by its bytes."""
    if len(content) > settings.UPLOAD_MAX_BYTES:
        raise too_large(settings.UPLOAD_MAX_BYTES)
    if not content:
        raise FileRejected(_("Tệp rỗng."), details={"file": "empty"})
    checked = describe(content, name, allowed=allowed)
    refuse_markup(content)
    if checked.content_type != PDF:
        decode_image(content, checked.content_type)
    return checked


def describe(
    content: bytes,
    name: str,
    *,
    allowed: tuple[str, ...] = (PDF, JPEG, PNG),
    made_here: bool = False,
) -> Checked:
    """Type, pages and SHA-256 of ``content`` (no size limit). A PDF's every page is parsed,
    unless MộtCửa ``made_here`` (signed, sealed or assembled) from files it had checked: its
    structure and page count are still read, in a millisecond where parsing a page's text
    took tens."""
    content_type = sniff(content)
    if content_type not in allowed:
        kinds = ", ".join(LABELS[t] for t in allowed)
        raise FileRejected(
            _("Chỉ nhận tệp %(kinds)s: nội dung tệp không đúng định dạng cho phép.")
            % {"kinds": kinds},
            details={"file": "unsupported_type", "allowed": list(allowed)},
        )
    pages = pdf_pages(content, parse=not made_here) if content_type == PDF else 1
    return Checked(
        content=content,
        name=display_name(name, content_type),
        content_type=content_type,
        sha256=hashlib.sha256(content).hexdigest(),
        pages=pages,
    )


def check_name(name: str, content_type: str) -> None:
    """Refuse a name whose extension says another type than the bytes (``tờ khai.pdf`` holding
    a PNG), for files that come with a declared name from another system; no extension is
    no claim."""
    base = unicodedata.normalize("NFC", str(name or "")).replace("\\", "/").rsplit("/", 1)[-1]
    stem, dot, ext = base.rpartition(".")
    if not dot or not stem.strip(" ."):
        return
    if ext.lower() not in NAME_EXTENSIONS[content_type]:
        raise FileRejected(
            _("Tên tệp ghi định dạng .%(ext)s nhưng nội dung là tệp %(kind)s.")
            % {"ext": ext, "kind": LABELS[content_type]},
            details={"file": "name_mismatch"},
        )


def display_name(name: str, content_type: str) -> str:
    """The name people see: NFC, no folders or control characters, Vietnamese kept, and an
    extension that tells the truth about the content (``ảnh.pdf`` holding a PNG gets ``.png``)."""
    base = unicodedata.normalize("NFC", str(name or "")).replace("\\", "/").rsplit("/", 1)[-1]
    base = text.nfc(_UNSAFE_NAME.sub(" ", base)).strip(" .")
    stem, dot, ext = base.rpartition(".")
    if dot and ext.lower() in NAME_EXTENSIONS[content_type]:
        base = stem.strip(" .")
    base = base[:180] or "Tệp đính kèm"
    return f"{base}.{EXTENSIONS[content_type]}"


def storage_name(name: str, content_type: str, now: datetime | None = None) -> str:
    """``documents/2025/03/10/<32 hex>-<ascii-slug>.pdf``: unguessable, ASCII, sorted by day."""
    day = clock.local(now or clock.now())
    stem = name.rsplit(".", 1)[0]
    slug = slugify(text.search_key(stem))[:60].strip("-") or "tep"
    ext = EXTENSIONS[content_type]
    return f"{PREFIX}/{day:%Y/%m/%d}/{uuid.uuid4().hex}-{slug}.{ext}"


def storage() -> Storage:
    return default_storage


# Writing and reading blobs -------------------------------------------------------------------


def _delete_unless_committed(store: Storage, name: str, state: dict[str, bool]) -> None:
    if not state["committed"]:
        store.delete(name)


def write_blob(name: str, content: bytes) -> str:
    """Save ``content`` under ``name`` and return the name the storage used.

    Inside a transaction the blob is deleted again unless that transaction commits. Django
    has no on-rollback hook, but it keeps the ``on_commit`` callbacks of a transaction until
    the outcome is known: it runs them after a commit and drops them on a rollback (of the
    whole transaction, or of the savepoint they were registered in). So the blob registers a
    callback that marks it committed, and a finalizer on that callback deletes the blob when
    the callback is dropped unmarked, which is exactly when the transaction did not commit.
    Should the process die in between, ``sweep_orphan_files`` removes blobs without a row.
    """
    store = storage()
    saved = store.save(name, ContentFile(content))
    if not transaction.get_connection().in_atomic_block:
        return saved  # autocommit: the caller's row is committed as soon as it is saved
    state = {"committed": False}

    def committed() -> None:
        state["committed"] = True

    weakref.finalize(committed, _delete_unless_committed, store, saved, state)
    transaction.on_commit(committed)
    return saved


def read_blob(name: str, *, sha256: str | None = None) -> bytes:
    """The stored bytes; refused if they are gone or no longer match their SHA-256."""
    try:
        with storage().open(name, "rb") as handle:
            content = handle.read()
    except (FileNotFoundError, OSError) as exc:
        raise BlobDamaged(
            _("Không đọc được tệp trong kho lưu trữ."), details={"storage_name": name}
        ) from exc
    if sha256 is not None and hashlib.sha256(content).hexdigest() != sha256:
        raise BlobDamaged(
            _("Tệp trong kho lưu trữ đã bị thay đổi (mã băm SHA-256 không khớp)."),
            details={"storage_name": name},
        )
    return content
