"""Generate a province for the report benchmarks: 100 agencies and N dossiers over three years.

    DATABASE_URL=postgres://…/motcua_bench_reports python bench/gen_province.py --dossiers 1000000

The demo province Minh Sơn (11 agencies) plus 89 generated communes, each with a valid agency
code (000.4x.yy.H99) under the province; one bench officer per agency; N dossiers received on
the working days of 2024-01-01 … 2026-11-25 with a realistic mix: 70 % commune procedures
(bigger communes get more), 30 % provincial ones received at the centre; the online share
rising from about 20 % to 60 %; about 3–8 % late depending on the agency; some supplements
(the legal due restarts), apologies, withdrawals and stops; the most recent dossiers still
open. Around them: submitted components (digitised, reused, from the personal store), the
access list, satisfaction ratings, fee payments (some online) and PAKN.

Dossiers, supplements, apologies and PAKN are drawn here with a seeded generator, their dues
computed by the real deadline engine, and written with COPY (PostgreSQL) or executemany
(SQLite); the tables hanging off the dossiers are filled by one INSERT … SELECT each, using a
hash of the dossier id for their randomness (the same SQL on both engines). On PostgreSQL the
loaded tables' secondary indexes and unique constraints are dropped during the load and built
again afterwards, and foreign keys are not checked row by row (session_replication_role) —
the data is consistent by construction. Nothing is committed to the repository; the target
database is wiped of dossiers first, so it must be a bench database (its name contains
"bench").
"""

from __future__ import annotations

import argparse
import bisect
import os
import random
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

START = date(2024, 1, 1)
END = date(2026, 11, 25)
END_AT_HOUR = 17
GENERATED_COMMUNES = 89
PROVINCE = "000.00.00.H99"
CENTRE = "000.00.01.H99"
SEVEN = timedelta(hours=7)
BATCH = 20_000

DOSSIER_COLUMNS = (
    "id", "code", "agency_id", "handling_agency_id", "current_agency_id", "procedure_id",
    "version_id", "case_id", "field_id", "channel", "status", "status_code", "outcome",
    "boundary_free", "applicant_kind", "applicant_name", "applicant_id_number",
    "applicant_phone", "applicant_email", "applicant_address", "search_key", "note",
    "sets_count", "result_delivery", "delivery_address", "submitted_at", "received_at",
    "due_at", "original_due_at", "dvcqg_due_at", "finished_at", "returned_at",
    "return_channel", "created_at",
)  # fmt: skip
SUPPLEMENT_COLUMNS = (
    "dossier_id", "requested_at", "requested_by_id", "reason", "items", "due_before",
    "completed_at", "file_ids",
)  # fmt: skip
APOLOGY_COLUMNS = (
    "dossier_id", "at", "by_id", "reason", "previous_due_at", "new_due_at",
)  # fmt: skip
PETITION_COLUMNS = (
    "code", "agency_id", "category", "status", "subject", "content", "submitter_name",
    "submitter_phone", "submitter_email", "submitter_address", "dossier_id", "received_at",
    "due_at", "forwarded_at", "rejected_at", "info_requested_at", "answered_at",
    "published_at", "answer", "reason", "likes", "dislikes", "re_raised", "additional_info",
)  # fmt: skip
LOADED_TABLES = (
    "dossiers_dossier",
    "dossiers_dossieraccess",
    "dossiers_dossiercomponent",
    "dossiers_supplementrequest",
    "dossiers_paymentrequest",
    "dossiers_apology",
    "feedback_rating",
    "feedback_petition",
)
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi")
MIDDLE = ("Văn", "Thị", "Hữu", "Minh", "Ngọc", "Thanh", "Đức", "Thu")
GIVEN = ("An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Hải", "Hoa", "Hùng", "Lan", "Long")


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    os.environ.setdefault("TASKS_BACKEND", "immediate")
    import django

    django.setup()


