"""A local stand-in for the national portal's gateway (Cổng DVCQG), speaking its JSON protocol
over real HTTP: for the test suite, the benchmark and the demo (``make dvcqg-fake``).

Login at ``/auth`` (``{"username", "password"}`` → ``{"error_code": 0, "session"}``), every
service at ``/api`` (``{"session", "madonvi", "service", …}``): ``DongBoHoSoMC`` keeps the
dossiers (a first sending of a known ``MaHoSo`` answers ``"-3"``, "already exists"; an update
replaces it), ``CapNhatTienDoHoSoMC`` keeps the step rows, ``TraCuuHoSo`` answers what it has.

Knobs (attributes, or ``POST /knobs`` JSON for the demo): ``down`` (HTTP 503 to everything),
``slow_seconds`` (wait before answering), ``expire_sessions()`` / ``expire_after_calls`` (the
session is refused, after that many more calls), ``already_there`` (codes it claims to have),
``refuse`` (``{MaHoSo: error_code}``: such a dossier is refused with that code)."""

from __future__ import annotations

import argparse
import json
import re
import time
import uuid
from typing import Any

from motcua.local_server import JsonHandler, LocalFake

USERNAME = "motcua"
PASSWORD = "mat-khau-thu-nghiem"  # noqa: S105 - the fake's own test account
MADONVI = "000.00.00.H99"
DATE = re.compile(r"^(\d{14})?$")
REQUIRED = ("MaHoSo", "MaTTHC", "TrangThaiHoSo", "NgayTiepNhan", "DonViXuLy")
DATES = ("NgayNopHoSo", "NgayTiepNhan", "NgayHenTra", "NgayKetThucXuLy", "NgayTra")


class FakeDvcqg(LocalFake):
    def __init__(
        self, *, username: str = USERNAME, password: str = PASSWORD, madonvi: str = MADONVI
    ) -> None:
        super().__init__(_Handler)
        self.username, self.password, self.madonvi = username, password, madonvi
        self.down = False
        self.slow_seconds = 0.0
        self.expire_after_calls: int | None = None
        self.already_there: set[str] = set()
        self.refuse: dict[str, str] = {}
        self.dossiers: dict[str, dict[str, Any]] = {}
        self.progress: list[dict[str, Any]] = []
        self.calls: list[dict[str, Any]] = []  # every service call taken, in order
        self.logins = 0
        self.sessions: set[str] = set()

    @property
    def auth_url(self) -> str:
        return self.address("/auth")

    @property
    def url(self) -> str:
        return self.address("/api")

    def expire_sessions(self) -> None:
        with self.lock:
            self.sessions.clear()

    def status_of(self, ma_ho_so: str) -> str | None:
        found = self.dossiers.get(ma_ho_so)
        return found["TrangThaiHoSo"] if found else None

    # --- the protocol ----------------------------------------------------------------------

    def login(self, body: dict[str, Any]) -> dict[str, Any]:
        if body.get("username") != self.username or body.get("password") != self.password:
            return {"error_code": -1, "message": "Sai tên đăng nhập hoặc mật khẩu"}
        session = uuid.uuid4().hex
        with self.lock:
            self.sessions.add(session)
            self.logins += 1
        return {"error_code": 0, "message": "Thành công", "session": session}

    def serve(self, body: dict[str, Any]) -> dict[str, Any]:
        with self.lock:
            if body.get("session") not in self.sessions:
                return {
                    "error_code": "401",
                    "message": "Phiên làm việc không hợp lệ hoặc đã hết hạn",
                }
            if self.expire_after_calls is not None:
                if self.expire_after_calls <= 0:
                    self.sessions.clear()
                    self.expire_after_calls = None
                    return {"error_code": "401", "message": "Phiên làm việc đã hết hạn"}
                self.expire_after_calls -= 1
            if body.get("madonvi") != self.madonvi:
                return {"error_code": "-2", "message": "Mã đơn vị không đúng"}
            service = body.get("service")
            handler = {
                "DongBoHoSoMC": self._sync,
                "CapNhatTienDoHoSoMC": self._progress,
                "TraCuuHoSo": self._look_up,
            }.get(service)
            if handler is None:
                return {"error_code": "-1", "message": f"Không có dịch vụ {service}"}
            answer = handler(body)
            if answer["error_code"] == "0":
                self.calls.append(body)
            return answer

    def _sync(self, body: dict[str, Any]) -> dict[str, Any]:
        records = body.get("data")
        if not isinstance(records, list) or not records:
            return {"error_code": "-1", "message": "Thiếu data"}
        for record in records:
            problem = _problem(record)
            if problem:
                return {"error_code": "-1", "message": problem}
            code = self.refuse.get(record["MaHoSo"])
            if code:
                return {"error_code": code, "message": f"Hồ sơ {record['MaHoSo']} bị từ chối"}
        updating = body.get("isUpdating") == "True"
        if not updating:
            known = [r["MaHoSo"] for r in records if self._known(r["MaHoSo"])]
            if known:
                return {"error_code": "-3", "message": f"Hồ sơ đã tồn tại: {', '.join(known)}"}
        for record in records:
            self.dossiers[record["MaHoSo"]] = record
        return {"error_code": "0", "message": "Đồng bộ thành công"}

    def _known(self, code: str) -> bool:
        return code in self.dossiers or code in self.already_there

    def _progress(self, body: dict[str, Any]) -> dict[str, Any]:
        rows = body.get("data")
        if not isinstance(rows, list) or not rows:
            return {"error_code": "-1", "message": "Thiếu data"}
        for row in rows:
            if not self._known(str(row.get("MaHoSo", ""))):
                return {"error_code": "-4", "message": f"Không có hồ sơ {row.get('MaHoSo')}"}
            if not DATE.match(str(row.get("ThoiDiemXuLy", ""))):
                return {"error_code": "-1", "message": "ThoiDiemXuLy phải là yyyyMMddHHmmss"}
        self.progress.extend(rows)
        return {"error_code": "0", "message": "Cập nhật tiến độ thành công"}

    def _look_up(self, body: dict[str, Any]) -> dict[str, Any]:
        found = self.dossiers.get(str(body.get("mahoso", "")))
        return {"error_code": "0", "message": "Thành công", "result": [found] if found else []}


