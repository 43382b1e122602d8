"""``import_dossiers``: historical dossiers from JSON Lines (CONTRACT.md), all or nothing.

Pass 1 reads every line and checks it, stopping at the first bad line with its number, and
spools the checked rows to a temporary file; pass 2 writes the spool inside one transaction.
Daily code counters are raised past the imported codes so new receptions never reuse one.

Rows go in as plain column values rather than model instances (building a million
``Dossier`` objects costs more than the database does): PostgreSQL takes each batch with
``COPY``, SQLite with a parameterised ``INSERT``."""

from __future__ import annotations

import json
import pickle
import re
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

from django.db import connection, transaction

from motcua import audit, clock, text
from motcua.agencies.models import Agency
from motcua.calendar import workdays
from motcua.calendar.services import calendar_for
from motcua.catalog.models import Procedure, ProcedureLevel
from motcua.dossiers import timing
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
COLUMNS = (
    "code",
    "agency_id",
    "handling_agency_id",
    "current_agency_id",
    "procedure_id",
    "version_id",
    "case_id",
    "field_id",
    "channel",
    "status",
    "status_code",
    "outcome",
    "boundary_free",
    "applicant_kind",
    "applicant_name",
    "applicant_id_number",
    "applicant_phone",
    "applicant_email",
    "applicant_address",
    "search_key",
    "note",
    "outcome_reason",
    "sets_count",
    "result_delivery",
    "delivery_address",
    "received_at",
    "due_at",
    "original_due_at",
    "finished_at",
    "returned_at",
    "return_channel",
    "created_at",
)
DATETIME_COLUMNS = {
    "received_at",
    "due_at",
    "original_due_at",
    "finished_at",
    "returned_at",
    "created_at",
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


@dataclass(frozen=True)
class _Route:
    """What every dossier of one procedure received by one agency shares."""

    procedure: Procedure
    case: Any
    handling_id: int
    limits: dict[str, workdays.Limit]
    calendar: workdays.WorkCalendar


class _Catalogs:
    def __init__(self) -> None:
        self.agencies = {a.code: a for a in Agency.objects.all()}

    @cache  # noqa: B019 - one importer instance per run
    def route(self, procedure_code: str, agency_code: str) -> _Route | None:
        procedure = (
            Procedure.objects.select_related("current_version").filter(code=procedure_code).first()
        )
        if procedure is None or procedure.current_version is None:
            return None
        case = procedure.current_version.cases.first()
        agency = self.agencies[agency_code]
        handling_id = (
            agency.pk if procedure.level == ProcedureLevel.COMMUNE else procedure.deciding_agency_id
        )
        limits = {channel: timing.limit_for(case, channel) for channel in Channel.values}
        return _Route(procedure, case, handling_id, limits, calendar_for(agency))


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
    """One line → the dossier's column values (plus its day and sequence), or ValueError."""
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
    route = catalogs.route(str(item.get("procedure") or ""), agency.code)
    if route is None:
        raise ValueError(f"không có thủ tục {item.get('procedure')!r}")
    channel = str(item.get("channel") or Channel.COUNTER.value)
    if channel not in Channel.values:
        raise ValueError(f"kênh {channel!r} không hợp lệ")
    applicant = item.get("applicant") or {}
    if not isinstance(applicant, dict):
        raise ValueError("applicant phải là một đối tượng")
    name = text.nfc(str(applicant.get("name") or ""))
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
    if due is None and not route.case.no_due_date:
        cutoff = route.case.same_day_cutoff or workdays.DEFAULT_SAME_DAY_CUTOFF
        try:
            due = workdays.due_at(
                received, route.limits[channel], route.calendar, same_day_cutoff=cutoff
            )
        except DomainError as exc:
            raise ValueError(exc.message) from None
    reason = item.get("reason")
    if reason is not None and not isinstance(reason, str):
        raise ValueError("reason phải là chuỗi")
    status = OUTCOME_STATUS[outcome]
    if returned is not None and status in (Status.DONE, Status.REFUSED):
        status = Status.RETURNED
    phone = text.phone_digits(str(applicant.get("phone") or ""))
    return {
        "day": date(2000 + int(match["day"][:2]), int(match["day"][2:4]), int(match["day"][4:])),
        "seq": int(match["seq"]),
        "code": code,
        "agency_id": agency.pk,
        "handling_agency_id": route.handling_id,
        "current_agency_id": agency.pk,
        "procedure_id": route.procedure.pk,
        "version_id": route.procedure.current_version_id,
        "case_id": route.case.pk,
        "field_id": route.procedure.field_id,
        "channel": channel,
        "status": status.value,
        "status_code": NATIONAL_CODE[status],
        "outcome": outcome or "",
        "boundary_free": False,
        "applicant_kind": "citizen",
        "applicant_name": name[:255],
        "applicant_id_number": str(applicant.get("id_number") or "")[:20],
        "applicant_phone": phone[:20],
        "applicant_email": str(applicant.get("email") or "")[:254],
        "applicant_address": text.nfc(str(applicant.get("address") or ""))[:500],
        "search_key": text.search_key(f"{name} {phone}")[:400],
        "note": "",
        # (v1.1) the reason of a refusal, withdrawal or stop; kept for its papers
        "outcome_reason": text.nfc(reason or "")[:2000] if outcome else "",
        "sets_count": 1,
        "result_delivery": Channel.COUNTER.value,
        "delivery_address": "",
        "received_at": received,
        "due_at": due,
        "original_due_at": due,
        "finished_at": finished,
        "returned_at": returned,
        "return_channel": Channel.COUNTER.value if returned else "",
        "created_at": received,
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
    with tempfile.TemporaryFile() as spool:
        codes = _check_and_spool(path, spool)
        existing = _existing_codes(codes)
        if existing:
            raise ImportFileError(
                f"Mã hồ sơ đã có trong hệ thống: {', '.join(sorted(existing)[:5])}."
            )
        spool.seek(0)
        counts = ImportCounts()
        highest: dict[tuple[int, date], int] = {}
        with transaction.atomic():
            for batch in _batches(spool):
                _write(batch, counts, highest)
            _raise_counters(highest)
            audit.record(
                "dossier.imported", actor=actor, data={"file": path.name, "lines": counts.lines}
            )
    analyze()
    return counts


def analyze() -> None:
    """Fresh planner statistics for the tables a bulk import filled, at once, and on PostgreSQL
    their visibility map too (``VACUUM (ANALYZE)``): autovacuum would get there minutes later,
    or never where it is off, and until then the worklists' plans rest on the counts of an
    almost empty table and their index-only scans read every row's page as well (the unit's
    count at 1,000,000 dossiers: 112 ms instead of 8). VACUUM cannot run inside a transaction:
    a caller's transaction gets ANALYZE alone."""
    tables = [Dossier._meta.db_table, DossierAccess._meta.db_table]
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        for table in tables:
            name = connection.ops.quote_name(table)
            cursor.execute(f"VACUUM (ANALYZE) {name}" if vacuum else f"ANALYZE {name}")


def _check_and_spool(path: Path, spool: Any) -> set[str]:
    """Pass 1: parse and check every line; spool the rows in batches; answer the codes."""
    catalogs = _Catalogs()
    seen: set[str] = set()
    batch: list[dict[str, Any]] = []
    for number, line in _lines(path):
        try:
            row = _parse(line, catalogs)
        except ValueError as exc:
            raise ImportFileError(f"Dòng {number}: {exc}.", details={"line": number}) from None
        if row["code"] in seen:
            raise ImportFileError(
                f"Dòng {number}: mã hồ sơ {row['code']} bị trùng trong tệp.",
                details={"line": number},
            )
        seen.add(row["code"])
        batch.append(row)
        if len(batch) >= BATCH:
            pickle.dump(batch, spool, protocol=pickle.HIGHEST_PROTOCOL)
            batch = []
    if batch:
        pickle.dump(batch, spool, protocol=pickle.HIGHEST_PROTOCOL)
    return seen


def _batches(spool: Any):
    """Pass 2 reads back what pass 1 wrote (our own file, never outside input)."""
    while True:
        try:
            yield pickle.load(spool)  # noqa: S301 - written by _check_and_spool just before
        except EOFError:
            return


def _existing_codes(codes: set[str]) -> set[str]:
    found: set[str] = set()
    listed = list(codes)
    manager = Dossier.objects.with_scopes_disabled()
    for start in range(0, len(listed), BATCH):
        chunk = listed[start : start + BATCH]
        found.update(manager.filter(code__in=chunk).values_list("code", flat=True))
    return found


def _write(batch: list[dict[str, Any]], counts: ImportCounts, highest: dict) -> None:
    quote = connection.ops.quote_name
    dossiers, access = quote(Dossier._meta.db_table), quote(DossierAccess._meta.db_table)
    columns = ", ".join(map(quote, COLUMNS))
    codes = [row["code"] for row in batch]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {dossiers} ({columns}) FROM STDIN") as copy:
                for row in batch:
                    copy.write_row([row[c] for c in COLUMNS])
            in_codes, params = "= ANY(%s)", [codes]  # one array, not thousands of parameters
        else:
            adapt = connection.ops.adapt_datetimefield_value
            cursor.executemany(
                f"INSERT INTO {dossiers} ({columns}) VALUES ({', '.join(['%s'] * len(COLUMNS))})",  # noqa: S608 - names are ours
                [
                    [adapt(row[c]) if c in DATETIME_COLUMNS else row[c] for c in COLUMNS]
                    for row in batch
                ],
            )
            in_codes, params = f"IN ({', '.join(['%s'] * len(codes))})", codes
        # Receiving and deciding agencies may see the dossier (the scope reads this list).
        cursor.execute(
            f"INSERT INTO {access} (dossier_id, agency_id) SELECT id, agency_id FROM {dossiers} "  # noqa: S608
            f"WHERE code {in_codes}",
            params,
        )
        cursor.execute(
            f"INSERT INTO {access} (dossier_id, agency_id) SELECT id, handling_agency_id "  # noqa: S608
            f"FROM {dossiers} WHERE code {in_codes} AND handling_agency_id <> agency_id",
            params,
        )
    for row in batch:
        key = (row["agency_id"], row["day"])
        highest[key] = max(highest.get(key, 0), row["seq"])
        counts.by_outcome[row["outcome"]] += 1
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
