"""Chỉ số 766 (Decision 766/QĐ-TTg): the real-time index of service to citizens and businesses,
computed per agency and period from the system's own data, live (DOMAIN §6).

:data:`CRITERIA` is the registry (STYLE.md habit 6): each criterion has its code, Vietnamese
name, group, maximum points, the formula in words, a scoring rule and a function that counts
its numerator and denominator per handling agency in one or two grouped queries. Criteria that
need data the system does not hold (publication dates on the national database, synchronisation
with DVCQG, VNeID checks, electronic results …) are listed with ``not_computed`` and the
reason: shown as "chưa tính", never invented.

Points follow the DVCQG description (F766) with the maxima read from the DVCQG API (CR766):
``linear`` = ratio × max; ``capped`` at a threshold = full points at or above it, else ratio ×
max / threshold (99.85 % on time → 19.97 of 20; reuse 58.94 % → 1.47 of 2); "no PAKN → full".
Points are rounded half-up to two decimals, ratios shown with two decimals.

"Now" for dossiers still running is the end of the period, or the present moment when the
period has not ended yet (the index is live)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from motcua import clock
from motcua.agencies.models import Agency, Level
from motcua.catalog.models import Fee, OnlineLevel, Procedure, ProcedureLevel, StepDefinition
from motcua.documents.models import Attachment, Role
from motcua.dossiers.lifecycle import Outcome
from motcua.dossiers.models import (
    Channel,
    Dossier,
    DossierComponent,
    PaymentRequest,
    SupplementRequest,
)
from motcua.feedback.models import Petition, Rating, Satisfaction
from motcua.reports import circular_01_2020 as bieu06
from motcua.reports import handling_time, petitions
from motcua.reports.access import unscoped
from motcua.reports.periods import Period
from motcua.reports.sql import analytic, totals_by_dossier, working_minutes

HUNDRED = Decimal(100)


# --- scoring ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scoring:
    """How a ratio becomes points."""

    kind: str  # "linear" | "capped" | "none"
    threshold: Decimal | None = None  # percent, for "capped"
    full_when_empty: bool = False  # no data (e.g. no PAKN) → full points

    def points(self, ratio: Fraction | None, max_points: Decimal) -> Decimal | None:
        if self.kind == "none":
            return None
        if ratio is None:
            return max_points if self.full_when_empty else None
        if self.kind == "capped":
            cap = Fraction(self.threshold) / 100
            value = Fraction(max_points) if ratio >= cap else ratio * Fraction(max_points) / cap
        else:
            value = ratio * Fraction(max_points)
        return _round(value)

    def text(self, max_points: Decimal) -> str:
        if self.kind == "none":
            return str(_("Không tính điểm"))
        if self.kind == "capped":
            rule = _(
                "Tỷ lệ từ %(t)s%% trở lên: %(max)s điểm; dưới %(t)s%%: điểm = tỷ lệ × %(max)s "
                "÷ %(t)s%%"
            ) % {"t": _plain(self.threshold), "max": _plain(max_points)}
        else:
            rule = _("Điểm = tỷ lệ × %(max)s") % {"max": _plain(max_points)}
        if self.full_when_empty:
            rule += str(_("; không phát sinh: đạt điểm tối đa"))
        return str(rule)


LINEAR = Scoring("linear")
NOT_SCORED = Scoring("none")


def capped(threshold: int, *, full_when_empty: bool = False) -> Scoring:
    return Scoring("capped", Decimal(threshold), full_when_empty)


def _round(value: Fraction) -> Decimal:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _plain(value: Decimal | None) -> str:
    return "" if value is None else f"{value.normalize():f}".replace(".", ",")


# --- measures -----------------------------------------------------------------------------


@dataclass
class Measure:
    """Numerator and denominator of one criterion for one agency (or a sum of agencies)."""

    numerator: Decimal = Decimal(0)
    denominator: Decimal = Decimal(0)

    def __add__(self, other: Measure) -> Measure:
        return Measure(self.numerator + other.numerator, self.denominator + other.denominator)


Measures = dict[int, Measure]


@dataclass
class Context:
    """What every criterion's function gets: the agencies, the period, "now" for running
    dossiers, and a cache so criteria can share a query."""

    agency_ids: list[int]
    period: Period
    as_of: datetime
    cache: dict[str, Any] = field(default_factory=dict)

    def once(self, key: str, compute: Callable[[], Any]) -> Any:
        if key not in self.cache:
            self.cache[key] = compute()
        return self.cache[key]


def _measures(pairs: Iterable[tuple[int, Any, Any]]) -> Measures:
    return {a: Measure(Decimal(n), Decimal(d)) for a, n, d in pairs}


def _dossiers() -> QuerySet[Dossier]:
    # Reports scope by explicit, policy-checked agency ids (see circular_01_2020).
    return Dossier.objects.with_scopes_disabled()


def received(ctx: Context) -> QuerySet[Dossier]:
    """Dossiers received in the period."""
    return _dossiers().filter(
        handling_agency_id__in=ctx.agency_ids,
        received_at__gte=ctx.period.start_at,
        received_at__lt=ctx.period.end_at,
    )


def _paying_cases() -> set[int]:
    """Procedure cases with a fee or charge to pay (phí, lệ phí > 0)."""
    return set(Fee.objects.filter(amount_vnd__gt=0).values_list("case_id", flat=True))


def _paying_procedures() -> set[int]:
    return set(
        Fee.objects.filter(amount_vnd__gt=0).values_list("case__version__procedure_id", flat=True)
    )


@dataclass
class Received:
    """What the criteria on dossiers received in the period need, per agency, from four
    grouped queries: the dossiers themselves (by procedure), their components, their
    payments, and ratings and PAKN about them."""

    total: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    online: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    online_procedures: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    paying_case: dict[int, int] = field(default_factory=lambda: defaultdict(int))
    digitised: dict[int, int] = field(default_factory=dict)
    reused: dict[int, int] = field(default_factory=dict)
    from_store: dict[int, int] = field(default_factory=dict)
    paid_other: dict[int, int] = field(default_factory=dict)  # a payment, case without fee
    paid_online: dict[int, int] = field(default_factory=dict)
    paid_online_procedures: dict[int, set[int]] = field(default_factory=lambda: defaultdict(set))
    unhappy: dict[int, int] = field(default_factory=lambda: defaultdict(int))


def _received(ctx: Context) -> Received:
    return ctx.once("received", lambda: gather_received(ctx))


def gather_received(ctx: Context) -> Received:
    """The dossiers received in the period and what hangs off them.

    The tables hanging off the dossiers are read in one pass each, restricted to the range of
    ids of the period's dossiers (ids grow with time, so the range is about the period and
    the rows are close together on disk) and joined back to the period's dossiers; a dossier
    counts once however many components or payments it has."""
    facts = Received()
    paying = _paying_cases()
    period_rows = received(ctx)
    base = (
        period_rows.values("handling_agency_id", "procedure_id")
        .annotate(
            n=Count("pk"),
            online=Count("pk", filter=Q(channel=Channel.ONLINE)),
            paying=Count("pk", filter=Q(case_id__in=paying)),
            low=Min("pk"),
            high=Max("pk"),
        )
        .order_by()
    )
    low = high = None
    for row in base:
        agency = row["handling_agency_id"]
        facts.total[agency] += row["n"]
        facts.online[agency] += row["online"]
        facts.paying_case[agency] += row["paying"]
        if row["online"]:
            facts.online_procedures[agency].add(row["procedure_id"])
        low = row["low"] if low is None else min(low, row["low"])
        high = row["high"] if high is None else max(high, row["high"])
    if low is None:
        return facts
    in_period = {
        "dossier_id__gte": low,
        "dossier_id__lte": high,
        "dossier__handling_agency_id__in": ctx.agency_ids,
        "dossier__received_at__gte": ctx.period.start_at,
        "dossier__received_at__lt": ctx.period.end_at,
    }
    agency = "dossier__handling_agency_id"

    def flag(condition: Q) -> Max:
        """1 when any of the dossier's rows meets ``condition``."""
        return Max(Case(When(condition, then=Value(1)), default=Value(0)))

    # Per dossier first (any digitised / reused / from the store), then per agency.
    ids_in_range = {"dossier__gte": low, "dossier__lte": high}
    per_dossier = (
        DossierComponent.objects.filter(**ids_in_range)
        .filter(Q(digitised=True) | Q(reused=True) | Q(from_store=True))
        .values("dossier")
        .annotate(
            any_digitised=flag(Q(digitised=True)),
            any_reused=flag(Q(reused=True)),
            any_from_store=flag(Q(from_store=True)),
        )
    )
    span = {
        "agency_ids": ctx.agency_ids,
        "start": ctx.period.start_at,
        "end": ctx.period.end_at,
    }
    sums = {name: (f'g."{name}"', []) for name in ("any_digitised", "any_reused", "any_from_store")}
    for row in totals_by_dossier(per_dossier, keys=("handling_agency_id",), sums=sums, **span):
        a = row["handling_agency_id"]
        facts.digitised[a] = row["any_digitised"]
        facts.reused[a] = row["any_reused"]
        facts.from_store[a] = row["any_from_store"]
    per_dossier = (
        PaymentRequest.objects.filter(**ids_in_range)
        .values("dossier")
        .annotate(any_online=flag(Q(online=True, paid_at__isnull=False)))
    )
    paying_list = sorted(paying) or [0]
    marks = ", ".join(["%s"] * len(paying_list))
    sums = {
        "other": (f"CASE WHEN d.case_id IN ({marks}) THEN 0 ELSE 1 END", paying_list),
        "online": ('g."any_online"', []),
    }
    for row in totals_by_dossier(
        per_dossier, keys=("handling_agency_id", "procedure_id"), sums=sums, **span
    ):
        a = row["handling_agency_id"]
        facts.paid_other[a] = facts.paid_other.get(a, 0) + row["other"]
        facts.paid_online[a] = facts.paid_online.get(a, 0) + row["online"]
        if row["online"]:
            facts.paid_online_procedures[a].add(row["procedure_id"])
    # Unhappy: a PAKN about the dossier, or a "không hài lòng" rating (counted once).
    with_petition = set(
        unscoped(Petition).filter(**in_period).values_list("dossier_id", agency).distinct()
    )
    petition_ids = [dossier_id for dossier_id, _a in with_petition]
    for _dossier_id, agency_id in with_petition:
        facts.unhappy[agency_id] += 1
    for row in (
        unscoped(Rating)
        .filter(**in_period, level=Satisfaction.DISSATISFIED)
        .exclude(dossier_id__in=petition_ids)
        .values(agency)
        .annotate(n=Count("dossier_id", distinct=True))
        .order_by()
    ):
        facts.unhappy[row[agency]] += row["n"]
    return facts


