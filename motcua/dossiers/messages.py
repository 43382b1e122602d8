"""What the citizen is told, and by which channel, after each action (Vietnamese texts).

Messages are written to the notification outbox in the action's own transaction; the worker
sends them after commit (notify app)."""

from __future__ import annotations

from django.conf import settings

from motcua import clock
from motcua.dossiers.lifecycle import BY_ACTION, Action
from motcua.notify.services import queue_message


def _when(instant) -> str:
    return clock.local(instant).strftime("%H:%M ngày %d/%m/%Y") if instant else "(không hẹn ngày)"


def _texts(dossier, action: str, data: dict) -> tuple[str, str] | None:
    """The subject and body of the notice the action's lifecycle row names, filled in."""
    notice = BY_ACTION[Action(action)].notice
    if notice is None:
        return None
    values = {
        "code": dossier.code,
        "agency": dossier.agency.short_name or dossier.agency.name,
        "handling_agency": dossier.handling_agency.name,
        "procedure": dossier.procedure.name,
        "due": _when(dossier.due_at),
        "lookup": f"{settings.SITE_URL}/tra-cuu?code={dossier.code}",
        "reason": data.get("reason", ""),
        "amount_text": data.get("amount_text", ""),
    }
    return notice.subject.format(**values), notice.body.format(**values)


def notify_applicant(dossier, action: str, data: dict) -> None:
    """Queue the SMS, e-mail and portal message that ``action`` owes the applicant."""
    texts = _texts(dossier, action, data)
    if texts is None:
        return
    subject, body = texts
    common = {"body": body, "target": dossier, "agency": dossier.agency}
    if dossier.applicant_phone:
        queue_message(channel="sms", recipient=dossier.applicant_phone, **common)
    if dossier.applicant_email:
        queue_message(channel="email", recipient=dossier.applicant_email, subject=subject, **common)
    if dossier.citizen_id:
        queue_message(
            channel="inbox", recipient="", subject=subject, user=dossier.citizen, **common
        )
