"""A local eSMS.vn gateway speaking the real JSON protocol over HTTP, for the SMS channel tests.

It listens on 127.0.0.1 in a thread, checks the API and secret keys, records every request
body and answers like eSMS: ``{"CodeResult": "100", "SMSID": …}`` when it accepts. It can be
told to answer HTTP 500, to refuse with another CodeResult, to hang, to hold one request until
released, or be stopped (nothing listens) and started again on the same port."""

from __future__ import annotations

import json
import threading
import uuid
from typing import Any

from motcua.local_server import JsonHandler, LocalFake

SEND_PATH = "/MainService.svc/json/SendMultipleMessage_V4_post_json/"
API_KEY = "khoa-api-thu-nghiem"
SECRET_KEY = "khoa-bi-mat-thu-nghiem"

ACCEPT = "accept"
HTTP_500 = "http_500"
REJECT = "reject"
HANG = "hang"
HOLD = "hold"


class FakeEsmsGateway(LocalFake):
    def __init__(self) -> None:
        super().__init__(_Handler)
        self.mode = ACCEPT
        self.reject_code = "99"
        self.reject_message = "Lỗi không xác định từ nhà mạng"
        self.requests: list[dict[str, Any]] = []  # every request body, in order
        self.accepted: list[dict[str, Any]] = []  # those answered CodeResult 100
        self.content_types: list[str] = []
        self.arrived = threading.Event()  # HOLD: a request is being held
        self._release = threading.Event()

    @property
    def url(self) -> str:
        return self.address("")

    def stop(self) -> None:
        """Stop listening (connections to the port are now refused); a held or hanging
        request ends with it."""
        self._release.set()
        super().stop()
        self._release.clear()

    def release(self) -> None:
        """Let a held (or hanging) request go on."""
        self._release.set()

    def _record(self, payload: dict[str, Any], content_type: str) -> None:
        with self.lock:
            self.requests.append(payload)
            self.content_types.append(content_type)

    def _accept(self, payload: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            self.accepted.append(payload)
        return {"CodeResult": "100", "CountRegenerate": 0, "SMSID": str(uuid.uuid4())}


class _Handler(JsonHandler):
    server_version = "FakeESMS/1.0"

    def do_POST(self) -> None:
        gateway: FakeEsmsGateway = self.server.owner  # type: ignore[attr-defined]
        if self.path != SEND_PATH:
            self._answer(404, {"CodeResult": "404", "ErrorMessage": "Not found"})
            return
        length = int(self.headers.get("Content-Length") or 0)
        try:
            payload = json.loads(self.rfile.read(length).decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            self._answer(400, {"CodeResult": "400", "ErrorMessage": "Invalid JSON"})
            return
        gateway._record(payload, self.headers.get("Content-Type", ""))
        if gateway.mode == HANG:
            gateway._release.wait(timeout=10)
            return  # the client gave up long ago; close without an answer
        if gateway.mode == HTTP_500:
            self._answer(500, {"Message": "Internal Server Error"})
            return
        if payload.get("ApiKey") != API_KEY or payload.get("SecretKey") != SECRET_KEY:
            self._answer(200, {"CodeResult": "101", "ErrorMessage": "Authorize Failed"})
            return
        if gateway.mode == REJECT:
            self._answer(
                200, {"CodeResult": gateway.reject_code, "ErrorMessage": gateway.reject_message}
            )
            return
        if gateway.mode == HOLD:
            gateway.arrived.set()
            gateway._release.wait(timeout=10)
        self._answer(200, gateway._accept(payload))
