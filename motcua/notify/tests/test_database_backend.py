"""The real task path: django-tasks-db stores the task in the action's transaction (it commits or
rolls back with the message) and db_worker runs it."""

from __future__ import annotations

import signal

import pytest
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from motcua.notify.models import Message
from motcua.notify.services import queue_message
from motcua.notify.tests.factories import outbox

pytestmark = pytest.mark.django_db(transaction=True)

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = DATABASE_TASKS


def run_worker_once() -> None:
    """``manage.py db_worker --batch``: run every ready task, then exit. The worker installs its
    own signal handlers; give the test process its own back."""
    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


class Refused(Exception):
    pass


def test_a_message_of_an_action_that_rolls_back_leaves_no_task(database_tasks):
    with pytest.raises(Refused), transaction.atomic():
        queue_message(channel="sms", recipient="0912345678", body="Hồ sơ đã có kết quả.")
        assert DBTaskResult.objects.count() == 1  # written with the message, one commit for both
        raise Refused

    assert not DBTaskResult.objects.exists()
    assert not outbox().exists()


def test_a_queued_email_is_stored_as_a_task_with_its_action_and_sent_by_the_worker(
    database_tasks, smtp_server
):
    with transaction.atomic():
        message = queue_message(
            channel="email",
            recipient="an@example.vn",
            subject="Tiếp nhận hồ sơ",
            body="Hồ sơ của ông/bà đã được tiếp nhận.",
        )

    task = DBTaskResult.objects.get()
    assert task.task_path == "motcua.notify.tasks.deliver_message"
    assert task.args_kwargs == {"args": [message.pk], "kwargs": {}}
    assert task.status == "READY"
    assert smtp_server.envelopes == []

    run_worker_once()

    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    assert outbox().get(pk=message.pk).status == Message.Status.SENT
    [received] = smtp_server.messages
    assert received["Subject"] == "Tiếp nhận hồ sơ"
    assert received.get_content().strip() == "Hồ sơ của ông/bà đã được tiếp nhận."


def test_a_failed_delivery_schedules_its_next_task_at_the_backoff_time(database_tasks, sms_gateway):
    sms_gateway.stop()
    message = queue_message(channel="sms", recipient="0912345678", body="Hồ sơ đã có kết quả.")

    run_worker_once()

    message = outbox().get(pk=message.pk)
    assert (message.status, message.attempts) == (Message.Status.PENDING, 1)
    retry = DBTaskResult.objects.get(status="READY")
    assert retry.args_kwargs == {"args": [message.pk], "kwargs": {}}
    assert retry.run_after == message.next_attempt_at

    run_worker_once()  # not due yet: the worker leaves it

    assert outbox().get(pk=message.pk).attempts == 1
    assert DBTaskResult.objects.get(pk=retry.pk).status == "READY"
