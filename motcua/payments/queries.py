"""Reading payments, scoped to what the caller may see (STYLE.md §1.4)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from motcua.agencies.policy import require, visible_agency_ids
from motcua.agencies.roles import Role
from motcua.dossiers.models import Dossier, PaymentRequest
from motcua.payments.models import Mismatch, Payment


@dataclass(frozen=True)
class PaymentRow:
    """A payment as CONTRACT lists it under a dossier."""

    reference: str
    amount_vnd: int
    state: str
    paid_at: datetime | None
    channel: str


def payments_of(dossier: Dossier) -> list[PaymentRow]:
    """The dossier's payments; a fee paid before this app existed (or imported) is shown from
    its payment request, under its receipt number."""
    rows = [
        PaymentRow(p.reference, p.amount_vnd, p.state, p.paid_at, p.channel)
        for p in Payment.objects.filter(dossier=dossier).order_by("created_at", "id")
    ]
    covered = set(Payment.objects.filter(dossier=dossier).values_list("request_id", flat=True))
    for request in PaymentRequest.objects.filter(dossier=dossier, paid_at__isnull=False):
        if request.pk not in covered:
            channel = Payment.Channel.ONLINE if request.online else Payment.Channel.COUNTER
            rows.append(
                PaymentRow(
                    request.receipt or f"YC{request.pk}",
                    request.amount_vnd,
                    Payment.State.PAID,
                    request.paid_at,
                    channel,
                )
            )
    return rows


def open_link(dossier: Dossier) -> str:
    """The payment link of the dossier's open online payment, if any."""
    found = Payment.objects.filter(
        dossier=dossier, channel=Payment.Channel.ONLINE, state=Payment.State.OPEN
    ).first()
    return found.payment_url if found else ""


def payments_for(user: Any) -> QuerySet[Payment]:
    """Payments of the agencies the user may read."""
    return Payment.objects.filter(agency_id__in=visible_agency_ids(user))


def mismatches_for(user: Any, *, open_only: bool = True) -> QuerySet[Mismatch]:
    """Mismatches the user handles: their agency's; a supervisor also those of the agencies
    below and those of no agency (an unknown reference)."""
    require(user, "payments.view_mismatches")
    found = Mismatch.objects.select_related("payment__dossier", "message", "settled_by")
    if user.role == Role.SUPERVISOR:
        ids = visible_agency_ids(user)
        found = found.filter(agency_id__in=ids) | found.filter(agency__isnull=True)
    else:
        found = found.filter(agency_id=user.agency_id)
    if open_only:
        found = found.filter(settled_at__isnull=True)
    return found.order_by("-created_at", "-id")
