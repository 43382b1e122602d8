"""Public status lookup (tra cứu hồ sơ) by code and phone: no account, no personal data.

A wrong code and a wrong phone give the same answer, so the endpoint cannot be used to find
out which codes exist; the name is masked; the history is in plain Vietnamese."""

from __future__ import annotations

import hmac
from typing import Any

from motcua import text
from motcua.dossiers.inputs import normalise_phone
from motcua.dossiers.lifecycle import ACTION_SENTENCES, NATIONAL_NAME
from motcua.dossiers.models import Dossier, Movement
from motcua.errors import NotFound

NOT_FOUND = "Không tìm thấy hồ sơ với mã và số điện thoại đã nhập."


def public_status(code: str, phone: str) -> dict[str, Any]:
    dossier = (
        Dossier.objects.with_scopes_disabled()  # reviewed: matched by code and phone below
        .select_related("procedure", "agency")
        .filter(code=(code or "").strip())
        .first()
    )
    given = normalise_phone(phone or "")
    stored = dossier.applicant_phone if dossier is not None else "0000000000"
    # Compare in constant time whatever happened above.
    if not hmac.compare_digest(given.encode(), stored.encode()) or dossier is None or not given:
        raise NotFound(NOT_FOUND)
    history = [
        {"at": m.at, "text": str(ACTION_SENTENCES.get(m.action, m.action))}
        for m in Movement.objects.filter(dossier=dossier).only("at", "action").order_by("at", "id")
    ]
    return {
        "code": dossier.code,
        "procedure": dossier.procedure.name,
        "agency": dossier.agency.name,
        "applicant": text.mask_name(dossier.applicant_name),
        "status_code": dossier.status_code,
        "status": NATIONAL_NAME[dossier.status_code],
        "received_at": dossier.received_at,
        "due_at": dossier.due_at,
        "finished_at": dossier.finished_at,
        "returned_at": dossier.returned_at,
        "history": history,
    }
