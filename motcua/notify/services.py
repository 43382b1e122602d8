"""The outbox service (hộp thư đi): queue a message in the caller's transaction, deliver it after
commit, retry with back-off, and sweep up whatever a down gateway or a crashed worker left.

How a message is never sent twice
---------------------------------
Sending is a network call of up to tens of seconds, so no database lock is held during it (a
held row lock would also hold SQLite's single write lock). Instead :func:`deliver` works in
three steps:

1. **Claim**, in a short transaction with the row locked (``select_for_update``): only a
   *pending* message whose ``next_attempt_at`` has come is taken; the claim adds one to
   ``attempts`` and moves ``next_attempt_at`` to ``now + CLAIM_LEASE``. A second worker that
   comes for the same message, now or a moment later, finds it not yet due and does nothing.
2. **Send** through the channel, with no transaction open.
3. **Record**, in a second short locked transaction, only if the row still carries our claim
   (still pending, ``attempts`` unchanged): sent, or the error and the next attempt time.

If a worker dies between 1 and 3 the lease runs out and the sweeper takes the message again,
so nothing is lost. Every channel call has a timeout far shorter than the lease, so a living
worker always records its outcome before anybody else may claim; were a claim ever taken over
anyway, the SMS gateway still recognises the repeated ``RequestId`` (the message id)."""

from __future__ import annotations

import logging
import unicodedata
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django_tasks_db import DatabaseBackend

from motcua import clock, text
from motcua.audit import record
from motcua.errors import Conflict, NotFound, ValidationFailed
from motcua.notify.channels import DeliveryError, channel_for
from motcua.notify.models import Message

if TYPE_CHECKING:
    from motcua.agencies.models import Agency

logger = logging.getLogger(__name__)

