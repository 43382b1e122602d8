"""What citizens say back, and what staff do with it: satisfaction ratings of a dossier
(đánh giá mức độ hài lòng, DOMAIN §10) and PAKN handling (phản ánh, kiến nghị, §9).

Each service checks the policy (generated from the PAKN lifecycle table's roles), then the
lifecycle, then changes the rows, writes the audit event and queues the sender's messages in
one transaction of its own (durable: never inside a caller's; STYLE.md habit 1)."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import translation
from django.utils.translation import gettext as _

from motcua import audit, clock, text
from motcua.agencies.models import Agency
from motcua.agencies.policy import is_citizen_account, require
from motcua.calendar import workdays
from motcua.calendar.services import calendar_for
from motcua.documents import services as files
from motcua.documents.models import Role
from motcua.dossiers.inputs import clean_phone, validated
from motcua.dossiers.models import Dossier, Movement
from motcua.errors import Conflict, NotFound, ValidationFailed
from motcua.feedback import lifecycle
from motcua.feedback.indices import CITIZEN_INDICES
from motcua.feedback.lifecycle import Action
from motcua.feedback.models import (
    Petition,
    PetitionCategory,
    PetitionStatus,
    PetitionVote,
    Rating,
    RatingChannel,
    Satisfaction,
)
from motcua.notify.services import queue_message

RATABLE_STATUS_CODES = frozenset({9, 10})
MAX_PETITION_FILES = 5
KIOSK_SALT = "motcua.feedback.kiosk"

# --- Ratings ----------------------------------------------------------------------------------


def _clean_rating(level: Any, indices: Any, comment: Any) -> tuple[int, dict[str, int], str]:
    try:
        level = int(level)
    except (TypeError, ValueError):
        level = None
    if level not in Satisfaction.values:
        raise ValidationFailed(
            _("Chọn một mức: Rất hài lòng, Hài lòng hoặc Không hài lòng."),
            details={"level": "invalid"},
        )
    scores: dict[str, int] = {}
    for key, value in (indices or {}).items():
        if value in (None, ""):
            continue
        key = str(key)
        try:
            score = int(value)
        except (TypeError, ValueError):
            score = -1
        if key not in CITIZEN_INDICES or score not in (0, 1, 2):
            raise ValidationFailed(
                _("Chỉ số đánh giá %(key)s không hợp lệ.") % {"key": key},
                details={f"indices.{key}": "invalid"},
            )
        scores[key] = score
    return level, scores, text.nfc(str(comment or ""))[:2000]


def serving_officer(dossier: Dossier) -> Any:
    """The officer the citizen dealt with: who returned the result, else who received it."""
    for action in ("return_result", "accept", "receive"):
        movement = (
            Movement.objects.filter(dossier=dossier, action=action, actor__isnull=False)
            .select_related("actor")
            .order_by("-at", "-id")
            .first()
        )
        if movement is not None:
            return movement.actor
    return None


def rate_dossier(
    dossier: Dossier,
    *,
    level: Any,
    indices: Any = None,
    comment: Any = "",
    actor: Any = None,
    channel: str = RatingChannel.ONLINE,
    officer: Any = None,
) -> Rating:
    """Đánh giá mức độ hài lòng: once per dossier, after the result (status 9 or 10). Online
    the applicant rates from their account; at the counter the kiosk link stands in for the
    login (see :func:`kiosk_dossier`)."""
    if channel == RatingChannel.ONLINE:
        require(actor, "feedback.rate_dossier", dossier)
    level, scores, comment = _clean_rating(level, indices, comment)
    if dossier.status_code not in RATABLE_STATUS_CODES:
        raise Conflict(_("Chỉ đánh giá được hồ sơ đã có kết quả."), code="not_ratable")
    try:
        with transaction.atomic(durable=True):
            if Rating.objects.with_scopes_disabled().filter(dossier=dossier).exists():
                raise Conflict(_("Hồ sơ này đã được đánh giá."), code="already_rated")
            rating = Rating.objects.create(
                dossier=dossier,
                agency_id=dossier.handling_agency_id,
                officer=officer or serving_officer(dossier),
                level=level,
                indices=scores,
                channel=channel,
                comment=comment,
                created_at=clock.now(),
            )
            audit.record(
                "rating.created",
                actor=actor,
                agency=dossier.agency,
                target=dossier,
                data={"level": level, "channel": channel, "indices": scores},
            )
    except IntegrityError:  # two taps at once: the unique dossier row decides
        raise Conflict(_("Hồ sơ này đã được đánh giá."), code="already_rated") from None
    return rating


def kiosk_token(dossier: Dossier, *, officer: Any) -> str:
    """A short-lived link token for the counter tablet, made by the officer who just served
    the dossier: it lets the citizen rate that dossier without logging in."""
    require(officer, "feedback.open_kiosk", dossier)
    if dossier.status_code not in RATABLE_STATUS_CODES:
        raise Conflict(_("Chỉ đánh giá được hồ sơ đã có kết quả."), code="not_ratable")
    return signing.dumps({"d": dossier.pk, "o": officer.pk}, salt=KIOSK_SALT, compress=True)


@dataclass(frozen=True)
class KioskVisit:
    dossier: Dossier
    officer: Any
    rated: bool


def kiosk_dossier(token: str) -> KioskVisit:
    """The dossier and officer behind a kiosk token; an expired or forged one is a 404."""
    from motcua.accounts.models import User

    try:
        data = signing.loads(token, salt=KIOSK_SALT, max_age=settings.KIOSK_LINK_SECONDS)
    except signing.BadSignature:
        raise NotFound(_("Liên kết đánh giá đã hết hạn hoặc không hợp lệ.")) from None
    dossier = (
        Dossier.objects.with_scopes_disabled()  # reviewed: the signed token names the dossier
        .select_related("procedure", "agency")
        .filter(pk=data.get("d"))
        .first()
    )
    officer = User.objects.filter(pk=data.get("o")).first()
    if dossier is None or officer is None:
        raise NotFound(_("Liên kết đánh giá đã hết hạn hoặc không hợp lệ."))
    rated = Rating.objects.with_scopes_disabled().filter(dossier=dossier).exists()
    return KioskVisit(dossier, officer, rated)


def rate_at_kiosk(token: str, *, level: Any, indices: Any = None, comment: Any = "") -> Rating:
    visit = kiosk_dossier(token)
    return rate_dossier(
        visit.dossier,
        level=level,
        indices=indices,
        comment=comment,
        channel=RatingChannel.KIOSK,
        officer=visit.officer,
    )


# --- PAKN ------------------------------------------------------------------------------------


def _due(start, days: int | None, agency: Agency):
    if days is None:
        return None
    limit = workdays.Limit.parse(days, "working_days")
    return workdays.due_at(start, limit, calendar_for(agency))


def _new_code(now) -> str:
    for _attempt in range(5):
        code = f"PAKN-{clock.local(now):%y%m%d}-{secrets.token_hex(3).upper()}"
        if not Petition.objects.with_scopes_disabled().filter(code=code).exists():
            return code
    raise Conflict(_("Không tạo được mã phản ánh, kiến nghị; vui lòng gửi lại."))


def submit_petition(
    *,
    agency: str,
    category: str,
    subject: str,
    content: str,
    name: str,
    phone: str = "",
    email: str = "",
    address: str = "",
    dossier_code: str = "",
    citizen: Any = None,
    uploads: Sequence[files.Upload] = (),
) -> Petition:
    """Gửi phản ánh, kiến nghị: entered in the agency's PAKN register (R9.3), its clock
    starting now. ``uploads``: files a citizen account sends with it (photos, scans of a
    paper), at most :data:`MAX_PETITION_FILES`, each checked and counted against the account's
    quota like every upload (``documents.services.upload``) and stored with the petition or
    not at all."""
    target = Agency.objects.filter(code=agency).first()
    if target is None:
        raise ValidationFailed(
            _("Chọn cơ quan nhận phản ánh, kiến nghị."), details={"agency": agency}
        )
    if category not in PetitionCategory.values:
        raise ValidationFailed(
            _("Chọn nội dung phản ánh, kiến nghị."), details={"category": category}
        )
    subject, name = text.nfc(subject or ""), text.nfc(name or "")
    content = (content or "").strip()
    if not subject or not content or not name:
        raise ValidationFailed(_("Cần có tiêu đề, nội dung và họ tên người gửi."))
    if uploads and not is_citizen_account(citizen):
        raise ValidationFailed(
            _("Đăng nhập tài khoản công dân để gửi kèm tệp."), details={"files": "login"}
        )
    if len(uploads) > MAX_PETITION_FILES:
        raise ValidationFailed(
            _("Gửi kèm tối đa %(n)s tệp.") % {"n": MAX_PETITION_FILES},
            details={"files": "too_many"},
        )
    phone = clean_phone(phone)
    email = (email or "").strip()
    if not phone and not email:
        raise ValidationFailed(
            _("Cần có số điện thoại hoặc thư điện tử để nhận trả lời."),
            details={"phone": "missing"},
        )
    dossier = None
    if dossier_code:
        dossier = (
            Dossier.objects.with_scopes_disabled()  # reviewed: a reference, shown to staff only
            .filter(code=dossier_code.strip())
            .first()
        )
    now = clock.now()
    with transaction.atomic(durable=True):
        petition = Petition.objects.create(
            code=_new_code(now),
            agency=target,
            category=category,
            status=PetitionStatus.RECEIVED,
            subject=subject[:255],
            content=content[:8000],
            submitter_name=name[:255],
            submitter_phone=phone,
            submitter_email=email,
            submitter_address=text.nfc(address or "")[:500],
            citizen=citizen if getattr(citizen, "is_authenticated", False) else None,
            dossier=dossier,
            received_at=now,
            due_at=_due(now, lifecycle.STAGE_LIMIT_DAYS[PetitionStatus.RECEIVED], target),
        )
        papers = files.claim(files.upload_all(uploads, actor=citizen), actor=citizen)
        files.attach(papers, petition, role=Role.PETITION, actor=citizen, now=now)
        audit.record(
            "petition.submit",
            actor=citizen,
            agency=target,
            target=petition,
            after={"status": petition.status},
            data={"file_ids": [d.pk for d in papers]} if papers else None,
        )
    return petition


def petition_files(petition: Petition) -> list[Any]:
    """The files sent with a petition (for the staff handling it and for its sender)."""
    return [a.document for a in files.attachments_of(petition).filter(role=Role.PETITION)]


def act(petition: Petition, action: str, *, actor: Any, **inputs: Any) -> Petition:
    """One staff action on a petition: the policy, the lifecycle row and its legal limit,
    the change, the event (with whether it was on time) and the sender's message."""
    try:
        action = Action(action)
    except ValueError:
        raise NotFound(_("Không có thao tác %(a)s.") % {"a": action}) from None
    if action == Action.SUBMIT:
        raise NotFound(_("Không có thao tác %(a)s.") % {"a": action})
    require(actor, f"feedback.{action}", petition)
    with transaction.atomic(durable=True):
        petition = Petition.objects.with_scopes_disabled().select_for_update().get(pk=petition.pk)
        row = lifecycle.transition(petition.status, action)
        now = clock.now()
        start = lifecycle.stage_start(petition)
        deadline = _due(start, row.limit_days, petition.agency)
        before = {"status": petition.status, "agency": petition.agency.code}
        given = validated(row.schema, inputs)
        note = _APPLY[action](petition, now=now, actor=actor, **given.model_dump())
        petition.status = row.target
        petition.handler = actor
        petition.due_at = _due(
            lifecycle.stage_start(petition),
            lifecycle.STAGE_LIMIT_DAYS[row.target],
            petition.agency,
        )
        petition.save()
        on_time = deadline is None or now <= deadline
        audit.record(
            f"petition.{action}",
            actor=actor,
            agency=actor.agency,
            target=petition,
            before=before,
            after={"status": petition.status, "agency": petition.agency.code},
            data={
                "note": note,
                "on_time": on_time,
                "deadline": deadline.isoformat() if deadline else None,
            },
        )
        _tell_sender(petition, action, note)
    return petition


