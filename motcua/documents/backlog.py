"""``import_backlog``: digitised records of past years (số hóa hồ sơ, kết quả tồn đọng, e.g.
the 2006–2021 backlog of the Đồng Nai plan) into the archive, each linked to its holder's data
store, all or nothing.

The index is a CSV (UTF-8, Excel's BOM allowed) with the columns ``file, code, agency,
procedure, id_number, applicant_name, issued_on, title``; ``file`` is a path inside the folder.
Pass 1 checks every row and every file by its content and reports every problem with its line
number; pass 2 stores everything in one transaction, so a failure leaves neither rows nor
files. Re-running the same index adds nothing twice."""

from __future__ import annotations

import csv
import hashlib
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from django.db import transaction

from motcua import audit, text
from motcua.agencies.models import Agency
from motcua.documents import storage
from motcua.documents.models import Document, Origin, StoreItem, StoreKind
from motcua.documents.services import add_to_store, create_document
from motcua.errors import ValidationFailed

COLUMNS = (
    "file",
    "code",
    "agency",
    "procedure",
    "id_number",
    "applicant_name",
    "issued_on",
    "title",
)
ID_NUMBER = re.compile(r"^(\d{9}|\d{12}|\d{10}(-\d{3})?)$")  # CMND, CCCD, mã số doanh nghiệp
MAX_LISTED = 20


class BacklogError(ValidationFailed):
    code = "backlog_invalid"


@dataclass(frozen=True)
class Record:
    line: int
    path: Path
    name: str
    sha256: str
    code: str
    agency: Agency
    procedure: str
    id_number: str
    holder_name: str
    issued_on: date | None
    title: str


@dataclass(frozen=True)
class Imported:
    rows: int
    added: int
    already: int

    def summary(self) -> str:
        return (
            f"Đã đọc {self.rows} dòng: nạp {self.added} giấy tờ vào kho dữ liệu, "
            f"{self.already} giấy tờ đã có từ trước."
        )


def _date(value: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(value, pattern).date()  # noqa: DTZ007 - a date, no time
        except ValueError:
            continue
    raise ValueError(value)


def _read_index(index: Path) -> list[tuple[int, dict[str, str]]]:
    try:
        with index.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            missing = [c for c in COLUMNS if c not in (reader.fieldnames or [])]
            if missing:
                raise BacklogError(f"Tệp chỉ mục thiếu cột: {', '.join(missing)}.")
            return [(number, row) for number, row in enumerate(reader, start=2)]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise BacklogError(f"Không đọc được tệp chỉ mục {index.name}: {exc}.") from exc


def _check(folder: Path, line: int, row: dict[str, str], agencies: dict[str, Agency]) -> Record:
    """One row and its file, or ValueError with the Vietnamese reason."""
    value = {key: text.nfc(row.get(key) or "") for key in COLUMNS}
    relative = value["file"]
    if not relative:
        raise ValueError("thiếu tên tệp")
    path = (folder / relative).resolve()
    if not path.is_relative_to(folder) or not path.is_file():
        raise ValueError(f"không có tệp {relative!r} trong thư mục")
    agency = agencies.get(value["agency"])
    if agency is None:
        raise ValueError(f"không có cơ quan mã {value['agency']!r}")
    id_number = "".join(value["id_number"].split())
    if not ID_NUMBER.match(id_number):
        raise ValueError(f"số định danh {id_number!r} không hợp lệ")
    if not value["applicant_name"] or not value["title"]:
        raise ValueError("thiếu tên người được cấp hoặc tên giấy tờ")
    try:
        issued_on = _date(value["issued_on"])
    except ValueError:
        raise ValueError(f"ngày cấp {value['issued_on']!r} không hợp lệ") from None
    try:
        checked = storage.describe(path.read_bytes(), path.name, allowed=(storage.PDF,))
    except storage.FileRejected as exc:
        raise ValueError(f"tệp {relative!r}: {exc.message}") from None
    return Record(
        line=line,
        path=path,
        name=checked.name,
        sha256=checked.sha256,
        code=value["code"][:64],
        agency=agency,
        procedure=value["procedure"][:32],
        id_number=id_number,
        holder_name=value["applicant_name"][:255],
        issued_on=issued_on,
        title=value["title"][:500],
    )


def check_backlog(folder: Path, index: Path) -> list[Record]:
    """Pass 1: every row and every file, all problems reported at once."""
    folder = folder.resolve()
    if not folder.is_dir():
        raise BacklogError(f"Không có thư mục {folder}.")
    agencies = {a.code: a for a in Agency.objects.all()}
    records, problems = [], []
    for line, row in _read_index(index):
        try:
            records.append(_check(folder, line, row, agencies))
        except ValueError as exc:
            problems.append(f"dòng {line}: {exc}")
    if problems:
        listed = "; ".join(problems[:MAX_LISTED])
        more = f" (và {len(problems) - MAX_LISTED} lỗi khác)" if len(problems) > MAX_LISTED else ""
        raise BacklogError(
            f"Không nạp gì: {listed}{more}.", details={"problems": problems[:MAX_LISTED]}
        )
    if not records:
        raise BacklogError("Tệp chỉ mục không có dòng nào.")
    return records


def import_backlog(folder: str | Path, index: str | Path | None = None) -> Imported:
    """Check everything, then store everything in one transaction."""
    folder = Path(folder)
    index = Path(index) if index else folder / "index.csv"
    records = check_backlog(folder, index)
    added = already = 0
    with transaction.atomic():
        documents: dict[str, Document] = {}
        for record in records:
            content = record.path.read_bytes()
            if hashlib.sha256(content).hexdigest() != record.sha256:
                raise BacklogError(f"dòng {record.line}: tệp đã thay đổi trong lúc nạp.")
            document = documents.get(record.sha256) or _existing(record)
            if (
                document is not None
                and StoreItem.objects.filter(id_number=record.id_number, document=document).exists()
            ):
                already += 1
                continue
            if document is None:
                checked = storage.describe(content, record.name, allowed=(storage.PDF,))
                document = create_document(checked, origin=Origin.BACKLOG, agency=record.agency)
            documents[record.sha256] = document
            add_to_store(
                document,
                id_number=record.id_number,
                holder_name=record.holder_name,
                kind=StoreKind.RESULT,
                title=record.title,
                source_code=record.code,
                agency=record.agency,
                issued_on=record.issued_on,
                procedure_code=record.procedure,
            )
            added += 1
        audit.record(
            "documents.backlog_imported",
            data={"index": index.name, "rows": len(records), "added": added, "already": already},
        )
    return Imported(rows=len(records), added=added, already=already)


def _existing(record: Record) -> Document | None:
    return Document.objects.filter(sha256=record.sha256, origin=Origin.BACKLOG).first()