# Waits after the 1st, 2nd, … failed attempt; the attempt after the last wait is the final one.
BACKOFF = (
    timedelta(minutes=1),
    timedelta(minutes=5),
    timedelta(minutes=15),
    timedelta(minutes=60),
    timedelta(minutes=240),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
# How long a worker's claim on a message lasts: far above the channels' own timeouts (SMS
# SMS_TIMEOUT_SECONDS, e-mail EMAIL_TIMEOUT or 30 s).
CLAIM_LEASE = timedelta(minutes=5)
SWEEP_LIMIT = 100

DEFAULT_EMAIL_SUBJECT = "Thông báo từ Bộ phận Một cửa"
EMAIL_MAX_LENGTH = 254  # RFC 5321 path limit, and the column's width
SUBJECT_MAX_LENGTH = 255
LAST_ERROR_MAX_LENGTH = 2000


def normalize_phone(value: str) -> str:
    """A mobile number in national form ``0xxxxxxxxx``: spaces, dots and dashes dropped, a
    ``+84`` / ``84`` country prefix turned into ``0``. Anything else is refused."""
    digits = text.phone_digits(value)
    if not text.NATIONAL_PHONE.match(digits):
        raise ValidationFailed(
            _(
                "Số điện thoại “%(value)s” không hợp lệ: cần 10 hoặc 11 chữ số, bắt đầu bằng 0 "
                "(hoặc +84)."
            )
            % {"value": value},
            details={"recipient": value},
        )
    return digits


def normalize_email(value: str) -> str:
    """An e-mail address as Django's validator accepts it; anything else is refused."""
    address = text.nfc(value or "")
    try:
        if len(address) > EMAIL_MAX_LENGTH:
            raise ValidationError("too long")
        validate_email(address)
    except ValidationError as error:
        raise ValidationFailed(
            _("Địa chỉ thư điện tử “%(value)s” không hợp lệ.") % {"value": value},
            details={"recipient": value},
        ) from error
    return address


def queue_message(
    *,
    channel: str,
    recipient: str,
    body: str,
    subject: str = "",
    target: Any = None,
    agency: Agency | None = None,
    user: Any = None,
    expires_at: datetime | None = None,
) -> Message:
    """Xếp thông báo vào hộp thư đi: write the message in the caller's transaction and enqueue
    its delivery when that transaction commits, so a rolled-back action leaves no message and
    sends nothing.

    ``recipient`` is an e-mail address (``email``), a phone number (``sms``, normalised to
    0xxxxxxxxx) or may stay empty for the portal inbox (``inbox``), which needs ``user``.
    ``expires_at`` stops delivery after that instant (one-time codes)."""
    if channel not in Message.Channel.values:
        allowed = ", ".join(Message.Channel.values)
        raise ValidationFailed(
            _("Kênh gửi “%(channel)s” không hợp lệ (cho phép: %(allowed)s).")
            % {"channel": channel, "allowed": allowed}
        )
    body = unicodedata.normalize("NFC", body or "").strip()
    if not body:
        raise ValidationFailed(_("Nội dung thông báo không được để trống."))
    subject = text.nfc(subject or "")
    if len(subject) > SUBJECT_MAX_LENGTH:
        raise ValidationFailed(
            _("Tiêu đề thông báo dài quá %(n)s ký tự.") % {"n": SUBJECT_MAX_LENGTH}
        )
    if channel == Message.Channel.SMS:
        recipient = normalize_phone(recipient)
    elif channel == Message.Channel.EMAIL:
        recipient = normalize_email(recipient)
        subject = subject or DEFAULT_EMAIL_SUBJECT
    else:
        if user is None:
            raise ValidationFailed(_("Tin trên Cổng dịch vụ công cần có tài khoản người nhận."))
        recipient = text.nfc(recipient or "")[:EMAIL_MAX_LENGTH] or user.get_username()
    if target is not None and target.pk is None:
        raise ValueError("queue_message: save the target before notifying about it")

    message = Message.objects.create(
        channel=channel,
        recipient=recipient,
        subject=subject,
        body=body,
        expires_at=expires_at,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        agency=agency,
        user=user,
    )
    _enqueue_after_commit(message.pk)
    return message


def forget_about(target: Any) -> int:
    """Blank who every message about ``target`` went to and what it said (Decree 13/2023: the
    personal data goes once its purpose has ended); the rows stay, with their channel, times
    and outcome. Answer how many."""
    return Message.objects.filter(
        target_type=target._meta.label_lower, target_id=str(target.pk)
    ).update(recipient="", subject="", body="")


def deliver(message_id: int) -> Message:
    """Gửi một thông báo: send it if it is pending and due, and record the outcome.

    Safe to call any number of times from any number of workers (see the module docstring): a
    sent, failed, not-yet-due or claimed message is returned untouched."""
    message, claimed = _claim(message_id)
    if not claimed:
        return message
    attempt = message.attempts
    try:
        provider_id = channel_for(message.channel).send(message)
    except DeliveryError as error:
        logger.info("Thông báo %s chưa gửi được (lần %s): %s", message.pk, attempt, error)
        return _record(message_id, attempt, error=str(error))
    except Exception as error:
        # A bug in an adapter is recorded like a refusal: it backs off and shows in the admin
        # instead of hiding in the task log while the claim runs out again and again.
        logger.exception("Thông báo %s: lỗi không mong đợi khi gửi", message.pk)
        return _record(message_id, attempt, error=f"Lỗi không mong đợi khi gửi: {error!r}")
    return _record(message_id, attempt, provider_id=provider_id)


def send_due_messages(*, limit: int = SWEEP_LIMIT) -> int:
    """Gửi các thông báo đến hạn: deliver up to ``limit`` pending messages whose time has come,
    oldest due first, and answer how many of them are sent.

    The sweeper behind the tasks: it picks up messages whose task was lost (a crash between
    commit and enqueue), retries on a backend that cannot defer tasks, and takes over claims
    whose worker died."""
    due_ids = list(
        _outbox()
        .filter(status=Message.Status.PENDING, next_attempt_at__lte=clock.now())
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    sent = 0
    for message_id in due_ids:
        try:
            message = deliver(message_id)
        except NotFound:  # deleted meanwhile (its account was removed)
            continue
        if message.status == Message.Status.SENT:
            sent += 1
    return sent


def retry_message(message: Message, *, actor: Any) -> Message:
    """Gửi lại: put a failed message back in the queue now, for a fresh round of attempts."""
    with transaction.atomic():
        message = _locked(message.pk)
        if message.status != Message.Status.FAILED:
            raise Conflict(_("Chỉ gửi lại được thông báo gửi không thành công."))
        now = clock.now()
        if message.expires_at is not None and message.expires_at <= now:
            raise Conflict(_("Thông báo đã quá hạn gửi, không gửi lại được."))
        before = {"status": message.status, "attempts": message.attempts}
        message.status = Message.Status.PENDING
        message.attempts = 0
        message.next_attempt_at = now
        message.save(update_fields=["status", "attempts", "next_attempt_at"])
        record(
            "notify.message_retried",
            actor=actor,
            agency=message.agency,
            target=message,
            before=before,
            after={"status": message.status, "last_error": message.last_error},
        )
        _enqueue_after_commit(message.pk)
    return message


def _outbox() -> QuerySet[Message]:
    """Every message, whatever agency scope the caller is in. Delivery is the system's work for
    all agencies (and for messages of none, like one-time codes), not a staff user's view, so
    this is one of the few reviewed places that read past the scope."""
    return Message.objects.with_scopes_disabled().all()


def _locked(message_id: int) -> Message:
    try:
        return _outbox().select_for_update().get(pk=message_id)
    except Message.DoesNotExist as error:
        raise NotFound(_("Không có thông báo số %(id)s.") % {"id": message_id}) from error


def _enqueue_after_commit(message_id: int) -> None:
    """Ask the worker to send the message once it is committed. The database queue is a table
    of this database, so its row is written now and commits (or rolls back) with the message:
    one commit for both. Another backend (the immediate one runs the task at once) is asked
    after the commit, robustly: if that fails the action stands and the sweeper sends it."""
    # tasks.py imports this module; the import is here to keep that direction.
    from motcua.notify.tasks import deliver_message, enqueue_delivery

    if isinstance(deliver_message.get_backend(), DatabaseBackend):
        enqueue_delivery(message_id)
    else:
        transaction.on_commit(lambda: enqueue_delivery(message_id), robust=True)


def _claim(message_id: int) -> tuple[Message, bool]:
    """Take the message for one attempt, or answer why not (step 1 of the module docstring)."""
    now = clock.now()
    with transaction.atomic():
        message = _locked(message_id)
        if message.status != Message.Status.PENDING or message.next_attempt_at > now:
            return message, False
        if message.expires_at is not None and message.expires_at <= now:
            _give_up(message, "Tin đã quá hạn gửi, không gửi nữa.")
            return message, False
        if message.attempts >= MAX_ATTEMPTS:
            # Only reachable when the last attempts ended without an outcome (the worker died
            # mid-send): stop here instead of claiming again forever.
            _give_up(message, f"Đã thử gửi {message.attempts} lần; lần cuối bị gián đoạn.")
            return message, False
        message.attempts += 1
        message.next_attempt_at = now + CLAIM_LEASE
        message.save(update_fields=["attempts", "next_attempt_at"])
    return message, True


def _record(
    message_id: int, attempt: int, *, provider_id: str = "", error: str | None = None
) -> Message:
    """Write the outcome of our attempt, unless the claim was taken over (step 3)."""
    now = clock.now()
    with transaction.atomic():
        message = _locked(message_id)
        if message.status != Message.Status.PENDING or message.attempts != attempt:
            logger.warning(
                "Thông báo %s: lần gửi %s kết thúc sau khi hết hạn giữ tin; giữ kết quả hiện có.",
                message_id,
                attempt,
            )
            return message
        if error is None:
            message.status = Message.Status.SENT
            message.sent_at = now
            message.provider_message_id = provider_id[:128]
            message.last_error = ""
            message.save(update_fields=["status", "sent_at", "provider_message_id", "last_error"])
            return message
        message.last_error = error[:LAST_ERROR_MAX_LENGTH]
        if attempt >= MAX_ATTEMPTS:
            message.status = Message.Status.FAILED
        else:
            message.next_attempt_at = now + BACKOFF[attempt - 1]
        message.save(update_fields=["last_error", "status", "next_attempt_at"])
    return message


def _give_up(message: Message, reason: str) -> None:
    message.status = Message.Status.FAILED
    message.last_error = reason
    message.save(update_fields=["status", "last_error"])