def _reason(value: Any, what: str) -> str:
    cleaned = (str(value or "")).strip()
    if not cleaned:
        raise ValidationFailed(
            _("Cần nhập %(what)s.") % {"what": what}, details={"reason": "missing"}
        )
    return cleaned[:8000]


def _classify(petition: Petition, *, now, actor, category: Any = None, **_inputs) -> str:
    category = category or petition.category
    if category not in PetitionCategory.values:
        raise ValidationFailed(
            _("Chọn phân loại phản ánh, kiến nghị."), details={"category": category}
        )
    petition.category = category
    return text.in_site_language(PetitionCategory(category).label)


def _forward(
    petition: Petition, *, now, actor, to_agency: Any = None, reason: Any = "", **_i
) -> str:
    target = Agency.objects.filter(code=str(to_agency or "").strip()).first()
    if target is None or target.pk == petition.agency_id:
        raise ValidationFailed(
            _("Chọn cơ quan có thẩm quyền khác để chuyển đến."), details={"to_agency": to_agency}
        )
    petition.forwarded_to = target
    petition.forwarded_at = now
    petition.agency = target
    petition.info_received_at = None
    with translation.override(settings.LANGUAGE_CODE):
        return _("Chuyển đến %(agency)s. %(reason)s") % {
            "agency": target.name,
            "reason": str(reason or "").strip(),
        }