def say(message: str, started: float) -> None:
    print(f"[{time.perf_counter() - started:7.1f} s] {message}", flush=True)


# --- the province ---------------------------------------------------------------------------


def commune_code(n: int) -> str:
    """Codes of the generated communes: 000.40.01.H99 …, ten to a former district."""
    return f"000.{40 + n // 10:02d}.{n % 10 + 1:02d}.H99"


def prepare_province(started: float) -> None:
    from django.core.management import call_command

    from motcua.accounts.models import User
    from motcua.agencies.models import Agency, Level
    from motcua.calendar.importing import PACKAGED_CALENDAR, import_file
    from motcua.calendar.services import forget_calendars
    from motcua.catalog.importing import DEFAULT_CATALOG, import_catalog, load_file

    call_command("migrate", verbosity=0, interactive=False)
    import_catalog(load_file(DEFAULT_CATALOG))
    import_file(PACKAGED_CALENDAR)
    forget_calendars()
    province = Agency.objects.get(code=PROVINCE)
    for n in range(GENERATED_COMMUNES):
        code = commune_code(n)
        if not Agency.objects.filter(code=code).exists():
            Agency(
                code=code,
                name=f"Ủy ban nhân dân xã Mẫu {n + 1:02d}",
                short_name=f"UBND xã Mẫu {n + 1:02d}",
                level=Level.COMMUNE,
                parent=province,
            ).save()
    existing = set(User.objects.filter(username__startswith="bench.").values_list("username"))
    new = []
    for agency in Agency.objects.all():
        username = f"bench.{agency.code}"
        if (username,) not in existing:
            user = User(
                username=username,
                full_name=f"Cán bộ một cửa {agency.short_name or agency.name}",
                role="supervisor" if agency.code == PROVINCE else "counter",
                agency=agency,
            )
            user.set_unusable_password()
            new.append(user)
    User.objects.bulk_create(new)
    say(f"province ready: {Agency.objects.count()} agencies", started)


def wipe(started: float) -> None:
    from django.db import connection

    from motcua.audit import triggers

    # The movements are append-only: TRUNCATE passes the PostgreSQL trigger, and on SQLite
    # the bench's own database is unlocked the way the test suite's flush is.
    with connection.cursor() as cursor, triggers.unlocked():
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(LOADED_TABLES)} RESTART IDENTITY CASCADE")
        else:
            for table in reversed(LOADED_TABLES):
                cursor.execute(f"DELETE FROM {table}")
            cursor.execute("DELETE FROM dossiers_movement")
            cursor.execute("DELETE FROM dossiers_processstep")
    say("previous dossiers wiped", started)


# --- drawing dossiers -----------------------------------------------------------------------


@dataclass
class Kind:
    """A procedure case as the generator uses it (ids as the text COPY writes them)."""

    procedure_id: str
    version_id: str
    case_id: str
    field_id: str
    level: str
    deciding_agency_id: int | None
    online: bool
    boundary_free: bool
    limits: dict  # channel → workdays.Limit
    no_due: bool
    cutoff: dtime
    weight: float


@dataclass(eq=False)
class Unit:
    """An agency as the generator uses it: no model attribute lookups in the hot loop."""

    pk: int
    id: str
    code: str
    level: str
    calendar: object
    late_rate: float
    officer: str


