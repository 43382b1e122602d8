"""Đánh giá việc giải quyết thủ tục hành chính (Circular 01/2018/TT-VPCP art. 13–15, DOMAIN
R10.5–R10.6): nine indices of 2 / 1 / 0 points.

Indices 1, 2, 3, 4 and 7 are scored per dossier (resolved in the period), from the dossier's
own data where the system holds it, and from the citizen's rating (``Rating.indices``) when the
citizen judged that index: the citizen's score then replaces the computed one (the circular
makes the citizen the evaluator). Indices 5, 6, 8 and 9 are scored per unit. An index score is
the mean over the dossiers, to one decimal; an officer's score is the sum of the five dossier
indices over the dossiers they received or returned; a unit's score is the sum of all nine.

:data:`SOURCES` says where each index comes from and what needs a person's judgement. Every
score is computed by grouped queries (one per level: dossier, officer, unit); no loop over
dossiers."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import (
    Avg,
    Case,
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import Exact, LessThan
from django.utils.translation import gettext_lazy as _

from motcua.accounts.models import User
from motcua.agencies.models import Agency, Level
from motcua.catalog.models import OnlineLevel, Procedure
from motcua.dossiers.lifecycle import Action, Outcome
from motcua.dossiers.models import Channel, Dossier, Movement, ProcessStep, SupplementRequest
from motcua.feedback.models import Petition, PetitionCategory, PetitionStatus, Rating
from motcua.reports import index_766, petitions
from motcua.reports.access import unscoped
from motcua.reports.periods import Period
from motcua.reports.sql import JsonKeyInt, LocalDay, analytic, regroup

DOSSIER_INDICES = ("1", "2", "3", "4", "7")
UNIT_INDICES = ("5", "6", "8", "9")
OFFICER_ACTIONS = (Action.RECEIVE, Action.ACCEPT, Action.RETURN_RESULT)


@dataclass(frozen=True)
class Source:
    index: str
    name: Any
    level: str  # dossier | unit
    data: Any  # where the score comes from
    human: Any  # what a person must judge, or ""


SOURCES: tuple[Source, ...] = (
    Source("1", _("Tổng thời gian giải quyết so với thời gian quy định"), "dossier",
           _("Ngày kết thúc xử lý so với ngày hẹn trả theo quy định (trước / đúng / sau)."),
           ""),
    Source("2", _("Thời gian thực hiện của từng cơ quan, đơn vị tham gia giải quyết"), "dossier",
           _("Các bước của quy trình nội bộ: bước nào quá hạn của bước → 0; tất cả xong trước "
             "ngày hạn → 2; còn lại 1. Hồ sơ không có bước: như chỉ số 1."),
           ""),
    Source("3", _("Số lần liên hệ để hoàn thiện hồ sơ"), "dossier",
           _("Số lần yêu cầu bổ sung sau tiếp nhận: 0 → 2 điểm, 1 → 1 điểm, nhiều hơn → 0."),
           _("Lần bổ sung do lỗi của người nộp không bị tính: cần người đánh giá xác nhận.")),
    Source("4", _("Số cơ quan, đơn vị phải liên hệ"), "dossier",
           _("Nộp trực tuyến và nhận kết quả trực tuyến hoặc qua bưu chính → 2; còn lại chỉ "
             "liên hệ Bộ phận Một cửa → 1."),
           _("Việc phải đến thêm cơ quan khác chỉ người dân biết: lấy theo đánh giá của người "
             "dân khi có.")),
    Source("5", _("Thực hiện cơ chế một cửa, giải quyết tại chỗ"), "unit",
           _("Tỷ lệ thủ tục giải quyết trọn quy trình tại Bộ phận Một cửa (4 tại chỗ): cấp tỉnh "
             "≥ 20%, cấp huyện ≥ 50%, cấp xã 100% → 2; mọi hồ sơ đều tiếp nhận qua Bộ phận Một "
             "cửa → 1."),
           ""),
    Source("6", _("Công khai thủ tục hành chính"), "unit",
           _("Thủ tục thuộc thẩm quyền đã công bố, công khai trên hệ thống → 1 điểm."),
           _("Việc niêm yết tại trụ sở cần người đánh giá xác nhận để đạt 2 điểm.")),
    Source("7", _("Thái độ của cán bộ, công chức"), "dossier",
           _("Có PAKN về hành vi, thái độ gắn với hồ sơ (chưa bị từ chối) → 0; trả trước hạn → 2; "
             "còn lại 1."),
           _("PAKN có được xác minh là đúng hay không cần người đánh giá kết luận.")),
    Source("8", _("Trả lời phản ánh, kiến nghị"), "unit",
           _("PAKN xử lý đúng hạn (Chỉ số 766 tiêu chí 5.2): không có hoặc 100% → 2; ≥ 90% → 1; "
             "dưới 90% → 0."),
           ""),
    Source("9", _("Cung cấp dịch vụ công trực tuyến"), "unit",
           _("≥ 20% thủ tục trực tuyến, ≥ 30% hồ sơ trực tuyến và không hồ sơ trực tuyến nào trễ "
             "hạn → 2; có thủ tục trực tuyến, 15–30% hồ sơ trực tuyến, không trễ hạn → 1; còn lại "
             "0."),
           ""),
)  # fmt: skip
BY_INDEX = {s.index: s for s in SOURCES}

UNIT_BANDS = (
    (Decimal(15), _("Xuất sắc")),
    (Decimal(12), _("Tốt")),
    (Decimal(9), _("Khá")),
    (Decimal(6), _("Trung bình")),
    (Decimal(0), _("Yếu")),
)


def unit_band(total: Decimal) -> str:
    """Xuất sắc ≥ 15, tốt 12–< 15, khá 9–< 12, trung bình 6–< 9, yếu < 6 (art. 15)."""
    return str(next(name for floor, name in UNIT_BANDS if total >= floor))


def officer_band(score: Decimal) -> str:
    """≥ 5 points: 100 % of duties; 3.5–< 5: 70–< 100 %; < 3.5: under 70 % (art. 15)."""
    if score >= 5:
        return str(_("Hoàn thành 100% nhiệm vụ"))
    if score >= Decimal("3.5"):
        return str(_("Hoàn thành từ 70% đến dưới 100% nhiệm vụ"))
    return str(_("Hoàn thành dưới 70% nhiệm vụ"))


def one_decimal(value: Any) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --- per dossier --------------------------------------------------------------------------


def evaluated(agency_ids: list[int], period: Period) -> QuerySet[Dossier]:
    """Dossiers resolved (done or refused) in the period by the handling agencies."""
    return Dossier.objects.with_scopes_disabled().filter(
        handling_agency_id__in=agency_ids,
        outcome__in=(Outcome.DONE, Outcome.REFUSED),
        finished_at__gte=period.start_at,
        finished_at__lt=period.end_at,
    )


def index_expressions(prefix: str = "") -> dict[str, Any]:
    """Each per-dossier index as an SQL expression on a dossier (``prefix`` reaches it from
    another model, e.g. ``"dossier__"``), the citizen's score first when given."""
    p = prefix

    def field(name: str) -> F:
        return F(f"{p}{name}")

    pk = OuterRef(f"{p}pk") if p else OuterRef("pk")
    finished_day = LocalDay(f"{p}finished_at")
    due_day = LocalDay(Coalesce(field("original_due_at"), field("due_at")))
    early = Q(LessThan(finished_day, due_day))
    same = Q(Exact(finished_day, due_day)) | Q(**{f"{p}original_due_at__isnull": True})
    timeliness = Case(When(early, then=Value(2)), When(same, then=Value(1)), default=Value(0))
    steps = _steps_with_days().filter(dossier=pk, due_at__isnull=False, finished_at__isnull=False)
    late_step = Exists(steps.filter(finished_at__gt=F("due_at")))
    not_early_step = Exists(steps.filter(finished_day__gte=F("due_day")))
    supplements = Subquery(
        SupplementRequest.objects.filter(dossier=pk)
        .values("dossier")
        .annotate(n=Count("pk"))
        .values("n")[:1],
        output_field=IntegerField(),
    )
    complaint = Exists(
        unscoped(Petition)
        .filter(dossier=pk, category=PetitionCategory.CONDUCT)
        .exclude(status=PetitionStatus.REJECTED)
    )
    computed = {
        "1": timeliness,
        "2": Case(
            When(late_step, then=Value(0)),
            When(Exists(steps) & ~not_early_step, then=Value(2)),
            When(Exists(steps), then=Value(1)),
            default=timeliness,
        ),
        "3": Case(
            When(Q(Exact(Coalesce(supplements, Value(0)), Value(0))), then=Value(2)),
            When(Q(Exact(Coalesce(supplements, Value(0)), Value(1))), then=Value(1)),
            default=Value(0),
        ),
        "4": Case(
            When(
                Q(**{f"{p}channel": Channel.ONLINE})
                & Q(**{f"{p}return_channel__in": (Channel.ONLINE, Channel.POST)}),
                then=Value(2),
            ),
            default=Value(1),
        ),
        "7": Case(When(complaint, then=Value(0)), When(early, then=Value(2)), default=Value(1)),
    }
    citizen = unscoped(Rating).filter(dossier=pk)
    return {
        index: Coalesce(
            Subquery(
                citizen.annotate(score=JsonKeyInt("indices", index)).values("score")[:1],
                output_field=IntegerField(),
            ),
            expression,
            output_field=IntegerField(),
        )
        for index, expression in computed.items()
    }