def _reject(petition: Petition, *, now, actor, reason: Any = "", **_i) -> str:
    petition.reason = _reason(reason, _("lý do từ chối"))
    petition.rejected_at = now
    return petition.reason


def _request_info(petition: Petition, *, now, actor, reason: Any = "", **_i) -> str:
    petition.reason = _reason(reason, _("nội dung cần bổ sung"))
    petition.info_requested_at = now
    return petition.reason


def _info_received(petition: Petition, *, now, actor, note: Any = "", **_i) -> str:
    info = _reason(note, _("thông tin bổ sung đã nhận"))
    petition.additional_info = (petition.additional_info + "\n\n" + info).strip()
    petition.info_received_at = now  # the 15 working days to answer start again (R9.5)
    return info


def _answer(petition: Petition, *, now, actor, answer: Any = "", **_i) -> str:
    petition.answer = _reason(answer, _("nội dung trả lời"))
    petition.answered_at = now
    return petition.answer[:500]


def _publish(petition: Petition, *, now, actor, **_i) -> str:
    petition.published_at = now
    return ""


_APPLY = {
    Action.CLASSIFY: _classify,
    Action.FORWARD: _forward,
    Action.REJECT: _reject,
    Action.REQUEST_INFO: _request_info,
    Action.INFO_RECEIVED: _info_received,
    Action.ANSWER: _answer,
    Action.PUBLISH: _publish,
}