class Plan:
    """Everything the generator draws from, loaded once."""

    def __init__(self, rng: random.Random) -> None:
        from motcua.accounts.models import User
        from motcua.agencies.models import Agency, Level
        from motcua.calendar import workdays
        from motcua.calendar.services import calendar_for
        from motcua.catalog.models import Procedure

        officers = dict(
            User.objects.filter(username__startswith="bench.").values_list("agency_id", "pk")
        )
        calendars: dict = {}  # one calendar per set of working sessions
        units = []
        for agency in Agency.objects.order_by("path"):
            key = tuple(map(tuple, agency.sessions or []))
            if key not in calendars:
                calendars[key] = calendar_for(agency)
            units.append(
                Unit(
                    pk=agency.pk,
                    id=str(agency.pk),
                    code=agency.code,
                    level=agency.level,
                    calendar=calendars[key],
                    late_rate=rng.uniform(0.02, 0.08),
                    officer=str(officers[agency.pk]),
                )
            )
        self.by_code = {u.code: u for u in units}
        self.by_pk = {u.pk: u for u in units}
        communes = [u for u in units if u.level == Level.COMMUNE]
        rng.shuffle(communes)
        self.communes = communes
        # Bigger communes receive more: weights 1/sqrt(rank).
        self.commune_cum = _cumulative([1 / (rank + 1) ** 0.5 for rank in range(len(communes))])
        self.centre = self.by_code[CENTRE]
        self.commune_kinds: list[Kind] = []
        self.province_kinds: list[Kind] = []
        for procedure in Procedure.objects.select_related("current_version").order_by("code"):
            cases = list(procedure.current_version.cases.all())
            for index, case in enumerate(cases):
                limits = {
                    channel: workdays.Limit.parse(*case.limit_for(channel))
                    for channel in ("counter", "online")
                }
                kind = Kind(
                    procedure_id=str(procedure.pk),
                    version_id=str(procedure.current_version_id),
                    case_id=str(case.pk),
                    field_id=str(procedure.field_id),
                    level=procedure.level,
                    deciding_agency_id=procedure.deciding_agency_id,
                    online=procedure.online_level != "none",
                    boundary_free=procedure.boundary_free,
                    limits=limits,
                    no_due=case.no_due_date,
                    cutoff=case.same_day_cutoff or workdays.DEFAULT_SAME_DAY_CUTOFF,
                    weight=rng.uniform(0.3, 3.0) / (index + 1),
                )
                target = self.commune_kinds if procedure.level == "commune" else self.province_kinds
                target.append(kind)
        self.commune_kind_cum = _cumulative([k.weight for k in self.commune_kinds])
        self.province_kind_cum = _cumulative([k.weight for k in self.province_kinds])
        national = self.by_code[PROVINCE].calendar
        self.days = [
            START + timedelta(days=n)
            for n in range((END - START).days + 1)
            if national.is_working_day(START + timedelta(days=n))
        ]


def _cumulative(weights: list[float]) -> list[float]:
    total, out = 0.0, []
    for w in weights:
        total += w
        out.append(total)
    return out


def _pick(items: list, cum: list[float], rng: random.Random):
    return items[bisect.bisect_right(cum, rng.random() * cum[-1], hi=len(cum) - 1)]


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"


class Stamp:
    """Instants as the database driver takes them: UTC text (``+00`` on PostgreSQL), from local
    minutes since local midnight of ``START`` (the draw works in whole minutes, no datetimes)."""

    def __init__(self, postgres: bool) -> None:
        suffix = "+00" if postgres else ""
        first = START - timedelta(days=1)
        self.days = [(first + timedelta(days=n)).isoformat() + " " for n in range(366 * 5)]
        self.minutes = [f"{m // 60:02d}:{m % 60:02d}:00{suffix}" for m in range(1440)]
        self.shift = 1440 - 420  # the list starts a day early; UTC is local minus 7 h

    def __call__(self, minute: int | None) -> str | None:
        if minute is None:
            return None
        day, rest = divmod(minute + self.shift, 1440)
        return self.days[day] + self.minutes[rest]

    def local(self, minute: int) -> datetime:
        from motcua import clock

        return datetime(START.year, START.month, START.day, tzinfo=clock.VN) + timedelta(
            minutes=minute
        )


@dataclass
class Drawn:
    dossiers: list[tuple]
    supplements: list[tuple]
    apologies: list[tuple]


