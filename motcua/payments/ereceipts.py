"""Electronic fee receipts (biên lai điện tử thu phí, lệ phí) from a provider (VNPT, Viettel
style): an adapter interface, one HTTP adapter, and delivery through the exchange outbox.

Off by default: without ``ERECEIPT_URL`` nothing is sent and the messages wait (CONTRACT v1.1:
nothing lost). Each paid payment queues one message in the transaction that records it; the
provider is asked to issue the receipt under the payment's reference (``key``), so a resend
answers the receipt already issued. The adapter protocol (JSON over HTTP, basic auth):
``POST {ERECEIPT_URL}/issue {"key", "seller", "buyer", "items": [{"name", "amount"}],
"total", "paid_at", "method"}`` → ``{"errorCode": 0, "receiptNo", "lookupCode"}``."""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings

from motcua.exchange import outbox
from motcua.exchange.models import Message as Outbound
from motcua.payments.models import Payment

SYSTEM = "ereceipt"


class ProviderError(Exception):
    pass


class Provider(Protocol):
    """What an e-receipt provider adapter does: issue one receipt, idempotent by ``key``."""

    def issue(self, receipt: dict[str, Any]) -> str:
        """Answer the provider's receipt number; raise :class:`ProviderError` if not issued."""


@dataclass(frozen=True)
class HttpProvider:
    url: str
    username: str
    password: str
    timeout: float = 20.0

    def issue(self, receipt: dict[str, Any]) -> str:
        token = base64.b64encode(f"{self.username}:{self.password}".encode()).decode()
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked by provider()
            self.url.rstrip("/") + "/issue",
            data=json.dumps(receipt, ensure_ascii=False).encode("utf-8"),
            headers={"Content-Type": "application/json", "Authorization": f"Basic {token}"},
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                body = json.loads(response.read().decode("utf-8"))
        except urllib.error.HTTPError as error:
            raise ProviderError(f"HTTP {error.code}") from error
        except (OSError, ValueError) as error:
            raise ProviderError(str(error)) from error
        if not isinstance(body, dict) or body.get("errorCode") != 0 or not body.get("receiptNo"):
            raise ProviderError(str(body)[:500])
        return str(body["receiptNo"])


def provider() -> Provider | None:
    """The configured provider, or None (the feature is off)."""
    url = settings.ERECEIPT_URL
    if not url.startswith(("http://", "https://")):
        return None
    return HttpProvider(url, settings.ERECEIPT_USERNAME, settings.ERECEIPT_PASSWORD)


def queue(payment: Payment) -> None:
    """Owe the payment's e-receipt, in the caller's transaction."""
    dossier = payment.dossier
    outbox.queue(
        SYSTEM,
        key=payment.reference,
        label=dossier.code,
        agency_id=payment.agency_id,
        payload={
            "key": payment.reference,
            "seller": {"code": dossier.agency.code, "name": dossier.agency.name},
            "buyer": {"name": dossier.applicant_name, "id_number": dossier.applicant_id_number},
            "items": [{"name": f"Phí, lệ phí hồ sơ {dossier.code}", "amount": payment.amount_vnd}],
            "total": payment.amount_vnd,
            "paid_at": payment.paid_at.isoformat() if payment.paid_at else "",
            "method": payment.method,
        },
    )


def forget_buyers(references: list[str]) -> None:
    """Blank the buyer of the e-receipts owed or issued for these payments."""
    for message in Outbound.objects.filter(system=SYSTEM, key__in=references):
        message.payload = {**message.payload, "buyer": {"name": "", "id_number": ""}}
        message.save(update_fields=["payload"])


@dataclass
class Delivered:
    sent: int = 0
    failed: int = 0

    def __str__(self) -> str:
        return f"e-receipts sent {self.sent}, failed {self.failed}"


def deliver_due(adapter: Provider | None = None, batch: int = 100) -> Delivered:
    """Issue the receipts owed; each failure waits out the outbox back-off and stays queued."""
    adapter = adapter or provider()
    done = Delivered()
    if adapter is None:
        return done
    while True:
        taken = outbox.claim(SYSTEM, limit=batch)
        if not taken.keys:
            return done
        for key, messages in taken.messages.items():
            try:
                number = adapter.issue(messages[-1].payload)
            except ProviderError as error:
                outbox.record_failed(taken, [key], code="provider", error=str(error))
                done.failed += 1
                continue
            Payment.objects.filter(reference=key).update(e_receipt=number[:64])
            outbox.record_sent(taken, [key], answer=number)
            done.sent += 1
