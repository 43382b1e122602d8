"""Đối chiếu với Cổng DVCQG (reconciliation): for each dossier received in a range of days, ask
the national portal what it holds (``TraCuuHoSo``) and compare its status with the one this
system sends; a dossier whose status differs, or that DVCQG does not have, is queued again. The
outcome of each dossier is kept (:class:`NationalCheck`) for the supervisor's screen, which
counts them per report period (DOMAIN R6.x, R7.5)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Count, F, Max, Q, QuerySet
from django.utils.translation import gettext as _

from motcua import audit, clock
from motcua.agencies.policy import require
from motcua.dossiers import national
from motcua.dossiers.models import Dossier, NationalCheck
from motcua.errors import DomainError, ValidationFailed
from motcua.exchange import dvcqg, mapping

BATCH = 500  # dossiers read and written at a time
SCREEN_LIMIT = 5000  # more dossiers than this in one check from the screen: use the command


@dataclass(frozen=True)
class Difference:
    """One dossier whose national status is not the one this system sends."""

    code: str
    national_code: str
    expected: str
    national: str  # "" when DVCQG does not have the dossier

    @property
    def missing(self) -> bool:
        return not self.national


@dataclass
class Outcome:
    checked: int = 0
    same: int = 0
    differences: list[Difference] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (dossier code, error)
    requeued: int = 0
    stopped: str = ""  # why the gateway was not asked about the rest, if it went away

    @property
    def missing(self) -> int:
        return sum(1 for d in self.differences if d.missing)

    def summary(self) -> str:
        return (
            f"checked {self.checked}, same {self.same}, "
            f"differ {len(self.differences) - self.missing}, missing {self.missing}, "
            f"failed {len(self.failed)}, queued again {self.requeued}"
        )

    def sentence(self) -> str:
        """The outcome for people (the summary line is for scripts)."""
        return _(
            "Đã đối chiếu %(checked)s hồ sơ: %(same)s cùng trạng thái, %(differ)s khác trạng "
            "thái, %(missing)s Cổng DVCQG chưa có, %(failed)s không tra cứu được; %(requeued)s "
            "hồ sơ đã xếp vào hàng gửi lại."
        ) % {
            "checked": self.checked,
            "same": self.same,
            "differ": len(self.differences) - self.missing,
            "missing": self.missing,
            "failed": len(self.failed),
            "requeued": self.requeued,
        }


def local_midnight(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=clock.VN)


def received_between(start: date, end: date) -> QuerySet[Dossier]:
    """Dossiers received on local days ``start``..``end`` (both included), the ones DVCQG should
    know: a dossier from DVCQG not accepted yet counts on the day it was submitted there; a
    portal submission not accepted yet is not sent to DVCQG, so it is not counted."""
    since, until = local_midnight(start), local_midnight(end + timedelta(days=1))
    waiting_from_dvcqg = Q(received_at__isnull=True) & ~Q(national_code="")
    return (
        Dossier.objects.with_scopes_disabled()
        .filter(
            Q(received_at__gte=since, received_at__lt=until)
            | waiting_from_dvcqg & Q(submitted_at__gte=since, submitted_at__lt=until)
        )
        .order_by("id")
    )


class NotConfigured(DomainError):
    """The gateway's DVCQG_* settings are not all set (503)."""

    code = "not_configured"
    status = 503


def gateway_look_up() -> Callable[[str], str | None]:
    """``TraCuuHoSo`` through the configured gateway, one session for the whole run: the status
    code DVCQG has for a ``MaHoSo``, or None when it does not have it."""
    config = dvcqg.config()
    if config is None:
        raise NotConfigured(
            _("Chưa cấu hình kết nối Cổng DVCQG: thiếu %(names)s.")
            % {"names": ", ".join(dvcqg.missing_settings())}
        )
    client = dvcqg.Client(config)

    def look_up(ma_ho_so: str) -> str | None:
        record = client.look_up(ma_ho_so)
        return str(record.get("TrangThaiHoSo") or "") if record else None

    return look_up


def requeue(dossiers: list[Dossier]) -> None:
    """Queue the dossiers' national record again (in the caller's transaction): the outbound
    sync sends each one's whole ``HoSo`` as it is now."""
    for dossier in dossiers:
        national.queue_changes(dossier)


