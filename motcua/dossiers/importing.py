"""``import_dossiers``: historical dossiers from JSON Lines (CONTRACT.md), all or nothing.

Pass 1 reads every line and checks it, stopping at the first bad line with its number; pass 2
inserts in batches inside one transaction. Daily code counters are raised past the imported
codes so new receptions never reuse one."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from django.db import transaction

from motcua import audit, clock, text
from motcua.agencies.models import Agency
from motcua.catalog.models import Procedure, ProcedureLevel
from motcua.dossiers import timing
from motcua.dossiers.inputs import normalise_phone
from motcua.dossiers.lifecycle import NATIONAL_CODE, Outcome, Status
from motcua.dossiers.models import Channel, DailyCounter, Dossier, DossierAccess
from motcua.errors import DomainError, ValidationFailed

CODE = re.compile(r"^(?P<agency>\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})-(?P<day>\d{6})-(?P<seq>\d{4,})$")
BATCH = 5000
OUTCOME_STATUS = {
    None: Status.IN_PROGRESS,
    Outcome.DONE: Status.DONE,
    Outcome.REFUSED: Status.REFUSED,
    Outcome.WITHDRAWN: Status.WITHDRAWN,
    Outcome.STOPPED: Status.STOPPED,
}


class ImportFileError(ValidationFailed):
    code = "import_invalid"


@dataclass
class ImportCounts:
    lines: int = 0
    by_outcome: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def summary(self) -> str:
        parts = ", ".join(
            f"{k or 'đang giải quyết'}: {v}" for k, v in sorted(self.by_outcome.items(), key=str)
        )
        return f"Đã nạp {self.lines} hồ sơ ({parts})."


class _Catalogs:
    def __init__(self) -> None:
        self.agencies = {a.code: a for a in Agency.objects.all()}
        self.procedures: dict[str, Any] = {}

    def procedure(self, code: str):
        if code not in self.procedures:
            procedure = (
                Procedure.objects.select_related("current_version", "deciding_agency")
                .filter(code=code)
                .first()
            )
            case = (
                procedure.current_version.cases.first()
                if procedure and procedure.current_version
                else None
            )
            self.procedures[code] = (procedure, case)
        return self.procedures[code]


def _instant(value: Any, name: str, *, required: bool) -> datetime | None:
    if value in (None, ""):
        if required:
            raise ValueError(f"thiếu {name}")
        return None
    try:
        instant = datetime.fromisoformat(str(value))
    except ValueError:
        raise ValueError(f"{name} {value!r} không phải thời điểm ISO 8601") from None
    return instant if instant.tzinfo else instant.replace(tzinfo=clock.VN)


def _parse(line: str, catalogs: _Catalogs) -> dict[str, Any]:
    try:
        item = json.loads(line)
    except json.JSONDecodeError:
        raise ValueError("không phải JSON hợp lệ") from None
    if not isinstance(item, dict):
        raise ValueError("phải là một đối tượng JSON")
    code = str(item.get("code") or "")
    match = CODE.match(code)
    if not match:
        raise ValueError(f"mã hồ sơ {code!r} không đúng dạng <mã cơ quan>-YYMMDD-XXXX")
    agency = catalogs.agencies.get(item.get("agency"))
    if agency is None:
        raise ValueError(f"không có cơ quan {item.get('agency')!r}")
    if match["agency"] != agency.code:
        raise ValueError("mã hồ sơ không mang mã của cơ quan tiếp nhận")
    procedure, case = catalogs.procedure(str(item.get("procedure") or ""))
    if procedure is None or case is None:
        raise ValueError(f"không có thủ tục {item.get('procedure')!r}")
    channel = item.get("channel") or Channel.COUNTER
    if channel not in Channel.values:
        raise ValueError(f"kênh {channel!r} không hợp lệ")
    applicant = item.get("applicant") or {}
    name = text.nfc(str(applicant.get("name") or "")) if isinstance(applicant, dict) else ""
    if not name:
        raise ValueError("thiếu tên người nộp")
    received = _instant(item.get("received_at"), "received_at", required=True)
    outcome = item.get("outcome")
    if outcome not in OUTCOME_STATUS:
        raise ValueError(f"outcome {outcome!r} không hợp lệ")
    finished = _instant(item.get("finished_at"), "finished_at", required=outcome is not None)
    returned = _instant(item.get("returned_at"), "returned_at", required=False)
    if finished and finished < received:
        raise ValueError("finished_at trước received_at")
    if returned and (finished is None or returned < finished):
        raise ValueError("returned_at cần sau finished_at")
    due = _instant(item.get("due_at"), "due_at", required=False)
    if due is None:
        try:
            due = timing.legal_due(case, channel, received, agency)
        except DomainError as exc:
            raise ValueError(exc.message) from None
    handling = agency if procedure.level == ProcedureLevel.COMMUNE else procedure.deciding_agency
    status = OUTCOME_STATUS[outcome]
    if returned is not None and status in (Status.DONE, Status.REFUSED):
        status = Status.RETURNED
    phone = normalise_phone(str(applicant.get("phone") or ""))
    return {
        "code": code,
        "day": datetime.strptime(match["day"], "%y%m%d").date(),  # noqa: DTZ007 - a date only
        "seq": int(match["seq"]),
        "dossier": Dossier(
            code=code,
            agency=agency,
            handling_agency=handling,
            current_agency=agency,
            procedure=procedure,
            version_id=procedure.current_version_id,
            case=case,
            field_id=procedure.field_id,
            channel=channel,
            status=status,
            status_code=NATIONAL_CODE[status],
            outcome=outcome or "",
            applicant_name=name,
            applicant_phone=phone,
            applicant_id_number=str(applicant.get("id_number") or ""),
            applicant_address=text.nfc(str(applicant.get("address") or ""))[:500],
            search_key=text.search_key(f"{name} {phone}"),
            received_at=received,
            due_at=due,
            original_due_at=due,
            finished_at=finished,
            returned_at=returned,
            created_at=received,
        ),
    }


def _lines(path: Path):
    with path.open(encoding="utf-8") as stream:
        for number, line in enumerate(stream, start=1):
            if line.strip():
                yield number, line


def import_dossiers(path: str | Path, *, actor: Any = None) -> ImportCounts:
    path = Path(path)
    if not path.exists():
        raise ImportFileError(f"Không có tệp {path}.")
    catalogs = _Catalogs()
    seen: set[str] = set()
    for number, line in _lines(path):  # pass 1: check everything before writing anything
        try:
            code = _parse(line, catalogs)["code"]
        except ValueError as exc:
            raise ImportFileError(f"Dòng {number}: {exc}.", details={"line": number}) from None
        if code in seen:
            raise ImportFileError(
                f"Dòng {number}: mã hồ sơ {code} bị trùng trong tệp.", details={"line": number}
            )
        seen.add(code)
    existing = set(
        Dossier.objects.with_scopes_disabled().filter(code__in=seen).values_list("code", flat=True)
    )
    if existing:
        raise ImportFileError(f"Mã hồ sơ đã có trong hệ thống: {', '.join(sorted(existing)[:5])}.")
    counts = ImportCounts()
    highest: dict[tuple[int, date], int] = {}
    with transaction.atomic():
        batch: list[dict[str, Any]] = []
        for _, line in _lines(path):
            batch.append(_parse(line, catalogs))
            if len(batch) >= BATCH:
                _write(batch, counts, highest)
                batch = []
        if batch:
            _write(batch, counts, highest)
        _raise_counters(highest)
        audit.record(
            "dossier.imported", actor=actor, data={"file": path.name, "lines": counts.lines}
        )
    return counts


def _write(batch: list[dict[str, Any]], counts: ImportCounts, highest: dict) -> None:
    dossiers = Dossier.objects.with_scopes_disabled().bulk_create([row["dossier"] for row in batch])
    access = []
    for row, dossier in zip(batch, dossiers, strict=True):
        access.append(DossierAccess(dossier_id=dossier.pk, agency_id=dossier.agency_id))
        if dossier.handling_agency_id != dossier.agency_id:
            access.append(
                DossierAccess(dossier_id=dossier.pk, agency_id=dossier.handling_agency_id)
            )
        key = (dossier.agency_id, row["day"])
        highest[key] = max(highest.get(key, 0), row["seq"])
        counts.by_outcome[dossier.outcome] += 1
    DossierAccess.objects.bulk_create(access)
    counts.lines += len(batch)


def _raise_counters(highest: dict[tuple[int, date], int]) -> None:
    """Move each (agency, day) counter up to the highest imported sequence."""
    agencies = {agency_id for agency_id, _ in highest}
    existing = {
        (c.agency_id, c.day): c for c in DailyCounter.objects.filter(agency_id__in=agencies)
    }
    raised, created = [], []
    for (agency_id, day), seq in highest.items():
        counter = existing.get((agency_id, day))
        if counter is None:
            created.append(DailyCounter(agency_id=agency_id, day=day, last=seq))
        elif seq > counter.last:
            counter.last = seq
            raised.append(counter)
    DailyCounter.objects.bulk_create(created, batch_size=BATCH)
    DailyCounter.objects.bulk_update(raised, ["last"], batch_size=BATCH)
