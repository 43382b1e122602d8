"""The admin index's alert on messages failed for good (thông báo gửi không thành công)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from motcua.notify.models import Message

register = template.Library()


@register.inclusion_tag("admin/notify/failed_alert.html", takes_context=True)
def failed_messages_alert(context: dict[str, Any]) -> dict[str, Any]:
    """How many messages in the user's agency scope nothing will resend, with a link to them."""
    request = context.get("request")
    if request is None or not request.user.has_perm("notify.view_message"):
        return {"failed": 0}
    failed = Message.objects.filter(status=Message.Status.FAILED).count()
    link = reverse("admin:notify_message_changelist") + "?status__exact=failed"
    return {"failed": failed, "link": link}