def _tell_sender(petition: Petition, action: Action, note: str) -> None:
    """The sender hears when the petition is answered, refused or needs more from them."""
    with translation.override(settings.LANGUAGE_CODE):
        _queue_for_sender(petition, action, note)


def _queue_for_sender(petition: Petition, action: Action, note: str) -> None:
    lookup = f"{settings.SITE_URL}/phan-anh-kien-nghi/{petition.code}/"
    texts = {
        Action.ANSWER: (
            _("Trả lời phản ánh, kiến nghị %(code)s"),
            _("%(agency)s đã trả lời phản ánh, kiến nghị %(code)s: %(note)s"),
        ),
        Action.REJECT: (
            _("Phản ánh, kiến nghị %(code)s không được tiếp nhận"),
            _("Phản ánh, kiến nghị %(code)s không được tiếp nhận. Lý do: %(note)s"),
        ),
        Action.REQUEST_INFO: (
            _("Đề nghị bổ sung thông tin phản ánh, kiến nghị %(code)s"),
            _(
                "%(agency)s đề nghị ông/bà bổ sung thông tin cho phản ánh, kiến nghị "
                "%(code)s: %(note)s"
            ),
        ),
        Action.PUBLISH: (
            _("Công khai trả lời phản ánh, kiến nghị %(code)s"),
            _("Câu trả lời phản ánh, kiến nghị %(code)s đã được công khai: %(link)s"),
        ),
    }
    if action not in texts:
        return
    values = {
        "code": petition.code,
        "agency": petition.agency.short_name or petition.agency.name,
        "note": note[:300],
        "link": lookup,
    }
    subject, body = (t % values for t in texts[action])
    common = {"body": body, "target": petition, "agency": petition.agency}
    if petition.submitter_phone:
        queue_message(channel="sms", recipient=petition.submitter_phone, **common)
    if petition.submitter_email:
        queue_message(
            channel="email", recipient=petition.submitter_email, subject=subject, **common
        )
    if petition.citizen_id:
        queue_message(
            channel="inbox", recipient="", subject=subject, user=petition.citizen, **common
        )


def vote(petition: Petition, *, voter: str, liked: bool) -> Petition:
    """Thích / không thích a published answer (R9.6): once per voter; a second vote by the
    same voter changes nothing."""
    if petition.status != PetitionStatus.PUBLISHED:
        raise Conflict(_("Chỉ bình chọn được câu trả lời đã công khai."))
    with transaction.atomic(durable=True):
        try:
            with transaction.atomic():
                PetitionVote.objects.create(petition=petition, voter=voter[:64], liked=bool(liked))
        except IntegrityError:
            raise Conflict(_("Bạn đã bình chọn câu trả lời này."), code="already_voted") from None
        counter = "likes" if liked else "dislikes"
        Petition.objects.with_scopes_disabled().filter(pk=petition.pk).update(
            **{counter: F(counter) + 1}
        )
    petition.refresh_from_db(fields=["likes", "dislikes"])
    return petition


def has_voted(petition: Petition, *, voter: str) -> bool:
    return PetitionVote.objects.filter(petition=petition, voter=voter[:64]).exists()
