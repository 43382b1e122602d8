"""Local-time arithmetic in SQL, one expression per engine (STYLE.md habit 20).

Reports compare local dates and sum local clock minutes over hundreds of thousands of rows;
``AT TIME ZONE`` plus ``EXTRACT`` (PostgreSQL) costs several microseconds a row, so these
expressions work on the instant's epoch seconds shifted by the zone's offset instead.
Asia/Ho_Chi_Minh has kept UTC+07:00 since 1975 (no daylight saving), which
:func:`fixed_offset_seconds` checks rather than assumes."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

from django.db import connections, transaction
from django.db.models import (
    BigIntegerField,
    Case,
    ExpressionWrapper,
    F,
    Func,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.lookups import GreaterThanOrEqual, LessThanOrEqual

from motcua import clock
from motcua.calendar import workdays
from motcua.dossiers.models import Dossier

EPOCH = date(1970, 1, 1)
T = TypeVar("T")


def fixed_offset_seconds(start: datetime, end: datetime) -> int:
    """The zone's offset from UTC over ``[start, end]``; refuses a zone whose offset changes
    (then the expressions below would be wrong)."""
    offsets = {
        (datetime(year, month, 1, tzinfo=UTC).astimezone(clock.VN).utcoffset())
        for year in range(start.year - 1, end.year + 2)
        for month in (1, 4, 7, 10)
    }
    if len(offsets) != 1:
        raise ValueError("The report time zone changes its offset: local-time SQL needs care.")
    (offset,) = offsets
    return int(offset.total_seconds())


OFFSET = fixed_offset_seconds(datetime(2000, 1, 1, tzinfo=UTC), datetime(2060, 1, 1, tzinfo=UTC))


class _LocalUnits(Func):
    """Whole local units (``divisor`` seconds) since 1970-01-01 00:00 local time."""

    divisor = 60
    output_field = BigIntegerField()

    def __init__(self, expression: Any, **extra: Any) -> None:
        super().__init__(expression, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return (
            f"FLOOR((DATE_PART('epoch', {sql}) + {OFFSET:d}) / {self.divisor:d})::bigint",
            params,
        )

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        # Django stores instants as UTC text; strftime('%s') reads them as epoch seconds.
        return (
            f"((CAST(STRFTIME('%%s', {sql}) AS INTEGER) + {OFFSET:d}) / {self.divisor:d})",
            params,
        )


class LocalMinute(_LocalUnits):
    """Local minutes since the epoch: ``LocalMinute(t) % 1440`` is the local clock minute."""

    divisor = 60


class LocalDay(_LocalUnits):
    """Local day number since 1970-01-01: equal numbers are equal local dates."""

    divisor = 86400


class LocalMinuteOfDay(Func):
    """The local clock minute of an instant, 0–1439."""

    output_field = BigIntegerField()

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(FLOOR((DATE_PART('epoch', {sql}) + {OFFSET:d}) / 60)::bigint %% 1440)", params

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(((CAST(STRFTIME('%%s', {sql}) AS INTEGER) + {OFFSET:d}) / 60) %% 1440)", params


def day_of(number: int) -> date:
    """The local date of a :class:`LocalDay` number."""
    return EPOCH + timedelta(days=number)


def day_number(day: date) -> int:
    return (day - EPOCH).days


# --- working time, row by row, in SQL -------------------------------------------------------


def _int(value: Any) -> Any:
    return ExpressionWrapper(value, output_field=BigIntegerField())


def covered_days(cal: workdays.WorkCalendar, around: date) -> tuple[int, int]:
    """First and last day number of the run of covered years containing ``around`` (or the
    nearest run): the days whose working time the calendar can tell."""
    years = sorted(cal.years)
    runs: list[list[int]] = []
    for year in years:
        if runs and runs[-1][-1] == year - 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    run = min(runs, key=lambda r: 0 if r[0] <= around.year <= r[-1] else abs(r[0] - around.year))
    return day_number(date(run[0], 1, 1)), day_number(date(run[-1], 12, 31))


@functools.lru_cache(maxsize=32)
def _day_tables(cal: workdays.WorkCalendar, first: int, last: int) -> tuple[list, list]:
    """Working days before each day number in ``[first, last]``, and whether it is one."""
    before, working, count = [], [], 0
    for number in range(first, last + 1):
        before.append(count)
        is_working = cal.is_working_day(day_of(number))
        working.append(int(is_working))
        count += is_working
    return before, working


class ItemAt(Func):
    """``values[index]`` for a constant list of integers and a per-row integer index: an
    array subscript on PostgreSQL, ``json_extract`` on SQLite."""

    output_field = BigIntegerField()

    def __init__(self, values: list[int], index: Any) -> None:
        super().__init__(index)
        self.values = list(values)

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"((%s::bigint[])[({sql}) + 1])", [self.values, *params]

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"JSON_EXTRACT(%s, '$[' || ({sql}) || ']')", [json.dumps(self.values), *params]


class WorkingTime:
    """Per-row working minutes between two instant columns on one agency calendar, as a SQL
    expression: the same positions as ``calendar.workdays`` (an instant on a day off or
    after hours counts from the next opening; a partial minute is dropped).

    A working-time position is ``W(t) = start[day] + working[day] · clip[minute]``:
    ``start[d]`` is the working time before local day ``d`` (working days before it times the
    working minutes of a day), ``working[d]`` whether ``d`` is a working day, both constant
    lists over the covered days built here from the calendar, and ``clip[m]`` the working
    minutes of a day before clock minute ``m``."""

    def __init__(self, cal: workdays.WorkCalendar, around: date) -> None:
        self.cal = cal
        self.day_minutes = cal.day_minutes
        self.sessions = [(s.hour * 60 + s.minute, e.hour * 60 + e.minute) for s, e in cal.sessions]
        self.first, self.last = covered_days(cal, around)
        before, self.working = _day_tables(cal, self.first, self.last)
        self.day_start = [n * self.day_minutes for n in before]

    @property
    def clip(self) -> list[int]:
        """Per clock minute of a working day: the working minutes before it (clamped to each
        session, so a minute in the lunch gap or after closing counts from the next opening)."""
        return [
            sum(max(0, min(m - start, end - start)) for start, end in self.sessions)
            for m in range(1440)
        ]

    def position(self, instant: str) -> Any:
        """``W(instant)`` in working minutes from the first covered day: three lookups in
        constant lists, each from one local-time expression."""
        index = _int(LocalDay(instant) - Value(self.first))
        return _int(
            ItemAt(self.day_start, index)
            + ItemAt(self.working, index) * ItemAt(self.clip, LocalMinuteOfDay(instant))
        )

    def covered(self, *instants: str) -> Q:
        """Rows whose instants all fall on days the calendar covers."""
        condition = Q()
        for instant in instants:
            day = LocalDay(instant)
            condition &= Q(GreaterThanOrEqual(day, Value(self.first))) & Q(
                LessThanOrEqual(day, Value(self.last))
            )
        return condition

    def minutes(self, start: str, end: str) -> Any:
        """``W(end) − W(start)``: the working minutes from ``start`` to ``end``."""
        return _int(self.position(end) - self.position(start))


def working_minutes(
    calendars: dict[int, workdays.WorkCalendar],
    agency_field: str,
    start: str,
    end: str,
    around: date,
) -> tuple[Any, Q]:
    """The per-row working minutes from ``start`` to ``end`` on the calendar of the row's
    agency (``calendars`` by agency id), and the condition that the calendar covers the row.
    Agencies sharing a calendar share one branch of the CASE."""
    groups: dict[workdays.WorkCalendar, list[int]] = {}
    for agency_id, cal in calendars.items():
        groups.setdefault(cal, []).append(agency_id)
    if not groups:
        return Value(0, output_field=BigIntegerField()), Q(pk__in=[])
    # The largest group is the CASE's default, so most rows test no agency list at all.
    ordered = sorted(groups.items(), key=lambda item: len(item[1]))
    times = [(WorkingTime(cal, around), ids) for cal, ids in ordered]
    spans = {(t.first, t.last) for t, _ids in times}
    if len(spans) == 1:
        covered = times[0][0].covered(start, end) & Q(**{f"{agency_field}__in": list(calendars)})
    else:
        covered = Q(pk__in=[])
        for t, ids in times:
            covered |= Q(**{f"{agency_field}__in": ids}) & t.covered(start, end)
    *special, (largest, _ids) = times
    if not special:
        return largest.minutes(start, end), covered
    branches = [
        When(Q(**{f"{agency_field}__in": ids}), then=t.minutes(start, end)) for t, ids in special
    ]
    return (
        Case(*branches, default=largest.minutes(start, end), output_field=BigIntegerField()),
        covered,
    )


def regroup(inner: QuerySet, by: tuple[str, ...], totals: tuple[str, ...]) -> list[dict]:
    """``SUM(totals)`` per ``by`` over the rows of an already grouped queryset.

    The ORM cannot group twice (for example, first per dossier to see whether any of its
    components is digitised, then per agency), so this wraps the compiled inner query as a
    subquery in plain SQL that both engines read the same way."""
    sql, params = inner.query.sql_with_params()
    keys = ", ".join(f'"{name}"' for name in by)
    sums = ", ".join(f'SUM("{name}") AS "{name}"' for name in totals)
    statement = f"SELECT {keys}, {sums} FROM ({sql}) AS grouped GROUP BY {keys}"  # noqa: S608
    with connections[inner.db].cursor() as cursor:
        cursor.execute(statement, params)
        names = [*by, *totals]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


class JsonKeyInt(Func):
    """An integer stored under an object key of a JSON column, the key read as a key even
    when it is made of digits (Django's key transforms read ``"1"`` as an array index)."""

    output_field = BigIntegerField()

    def __init__(self, column: str, key: str) -> None:
        super().__init__(F(column))
        self.key = str(key)

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(({sql}) ->> %s)::bigint", [*params, self.key]

    def as_sqlite(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"CAST(JSON_EXTRACT({sql}, %s) AS INTEGER)", [*params, f'$."{self.key}"']


def analytic(function: Callable[..., T]) -> Callable[..., T]:
    """Run a report function's queries, on PostgreSQL in one read transaction without JIT
    compilation (for these plans it costs more than the run: seconds at province scale) and
    with room to hash and sort in memory. SQLite runs them as they are: its transactions here
    start IMMEDIATE and would hold the write lock for the length of a report."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        connection = connections["default"]
        if connection.vendor != "postgresql":
            return function(*args, **kwargs)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
                cursor.execute("SET LOCAL work_mem = '64MB'")
            return function(*args, **kwargs)

    return wrapper


def totals_by_dossier(
    inner: QuerySet,
    *,
    keys: tuple[str, ...],
    sums: dict[str, tuple[str, list]],
    agency_ids: list[int],
    start: datetime,
    end: datetime,
) -> list[dict]:
    """Sums per dossier column(s) ``keys`` over ``inner`` (a query grouped per dossier, with a
    ``dossier`` column: ``values("dossier")``, which unlike ``"dossier_id"`` adds no join),
    for the dossiers handled by ``agency_ids`` and received in ``[start, end)``. ``sums`` maps
    a name to an SQL expression over ``g`` (the inner row) and ``d`` (the dossier) with its
    parameters.

    Grouping the hanging rows per dossier first, without a join, reads them in index order;
    joining the much smaller grouped result to the dossiers afterwards is what the ORM
    cannot write, hence this plain SQL (the same on both engines)."""
    sql, params = inner.query.sql_with_params()
    table = Dossier._meta.db_table
    columns = ", ".join(f"d.{key}" for key in keys)
    expressions, expression_params = [], []
    for name, (expression, values) in sums.items():
        expressions.append(f'SUM({expression}) AS "{name}"')
        expression_params.extend(values)
    marks = ", ".join(["%s"] * len(agency_ids))
    statement = (
        f"SELECT {columns}, {', '.join(expressions)} "  # noqa: S608 - names are constants
        f'FROM ({sql}) AS g JOIN {table} d ON d.id = g."dossier" '
        f"WHERE d.handling_agency_id IN ({marks}) AND d.received_at >= %s AND d.received_at < %s "
        f"GROUP BY {columns}"
    )
    connection = connections[inner.db]
    bounds = [connection.ops.adapt_datetimefield_value(t) for t in (start, end)]
    all_params = [*expression_params, *params, *agency_ids, *bounds]
    with connection.cursor() as cursor:
        cursor.execute(statement, all_params)
        names = [*keys, *sums]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
