"""Public status lookup (tra cứu hồ sơ) by code and phone: no account, no personal data.

A wrong code and a wrong phone give the same answer, so the endpoint cannot be used to find
out which codes exist; the name is masked; the history is in plain Vietnamese."""

from __future__ import annotations

import hmac
from typing import Any

from motcua import text
from motcua.dossiers.lifecycle import ACTION_SENTENCES, NATIONAL_NAME
from motcua.dossiers.models import Dossier, Movement
from motcua.errors import NotFound

NOT_FOUND = "Không tìm thấy hồ sơ với mã và số điện thoại đã nhập."


FIELDS = (
    "pk",
    "code",
    "applicant_phone",
    "applicant_name",
    "status_code",
    "received_at",
    "due_at",
    "finished_at",
    "returned_at",
    "procedure__name",
    "agency__name",
)


def public_status(code: str, phone: str) -> dict[str, Any]:
    row = (
        Dossier.objects.with_scopes_disabled()  # reviewed: matched by code and phone below
        .filter(code=(code or "").strip())
        .values(*FIELDS)
        .first()
    )
    given = text.phone_digits(phone or "")
    stored = row["applicant_phone"] if row is not None else "0000000000"
    # Compare in constant time whatever happened above.
    if not hmac.compare_digest(given.encode(), stored.encode()) or row is None or not given:
        raise NotFound(NOT_FOUND)
    history = [
        {"at": at, "text": str(ACTION_SENTENCES.get(action, action))}
        for at, action in Movement.objects.filter(dossier_id=row["pk"])
        .order_by("at", "id")
        .values_list("at", "action")
    ]
    return {
        "code": row["code"],
        "procedure": row["procedure__name"],
        "agency": row["agency__name"],
        "applicant": text.mask_name(row["applicant_name"]),
        "status_code": row["status_code"],
        "status": NATIONAL_NAME[row["status_code"]],
        "received_at": row["received_at"],
        "due_at": row["due_at"],
        "finished_at": row["finished_at"],
        "returned_at": row["returned_at"],
        "history": history,
    }
