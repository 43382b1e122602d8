"""Outbound sync to the national portal (đồng bộ hồ sơ lên Cổng DVCQG): take the dossiers whose
messages are due, build what DVCQG is to know about each (the builder is registered by the
dossiers app), send them in batches (``data[]`` carries many dossiers) and record the outcome.

Per batch: ``DongBoHoSoMC`` (first-time dossiers with ``isUpdating "False"``, the others
``"True"``), then ``CapNhatTienDoHoSoMC`` with the step rows of the messages. A refusal of a
batch is retried dossier by dossier, so one dossier DVCQG refuses does not hold the others; a
gateway that does not answer ends the round (its dossiers wait out a back-off)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from motcua.exchange import dvcqg, outbox
from motcua.exchange.dvcqg import Client, GatewayError
from motcua.exchange.models import Message

logger = logging.getLogger(__name__)

SYSTEM = "dvcqg"
BATCH = 100


@dataclass
class Bundle:
    """What one dossier's due messages become: its ``HoSo`` and its step rows, in order."""

    record: dict[str, Any] | None  # None: the dossier is gone; nothing to send
    rows: list[dict[str, Any]] = field(default_factory=list)


# keys and their claimed messages → a bundle per key (dossiers.national.build registers itself)
Builder = Callable[[dict[str, list[Message]]], dict[str, Bundle]]
_builder: list[Builder] = []


def register_builder(builder: Builder) -> None:
    _builder[:] = [builder]


@dataclass
class Outcome:
    sent: int = 0  # messages
    failed: int = 0
    pending: int = 0

    def __str__(self) -> str:
        return f"sent {self.sent}, failed {self.failed}, pending {self.pending}"


def queue(*, key: str, label: str, payload: dict[str, Any], agency_id: int | None) -> Message:
    """Queue a DVCQG message in the caller's transaction; the worker is asked after commit."""
    from django.db import transaction

    message = outbox.queue(SYSTEM, key=key, label=label, payload=payload, agency_id=agency_id)
    if dvcqg.config() is not None:
        transaction.on_commit(_kick, robust=True)
    return message


def _kick() -> None:
    from motcua.exchange.tasks import kick

    kick()


def deliver_due(*, retry_now: bool = False, batch: int = BATCH) -> Outcome:
    """Deliver every message due now (with ``retry_now`` also those waiting out a back-off).
    With the DVCQG settings unset nothing is sent: the messages wait."""
    config = dvcqg.config()
    outcome = Outcome()
    if config is not None and _builder:
        if retry_now:
            outbox.retry_now(SYSTEM)
        client = Client(config)
        while True:  # a failure waits out a back-off, so each key comes at most once
            taken = outbox.claim(SYSTEM, limit=batch)
            if not taken.keys:
                break
            sent, failed, stop = _deliver(client, taken)
            outcome.sent += sent
            outcome.failed += failed
            if stop:
                break
    outcome.pending = outbox.pending(SYSTEM).count()
    return outcome


def _deliver(client: Client, taken: outbox.Claim) -> tuple[int, int, bool]:
    """One batch: answer (messages sent, messages failed, whether the gateway is down)."""
    bundles = _builder[0](taken.messages)
    gone = [k for k in taken.keys if bundles.get(k) is None or bundles[k].record is None]
    known = _known_keys(taken.keys)
    failures: dict[str, GatewayError] = {}
    ok: list[str] = []
    try:
        for updating in (False, True):
            keys = [k for k in taken.keys if k not in gone and (k in known) == updating]
            done, failed = _send(
                keys,
                lambda ks, u=updating: client.sync_dossiers(
                    [bundles[k].record for k in ks], updating=u
                ),
            )
            ok += done
            failures.update(failed)
        with_rows = [k for k in ok if bundles[k].rows]
        done, failed = _send(
            with_rows,
            lambda ks: client.update_progress([r for k in ks for r in bundles[k].rows]),
        )
        ok = [k for k in ok if k not in failed]
        failures.update(failed)
    except GatewayError as down:
        logger.info("Cổng DVCQG không trả lời: %s", down)
        failing = [k for k in taken.keys if k not in gone]
        outbox.record_failed(taken, failing, code=down.code, error=down.message)
        outbox.record_sent(taken, gone, answer="Hồ sơ không còn trong hệ thống; không gửi.")
        return len(taken.ids(gone)), len(taken.ids(failing)), True
    sent = outbox.record_sent(taken, ok, answer="Cổng DVCQG đã nhận")
    sent += outbox.record_sent(taken, gone, answer="Hồ sơ không còn trong hệ thống; không gửi.")
    failed = 0
    for key, error in failures.items():
        failed += outbox.record_failed(taken, [key], code=error.code, error=error.message)
    return sent, failed, False


def _send(
    keys: list[str], call: Callable[[list[str]], Any]
) -> tuple[list[str], dict[str, GatewayError]]:
    """Send ``keys`` in one call; if refused, one by one. An unavailable gateway raises."""
    if not keys:
        return [], {}
    try:
        call(keys)
        return keys, {}
    except GatewayError as error:
        if error.unavailable:
            raise
        if len(keys) == 1:
            return [], {keys[0]: error}
    ok: list[str] = []
    failed: dict[str, GatewayError] = {}
    for key in keys:
        done, refused = _send([key], call)
        ok += done
        failed.update(refused)
    return ok, failed


def _known_keys(keys: list[str]) -> set[str]:
    """Dossiers DVCQG already has from us (some message of theirs went through)."""
    return set(
        Message.objects.filter(system=SYSTEM, key__in=keys, status=Message.Status.SENT)
        .values_list("key", flat=True)
        .distinct()
    )


def resend_failing(*, actor: Any, error_code: str | None = None) -> int:
    """Gửi lại: the failing DVCQG messages (all, or those of one error code) become due now,
    with their dossiers' later messages. Audited; answers how many dossiers."""
    from django.db import transaction

    from motcua import audit
    from motcua.agencies.policy import require

    require(actor, "exchange.manage_exchange")
    failing = outbox.pending(SYSTEM).exclude(last_error="")
    if error_code is not None:
        failing = failing.filter(error_code=error_code)
    with transaction.atomic():
        keys = list(failing.values_list("key", flat=True).distinct())
        messages = outbox.retry_now(SYSTEM, keys)
        audit.record(
            "exchange.resent",
            actor=actor,
            agency=getattr(actor, "agency", None),
            data={
                "system": SYSTEM,
                "error_code": error_code,
                "dossiers": len(keys),
                "messages": messages,
            },
        )
    return len(keys)