def _problem(record: Any) -> str:
    if not isinstance(record, dict):
        return "Mỗi phần tử của data phải là một hồ sơ"
    waiting = str(record.get("TrangThaiHoSo")) == "1"  # not received yet: no reception date
    for name in REQUIRED:
        if not record.get(name) and not (waiting and name == "NgayTiepNhan"):
            return f"Thiếu {name}"
    for name in DATES:
        if not DATE.match(str(record.get(name, ""))):
            return f"{name} phải là yyyyMMddHHmmss"
    if str(record["TrangThaiHoSo"]) not in {str(n) for n in range(1, 11)}:
        return "TrangThaiHoSo phải từ 1 đến 10"
    return ""


class _Handler(JsonHandler):
    server_version = "FakeDVCQG/1.0"

    def do_POST(self) -> None:
        fake: FakeDvcqg = self.server.owner  # type: ignore[attr-defined]
        length = int(self.headers.get("Content-Length") or 0)
        try:
            body = json.loads(self.rfile.read(length).decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            self._answer(400, {"error_code": "-1", "message": "JSON không hợp lệ"})
            return
        if self.path == "/knobs":
            for name in ("down", "slow_seconds", "expire_after_calls"):
                if name in body:
                    setattr(fake, name, body[name])
            if body.get("expire_sessions"):
                fake.expire_sessions()
            self._answer(200, {"error_code": "0", "message": "ok"})
            return
        if fake.slow_seconds:
            fake.stopped.wait(fake.slow_seconds)  # a stop ends the wait
        if fake.down:
            self._answer(503, {"message": "Service Unavailable"})
            return
        if not isinstance(body, dict):
            self._answer(400, {"error_code": "-1", "message": "JSON phải là một đối tượng"})
        elif self.path == "/auth":
            self._answer(200, fake.login(body))
        elif self.path == "/api":
            self._answer(200, fake.serve(body))
        else:
            self._answer(404, {"error_code": "-1", "message": "Không có địa chỉ này"})


def main() -> None:
    """Run the fake on a port until stopped (the demo's ``make dvcqg-fake``)."""
    parser = argparse.ArgumentParser(description="Cổng DVCQG giả lập cho thử nghiệm")
    parser.add_argument("--port", type=int, default=8089)
    args = parser.parse_args()
    fake = FakeDvcqg()
    fake.start(port=args.port)
    print(f"DVCQG giả lập: DVCQG_AUTH_URL={fake.auth_url} DVCQG_URL={fake.url}")
    print(f"DVCQG_USERNAME={USERNAME} DVCQG_PASSWORD={PASSWORD} DVCQG_MADONVI={MADONVI}")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        fake.stop()


if __name__ == "__main__":
    main()
