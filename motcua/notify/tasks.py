"""Background entry points of the outbox (STYLE.md habit 14): they take ids and call services."""

from __future__ import annotations

import logging
from datetime import datetime

from django_tasks import task

from motcua.errors import NotFound
from motcua.notify import services
from motcua.notify.models import Message

logger = logging.getLogger(__name__)


@task()
def deliver_message(message_id: int) -> None:
    """Gửi thông báo ``message_id``; while it is still pending, come back when it is next due."""
    try:
        message = services.deliver(message_id)
    except NotFound:
        logger.warning("Thông báo %s không còn trong hộp thư đi; bỏ qua.", message_id)
        return
    if message.status == Message.Status.PENDING:
        enqueue_delivery(message.pk, run_after=message.next_attempt_at)


def enqueue_delivery(message_id: int, *, run_after: datetime | None = None) -> bool:
    """Enqueue :func:`deliver_message`, at ``run_after`` if given. A backend that cannot defer
    (the immediate one of tests and small demos) gets no deferred task: the sweeper
    (``send_pending_messages``) retries instead. Answer whether a task was enqueued."""
    if run_after is None:
        deliver_message.enqueue(message_id)
        return True
    if not deliver_message.get_backend().supports_defer:
        return False
    deliver_message.using(run_after=run_after).enqueue(message_id)
    return True
