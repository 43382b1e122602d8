"""The id of the request being served, so every event of one request can be found together."""

from __future__ import annotations

from contextvars import ContextVar

request_id: ContextVar[str] = ContextVar("motcua_request_id", default="")
