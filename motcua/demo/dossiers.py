"""A few hundred demo dossiers in every state, made through the real services with the clock
moved back, so their history, dues and messages are what the system itself would write."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django_scopes import scopes_disabled

from motcua import clock
from motcua.accounts.models import User
from motcua.calendar import workdays
from motcua.calendar.services import calendar_for
from motcua.catalog.models import Procedure
from motcua.demo.people import person
from motcua.dossiers.models import Dossier
from motcua.dossiers.services import delivery, intake, processing
from motcua.errors import DomainError


@dataclass(frozen=True)
class Desk:
    """One one-stop unit of the demo with the people who work a dossier there."""

    counter: str
    specialist: str
    leader: str
    procedures: tuple[str, ...]
    handled_by: tuple[str, str] | None = None  # (specialist, leader) of the deciding agency


DESKS = (
    Desk("lan", "minh", "hoa", ("1.004873", "1.000894", "2.000815", "1.001612", "1.004884")),
    Desk("tuan", "nga", "son", ("1.004873", "2.000635", "2.000884", "1.001570", "1.000656")),
    Desk("mai", "khoa", "phuong", ("1.012783", "1.012790"), handled_by=("khoa", "phuong")),
    Desk("mai", "hai", "quang", ("1.002809", "2.000488"), handled_by=("hai", "quang")),
)

# How far each demo dossier gets, with its weight in the mix.
FATES = (
    ("submitted", 5),
    ("rejected", 2),
    ("received", 10),
    ("in_progress", 22),
    ("supplement", 5),
    ("payment", 3),
    ("done", 10),
    ("returned", 32),
    ("refused", 3),
    ("withdrawn", 3),
    ("stopped", 2),
    ("apologized", 3),
)


def _components(procedure: Procedure, case) -> list[dict]:
    return [
        {"code": c.code, "originals": c.originals or 1, "copies": c.copies}
        for c in case.components.all()
        if c.required
    ]


def _answers(procedure: Procedure, applicant: dict, rng: random.Random, today) -> dict:
    """A plausible filled-in e-form (tờ khai điện tử) for the demo's online dossiers."""
    answers = {}
    for field in procedure.current_version.eform or []:
        kind = field["type"]
        if kind == "select":
            answers[field["name"]] = rng.choice(field["choices"])
        elif kind == "date":
            answers[field["name"]] = (today - timedelta(days=rng.randint(30, 15000))).isoformat()
        elif kind == "number":
            answers[field["name"]] = str(rng.randint(1, 5))
        elif "ho_ten" in field["name"]:
            answers[field["name"]] = applicant["name"]
        else:
            answers[field["name"]] = applicant.get("address") or applicant["name"]
    return answers


def _appraised(dossier: Dossier) -> bool:
    """Whether a specialist's step follows the counter's."""
    return dossier.steps.filter(order__gt=dossier.current_step.order, role="specialist").exists()


def _moment(rng: random.Random, start: datetime, cal, hours: float) -> datetime:
    """A working instant about ``hours`` working hours after ``start``."""
    minutes = max(1, int(hours * 60 * rng.uniform(0.3, 1.4)))
    return workdays.add_working_minutes(workdays.next_working_instant(start, cal), minutes, cal)


