"""A local stand-in for an e-receipt provider (biên lai điện tử), speaking the adapter's protocol
over real HTTP (``payments/ereceipts.py``): for the tests and the demo. ``POST /issue`` with basic
auth issues one receipt per ``key`` (a resend answers the same number); ``down`` answers 503."""

from __future__ import annotations

import base64
import json
from http.server import BaseHTTPRequestHandler
from typing import Any

from motcua.local_server import LocalFake

USERNAME = "motcua"
PASSWORD = "bien-lai-thu-nghiem"  # noqa: S105 - the fake's own test account


class FakeEReceipts(LocalFake):
    def __init__(self) -> None:
        super().__init__(_Handler)
        self.down = False
        self.issued: dict[str, dict[str, Any]] = {}

    @property
    def url(self) -> str:
        return self.address("")

    def issue(self, body: dict[str, Any]) -> dict[str, Any]:
        key = str(body.get("key") or "")
        total = body.get("total")
        if not key or not isinstance(total, int) or total <= 0:
            return {"errorCode": 1, "message": "Thiếu key hoặc tổng tiền"}
        with self.lock:
            found = self.issued.get(key)
            if found is None:
                number = f"BLDT-{len(self.issued) + 1:07d}"
                found = self.issued[key] = {"receiptNo": number, "body": body}
        return {"errorCode": 0, "receiptNo": found["receiptNo"], "lookupCode": key}


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self) -> None:
        fake: FakeEReceipts = self.server.owner  # type: ignore[attr-defined]
        expected = base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        if fake.down:
            self._answer(503, {"errorCode": 503})
        elif self.headers.get("Authorization") != f"Basic {expected}":
            self._answer(401, {"errorCode": 401})
        elif self.path != "/issue":
            self._answer(404, {"errorCode": 404})
        else:
            try:
                body = json.loads(raw.decode("utf-8"))
            except (UnicodeDecodeError, json.JSONDecodeError):
                body = None
            answer = fake.issue(body) if isinstance(body, dict) else {"errorCode": 1}
            self._answer(200, answer)

    def _answer(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass
