"""Processing (giải quyết) inside the agencies: hand-overs between steps and agencies,
supplementation, fees, apology and re-appointment, and the decision (DOMAIN §1.3–§1.6)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import F
from django.utils.translation import gettext as _

from motcua import clock, text
from motcua.accounts.models import User
from motcua.agencies.models import Agency
from motcua.calendar import workdays
from motcua.calendar.services import calendar_for
from motcua.catalog.models import StepRole
from motcua.documents import services as files
from motcua.documents import storage
from motcua.documents.models import Role
from motcua.dossiers.inputs import clean_reason
from motcua.dossiers.lifecycle import Action, Outcome
from motcua.dossiers.models import (
    Apology,
    Dossier,
    PaymentRequest,
    ProcessStep,
    StepState,
    SupplementRequest,
)
from motcua.dossiers.services import core, results
from motcua.errors import Conflict, ValidationFailed
from motcua.money import vnd

RETURN_ROLES = (StepRole.COUNTER_RETURN,)
SUPPLEMENT_NOTICE_WORKING_DAYS = 3  # R1.16: tell the citizen within 3 working days of reception


def _steps(dossier: Dossier) -> list[ProcessStep]:
    return list(ProcessStep.objects.filter(dossier=dossier).order_by("order"))


def _held_step(dossier: Dossier, actor: User, steps: list[ProcessStep]) -> ProcessStep | None:
    """The active step the actor is completing: the current one, or a parallel one they hold."""
    active = [s for s in steps if s.state == StepState.ACTIVE]
    for step in active:
        if step.assignee_id == actor.pk:
            return step
    for step in active:
        if step.assignee_id is None and step.agency_id == actor.agency_id:
            return step
    return dossier.current_step


def _find_user(value: Any, step: ProcessStep) -> User:
    query = User.objects.filter(is_active=True, agency_id=step.agency_id)
    user = (
        query.filter(pk=value) if isinstance(value, int) else query.filter(username=str(value))
    ).first()
    if user is None:
        raise ValidationFailed(
            _("Không có cán bộ %(user)s tại cơ quan thực hiện bước “%(step)s”.")
            % {"user": repr(value), "step": step.name},
            details={"to_user": value},
        )
    wanted = "counter" if step.role in ("counter", "counter_return") else step.role
    if user.role != wanted:
        raise ValidationFailed(
            _("Cán bộ %(user)s không có vai trò thực hiện bước “%(step)s”.")
            % {"user": user.display_name, "step": step.name},
            details={"to_user": value},
        )
    return user


def _insert_consultation(
    dossier: Dossier, after: ProcessStep, agency: Agency, hours: Decimal, now: datetime
):
    """A step at another agency right after ``after`` (liên thông, xin ý kiến: R1.17–R1.18)."""
    later = ProcessStep.objects.filter(dossier=dossier, order__gt=after.order)
    # Two passes keep (dossier, order) unique while the later steps move down by one.
    later.update(order=F("order") + 1000)
    ProcessStep.objects.filter(dossier=dossier, order__gt=after.order + 1000).update(
        order=F("order") - 999
    )
    due = workdays.step_dues(now, [hours], calendar_for(agency))[0]
    return ProcessStep.objects.create(
        dossier=dossier,
        order=after.order + 1,
        name=f"Phối hợp giải quyết: {agency.name}",
        role=StepRole.SPECIALIST,
        hours=hours,
        agency=agency,
        due_at=due,
    )


@core.service
def transfer(
    dossier: Dossier,
    *,
    actor: User,
    to_step: int | None = None,
    to_user: Any = None,
    to_agency: str | None = None,
    hours: Any = None,
    note: str = "",
    draft_file_id: int | None = None,
    draft_upload: files.Upload | None = None,
) -> Dossier:
    """Chuyển xử lý: finish the step the actor holds and hand the dossier to the next step
    (preselected), a chosen step or user, or another agency's specialist (liên thông).

    ``draft_file_id``: the draft result (dự thảo kết quả, a PDF the actor uploaded) handed
    over with the dossier, or ``draft_upload`` as it came with the form, stored here; the
    leader signs it at approval or replaces it. Agency-internal: the applicant never sees a
    draft."""
    with core.acting(dossier, Action.TRANSFER, actor) as act:
        d = act.dossier
        if draft_upload is not None:
            draft_file_id = files.upload(draft_upload.content, draft_upload.name, actor=actor).pk
        if draft_file_id is not None:
            _attach_draft(d, draft_file_id, actor=actor, now=act.now)
        steps = _steps(d)
        held = _held_step(d, actor, steps)
        if held is None:
            raise Conflict(_("Hồ sơ không có bước đang xử lý để chuyển."))
        core.finish_step(held, now=act.now, actor=actor)
        waiting = [s for s in steps if s.state == StepState.ACTIVE and s.pk != held.pk]
        if waiting and held.parallel_group is not None and to_step is None and not to_agency:
            # Other agencies of the same parallel group are still working (R1.18, electronic).
            core.activate(waiting[0], d, now=act.now, assignee=waiting[0].assignee)
            return core.record(
                d,
                Action.TRANSFER,
                actor=actor,
                row=act.row,
                before=act.before,
                now=act.now,
                note=text.nfc(note),
                notify=False,
            )
        if to_agency:
            agency = Agency.objects.filter(code=to_agency).first()
            if agency is None:
                raise ValidationFailed(
                    _("Không có cơ quan mã %(code)s.") % {"code": repr(to_agency)},
                    code="unknown_agency",
                )
            budget = Decimal(str(hours)) if hours not in (None, "") else Decimal(8)
            if budget <= 0:
                raise ValidationFailed(_("Thời gian phối hợp phải lớn hơn 0 giờ."))
            target = _insert_consultation(d, held, agency, budget, act.now)
        elif to_step is not None:
            target = next((s for s in steps if s.order == to_step), None)
            if target is None or target.pk == held.pk:
                raise ValidationFailed(
                    _("Bước %(step)s không hợp lệ.") % {"step": to_step},
                    details={"to_step": to_step},
                )
        else:
            target = next(
                (s for s in steps if s.order > held.order and s.state == StepState.PENDING), None
            )
            if target is None:
                raise Conflict(_("Đây là bước cuối của quy trình: hãy phê duyệt hoặc trả kết quả."))
        if target.role in RETURN_ROLES:
            raise Conflict(_("Hồ sơ chỉ chuyển sang bước trả kết quả sau khi được phê duyệt."))
        assignee = _find_user(to_user, target) if to_user not in (None, "") else None
        group = [
            s
            for s in steps
            if target.parallel_group is not None and s.parallel_group == target.parallel_group
        ]
        for step in group:
            if step.pk != target.pk:
                core.activate(step, d, now=act.now)
        core.activate(target, d, now=act.now, assignee=assignee)
        return core.record(
            d,
            Action.TRANSFER,
            actor=actor,
            row=act.row,
            before=act.before,
            now=act.now,
            note=text.nfc(note),
            data={"to_step": target.order, "to_agency": target.agency_id},
            notify=False,
        )


def _attach_draft(d: Dossier, file_id: int, *, actor: User, now: datetime) -> None:
    [draft] = files.claim([file_id], actor=actor)
    if draft.content_type != storage.PDF:
        raise ValidationFailed(
            _("Dự thảo kết quả phải là tệp PDF."), details={"draft_file_id": file_id}
        )
    files.attach([draft], d, role=Role.DRAFT, actor=actor, now=now)


def latest_draft(dossier: Dossier) -> Any:
    """The draft result last handed over with the dossier (an attachment), or None."""
    return (
        files.attachments_of(dossier)
        .filter(role=Role.DRAFT)
        .order_by("-attached_at", "-id")
        .first()
    )


def can_hand_over(dossier: Dossier, actor: Any) -> bool:
    """Whether :func:`transfer` has a step to hand the dossier to (the screens offer it then)."""
    return ProcessStep.objects.filter(dossier=dossier, state=StepState.PENDING).exclude(
        role__in=RETURN_ROLES
    ).exists() or (
        dossier.current_step is not None and dossier.current_step.parallel_group is not None
    )


def earlier_steps(dossier: Dossier, actor: Any) -> list[ProcessStep]:
    """The finished steps before the one the actor holds, where :func:`send_back` may return
    the dossier (the nearest last)."""
    steps = _steps(dossier)
    held = _held_step(dossier, actor, steps)
    if held is None:
        return []
    return [
        s
        for s in steps
        if s.order < held.order and s.state == StepState.DONE and s.role not in RETURN_ROLES
    ]


@core.service
def send_back(
    dossier: Dossier, *, actor: User, to_step: int | None = None, to_user: Any = None, note: Any
) -> Dossier:
    """Trả lại để xử lý lại: the holder of the current step (a leader, a specialist) returns
    the dossier to an earlier step, by default the one just before, with the reason. That
    step's officer has it again unless another is chosen; the steps from there on are to be
    done again. The legal clock runs on (nothing waits for the citizen)."""
    note = clean_reason(note, field_name="note")
    with core.acting(dossier, Action.SEND_BACK, actor) as act:
        d = act.dossier
        steps = _steps(d)
        held = _held_step(d, actor, steps)
        earlier = earlier_steps(d, actor)
        if held is None or not earlier:
            raise Conflict(_("Hồ sơ không có bước trước để trả lại."))
        target = (
            earlier[-1]
            if to_step is None
            else next((s for s in earlier if s.order == to_step), None)
        )
        if target is None:
            raise ValidationFailed(
                _("Bước %(step)s không phải bước đã xử lý trước bước hiện tại.")
                % {"step": to_step},
                details={"to_step": to_step},
            )
        if to_user not in (None, ""):
            assignee = _find_user(to_user, target)
        else:
            assignee = target.assignee if target.assignee and target.assignee.is_active else None
        for step in steps:
            if target.order < step.order <= held.order or step.pk == target.pk:
                step.state = StepState.PENDING
                step.finished_at = None
                step.started_at = None if step.pk != target.pk else step.started_at
                step.assignee = None
                step.save(update_fields=["state", "finished_at", "started_at", "assignee"])
        core.activate(target, d, now=act.now, assignee=assignee)
        return core.record(
            d,
            Action.SEND_BACK,
            actor=actor,
            row=act.row,
            before=act.before,
            now=act.now,
            note=note,
            data={"from_step": held.order, "to_step": target.order},
            notify=False,
        )


@core.service
def request_supplement(dossier: Dossier, *, actor: User, reason: str, items: Any = None) -> Dossier:
    """Yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02): once after reception; the clock stops and
    restarts from zero when the papers come back (R1.16, R4.16, R4.19)."""
    reason = clean_reason(reason)
    if items is not None and not (
        isinstance(items, list) and all(isinstance(i, str) for i in items)
    ):
        raise ValidationFailed(
            _("Danh sách giấy tờ cần bổ sung không hợp lệ."), details={"items": items}
        )
    items = [text.nfc(i) for i in items or [] if i.strip()]
    with core.acting(dossier, Action.REQUEST_SUPPLEMENT, actor) as act:
        d = act.dossier
        if SupplementRequest.objects.filter(dossier=d).exists():
            raise Conflict(
                _("Hồ sơ đã được yêu cầu bổ sung một lần; không được yêu cầu lần thứ hai.")
            )
        cal = calendar_for(d.agency)
        notice_by = workdays.due_at(
            d.received_at, workdays.Limit.parse(SUPPLEMENT_NOTICE_WORKING_DAYS, "working_days"), cal
        )
        SupplementRequest.objects.create(
            dossier=d,
            requested_at=act.now,
            requested_by=actor,
            reason=reason,
            items=items,
            due_before=d.due_at,
        )
        return core.record(
            d,
            Action.REQUEST_SUPPLEMENT,
            actor=actor,
            row=act.row,
            before=act.before,
            now=act.now,
            note=reason,
            data={"reason": reason, "items": items, "late_notice": act.now > notice_by},
        )


@core.service
def supplement_received(
    dossier: Dossier,
    *,
    actor: User,
    file_ids: Any = None,
    note: str = "",
    uploads: Sequence[files.Upload] = (),
) -> Dossier:
    """Nhận đủ hồ sơ bổ sung: the legal limit restarts from now (Decree 61 art. 19; R4.16); the
    DVCQG variant, which subtracts the wait, is kept beside it (R4.17). ``uploads``: the
    papers sent with it from a form, stored here or not at all."""
    if file_ids is not None and not (
        isinstance(file_ids, list) and all(isinstance(f, int) for f in file_ids)
    ):
        raise ValidationFailed(
            _("Danh sách tệp bổ sung không hợp lệ."), details={"file_ids": file_ids}
        )
    with core.acting(dossier, Action.SUPPLEMENT_RECEIVED, actor) as act:
        d = act.dossier
        if uploads:
            file_ids = [*(file_ids or []), *files.upload_all(uploads, actor=actor)]
        papers = files.claim(file_ids or [], actor=actor)
        files.attach(papers, d, role=Role.SUPPLEMENT, actor=actor, now=act.now)
        request = SupplementRequest.objects.filter(dossier=d, completed_at__isnull=True).latest(
            "requested_at"
        )
        request.completed_at = act.now
        request.file_ids = file_ids or []
        request.save(update_fields=["completed_at", "file_ids"])
        core.apply_clock(
            d, act.row, act.now, paused_since=request.requested_at, due_before=request.due_before
        )
        return core.record(
            d,
            Action.SUPPLEMENT_RECEIVED,
            actor=actor,
            row=act.row,
            before=act.before,
            now=act.now,
            note=text.nfc(note),
            data={"file_ids": file_ids or []},
        )


@core.service
def request_payment(dossier: Dossier, *, actor: User, amount: Any, note: str = "") -> Dossier:
    """Yêu cầu thực hiện nghĩa vụ tài chính (status 6): the wait does not count (R1.22)."""
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise ValidationFailed(
            _("Số tiền phải là số nguyên đồng lớn hơn 0."), details={"amount": amount}
        )
    with core.acting(dossier, Action.REQUEST_PAYMENT, actor) as act:
        d = act.dossier
        PaymentRequest.objects.create(
            dossier=d, amount_vnd=amount, requested_at=act.now, requested_by=actor
        )
        return core.record(
            d,
            Action.REQUEST_PAYMENT,
            actor=actor,
            row=act.row,
            before=act.before,
            now=act.now,
            note=text.nfc(note),
            data={"amount": amount, "amount_text": vnd(amount)},
        )


@core.service
def payment_received(
    dossier: Dossier,
    *,
    actor: User | None,
    receipt: str = "",
    online: bool = False,
    system: bool = False,
    request: PaymentRequest | None = None,
    locked: bool = False,
) -> Dossier:
    """Đã thực hiện nghĩa vụ tài chính: the due moves later by the working time waited.
    ``system``: the payment platform's verified confirmation (no user acts). A payment service
    names the ``request`` it pays (else the latest open one) and may pass the dossier it has
    ``locked`` in its transaction (:func:`core.lock`)."""
    receipt = text.nfc(str(receipt or ""))[:64]
    with core.acting(dossier, Action.PAYMENT_RECEIVED, actor, system=system, locked=locked) as act:
        d = act.dossier
        payment = request or PaymentRequest.objects.filter(dossier=d, paid_at__isnull=True).latest(
            "requested_at"
        )
        paid = PaymentRequest.objects.filter(pk=payment.pk, dossier=d, paid_at__isnull=True).update(
            paid_at=act.now, receipt=receipt, online=bool(online)
        )
        if not paid:
            raise Conflict(_("Khoản phải nộp này đã được thanh toán."), code="already_paid")
        payment.paid_at, payment.receipt, payment.online = act.now, receipt, bool(online)
        core.apply_clock(d, act.row, act.now, paused_since=payment.requested_at)
        return core.record(
            d,
            Action.PAYMENT_RECEIVED,
            actor=actor,
            row=act.row,
            before=act.before,
            now=act.now,
            data={"receipt": receipt, "online": bool(online)},
        )


@core.service
def apologize(
    dossier: Dossier, *, actor: User, reason: str, new_due_at: datetime | None
) -> Dossier:
    """Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04): once, before the due time; the
    original due is kept for the reports (R1.21, R4.24)."""
    reason = clean_reason(reason)
    if new_due_at is None:
        raise ValidationFailed(
            _("Thiếu ngày hẹn mới (new_due_at)."), details={"new_due_at": "thiếu"}
        )
    if not isinstance(new_due_at, datetime) or new_due_at.tzinfo is None:
        raise ValidationFailed(
            _("Ngày hẹn mới phải là thời điểm có múi giờ."),
            details={"new_due_at": str(new_due_at)},
        )
    with core.acting(dossier, Action.APOLOGIZE, actor) as act:
        d = act.dossier
        previous_due_at = d.due_at
        core.apply_clock(
            d,
            act.row,
            act.now,
            new_due_at=new_due_at,
            reappointed=Apology.objects.filter(dossier=d).exists(),
        )
        Apology.objects.create(
            dossier=d,
            at=act.now,
            by=actor,
            reason=reason,
            previous_due_at=previous_due_at,
            new_due_at=new_due_at,
        )
        return core.record(
            d,
            Action.APOLOGIZE,
            actor=actor,
            row=act.row,
            before=act.before,
            now=act.now,
            note=reason,
            data={"reason": reason, "new_due_at": new_due_at},
        )


def _end(d: Dossier, act: core.Acting, outcome: str, *, actor: User, skip_open: bool) -> None:
    """Close the internal process; a result goes to the return step of the receiving unit."""
    steps = _steps(d)
    return_step = next((s for s in steps if s.role in RETURN_ROLES), None)
    for step in steps:
        if step is return_step or step.state == StepState.DONE:
            continue
        if step.state == StepState.ACTIVE or not skip_open:
            core.finish_step(step, now=act.now, actor=actor)
        else:
            step.state = StepState.SKIPPED
            step.save(update_fields=["state"])
    d.outcome = outcome
    core.apply_clock(d, act.row, act.now)
    if outcome in (Outcome.DONE, Outcome.REFUSED) and return_step is not None:
        core.activate(return_step, d, now=act.now)
    else:
        if return_step is not None and return_step.state != StepState.DONE:
            return_step.state = StepState.SKIPPED
            return_step.save(update_fields=["state"])
        core.activate(None, d, now=act.now)


@core.service
def approve(
    dossier: Dossier,
    *,
    actor: User,
    result_file_id: int | None = None,
    note: str = "",
    result_upload: files.Upload | None = None,
) -> Dossier:
    """Phê duyệt kết quả: processing finished (status 9). A leader approves at the leader's
    step; a delegated counter officer may approve a 4-tại-chỗ procedure at once (R11.1–R11.2).

    With ``result_file_id`` (the draft result PDF) the approver signs it digitally, the seal
    follows when the procedure needs one, and the signed file is the electronic result; any
    signing error leaves the dossier unapproved and nothing stored. Without it the result is
    on paper. ``result_upload``: the draft result as it came with the form, stored here."""
    prepared = None
    if result_upload is not None:
        core.check(actor, Action.APPROVE, dossier)  # no file kept for an approval refused anyway
        result_file_id = files.upload(result_upload.content, result_upload.name, actor=actor).pk
    if result_file_id is not None:
        core.check(actor, Action.APPROVE, dossier)  # no signing for an approval refused anyway
        prepared = results.prepare(dossier, actor=actor, file_id=result_file_id, at=clock.now())
    with core.acting(dossier, Action.APPROVE, actor) as act:
        d = act.dossier
        at_counter = actor.role == "counter"
        if not at_counter and d.current_step is not None and d.current_step.role != StepRole.LEADER:
            has_leader_step = ProcessStep.objects.filter(dossier=d, role=StepRole.LEADER).exists()
            if has_leader_step:
                raise Conflict(_("Hồ sơ chưa được trình lãnh đạo phê duyệt."))
        result = results.store(prepared, d, actor=actor, now=act.now) if prepared else None
        # At the counter the delegated officer did the appraisal and approval in person.
        _end(d, act, Outcome.DONE, actor=actor, skip_open=not at_counter)
        return core.record(
            d,
            Action.APPROVE,
            actor=actor,
            row=act.row,
            before=act.before,
            now=act.now,
            note=text.nfc(note),
            data={
                "result_file_id": result.pk if result else None,
                "electronic_result": bool(result and result.electronic),
                "signed_by": list(prepared.signers) if prepared else [],
                "at_counter": at_counter,
            },
            update_fields=["outcome"],
        )


def _close(action: Action, outcome: str, dossier: Dossier, actor: User, reason: str) -> Dossier:
    reason = clean_reason(reason)
    with core.acting(dossier, action, actor) as act:
        d = act.dossier
        _end(d, act, outcome, actor=actor, skip_open=True)
        return core.record(
            d,
            action,
            actor=actor,
            row=act.row,
            before=act.before,
            now=act.now,
            note=reason,
            data={"reason": reason},
            update_fields=["outcome"],
        )


@core.service
def refuse(dossier: Dossier, *, actor: User, reason: str) -> Dossier:
    """Từ chối giải quyết sau thẩm định: a written refusal is the dossier's result (R1.20)."""
    return _close(Action.REFUSE, Outcome.REFUSED, dossier, actor, reason)


@core.service
def withdraw(dossier: Dossier, *, actor: User, reason: str) -> Dossier:
    """Công dân rút hồ sơ (status 7); refused once there is a result (R1.28)."""
    return _close(Action.WITHDRAW, Outcome.WITHDRAWN, dossier, actor, reason)


@core.service
def stop(dossier: Dossier, *, actor: User, reason: str) -> Dossier:
    """Dừng xử lý (status 8)."""
    return _close(Action.STOP, Outcome.STOPPED, dossier, actor, reason)