def _share(counts: dict[int, int], total: dict[int, int]) -> Measures:
    return _measures((a, counts.get(a, 0), n) for a, n in total.items() if n)


# --- 2. tiến độ giải quyết ----------------------------------------------------------------


def dvcqg_due() -> Coalesce:
    """The due DVCQG compares with: the supplementation wait taken out (R4.17)."""
    return Coalesce("dvcqg_due_at", "original_due_at", "due_at")


@dataclass
class Progress:
    """Per agency: dossiers handled in the period and those on time (2.1); dossiers resolved
    in the period and their working minutes from reception to the end (2.2)."""

    handled: int = 0
    on_time: int = 0
    resolved: int = 0
    minutes: int = 0


def progress(ctx: Context) -> dict[int, Progress]:
    """2.1 and 2.2 from one grouped pass over the dossiers handled in the period.

    2.1 (R4.17, R4.22): on time when processing ended (done, refused, withdrawn, stopped) no
    later than the due, or when still running and not yet due; a dossier waiting for the
    citizen's papers ends at the request; one with more than one supplementation request is
    overdue. 2.2: working minutes from reception to the end of dossiers resolved (done or
    refused) in the period, on the handling agency's calendar."""

    def compute() -> dict[int, Progress]:
        as_of = ctx.as_of
        several = (
            SupplementRequest.objects.values("dossier")
            .annotate(n=Count("pk"))
            .filter(n__gt=1)
            .values("dossier")
        )
        open_requests = SupplementRequest.objects.filter(requested_at__lt=as_of).filter(
            Q(completed_at__isnull=True) | Q(completed_at__gte=as_of)
        )
        waiting = open_requests.values("dossier")
        waiting_in_time = open_requests.filter(
            Q(dossier__dvcqg_due_at__isnull=True, dossier__original_due_at__isnull=True)
            | Q(requested_at__lte=Coalesce("dossier__dvcqg_due_at", "dossier__original_due_at"))
        ).values("dossier_id")
        finished = Q(finished_at__lt=as_of)
        running = Q(finished_at__isnull=True) | Q(finished_at__gte=as_of)
        no_due = Q(due__isnull=True)
        good = ~Q(pk__in=several) & (
            finished & (no_due | Q(finished_at__lte=F("due")))
            | running & ~Q(pk__in=waiting) & (no_due | Q(due__gte=as_of))
            | running & Q(pk__in=waiting_in_time)
        )
        resolved = Q(
            outcome__in=(Outcome.DONE, Outcome.REFUSED),
            finished_at__gte=ctx.period.start_at,
            finished_at__lt=ctx.period.end_at,
        )
        minutes, covered = working_minutes(
            _calendars(ctx), "handling_agency_id", "received_at", "finished_at", ctx.period.start
        )
        result: dict[int, Progress] = defaultdict(Progress)
        for part in bieu06.report_parts(ctx.agency_ids, ctx.period):
            rows = (
                part.alias(due=dvcqg_due())
                .values("handling_agency_id")
                .annotate(
                    total=Count("pk"),
                    good=Count("pk", filter=good),
                    resolved=Count("pk", filter=resolved & covered),
                    minutes=Sum(minutes, filter=resolved & covered),
                )
                .order_by()
            )
            for r in rows:
                p = result[r["handling_agency_id"]]
                p.handled += r["total"]
                p.on_time += r["good"]
                p.resolved += r["resolved"]
                p.minutes += r["minutes"] or 0
        return dict(result)

    return ctx.once("progress", compute)


