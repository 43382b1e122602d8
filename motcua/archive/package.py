"""The archive package of a closed file (gói hồ sơ lưu trữ; CONTRACT v1.1 "Electronic archive").

A zip holding the file's documents in time order under ``tai-lieu/`` exactly as stored (bytes
unchanged, signatures intact), ``metadata.xml`` with the Decree 30 Appendix VI file fields and
``manifest-sha256.txt`` (``<sha256>  <path>``, a line for every other member). Every stored
document is read back against its SHA-256 first: an altered file is refused, never packaged."""

from __future__ import annotations

import hashlib
import io
import zipfile
from collections.abc import Iterable
from datetime import datetime
from xml.etree import ElementTree as ET

from django.utils.translation import gettext as _

from motcua import clock
from motcua.archive.models import ArchiveDocument, ArchiveFile
from motcua.documents import storage
from motcua.errors import Conflict

METADATA, MANIFEST = "metadata.xml", "manifest-sha256.txt"
LANGUAGE = "Tiếng Việt"
RIGHTS = "Hạn chế sử dụng: có thông tin cá nhân (Luật Bảo vệ dữ liệu cá nhân)"


class Destroyed(Conflict):
    code = "archive_file_destroyed"


def _text(parent: ET.Element, tag: str, value: object) -> None:
    ET.SubElement(parent, tag).text = "" if value is None else str(value)


def metadata_xml(file: ArchiveFile, documents: Iterable[ArchiveDocument]) -> bytes:
    """``metadata.xml``: the Appendix VI file fields, then one entry per document."""
    root = ET.Element("HoSo", {"version": "1"})
    agency = file.agency
    _text(root, "FileCode", file.file_code)
    _text(root, "OrganId", agency.code)
    _text(root, "FileCatalog", file.year)
    _text(root, "FileNotation", file.file_code.removeprefix(f"{agency.code}.{file.year}."))
    _text(root, "Title", file.title)
    _text(root, "Maintenance", file.retention_label)
    _text(root, "MaintenanceSource", file.retention_source)
    _text(root, "Rights", RIGHTS)
    _text(root, "Creator", agency.name)
    _text(root, "Language", LANGUAGE)
    _text(root, "StartDate", file.start_date.isoformat())
    _text(root, "EndDate", file.end_date.isoformat())
    _text(root, "DocTotal", file.doc_total)
    _text(root, "PageTotal", file.page_total)
    _text(
        root,
        "Description",
        _("Hồ sơ thủ tục hành chính %(code)s, đóng hồ sơ lúc %(at)s.")
        % {"code": file.dossier.code, "at": clock.local(file.closed_at).isoformat()},
    )
    listed = ET.SubElement(root, "Documents")
    for doc in documents:
        entry = ET.SubElement(listed, "Document")
        _text(entry, "Order", doc.order)
        _text(entry, "Path", doc.path)
        _text(entry, "Title", doc.title)
        _text(entry, "Kind", doc.get_kind_display())
        _text(entry, "Date", clock.local(doc.dated).isoformat())
        _text(entry, "PageTotal", doc.pages)
        _text(entry, "Signatures", doc.signatures)
        _text(entry, "Sha256", doc.sha256)
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def _zip_time(at: datetime) -> tuple[int, int, int, int, int, int]:
    local = clock.local(at)
    return (max(local.year, 1980), local.month, local.day, local.hour, local.minute, local.second)


def build(file: ArchiveFile) -> bytes:
    """The zip of ``file``; :class:`storage.BlobDamaged` when a stored document was altered."""
    if file.destroyed_at is not None:
        raise Destroyed(
            _("Hồ sơ %(code)s đã được tiêu hủy: chỉ còn bản ghi tối thiểu.")
            % {"code": file.file_code}
        )
    documents = list(file.documents.select_related("document").order_by("order"))
    members: list[tuple[str, bytes, int]] = []
    for doc in documents:
        assert doc.document is not None  # only a destroyed file lost its documents
        content = storage.read_blob(doc.document.storage_name, sha256=doc.sha256)
        members.append((doc.path, content, zipfile.ZIP_STORED))
    members.append((METADATA, metadata_xml(file, documents), zipfile.ZIP_DEFLATED))
    manifest = "".join(
        f"{hashlib.sha256(content).hexdigest()}  {path}\n" for path, content, _how in members
    )
    members.append((MANIFEST, manifest.encode("utf-8"), zipfile.ZIP_DEFLATED))
    buffer = io.BytesIO()
    stamp = _zip_time(file.closed_at)
    with zipfile.ZipFile(buffer, "w") as archive:
        for path, content, how in members:
            info = zipfile.ZipInfo(path, date_time=stamp)
            info.compress_type = how
            info.flag_bits |= 0x800  # names are UTF-8
            archive.writestr(info, content)
    return buffer.getvalue()
