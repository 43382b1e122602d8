"""Background entry points (STYLE.md habit 14): while references are open the worker asks the
platform about them every few minutes (QUERY) and issues the e-receipts owed."""

from __future__ import annotations

import logging
from datetime import timedelta

from django_tasks import task

from motcua import clock
from motcua.payments import ereceipts, services
from motcua.payments.models import Payment

logger = logging.getLogger(__name__)

EVERY = timedelta(minutes=5)


@task()
def reconcile_payments() -> None:
    """One round; another in five minutes while a reference is still open."""
    logger.info("Đối soát thanh toán: %s", services.reconcile())
    logger.info("Biên lai điện tử: %s", ereceipts.deliver_due())
    if Payment.objects.filter(state=Payment.State.OPEN).exists():
        schedule()


def schedule() -> None:
    """Ask for a round in five minutes, unless one is already waiting (one chain is enough)."""
    if reconcile_payments.get_backend().supports_defer and not _waiting():
        reconcile_payments.using(run_after=clock.now() + EVERY).enqueue()


def _waiting() -> bool:
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - another backend
        return False
    path = reconcile_payments.module_path
    return DBTaskResult.objects.filter(task_path=path, status="READY").exists()