class Seeder:
    def __init__(self, seed: int = 2025) -> None:
        self.rng = random.Random(seed)  # noqa: S311 - demo data, not secrets
        self.users = {u.username: u for u in User.objects.select_related("agency")}

    def run(self, count: int) -> int:
        made = 0
        now = clock.now()
        fates = [f for f, w in FATES for _ in range(w)]
        for index in range(count):
            desk = DESKS[index % len(DESKS)]
            # Every fate once first, so that even a small demo has a dossier in each state.
            fate = FATES[index][0] if index < len(FATES) else self.rng.choice(fates)
            cal = calendar_for(self.users[desk.counter].agency)
            # Spread receptions over the last ~12 weeks, newest for the unfinished fates.
            back = (
                self.rng.randint(1, 20)
                if fate in ("submitted", "received")
                else self.rng.randint(3, 80)
            )
            start = workdays.next_working_instant(
                now - timedelta(days=back, hours=self.rng.randint(0, 8)), cal
            )
            try:
                self._one(desk, fate, start, cal, now)
                made += 1
            except DomainError:
                continue  # a drawn time that the rules refuse (e.g. an apology after the due)
        return made

    def _one(self, desk: Desk, fate: str, start: datetime, cal, now: datetime) -> None:
        rng, users = self.rng, self.users
        procedure = Procedure.objects.select_related("current_version").get(
            code=rng.choice(desk.procedures)
        )
        case = procedure.current_version.cases.first()
        applicant = person(rng)
        components = _components(procedure, case)
        counter = users[desk.counter]
        specialist, leader = users[desk.specialist], users[desk.leader]

        def at(moment: datetime):
            return clock.frozen(min(moment, now))

        if fate in ("submitted", "rejected") and procedure.online_level != "none":
            citizen = self._citizen(applicant)
            with at(start):
                dossier = intake.submit_online(
                    actor=citizen,
                    procedure=procedure.code,
                    agency=counter.agency.code,
                    applicant=applicant,
                    components=components,
                    answers=_answers(procedure, applicant, rng, clock.local(start).date()),
                )
            if fate == "rejected":
                with at(_moment(rng, start, cal, 2)):
                    intake.reject(
                        dossier, actor=counter, reason="Hồ sơ trực tuyến thiếu bản chụp giấy tờ"
                    )
            return
        channel = rng.choices(["counter", "online", "post"], weights=[55, 35, 10])[0]
        with at(start):
            dossier = intake.receive_dossier(
                actor=counter,
                procedure=procedure.code,
                applicant=applicant,
                components=components,
                channel=channel,
            )
        if fate == "received":
            return
        t = _moment(rng, start, cal, 2)
        # Supplements and fees are asked for by the specialist who appraises; where no one
        # does (a certification goes from the counter to the leader), by the counter before
        # it hands the dossier on.
        at_reception = fate in ("supplement", "payment") and not _appraised(dossier)
        asker = counter if at_reception else specialist
        if not at_reception:
            with at(t):
                dossier = processing.transfer(dossier, actor=counter)
        if fate == "withdrawn":
            with at(_moment(rng, t, cal, 4)):
                processing.withdraw(dossier, actor=counter, reason="Công dân có đơn xin rút hồ sơ")
            return
        if fate == "supplement":
            with at(_moment(rng, t, cal, 4)):
                processing.request_supplement(
                    dossier, actor=asker, reason="Thiếu bản sao có chứng thực giấy tờ tùy thân"
                )
            return
        if fate == "payment":
            with at(_moment(rng, t, cal, 4)):
                processing.request_payment(
                    dossier, actor=asker, amount=rng.choice([50000, 100000, 150000])
                )
            return
        if fate == "stopped":
            with at(_moment(rng, t, cal, 6)):
                processing.stop(
                    dossier,
                    actor=leader,
                    reason="Người yêu cầu đề nghị dừng để bổ sung giấy tờ mới",
                )
            return
        if fate == "apologized":
            due = dossier.due_at
            with at(due - timedelta(hours=20)):
                processing.apologize(
                    dossier,
                    actor=leader,
                    reason="Cần xác minh thêm thông tin",
                    new_due_at=due + timedelta(days=5),
                )
            return
        if fate == "in_progress":
            return
        by_role = {"counter": counter, "specialist": specialist, "leader": leader}
        while dossier.current_step is not None and dossier.current_step.role != "leader":
            t = _moment(rng, t, cal, float(dossier.current_step.hours))
            with at(t):
                dossier = processing.transfer(dossier, actor=by_role[dossier.current_step.role])
        t = _moment(rng, t, cal, 3)
        with at(t):
            if fate == "refused":
                processing.refuse(dossier, actor=leader, reason="Không đủ điều kiện theo quy định")
            else:
                processing.approve(dossier, actor=leader)
        if fate in ("returned", "refused"):
            with at(_moment(rng, t, cal, 6)):
                delivery.return_result(dossier, actor=counter, channel="counter")

    def _citizen(self, applicant: dict) -> User:
        user, created = User.objects.get_or_create(
            username=applicant["phone"],
            defaults={"full_name": applicant["name"], "phone": applicant["phone"]},
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        return user


def seed_dossiers(count: int = 300) -> int:
    """Seed ``count`` dossiers unless the demo already has some; answers how many were made."""
    with scopes_disabled():
        if Dossier.objects.exists():
            return 0
        return Seeder().run(count)
