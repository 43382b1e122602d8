"""What the citizen is told, and by which channel, after each action (Vietnamese texts).

Messages are written to the notification outbox in the action's own transaction; the worker
sends them after commit (notify app)."""

from __future__ import annotations

from django.conf import settings

from motcua import clock
from motcua.dossiers.lifecycle import Action
from motcua.notify.services import queue_message


def _when(instant) -> str:
    return clock.local(instant).strftime("%H:%M ngày %d/%m/%Y") if instant else "(không hẹn ngày)"


def _texts(dossier, action: str, data: dict) -> tuple[str, str] | None:
    code = dossier.code
    lookup = f"{settings.SITE_URL}/tra-cuu?code={code}"
    if action in (Action.RECEIVE, Action.ACCEPT):
        return (
            f"Tiếp nhận hồ sơ {code}",
            f"{dossier.agency.short_name or dossier.agency.name} đã tiếp nhận hồ sơ {code} "
            f"({dossier.procedure.name}). Hẹn trả kết quả: {_when(dossier.due_at)}. "
            f"Tra cứu: {lookup}",
        )
    if action == Action.REJECT:
        return (
            f"Hồ sơ {code} không được tiếp nhận",
            f"Hồ sơ {code} không được tiếp nhận. Lý do: {data.get('reason', '')}",
        )
    if action == Action.REQUEST_SUPPLEMENT:
        return (
            f"Yêu cầu bổ sung hồ sơ {code}",
            f"Hồ sơ {code} cần bổ sung, hoàn thiện: {data.get('reason', '')}. "
            f"Thời hạn giải quyết được tính lại từ khi nhận đủ hồ sơ. Tra cứu: {lookup}",
        )
    if action == Action.REQUEST_PAYMENT:
        return (
            f"Thực hiện nghĩa vụ tài chính cho hồ sơ {code}",
            f"Hồ sơ {code}: đề nghị nộp {data.get('amount_text', '')} để tiếp tục giải quyết.",
        )
    if action == Action.APOLOGIZE:
        return (
            f"Xin lỗi và hẹn lại ngày trả kết quả hồ sơ {code}",
            f"{dossier.handling_agency.name} xin lỗi vì chưa trả kết quả hồ sơ {code} đúng hẹn. "
            f"Lý do: {data.get('reason', '')}. Hẹn lại: {_when(dossier.due_at)}.",
        )
    if action == Action.APPROVE:
        return (
            f"Hồ sơ {code} đã có kết quả",
            f"Hồ sơ {code} đã có kết quả. Mời ông/bà nhận kết quả tại "
            f"{dossier.agency.short_name or dossier.agency.name} hoặc theo hình thức đã đăng ký.",
        )
    if action == Action.REFUSE:
        return (
            f"Hồ sơ {code} không đủ điều kiện giải quyết",
            f"Hồ sơ {code} không đủ điều kiện giải quyết. Lý do: {data.get('reason', '')}. "
            "Mời ông/bà nhận văn bản trả lời tại Bộ phận Một cửa.",
        )
    return None


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