def _calendars(ctx: Context) -> dict[int, Any]:
    return ctx.once("calendars", lambda: handling_time.calendars(ctx.agency_ids))


def on_time_2_1(ctx: Context) -> Measures:
    """2.1: dossiers finished on time or still running within term, over the dossiers handled
    in the period (see :func:`progress`)."""
    return _measures((a, p.on_time, p.handled) for a, p in progress(ctx).items())


def average_time_2_2(ctx: Context) -> Measures:
    """2.2: working days from reception to the end of processing, over dossiers resolved."""
    cals = _calendars(ctx)
    return {
        a: Measure(handling_time.days(p.minutes, cals[a].day_minutes), Decimal(p.resolved))
        for a, p in progress(ctx).items()
        if p.resolved
    }


# --- 3. dịch vụ trực tuyến, thanh toán ----------------------------------------------------


def competence(agency_ids: list[int]) -> dict[int, set[int]]:
    """Procedures in each agency's competence (published): a province-level procedure belongs
    to its deciding agency; every commune decides every commune-level procedure."""
    agencies = Agency.objects.filter(pk__in=agency_ids).values_list("pk", "level")
    published = Procedure.objects.filter(published=True)
    commune = set(published.filter(level=ProcedureLevel.COMMUNE).values_list("pk", flat=True))
    deciding: dict[int, set[int]] = defaultdict(set)
    for pk, agency_id in published.filter(
        level=ProcedureLevel.PROVINCE, deciding_agency_id__in=agency_ids
    ).values_list("pk", "deciding_agency_id"):
        deciding[agency_id].add(pk)
    return {
        pk: set(commune) if level in (Level.COMMUNE, Level.DISTRICT) else deciding.get(pk, set())
        for pk, level in agencies
    }


