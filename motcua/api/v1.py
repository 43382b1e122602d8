"""The public HTTP API, version 1 (CONTRACT.md). Routers per area; no rules live here."""

from __future__ import annotations

from motcua.api import errors
from motcua.api.openapi import DocumentedAPI
from motcua.api.rendering import LocalTimeRenderer
from motcua.api.routers import (
    audit,
    auth,
    calendar,
    documents,
    dossiers,
    dvcqg,
    payments,
    procedures,
    public,
    queue,
    review,
    slips,
)
from motcua.api.security import StaffToken

api = DocumentedAPI(
    title="MộtCửa API",
    version="1",
    description="API của hệ thống một cửa, một cửa liên thông (CONTRACT.md v1).",
    urls_namespace="api-v1",
    auth=StaffToken(),
    renderer=LocalTimeRenderer(),
)
errors.install(api)
api.add_router("/public", public.router)  # first: the lookup is the busiest route
api.add_router("/auth", auth.router)
api.add_router("/audit", audit.router)
api.add_router("/calendar", calendar.router)
api.add_router("/dvcqg", dvcqg.router)
api.add_router("", dossiers.router)
api.add_router("", documents.router)
api.add_router("", slips.router)
api.add_router("", payments.router)
api.add_router("", procedures.router)
api.add_router("", review.router)
api.add_router("", queue.router)