def draw_dossiers(plan: Plan, total: int, rng: random.Random, stamp: Stamp) -> Iterator[Drawn]:
    """Dossiers day by day in reception order, in batches, with their supplements and
    apologies. Instants are local minutes since ``START``; dues come from the deadline engine."""
    from motcua import clock
    from motcua.calendar import workdays

    due_at = workdays.due_at
    epoch = datetime(START.year, START.month, START.day, tzinfo=clock.VN)
    minute_td = [timedelta(minutes=m) for m in range(1440)]
    end_minute = (END - START).days * 1440 + END_AT_HOUR * 60
    random_ = rng.random
    names = [f"{f} {m} {g}" for f in FAMILY for m in MIDDLE for g in GIVEN]
    keys = [n.lower() for n in names]
    days = plan.days
    per_day = total / len(days)
    next_id = 1
    made = 0
    daily_seq: dict[int, int] = {}
    batch = Drawn([], [], [])

    def due_minute(start_minute: int, limit, cal, cutoff) -> int:
        start = epoch + timedelta(minutes=start_minute)
        return (
            int((due_at(start, limit, cal, same_day_cutoff=cutoff) - epoch).total_seconds()) // 60
        )

    for day_index, day in enumerate(days):
        if day_index == len(days) - 1:
            count = total - made
        else:
            count = int(per_day * (day_index + 1)) - made
        made += count
        daily_seq.clear()
        progress = day_index / len(days)  # 0 → 1 over the three years
        online_share = 0.2 + 0.4 * progress
        day_dt = epoch + timedelta(days=(day - START).days)
        day_minute = (day - START).days * 1440
        yymmdd = day.strftime("%y%m%d")
        for _ in range(count):
            if random_() < 0.7:
                kind = _pick(plan.commune_kinds, plan.commune_kind_cum, rng)
                handling = _pick(plan.communes, plan.commune_cum, rng)
                receiving = handling
                if kind.boundary_free and random_() < 0.03:
                    receiving = plan.communes[int(random_() * len(plan.communes))]
            else:
                kind = _pick(plan.province_kinds, plan.province_kind_cum, rng)
                handling = plan.by_pk[kind.deciding_agency_id]
                receiving = plan.centre if random_() < 0.85 else handling
            r = random_()
            if kind.online and r < online_share:
                channel = "online"
            elif r > 0.97:
                channel = "post"
            else:
                channel = "counter"
            # Received inside the working sessions (07:30–11:30, 13:30–17:00).
            minute = int(random_() * 450)
            minute = 450 + minute if minute < 240 else 810 + (minute - 240)
            received = day_minute + minute
            cal = receiving.calendar
            limit = kind.limits["online" if channel == "online" else "counter"]
            cutoff = kind.cutoff
            if kind.no_due:
                due = None
            else:
                due_dt = due_at(day_dt + minute_td[minute], limit, cal, same_day_cutoff=cutoff)
                due = int((due_dt - epoch).total_seconds()) // 60
            legal = dvcqg = due
            supplement = None
            if random_() < 0.04:
                span = (due - received) if due is not None else 5 * 1440
                requested = received + int(span * (0.1 + 0.4 * random_()))
                completed = requested + 1440 * (1 + int(random_() * 6)) + int(random_() * 300)
                if completed >= end_minute:
                    completed = None
                supplement = (requested, completed)
                if completed is not None and due is not None:
                    legal = due_minute(completed, limit, cal, cutoff)
                    dvcqg = due + (completed - requested)
            late = random_() < handling.late_rate
            if legal is None:
                finished = received + int(random_() * 8 * 1440) + 60
            elif late:
                finished = legal + 1440 * (1 + int(random_() * 12)) + int(random_() * 360) - 120
            elif random_() < 0.3:  # on the due date, a few after the due hour
                if random_() < 0.1:
                    finished = legal + int(random_() * (1440 - legal % 1440 - 1))
                else:
                    window = max(0, legal % 1440 - 420)  # from 07:00 to the due time
                    finished = max(received, legal - int(random_() * window))
            else:
                finished = received + int((legal - received) * (0.2 + 0.77 * random_()))
            if random_() < 0.003 or (supplement is not None and supplement[1] is None):
                finished = None  # forgotten, or still waiting for the citizen
            o = random_()
            if finished is None or finished >= end_minute:
                finished, outcome = None, ""
            elif o < 0.93:
                outcome = "done"
            elif o < 0.95:
                outcome = "refused"
            elif o < 0.98:
                outcome = "withdrawn"
            else:
                outcome = "stopped"
            returned = None
            if outcome in ("done", "refused") and random_() < 0.9:
                returned = finished + 30 + int(random_() * 4000)
                if returned >= end_minute:
                    returned = None
            if outcome == "":
                waiting = supplement is not None and supplement[1] is None
                status = "awaiting_supplement" if waiting else "in_progress"
            elif returned is not None:
                status = "returned"
            else:
                status = outcome
            due_in_force = legal
            apology = None
            if late and legal is not None and random_() < 0.15:
                due_in_force = legal + 1440 * (2 + int(random_() * 6))
                apology = (legal - 1440, legal, due_in_force)
            seq = daily_seq.get(receiving.pk, 0) + 1
            daily_seq[receiving.pk] = seq
            who = int(random_() * len(names))
            phone = f"09{int(random_() * 1e8):08d}"
            dossier_id = str(next_id)
            next_id += 1
            online = channel == "online"
            batch.dossiers.append(
                (
                    dossier_id,
                    f"{receiving.code}-{yymmdd}-{seq:04d}",
                    receiving.id,
                    handling.id,
                    handling.id,
                    kind.procedure_id,
                    kind.version_id,
                    kind.case_id,
                    kind.field_id,
                    channel,
                    status,
                    STATUS_CODE[status],
                    outcome,
                    "t" if receiving is not handling and kind.level == "commune" else "f",
                    "citizen",
                    names[who],
                    "",
                    phone,
                    "",
                    "",
                    keys[who] + " " + phone,
                    "",
                    "1",
                    "online" if online else "counter",
                    "",
                    stamp(received) if online else None,
                    stamp(received),
                    stamp(due_in_force),
                    stamp(legal),
                    stamp(dvcqg),
                    stamp(finished),
                    stamp(returned),
                    ("online" if online else "counter") if returned else "",
                    stamp(received),
                )
            )
            if supplement is not None:
                batch.supplements.append(
                    (
                        dossier_id,
                        stamp(supplement[0]),
                        handling.officer,
                        "Bổ sung giấy tờ còn thiếu",
                        '["Bản sao giấy tờ tùy thân"]',
                        stamp(due),
                        stamp(supplement[1]),
                        "[]",
                    )
                )
            if apology is not None:
                batch.apologies.append(
                    (
                        dossier_id,
                        stamp(apology[0]),
                        handling.officer,
                        "Cần thêm thời gian xác minh",
                        stamp(apology[1]),
                        stamp(apology[2]),
                    )
                )
            if len(batch.dossiers) >= BATCH:
                yield batch
                batch = Drawn([], [], [])
    if batch.dossiers:
        yield batch