def _competence(ctx: Context) -> dict[int, set[int]]:
    return ctx.once("competence", lambda: competence(ctx.agency_ids))


def _online_procedures() -> set[int]:
    return set(
        Procedure.objects.exclude(online_level=OnlineLevel.NONE).values_list("pk", flat=True)
    )


def procedures_online_3_1(ctx: Context) -> Measures:
    """3.1: procedures with an online service (toàn trình or một phần) over procedures in
    the agency's competence (from the catalogue)."""
    online = _online_procedures()
    return _measures((a, len(ps & online), len(ps)) for a, ps in _competence(ctx).items() if ps)


def services_used_3_2(ctx: Context) -> Measures:
    """3.2: online services that received at least one online dossier in the period, over the
    online services of the agency's procedures."""
    online = _online_procedures()
    used = _received(ctx).online_procedures
    return _measures(
        (a, len(ps & online & used.get(a, set())), len(ps & online))
        for a, ps in _competence(ctx).items()
        if ps & online
    )


def online_share_3_3(ctx: Context) -> Measures:
    """3.3: dossiers received online over all dossiers received in the period."""
    facts = _received(ctx)
    return _share(facts.online, facts.total)


def paid_online_procedures_3_5b(ctx: Context) -> Measures:
    """3.5b: procedures with fees that had at least one online payment among the dossiers
    received in the period, over the agency's procedures with fees."""
    paying = _paying_procedures()
    used = _received(ctx).paid_online_procedures
    return _measures(
        (a, len(ps & paying & used.get(a, set())), len(ps & paying))
        for a, ps in _competence(ctx).items()
        if ps & paying
    )


def paid_online_dossiers_3_6(ctx: Context) -> Measures:
    """3.6: dossiers received in the period and paid online, over the dossiers received that
    had fees to pay (a case with a fee, or a payment request)."""
    facts = _received(ctx)
    due = {
        a: facts.paying_case.get(a, 0) + facts.paid_other.get(a, 0)
        for a in set(facts.paying_case) | set(facts.paid_other)
    }
    return _share(facts.paid_online, due)


# --- 4. số hóa ----------------------------------------------------------------------------


def electronic_results_4_1(ctx: Context) -> Measures:
    """4.1: of the dossiers finished with a result in the period whose procedure's result is a
    document (``ProcedureVersion.result_is_document``), those with a signed electronic result
    stored with them (the result file, ``Document.electronic``), per handling agency."""
    electronic = Exists(
        Attachment.objects.filter(
            target_type=Dossier._meta.label_lower,
            target_id=OuterRef("pk"),
            role=Role.RESULT,
            document__electronic=True,
        )
    )
    rows = (
        _dossiers()
        .filter(
            handling_agency_id__in=ctx.agency_ids,
            outcome=Outcome.DONE,
            finished_at__gte=ctx.period.start_at,
            finished_at__lt=ctx.period.end_at,
            version__result_is_document=True,
        )
        .values("handling_agency_id")
        .annotate(n=Count("pk", filter=electronic), d=Count("pk"))
        .order_by()
    )
    return _measures((r["handling_agency_id"], r["n"], r["d"]) for r in rows)