def run(
    start: date, end: date, *, actor: Any = None, agency_ids: list[int] | None = None
) -> Outcome:
    """Đối chiếu: the dossiers received ``start``..``end`` (of ``agency_ids``, or all) against
    DVCQG, queueing the ones that differ again; the run is audited. From a screen (``actor``)
    the province's supervisor may run it, for at most :data:`SCREEN_LIMIT` dossiers."""
    if actor is not None:
        require(actor, "exchange.manage_exchange")
    dossiers = received_between(start, end)
    if agency_ids is not None:
        dossiers = dossiers.filter(agency_id__in=agency_ids)
    if actor is not None and dossiers.count() > SCREEN_LIMIT:
        raise ValidationFailed(
            _(
                "Kỳ này có hơn %(limit)s hồ sơ: hãy đối chiếu bằng lệnh "
                "manage.py dvcqg_reconcile --from %(start)s --to %(end)s."
            )
            % {"limit": SCREEN_LIMIT, "start": start.isoformat(), "end": end.isoformat()}
        )
    look_up = gateway_look_up()
    outcome = reconcile(dossiers.iterator(chunk_size=BATCH), look_up=look_up, requeue=requeue)
    audit.record(
        "dossier.national_reconciled",
        actor=actor,
        agency=getattr(actor, "agency", None),
        data={
            "from": start.isoformat(),
            "to": end.isoformat(),
            "checked": outcome.checked,
            "same": outcome.same,
            "missing": outcome.missing,
            "differ": len(outcome.differences) - outcome.missing,
            "failed": len(outcome.failed),
            "queued_again": outcome.requeued,
        },
    )
    return outcome


def differences_between(start: date, end: date, agency_ids: list[int]) -> QuerySet[NationalCheck]:
    """The dossiers of the period whose last check found another status or none on DVCQG."""
    return (
        NationalCheck.objects.filter(
            dossier__in=received_between(start, end).filter(agency_id__in=agency_ids)
        )
        .exclude(national_status=F("expected_status"))
        .select_related("dossier")
        .order_by("dossier_id")
    )


def reconcile(
    dossiers: Iterable[Dossier],
    *,
    look_up: Callable[[str], str | None],
    requeue: Callable[[list[Dossier]], Any],
) -> Outcome:
    """Compare each dossier with DVCQG and queue again those that differ or are missing.

    ``look_up(ma_ho_so)`` answers DVCQG's status code of the dossier, or None when DVCQG does not
    have it, and raises on a gateway fault (that dossier is counted as failed and left as it
    was). ``requeue(dossiers)`` queues their messages again."""
    statuses = mapping.current()
    outcome = Outcome()
    batch: list[Dossier] = []
    for dossier in dossiers:
        batch.append(dossier)
        if len(batch) == BATCH:
            _check(batch, statuses, look_up, requeue, outcome)
            batch = []
    if batch:
        _check(batch, statuses, look_up, requeue, outcome)
    return outcome


def _check(batch, statuses, look_up, requeue, outcome: Outcome) -> None:
    now = clock.now()
    checks, again = [], []
    for dossier in batch:
        code = national.national_code(dossier)
        if outcome.stopped:
            outcome.failed.append((dossier.code, outcome.stopped))
            continue
        try:
            there = str(look_up(code) or "")
        except Exception as exc:  # any gateway fault: count it, go on with the others
            reason = str(exc) or exc.__class__.__name__
            outcome.failed.append((dossier.code, reason))
            if getattr(exc, "unavailable", False):
                outcome.stopped = reason  # no answer at all: do not wait on it for each dossier
            continue
        expected = statuses.status(dossier.status)
        outcome.checked += 1
        if there == expected:
            outcome.same += 1
        else:
            outcome.differences.append(Difference(dossier.code, code, expected, there))
            again.append(dossier)
        checks.append(
            NationalCheck(
                dossier=dossier,
                checked_at=now,
                expected_status=expected,
                national_status=there,
                requeued=there != expected,
            )
        )
    with transaction.atomic():
        NationalCheck.objects.filter(dossier__in=[c.dossier for c in checks]).delete()
        NationalCheck.objects.bulk_create(checks)
        if again:
            requeue(again)
    outcome.requeued += len(again)


@dataclass(frozen=True)
class PeriodCount:
    """One report period on the supervisor's screen: here vs on DVCQG (as last checked)."""

    code: str
    label: str
    start: date
    end: date
    here: int
    checked: int
    on_national: int
    same: int
    differing: int
    missing: int
    last_checked: datetime | None


def counts(agency_ids: list[int], periods: Iterable[Any]) -> list[PeriodCount]:
    """Per period (``start``, ``end``, ``code``, ``label``): dossiers received here by the
    agencies, how many DVCQG had at the last check, with the same or another status, missing."""
    checked = Q(national_check__isnull=False)
    missing = Q(national_check__national_status="")
    same = Q(national_check__national_status=F("national_check__expected_status"))
    rows = []
    for period in periods:
        figures = (
            received_between(period.start, period.end)
            .filter(agency_id__in=agency_ids)
            .order_by()
            .aggregate(
                here=Count("id"),
                checked=Count("id", filter=checked),
                missing=Count("id", filter=checked & missing),
                same=Count("id", filter=checked & same),
                last_checked=Max("national_check__checked_at"),
            )
        )
        rows.append(
            PeriodCount(
                code=period.code,
                label=str(period.label),
                start=period.start,
                end=period.end,
                here=figures["here"],
                checked=figures["checked"],
                on_national=figures["checked"] - figures["missing"],
                same=figures["same"],
                differing=figures["checked"] - figures["same"] - figures["missing"],
                missing=figures["missing"],
                last_checked=figures["last_checked"],
            )
        )
    return rows