def _steps_with_days() -> QuerySet[ProcessStep]:
    return ProcessStep.objects.alias(
        finished_day=LocalDay("finished_at"), due_day=LocalDay("due_at")
    )


def dossier_scores(agency_ids: list[int], period: Period) -> QuerySet[Dossier]:
    """Every evaluated dossier with ``i1``, ``i2``, ``i3``, ``i4``, ``i7`` and ``total``."""
    expressions = index_expressions()
    annotations = {f"i{k}": v for k, v in expressions.items()}
    total = sum((v for v in annotations.values()), Value(0))
    return (
        evaluated(agency_ids, period)
        .annotate(**annotations, total=total)
        .select_related("procedure")
        .order_by("finished_at", "pk")
    )


# --- per officer and per unit -------------------------------------------------------------


@analytic
def officer_scores(agency_ids: list[int], period: Period) -> list[dict[str, Any]]:
    """Per officer who received or returned evaluated dossiers: their number and the mean of
    each index and of the total, with the band."""
    expressions = index_expressions("dossier__")
    per_pair = (
        Movement.objects.filter(
            action__in=OFFICER_ACTIONS,
            actor__isnull=False,
            dossier__in=evaluated(agency_ids, period),
        )
        .values("actor", "dossier")
        .annotate(**{f"i{k}": Max(v) for k, v in expressions.items()})
    )
    totals = tuple(f"i{k}" for k in DOSSIER_INDICES)
    rows = regroup(per_pair, ("actor",), totals)
    counts = {
        r["actor_id"]: r["n"]
        for r in Movement.objects.filter(
            action__in=OFFICER_ACTIONS,
            actor__isnull=False,
            dossier__in=evaluated(agency_ids, period),
        )
        .values("actor_id")
        .annotate(n=Count("dossier_id", distinct=True))
        .order_by()
    }
    users = User.objects.in_bulk([r["actor"] for r in rows])
    result = []
    for row in rows:
        n = counts[row["actor"]]
        means = {k: one_decimal(Decimal(row[f"i{k}"]) / n) for k in DOSSIER_INDICES}
        score = sum(means.values(), Decimal(0))
        user = users[row["actor"]]
        result.append(
            {
                "officer": user.username,
                "name": user.display_name,
                "agency": user.agency.code if user.agency_id else None,
                "dossiers": n,
                "indices": means,
                "score": score,
                "band": officer_band(score),
            }
        )
    result.sort(key=lambda r: (-r["score"], r["officer"]))
    return result