def digitised_4_2(ctx: Context) -> Measures:
    """4.2: dossiers received in the period with at least one digitised component, over the
    dossiers received. DVCQG also asks for an electronic result; until the system holds
    electronic results (see :func:`electronic_results_4_1`) the components alone count."""
    facts = _received(ctx)
    return _share(facts.digitised, facts.total)


def reused_4_3(ctx: Context) -> Measures:
    """4.3: dossiers received in the period with at least one component reused from data
    already digitised, over the dossiers received."""
    facts = _received(ctx)
    return _share(facts.reused, facts.total)


def personal_store_4_4(ctx: Context) -> Measures:
    """4.4: dossiers received in the period with a component taken from the personal data
    store (Kho quản lý dữ liệu điện tử), over the dossiers received."""
    facts = _received(ctx)
    return _share(facts.from_store, facts.total)


def published_complete_1_3(ctx: Context) -> Measures:
    """1.3: published procedures in the agency's competence whose content is complete in the
    catalogue (Decree 63 art. 8.2: name, field, deciding agency, applicants, result, legal
    basis, and a case with its time limit, components and steps), over those procedures."""
    complete = set(
        Procedure.objects.filter(published=True, current_version__isnull=False)
        .exclude(current_version__applicants="")
        .exclude(current_version__result_name="")
        .exclude(current_version__legal_basis=[])
        .filter(Q(level=ProcedureLevel.COMMUNE) | Q(deciding_agency__isnull=False))
        .filter(
            Exists(
                StepDefinition.objects.filter(
                    case__version_id=OuterRef("current_version_id"),
                    case__components__isnull=False,
                )
            )
        )
        .values_list("pk", flat=True)
    )
    return _measures((a, len(ps & complete), len(ps)) for a, ps in _competence(ctx).items() if ps)


# --- 5. mức độ hài lòng -------------------------------------------------------------------


def _petitions(ctx: Context) -> dict[int, petitions.Tally]:
    return ctx.once("petitions", lambda: petitions.tally(ctx.agency_ids, ctx.period, ctx.as_of))


def petition_categories_5_1(ctx: Context) -> Measures:
    """5.1 (tracked, 0 points): PAKN about rules and procedures over all PAKN received."""
    return _measures(
        (a, t.about_rules, t.received_in_period)
        for a, t in _petitions(ctx).items()
        if t.received_in_period
    )


def petitions_on_time_5_2(ctx: Context) -> Measures:
    """5.2: PAKN handled on time or still within their term, over the PAKN handled in the
    period (deadlines R9.5)."""
    return _measures((a, t.on_time, t.handled) for a, t in _petitions(ctx).items())


def petition_satisfaction_5_3(ctx: Context) -> Measures:
    """5.3: PAKN received in the period that were not rated unsatisfied (more dislikes than
    likes), not overdue and not raised again, over the PAKN received in the period."""
    return _measures((a, t.satisfied, t.received_in_period) for a, t in _petitions(ctx).items())


def dossier_satisfaction_5_4(ctx: Context) -> Measures:
    """5.4: 100 % − (rate of overdue dossiers + rate of dossiers with a PAKN or a "không hài
    lòng" rating). The overdue rate is 1 − criterion 2.1; the second rate is over the dossiers
    received in the period. The measure is the ratio weighted by the dossiers handled, so an
    agency with its children is the weighted mean."""
    on_time = progress(ctx)
    facts = _received(ctx)
    result: Measures = {}
    for agency_id in set(on_time) | set(facts.total):
        p = on_time.get(agency_id, Progress())
        n = facts.total.get(agency_id, 0)
        if not p.handled and not n:
            continue
        overdue = Fraction(p.handled - p.on_time, p.handled) if p.handled else Fraction(0)
        complained = Fraction(facts.unhappy.get(agency_id, 0), n) if n else Fraction(0)
        ratio = max(Fraction(0), 1 - overdue - complained)
        weight = p.handled or n
        result[agency_id] = Measure(
            Decimal(ratio.numerator) * weight / Decimal(ratio.denominator), Decimal(weight)
        )
    return result


# --- the registry -------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    key: str
    code: str
    name: Any
    max_points: Decimal


GROUPS: tuple[Group, ...] = (
    Group("transparency", "CKMB", _("Công khai, minh bạch"), Decimal(18)),
    Group("progress", "TDGQ", _("Tiến độ giải quyết"), Decimal(20)),
    Group("online", "ONLINE", _("Cung cấp dịch vụ trực tuyến"), Decimal(12)),
    Group("payment", "TTTT", _("Thanh toán trực tuyến"), Decimal(10)),
    Group("digitisation", "MDSH", _("Mức độ số hóa hồ sơ"), Decimal(22)),
    Group("satisfaction", "MDHL", _("Mức độ hài lòng"), Decimal(18)),
)
BY_GROUP = {g.key: g for g in GROUPS}