STATUS_CODE = {
    "in_progress": "4",
    "awaiting_supplement": "5",
    "done": "9",
    "refused": "9",
    "withdrawn": "7",
    "stopped": "8",
    "returned": "10",
}


def draw_petitions(plan: Plan, dossiers: int, rng: random.Random, stamp: Stamp) -> list[tuple]:
    """PAKN: about 3 per thousand dossiers, mostly answered within 15 working days."""
    agencies = [*plan.communes, *(plan.by_pk[k.deciding_agency_id] for k in plan.province_kinds)]
    rows = []
    end_minute = (END - START).days * 1440 + END_AT_HOUR * 60

    def later(start: int, low: float, high: float) -> int:
        return start + int(1440 * rng.uniform(low, high))

    for n in range(max(10, dossiers * 3 // 1000)):
        agency = rng.choice(agencies)
        day = rng.choice(plan.days)
        received = (day - START).days * 1440 + 480 + rng.randrange(480)
        answered = published = rejected = forwarded = None
        status = "processing"
        r = rng.random()
        if r < 0.05:
            rejected = later(received, 0.5, 4)
            status = "rejected"
        elif r < 0.1:
            forwarded = later(received, 0.5, 9)
            status = "forwarded"
        else:
            late = rng.random() < 0.06
            answered = later(received, 22, 40) if late else later(received, 1, 19)
            published = later(answered, 0.2, 3)
            status = "published"
        if any(
            t is not None and t >= end_minute for t in (answered, published, rejected, forwarded)
        ):
            answered = published = rejected = forwarded = None
            status = "processing"
        likes = rng.randrange(6)
        dislikes = rng.randrange(3) if rng.random() < 0.2 else 0
        rows.append(
            (
                f"PAKN-{n + 1:07d}",
                agency.pk,
                "conduct" if rng.random() < 0.15 else "rules",
                status,
                "Phản ánh về thời gian giải quyết hồ sơ",
                "Nội dung phản ánh mẫu.",
                _name(rng),
                f"09{rng.randrange(10**8):08d}",
                "",
                "",
                rng.randint(1, dossiers) if rng.random() < 0.4 else None,
                stamp(received),
                None,
                stamp(forwarded),
                stamp(rejected),
                None,
                stamp(answered),
                stamp(published),
                "Đã trả lời." if answered else "",
                "",
                likes,
                dislikes,
                rng.random() < 0.03,
                "",
            )
        )
    return rows


# --- writing --------------------------------------------------------------------------------


def _text(value) -> str:
    """One value of a text-format COPY line."""
    if value is None:
        return "\\N"
    if value is True or value is False:
        return "t" if value else "f"
    return str(value)


class Writer:
    """COPY on PostgreSQL (text lines), executemany on SQLite. Rows hold text, ints, booleans
    ("t"/"f" too) and None; ``fast`` rows hold text and None only."""

    def __init__(self, connection) -> None:
        self.connection = connection
        self.postgres = connection.vendor == "postgresql"

    def prepare(self, rows: list[tuple], *, fast: bool = False) -> list[tuple] | str:
        """PostgreSQL: the rows as one block of COPY text (pure Python, done by the drawing
        thread); SQLite: the rows as they are."""
        if not self.postgres or not rows:
            return rows
        if fast:
            lines = ["\t".join(["\\N" if v is None else v for v in row]) for row in rows]
        else:
            lines = ["\t".join([_text(v) for v in row]) for row in rows]
        return "\n".join(lines) + "\n"

    def rows(
        self, table: str, columns: tuple[str, ...], rows: list[tuple] | str, *, fast: bool = False
    ) -> None:
        if not rows:
            return
        names = ", ".join(f'"{c}"' for c in columns)
        if self.postgres:
            block = rows if isinstance(rows, str) else self.prepare(rows, fast=fast)
            raw = self.connection.connection
            with raw.cursor() as cursor, cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                copy.write(block)
            return
        flags = [n for n, c in enumerate(columns) if c in BOOLEAN_COLUMNS]
        if flags:
            rows = [
                tuple((v == "t" or v is True) if n in flags else v for n, v in enumerate(row))
                for row in rows
            ]
        marks = ", ".join("?" for _ in columns)
        with self.connection.cursor() as cursor:
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", rows)


BOOLEAN_COLUMNS = frozenset({"boundary_free", "re_raised"})


def drawn(plan: Plan, total: int, rng: random.Random, stamp: Stamp, writer: Writer):
    """The dossiers in batches, each as (count, dossier rows, supplements, apologies) ready
    for the writer. (Drawing in a second thread while the main one sends was tried: the
    threads then fight for the interpreter lock and both run slower.)"""
    for batch in draw_dossiers(plan, total, rng, stamp):
        yield (
            len(batch.dossiers),
            writer.prepare(batch.dossiers, fast=True),
            writer.prepare(batch.supplements),
            writer.prepare(batch.apologies),
        )


def drop_secondary_indexes(cursor) -> list[str]:
    """PostgreSQL: drop the loaded tables' unique constraints and secondary indexes; return
    the statements that build them again."""
    tables = tuple(LOADED_TABLES)
    cursor.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE contype = 'u' AND conrelid::regclass::text = ANY(%s)",
        [list(tables)],
    )
    constraints = cursor.fetchall()
    rebuild = []
    for table, name, definition in constraints:
        cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        rebuild.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
    cursor.execute(
        "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = ANY(%s) "
        "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
        [list(tables)],
    )
    for name, definition in cursor.fetchall():
        cursor.execute(f'DROP INDEX "{name}"')
        rebuild.append(definition)
    return rebuild


def derived_rows(connection, started: float) -> None:
    """Tables that hang off the dossiers, one INSERT … SELECT each (same SQL on both engines);
    ``h(k)`` is a pseudo-random 0–99 from the dossier id."""
    from motcua import clock
    from motcua.catalog.models import Component

    def h(k: int) -> str:
        return f"(((d.id * 2654435761 + {k * 7919}) %% 1000003) %% 100)"

    online_after = datetime(2025, 1, 1, tzinfo=clock.VN)
    statements = {
        "access (receiving)": (
            "INSERT INTO dossiers_dossieraccess (dossier_id, agency_id) "
            "SELECT d.id, d.agency_id FROM dossiers_dossier d"
        ),
        "access (handling)": (
            "INSERT INTO dossiers_dossieraccess (dossier_id, agency_id) "
            "SELECT d.id, d.handling_agency_id FROM dossiers_dossier d "
            "WHERE d.handling_agency_id <> d.agency_id"
        ),
        "components": (
            "INSERT INTO dossiers_dossiercomponent "
            "(dossier_id, component_id, code, name, originals, copies, digitised, from_store, "
            "reused) "
            "SELECT d.id, c.id, c.code, c.name, c.originals, c.copies, "
            f"CASE WHEN {h(1)} < (CASE WHEN d.received_at < %s THEN 45 ELSE 85 END) "
            "THEN TRUE ELSE FALSE END, "
            f"CASE WHEN {h(2)} < 12 THEN TRUE ELSE FALSE END, "
            f"CASE WHEN {h(3)} < (CASE WHEN d.received_at < %s THEN 35 ELSE 65 END) "
            "THEN TRUE ELSE FALSE END "
            "FROM dossiers_dossier d JOIN bench_slot s ON s.case_id = d.case_id "
            "JOIN catalog_component c ON c.id = s.component_id "
            f"WHERE s.slot = 0 OR {h(4)} < 50",
            [online_after, online_after],
        ),
        "ratings": (
            "INSERT INTO feedback_rating (dossier_id, agency_id, officer_id, level, indices, "
            "channel, comment, created_at) "
            f"SELECT d.id, d.handling_agency_id, NULL, "
            f"CASE WHEN {h(6)} < 70 THEN 3 WHEN {h(6)} < 96 THEN 2 ELSE 1 END, "
            "'{}', CASE WHEN d.channel = 'online' THEN 'online' ELSE 'kiosk' END, '', "
            "d.finished_at FROM dossiers_dossier d "
            f"WHERE d.finished_at IS NOT NULL AND {h(5)} < 35"
        ),
        "payments": (
            "INSERT INTO dossiers_paymentrequest (dossier_id, amount_vnd, requested_at, "
            "requested_by_id, paid_at, receipt, online) "
            "SELECT d.id, f.amount_vnd, d.received_at, u.id, d.received_at, '', "
            f"CASE WHEN {h(7)} < (CASE WHEN d.channel = 'online' THEN 70 ELSE 4 END) "
            "THEN TRUE ELSE FALSE END "
            "FROM dossiers_dossier d "
            "JOIN (SELECT case_id, MAX(amount_vnd) AS amount_vnd FROM catalog_fee "
            "WHERE amount_vnd > 0 GROUP BY case_id) f ON f.case_id = d.case_id "
            "JOIN accounts_user u ON u.agency_id = d.handling_agency_id "
            "AND u.username LIKE 'bench.%%'"
        ),
    }
    with connection.cursor() as cursor:
        # The first and (half the time) the last required paper of each case.
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_slot "
            "(case_id integer, component_id integer, slot integer)"
        )
        slots = {}
        for case_id, component_id in (
            Component.objects.filter(required=True)
            .order_by("case_id", "order", "pk")
            .values_list("case_id", "pk")
        ):
            slots.setdefault(case_id, []).append(component_id)
        rows = []
        for case_id, ids in slots.items():
            rows.append((case_id, ids[0], 0))
            if len(ids) > 1:
                rows.append((case_id, ids[-1], 1))
        cursor.executemany("INSERT INTO bench_slot VALUES (%s, %s, %s)", rows)
        for label, statement in statements.items():
            sql, params = statement if isinstance(statement, tuple) else (statement, [])
            cursor.execute(sql, params)
            say(f"{label}: {cursor.rowcount} rows", started)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dossiers", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=20261125)
    args = parser.parse_args(argv)
    setup_django()
    from django.db import connection, transaction

    started = time.perf_counter()
    name = str(connection.settings_dict["NAME"])
    if "bench" not in Path(name).name:
        print(f"Refusing to wipe {name!r}: use a bench database (its name contains 'bench').")
        return 2
    if "dossiers_dossier" in connection.introspection.table_names():
        wipe(started)  # before migrating: new report indexes are then built on empty tables
    prepare_province(started)
    rng = random.Random(args.seed)
    plan = Plan(rng)
    writer = Writer(connection)
    stamp = Stamp(writer.postgres)
    with transaction.atomic():
        rebuild: list[str] = []
        with connection.cursor() as cursor:
            if writer.postgres:
                cursor.execute("SET LOCAL session_replication_role = replica")
                cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
                cursor.execute("SET LOCAL synchronous_commit = off")
                rebuild = drop_secondary_indexes(cursor)
        count = 0
        writing = 0.0
        for size, dossiers, supplements, apologies in drawn(
            plan, args.dossiers, rng, stamp, writer
        ):
            mark = time.perf_counter()
            writer.rows("dossiers_dossier", DOSSIER_COLUMNS, dossiers, fast=True)
            writer.rows("dossiers_supplementrequest", SUPPLEMENT_COLUMNS, supplements)
            writer.rows("dossiers_apology", APOLOGY_COLUMNS, apologies)
            writing += time.perf_counter() - mark
            count += size
            if count % 500_000 < BATCH:
                say(f"{count} dossiers", started)
        say(f"{count} dossiers written ({writing:.1f} s of it waiting for the database)", started)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE dossiers_dossier")  # plans for the INSERT … SELECTs below
        writer.rows("feedback_petition", PETITION_COLUMNS, draw_petitions(plan, count, rng, stamp))
        derived_rows(connection, started)
        with connection.cursor() as cursor:
            for statement in rebuild:
                cursor.execute(statement)
            if rebuild:
                say(f"{len(rebuild)} indexes and constraints built again", started)
            if writer.postgres:
                for table in LOADED_TABLES:
                    cursor.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"COALESCE((SELECT MAX(id) FROM {table}), 1))"
                    )
    with connection.cursor() as cursor:
        if writer.postgres:
            for table in LOADED_TABLES:
                cursor.execute(f"VACUUM ANALYZE {table}")
        else:
            cursor.execute("ANALYZE")
    say(f"done: {count} dossiers", started)
    return 0


if __name__ == "__main__":
    sys.exit(main())
