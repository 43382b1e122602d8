"""The national portal's data-sharing gateway (Cổng DVCQG qua LGSP/NDXP): a client of its JSON
protocol (CONTRACT v1.1 "National portal (DVCQG)").

``POST DVCQG_AUTH_URL {"username", "password"}`` answers a session; every call is
``POST DVCQG_URL {"session", "madonvi", "service", …}`` and answers ``{"error_code", "message"}``
(``"0"``/``"00"`` success). A refused session (HTTP 401, or ``error_code`` ``"401"``/``"-401"``)
is answered by logging in again, once per call. ``"3"``/``"-3"`` to ``DongBoHoSoMC`` means "already
exists": the same dossiers go again as an update. An HTTP error, a time-out, an unreadable
answer or any other code raises :class:`GatewayError`; the caller keeps its messages queued."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from dataclasses import dataclass
from typing import Any

from django.conf import settings

SUCCESS = frozenset({"0", "00"})
ALREADY_EXISTS = frozenset({"3", "-3"})
SESSION_REFUSED = frozenset({"401", "-401"})
UNAVAILABLE = "unavailable"  # our code for "no answer": HTTP error, time-out, refused connection

SYNC_DOSSIERS = "DongBoHoSoMC"
UPDATE_PROGRESS = "CapNhatTienDoHoSoMC"
LOOK_UP = "TraCuuHoSo"


class GatewayError(Exception):
    """The gateway did not take the call. ``code`` is its ``error_code`` or ``unavailable``."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message

    @property
    def unavailable(self) -> bool:
        return self.code == UNAVAILABLE


@dataclass(frozen=True)
class Config:
    auth_url: str
    url: str
    username: str
    password: str
    madonvi: str
    timeout: float = 30.0


def config() -> Config | None:
    """The gateway's settings, or None when they are not all set (the sync is then off)."""
    values = {
        "auth_url": settings.DVCQG_AUTH_URL,
        "url": settings.DVCQG_URL,
        "username": settings.DVCQG_USERNAME,
        "password": settings.DVCQG_PASSWORD,
        "madonvi": settings.DVCQG_MADONVI,
    }
    if not all(values.values()):
        return None
    return Config(**values, timeout=settings.DVCQG_TIMEOUT_SECONDS)


def missing_settings() -> list[str]:
    """Names of the DVCQG_* variables still unset (for the admin screen)."""
    names = ["DVCQG_AUTH_URL", "DVCQG_URL", "DVCQG_USERNAME", "DVCQG_PASSWORD", "DVCQG_MADONVI"]
    return [name for name in names if not getattr(settings, name, "")]


@dataclass
class Answer:
    code: str
    message: str
    body: dict[str, Any]


class Client:
    """One conversation with the gateway; keeps its session between calls."""

    def __init__(self, config: Config) -> None:
        self.config = config
        self.session = ""
        self.logins = 0

    def login(self) -> str:
        body = _post(
            self.config.auth_url,
            {"username": self.config.username, "password": self.config.password},
            self.config.timeout,
        )
        code = str(body.get("error_code", ""))
        session = str(body.get("session") or "")
        if code not in SUCCESS or not session:
            raise GatewayError(code or "login", str(body.get("message") or "Đăng nhập thất bại"))
        self.session = session
        self.logins += 1
        return session

    def call(self, service: str, **fields: Any) -> Answer:
        """One service call; a refused session gets one new login and one more try."""
        for attempt in (1, 2):
            if not self.session:
                self.login()
            payload = {
                "session": self.session,
                "madonvi": self.config.madonvi,
                "service": service,
                **fields,
            }
            try:
                body = _post(self.config.url, payload, self.config.timeout)
            except _SessionRefused:
                body = {"error_code": "401", "message": "HTTP 401"}
            answer = Answer(str(body.get("error_code", "")), str(body.get("message") or ""), body)
            if answer.code in SESSION_REFUSED and attempt == 1:
                self.session = ""
                continue
            return answer
        raise AssertionError("unreachable")  # pragma: no cover

    def sync_dossiers(self, records: list[dict[str, Any]], *, updating: bool) -> Answer:
        """``DongBoHoSoMC``; a first sending answered "already exists" goes again as an update.
        Raises :class:`GatewayError` unless the gateway took them."""
        answer = self.call(SYNC_DOSSIERS, isUpdating="True" if updating else "False", data=records)
        if answer.code in ALREADY_EXISTS and not updating:
            answer = self.call(SYNC_DOSSIERS, isUpdating="True", data=records)
        return _taken(answer)

    def update_progress(self, rows: list[dict[str, Any]]) -> Answer:
        """``CapNhatTienDoHoSoMC``: one row per recorded step."""
        return _taken(self.call(UPDATE_PROGRESS, data=rows))

    def look_up(self, ma_ho_so: str) -> dict[str, Any] | None:
        """``TraCuuHoSo``: the dossier as DVCQG has it, or None when it does not."""
        answer = _taken(self.call(LOOK_UP, mahoso=ma_ho_so))
        result = answer.body.get("result")
        if isinstance(result, list):
            result = result[0] if result else None
        return result if isinstance(result, dict) else None


def _taken(answer: Answer) -> Answer:
    if answer.code not in SUCCESS:
        raise GatewayError(answer.code or "?", answer.message or "Cổng DVCQG từ chối")
    return answer


class _SessionRefused(Exception):
    pass


def _post(url: str, payload: dict[str, Any], timeout: float) -> dict[str, Any]:
    if not url.startswith(("http://", "https://")):
        raise GatewayError(UNAVAILABLE, f"Địa chỉ Cổng DVCQG không hợp lệ: {url}")
    request = urllib.request.Request(  # noqa: S310 - the scheme is checked above
        url,
        data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json; charset=utf-8", "Accept": "application/json"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            raw = response.read()
    except urllib.error.HTTPError as error:
        if error.code == 401:
            raise _SessionRefused from error
        raise GatewayError(UNAVAILABLE, f"Cổng DVCQG trả lỗi HTTP {error.code}") from error
    except TimeoutError as error:
        raise GatewayError(
            UNAVAILABLE, "Cổng DVCQG không trả lời kịp (quá thời gian chờ)"
        ) from error
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise GatewayError(
                UNAVAILABLE, "Cổng DVCQG không trả lời kịp (quá thời gian chờ)"
            ) from error
        raise GatewayError(UNAVAILABLE, f"Không kết nối được Cổng DVCQG: {error.reason}") from error
    except OSError as error:
        raise GatewayError(UNAVAILABLE, f"Mất kết nối với Cổng DVCQG: {error}") from error
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise GatewayError(UNAVAILABLE, "Cổng DVCQG trả lời không phải JSON") from error
    if not isinstance(body, dict):
        raise GatewayError(UNAVAILABLE, "Cổng DVCQG trả lời không đúng định dạng")
    return body