@dataclass(frozen=True)
class Criterion:
    """One criterion of Decision 766."""

    code: str
    group: str
    name: Any
    max_points: Decimal
    formula: Any
    scoring: Scoring
    compute: Callable[[Context], Measures | None] | None = None
    not_computed: Any = None  # why the system cannot compute it
    unit: str = "%"


def _c(code, group, name, max_points, formula, scoring, compute=None, *, missing=None, unit="%"):
    return Criterion(
        code, group, name, Decimal(max_points), formula, scoring, compute, missing, unit
    )


NO_NATIONAL_DB = _(
    "Hệ thống chưa lưu ngày công bố, công khai thủ tục trên Cơ sở dữ liệu quốc gia về TTHC."
)
CRITERIA: tuple[Criterion, ...] = (
    _c("1.1", "transparency", _("Tỷ lệ TTHC công bố đúng hạn"), 6,
       _("Số TTHC có quyết định công bố trước ngày văn bản quy định có hiệu lực ít nhất 5 ngày "
         "làm việc / Số TTHC công bố trong kỳ"),
       LINEAR, missing=NO_NATIONAL_DB),
    _c("1.2", "transparency", _("Tỷ lệ TTHC cập nhật, công khai đúng hạn"), 4,
       _("Số TTHC công khai trên CSDL quốc gia trong 5 ngày làm việc kể từ ngày quyết định "
         "công bố / Số TTHC phải công khai trong kỳ"),
       LINEAR, missing=NO_NATIONAL_DB),
    _c("1.3", "transparency", _("Tỷ lệ TTHC công khai đầy đủ nội dung"), 2,
       _("Số TTHC thuộc thẩm quyền có đủ các bộ phận theo Điều 8 Nghị định 63/2010 / Số TTHC "
         "thuộc thẩm quyền đã công bố"),
       LINEAR, published_complete_1_3),
    _c("1.4", "transparency", _("Tỷ lệ hồ sơ đồng bộ lên Cổng DVCQG"), 6,
       _("Số hồ sơ đã đồng bộ lên Cổng DVCQG / Số hồ sơ tiếp nhận trong kỳ"),
       LINEAR,
       missing=_("Hệ thống chưa kết nối, chưa ghi nhận việc đồng bộ hồ sơ với Cổng DVCQG.")),
    _c("2.1", "progress", _("Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn"), 20,
       _("Số hồ sơ đã xử lý xong đúng hạn (thời điểm kết thúc ≤ hạn, trừ thời gian chờ bổ sung) "
         "và đang xử lý trong hạn / Số hồ sơ tiếp nhận, xử lý trong kỳ; hồ sơ bổ sung quá một "
         "lần tính là quá hạn"),
       LINEAR, on_time_2_1),
    _c("2.2", "progress", _("Thời gian giải quyết trung bình"), 0,
       _("Tổng thời gian từ khi tiếp nhận đến khi kết thúc xử lý (ngày làm việc) / Số hồ sơ đã "
         "giải quyết; chi tiết theo thủ tục ở trang Thời gian giải quyết"),
       NOT_SCORED, average_time_2_2, unit=_("ngày")),
    _c("3.1", "online", _("Tỷ lệ TTHC cung cấp dịch vụ công trực tuyến"), 2,
       _("Số TTHC có DVC trực tuyến toàn trình hoặc một phần / Số TTHC thuộc thẩm quyền"),
       capped(80), procedures_online_3_1),
    _c("3.2", "online", _("Tỷ lệ DVC trực tuyến có phát sinh hồ sơ"), 4,
       _("Số DVC trực tuyến có ít nhất một hồ sơ trực tuyến trong kỳ / Số DVC trực tuyến"),
       LINEAR, services_used_3_2),
    _c("3.3", "online", _("Tỷ lệ hồ sơ nộp trực tuyến"), 6,
       _("Số hồ sơ tiếp nhận trực tuyến trong kỳ / Tổng số hồ sơ tiếp nhận trong kỳ"),
       capped(50), online_share_3_3),
    _c("3.5a", "payment", _("Tỷ lệ TTHC có nghĩa vụ tài chính được tích hợp thanh toán trên "
                            "Cổng DVCQG"), 2,
       _("Số TTHC có dữ liệu phí, lệ phí đồng bộ lên Cổng DVCQG / Số TTHC có phí, lệ phí"),
       capped(80),
       missing=_("Hệ thống chưa đồng bộ dữ liệu phí, lệ phí lên Cổng DVCQG.")),
    _c("3.5b", "payment", _("Tỷ lệ TTHC có giao dịch thanh toán trực tuyến"), 2,
       _("Số TTHC có phí, lệ phí có ít nhất một giao dịch thanh toán trực tuyến thành công "
         "trong kỳ / Số TTHC có phí, lệ phí thuộc thẩm quyền"),
       capped(80), paid_online_procedures_3_5b),
    _c("3.6", "payment", _("Tỷ lệ hồ sơ thanh toán trực tuyến"), 6,
       _("Số hồ sơ tiếp nhận trong kỳ đã thanh toán trực tuyến / Số hồ sơ tiếp nhận trong kỳ "
         "phải nộp phí, lệ phí"),
       LINEAR, paid_online_dossiers_3_6),
    _c("4.1", "digitisation", _("Tỷ lệ hồ sơ có cấp kết quả điện tử"), 6,
       _("Số hồ sơ có kết quả điện tử / Số hồ sơ của TTHC có kết quả là giấy tờ"),
       LINEAR, electronic_results_4_1),
    _c("4.2", "digitisation", _("Tỷ lệ hồ sơ thực hiện số hóa"), 4,
       _("Số hồ sơ tiếp nhận trong kỳ có thành phần đã số hóa / Số hồ sơ tiếp nhận trong kỳ "
         "(tạm tính chưa gồm điều kiện có kết quả điện tử)"),
       LINEAR, digitised_4_2),
    _c("4.3", "digitisation", _("Tỷ lệ khai thác, sử dụng lại dữ liệu số hóa"), 2,
       _("Số hồ sơ tiếp nhận trong kỳ có thành phần được sử dụng lại / Số hồ sơ tiếp nhận "
         "trong kỳ"),
       capped(80), reused_4_3),
    _c("4.4", "digitisation", _("Tỷ lệ hồ sơ số hóa kết nối, chia sẻ với kho dữ liệu cá nhân"),
       4,
       _("Số hồ sơ tiếp nhận trong kỳ có thành phần lấy từ kho dữ liệu cá nhân / Số hồ sơ "
         "tiếp nhận trong kỳ"),
       LINEAR, personal_store_4_4),
    _c("4.5a", "digitisation", _("Tỷ lệ TTHC kết nối dữ liệu dân cư"), 2,
       _("Số TTHC có hồ sơ xác thực VNeID hoặc khai thác CSDL quốc gia về dân cư / Số TTHC "
         "cho công dân"),
       LINEAR,
       missing=_("Hệ thống chưa ghi nhận xác thực VNeID, khai thác CSDL quốc gia về dân cư.")),
    _c("4.5b", "digitisation", _("Tỷ lệ hồ sơ sử dụng dữ liệu dân cư"), 2,
       _("Số hồ sơ có sử dụng dữ liệu dân cư / Tổng số hồ sơ"),
       LINEAR,
       missing=_("Hệ thống chưa ghi nhận xác thực VNeID, khai thác CSDL quốc gia về dân cư.")),
    _c("4.6", "digitisation", _("Cung cấp dịch vụ chứng thực bản sao điện tử từ bản chính"), 2,
       _("Có cung cấp dịch vụ chứng thực bản sao điện tử từ bản chính"),
       LINEAR,
       missing=_("Hệ thống chưa có dịch vụ chứng thực bản sao điện tử từ bản chính.")),
    _c("5.1", "satisfaction", _("Phân loại phản ánh, kiến nghị"), 0,
       _("Số PAKN về quy định hành chính, TTHC / Tổng số PAKN tiếp nhận trong kỳ (theo dõi)"),
       NOT_SCORED, petition_categories_5_1),
    _c("5.2", "satisfaction", _("Tỷ lệ PAKN được xử lý đúng hạn"), 6,
       _("Số PAKN xử lý đúng hạn và đang xử lý trong hạn / Số PAKN tiếp nhận, xử lý trong kỳ"),
       Scoring("linear", full_when_empty=True), petitions_on_time_5_2),
    _c("5.3", "satisfaction", _("Tỷ lệ hài lòng trong xử lý PAKN"), 6,
       _("(Số PAKN tiếp nhận trong kỳ − PAKN không hài lòng, quá hạn hoặc phản ánh lại) / Số "
         "PAKN tiếp nhận trong kỳ"),
       Scoring("linear", full_when_empty=True), petition_satisfaction_5_3),
    _c("5.4", "satisfaction", _("Tỷ lệ hài lòng trong tiếp nhận, giải quyết TTHC"), 6,
       _("100% − (tỷ lệ hồ sơ quá hạn + tỷ lệ hồ sơ có PAKN hoặc đánh giá không hài lòng)"),
       capped(90), dossier_satisfaction_5_4),
)  # fmt: skip
BY_CODE = {c.code: c for c in CRITERIA}