@dataclass
class UnitScore:
    agency: Agency
    dossiers: int
    indices: dict[str, Decimal | None]
    notes: dict[str, str]

    @property
    def total(self) -> Decimal:
        return sum((v for v in self.indices.values() if v is not None), Decimal(0))

    def as_dict(self) -> dict[str, Any]:
        return {
            "agency": self.agency.code,
            "agency_name": self.agency.name,
            "dossiers": self.dossiers,
            "indices": self.indices,
            "notes": self.notes,
            "total": self.total,
            # Nothing evaluated in the period: no grade rather than "Yếu" (issue 21, minor).
            "band": unit_band(self.total) if self.dossiers else str(_("Chưa có dữ liệu")),
        }


THRESHOLD_AT_COUNTER = {
    Level.COMMUNE: Decimal(1),
    Level.DISTRICT: Decimal("0.5"),
}


@analytic
def unit_scores(agency_ids: list[int], period: Period) -> dict[int, UnitScore]:
    """Each unit's nine indices for the period: the five dossier indices as means over its
    evaluated dossiers (one decimal), and indices 5, 6, 8, 9 at unit level."""
    annotations = {f"i{k}": Avg(v) for k, v in index_expressions().items()}
    means = {
        row["handling_agency_id"]: row
        for row in evaluated(agency_ids, period)
        .values("handling_agency_id")
        .annotate(n=Count("pk"), **annotations)
        .order_by()
    }
    competence = index_766.competence(agency_ids)
    at_counter = set(Procedure.objects.filter(at_counter=True).values_list("pk", flat=True))
    published = set(Procedure.objects.filter(published=True).values_list("pk", flat=True))
    online_procedures = set(
        Procedure.objects.exclude(online_level=OnlineLevel.NONE).values_list("pk", flat=True)
    )
    as_of = index_766.as_of(period)
    pakn = petitions.tally(agency_ids, period, as_of)
    online = {
        row["handling_agency_id"]: row
        for row in Dossier.objects.with_scopes_disabled()
        .filter(
            handling_agency_id__in=agency_ids,
            received_at__gte=period.start_at,
            received_at__lt=period.end_at,
        )
        .values("handling_agency_id")
        .annotate(n=Count("pk"), online=Count("pk", filter=Q(channel=Channel.ONLINE)))
        .order_by()
    }
    late_online = dict(
        evaluated(agency_ids, period)
        .filter(channel=Channel.ONLINE)
        .alias(finished_day=LocalDay("finished_at"), due_day=LocalDay("original_due_at"))
        .filter(finished_day__gt=F("due_day"))
        .values("handling_agency_id")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("handling_agency_id", "n")
    )
    result = {}
    for agency in Agency.objects.filter(pk__in=agency_ids):
        row = means.get(agency.pk, {})
        indices: dict[str, Decimal | None] = {
            k: one_decimal(row.get(f"i{k}")) for k in DOSSIER_INDICES
        }
        procedures = competence.get(agency.pk, set())
        notes = {}
        # 5: whole process at the one-stop unit.
        if procedures:
            share = Decimal(len(procedures & at_counter)) / len(procedures)
            floor = THRESHOLD_AT_COUNTER.get(agency.level, Decimal("0.2"))
            indices["5"] = Decimal(2) if share >= floor else Decimal(1)
        else:
            indices["5"] = None
        # 6: publication: online in the system; posting at the office needs a person.
        if procedures:
            indices["6"] = Decimal(1) if procedures <= published else Decimal(0)
            notes["6"] = str(BY_INDEX["6"].human)
        else:
            indices["6"] = None
        # 8: PAKN answered on time.
        tally = pakn.get(agency.pk)
        if tally is None or not tally.handled or tally.on_time == tally.handled:
            indices["8"] = Decimal(2)
        elif Decimal(tally.on_time) / tally.handled >= Decimal("0.9"):
            indices["8"] = Decimal(1)
        else:
            indices["8"] = Decimal(0)
        # 9: online services.
        received = online.get(agency.pk, {"n": 0, "online": 0})
        online_share = Decimal(received["online"]) / received["n"] if received["n"] else None
        procedure_share = (
            Decimal(len(procedures & online_procedures)) / len(procedures) if procedures else None
        )
        none_late = not late_online.get(agency.pk)
        if procedure_share is None or online_share is None:
            indices["9"] = None
        elif procedure_share >= Decimal("0.2") and online_share >= Decimal("0.3") and none_late:
            indices["9"] = Decimal(2)
        elif procedure_share > 0 and online_share >= Decimal("0.15") and none_late:
            indices["9"] = Decimal(1)
        else:
            indices["9"] = Decimal(0)
        result[agency.pk] = UnitScore(agency, row.get("n", 0), indices, notes)
    return result
