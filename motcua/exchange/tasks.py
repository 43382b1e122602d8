"""Background entry points of the outbound sync (STYLE.md habit 14): the worker (``db_worker``)
delivers the DVCQG messages continuously."""

from __future__ import annotations

import logging
from datetime import datetime

from django_tasks import task

from motcua.exchange import outbox, sync

logger = logging.getLogger(__name__)

KICK_EVERY_SECONDS = 2.0


@task()
def deliver_dvcqg() -> None:
    """Deliver what is due; while messages still wait, come back when the next one is due."""
    outcome = sync.deliver_due()
    logger.info("Đồng bộ DVCQG: %s", outcome)
    if outcome.pending:
        following = (
            outbox.pending(sync.SYSTEM)
            .order_by("next_attempt_at")
            .values_list("next_attempt_at", flat=True)
            .first()
        )
        _enqueue(following)


def _enqueue(run_after: datetime | None) -> None:
    if run_after is None:
        deliver_dvcqg.enqueue()
    elif deliver_dvcqg.get_backend().supports_defer and not _follow_up_waiting():
        deliver_dvcqg.using(run_after=run_after).enqueue()


def _follow_up_waiting() -> bool:
    """A deferred round is already queued on the database backend (one chain is enough)."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - another backend
        return False
    return DBTaskResult.objects.filter(task_path=deliver_dvcqg.module_path, status="READY").exists()


kick = outbox.Kicker(KICK_EVERY_SECONDS, _enqueue)