# --- results ------------------------------------------------------------------------------


@dataclass
class CriterionResult:
    criterion: Criterion
    measure: Measure | None
    status: str  # computed | not_computed | no_data

    @property
    def ratio(self) -> Fraction | None:
        m = self.measure
        if m is None or not m.denominator:
            return None
        return Fraction(m.numerator) / Fraction(m.denominator)

    @property
    def points(self) -> Decimal | None:
        if self.status == "not_computed":
            return None
        return self.criterion.scoring.points(self.ratio, self.criterion.max_points)

    def as_dict(self) -> dict[str, Any]:
        c = self.criterion
        ratio = self.ratio
        value = None
        if ratio is not None:
            scale = 1 if c.unit != "%" else 100
            value = _round(ratio * scale)
        m = self.measure
        return {
            "code": c.code,
            "group": c.group,
            "name": str(c.name),
            "max_points": c.max_points,
            "unit": str(c.unit),
            "formula": str(c.formula),
            "rule": c.scoring.text(c.max_points),
            "status": self.status,
            "numerator": _plain_number(m.numerator) if m else None,
            "denominator": _plain_number(m.denominator) if m else None,
            "ratio": value,
            "points": self.points,
            "reason": str(c.not_computed) if self.status == "not_computed" else "",
        }


def _plain_number(value: Decimal) -> Decimal:
    return value if value == value.to_integral_value() else value.quantize(Decimal("0.01"))


@dataclass
class IndexResult:
    """The index of one agency (or of an agency with the agencies below it)."""

    agency: Agency | None
    period: Period
    criteria: list[CriterionResult]

    @property
    def total(self) -> Decimal:
        return sum((r.points or Decimal(0) for r in self.criteria), Decimal(0))

    @property
    def computed_max(self) -> Decimal:
        return sum(
            (
                r.criterion.max_points
                for r in self.criteria
                if r.status != "not_computed" and r.criterion.scoring.kind != "none"
            ),
            Decimal(0),
        )

    def groups(self) -> list[dict[str, Any]]:
        out = []
        for group in GROUPS:
            members = [r for r in self.criteria if r.criterion.group == group.key]
            out.append(
                {
                    "key": group.key,
                    "code": group.code,
                    "name": str(group.name),
                    "max_points": group.max_points,
                    "points": sum((r.points or Decimal(0) for r in members), Decimal(0)),
                    "computed_max": sum(
                        (
                            r.criterion.max_points
                            for r in members
                            if r.status != "not_computed" and r.criterion.scoring.kind != "none"
                        ),
                        Decimal(0),
                    ),
                }
            )
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "agency": self.agency.code if self.agency else None,
            "agency_name": self.agency.name if self.agency else None,
            **self.period.as_dict(),
            "as_of": None,
            "total_points": self.total,
            "computed_max_points": self.computed_max,
            "max_points": Decimal(100),
            "groups": self.groups(),
            "criteria": [r.as_dict() for r in self.criteria],
        }


def as_of(period: Period) -> datetime:
    """ "Now" for dossiers still running: the end of the period, or the present moment."""
    return min(period.end_at, clock.now())


@analytic
def measure_all(agency_ids: list[int], period: Period) -> dict[str, Measures | None]:
    """Every computable criterion's measures per agency: one pass over the registry."""
    ctx = Context(list(agency_ids), period, as_of(period))
    return {
        c.code: c.compute(ctx) if c.compute is not None and c.not_computed is None else None
        for c in CRITERIA
    }


def _result(measures: dict[str, Measures | None], agency_ids: Iterable[int], agency, period):
    ids = list(agency_ids)
    results = []
    for c in CRITERIA:
        per_agency = measures[c.code]
        if per_agency is None:
            results.append(CriterionResult(c, None, "not_computed"))
            continue
        total = sum((per_agency.get(a, Measure()) for a in ids), Measure())
        status = "computed" if total.denominator else "no_data"
        results.append(CriterionResult(c, total, status))
    return IndexResult(agency, period, results)


def compute(
    agency: Agency,
    agency_ids: list[int],
    period: Period,
    measures: dict[str, Measures | None] | None = None,
) -> IndexResult:
    """The index of ``agency`` over ``agency_ids`` (itself, or with its children): the
    numerators and denominators of all its agencies added up. ``measures``: what
    :func:`measure_all` answered for these agencies, when the caller has it already."""
    measures = measures if measures is not None else measure_all(agency_ids, period)
    return _result(measures, agency_ids, agency, period)


def compute_many(
    agency_ids: list[int], period: Period, measures: dict[str, Measures | None] | None = None
) -> dict[int, IndexResult]:
    """The index of every agency in ``agency_ids`` on its own, from the same grouped queries."""
    measures = measures if measures is not None else measure_all(agency_ids, period)
    agencies = Agency.objects.in_bulk(agency_ids)
    return {a: _result(measures, [a], agencies[a], period) for a in agency_ids}
