"""Shared set-up for the benchmarks: Django on whatever DATABASE_URL says (PostgreSQL for the
figures that count), and small timing helpers. Benchmarks print figures; they assert nothing."""

from __future__ import annotations

import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_COOKIES": "0",
}
"""The production settings a benchmark runs with (DEBUG off), on loopback over plain HTTP."""


def setup_django() -> None:
    if str(REPO) not in sys.path:
        sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motcua.settings")
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("TASKS_BACKEND", "immediate")
    import django

    django.setup()


def recreate_database(url: str) -> None:
    """Drop and create the PostgreSQL database of ``url`` (a bench's own, throwaway): a run that
    receives thousands of dossiers would otherwise find the day's 9,999 codes used up by the
    runs before it."""
    import psycopg

    name = url.rsplit("/", 1)[1].split("?", 1)[0]
    if not name.startswith("motcua_bench"):
        raise SystemExit(f"refusing to recreate {name!r}: bench databases are named motcua_bench…")
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def timed(fn: Callable[[], object], runs: int) -> list[float]:
    """Milliseconds per call over ``runs`` calls (after one warm-up call)."""
    fn()
    out = []
    for _ in range(runs):
        began = time.perf_counter()
        fn()
        out.append((time.perf_counter() - began) * 1000)
    return out


def report(name: str, ms: list[float]) -> None:
    print(
        f"{name}: n={len(ms)} p50 {statistics.median(ms):.1f} ms  p95 {percentile(ms, 95):.1f} ms"
        f"  p99 {percentile(ms, 99):.1f} ms  max {max(ms):.1f} ms"
    )


# --- HTTP under gunicorn, measured with wrk ----------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_gunicorn(port: int, workers: int, *, ready_path: str = "/api/v1/openapi.json"):
    """gunicorn with the production settings (DEBUG off, the database task queue) on a free
    loopback port; rate limits off, so the figures measure the work, not the throttle."""
    env = dict(
        os.environ,
        **PRODUCTION,
        RATELIMIT_ENABLE="0",
        BIND=f"127.0.0.1:{port}",
        WEB_CONCURRENCY=str(workers),
    )
    env.pop("TASKS_BACKEND", None)  # the real database task queue, as in production
    command = [
        str(REPO / ".venv/bin/gunicorn"),
        "motcua.wsgi",
        *("-c", str(REPO / "deploy/gunicorn.conf.py"), "--access-logfile", "/dev/null"),
    ]
    proc = subprocess.Popen(
        command,
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: a failed start leaves no worker behind
    )
    for _ in range(600):  # up to two minutes: a loaded shared machine boots workers slowly
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}{ready_path}", timeout=1)
            return proc
        except OSError:
            time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGKILL)
    raise SystemExit("gunicorn did not start")


# wrk's --latency report stops at p50, p75, p90 and p99; the speed bars speak of p95.
P95 = """
done = function(summary, latency, requests)
  io.write(string.format("Latency p95: %.2fms\\n", latency:percentile(95) / 1000))
end
"""


def wrk(args: list[str], script: str = "") -> str:
    """Run wrk (Debian package ``wrk``) with an optional Lua script; answer its report."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(script + P95)
    try:
        return subprocess.run(
            ["wrk", "--latency", "-s", fh.name, *args], capture_output=True, text=True, check=True
        ).stdout
    finally:
        os.unlink(fh.name)


def _cpu_seconds(counts: Callable[[str, list[str]], bool]) -> float:
    """CPU seconds (user + system) used so far by the processes ``counts(name, stat fields)``
    picks out of /proc."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            name, rest = (entry / "stat").read_text().split(" (", 1)[1].rsplit(")", 1)
        except (OSError, ValueError):
            continue
        fields = rest.split()
        if counts(name, fields):
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def server_cpu_seconds(pgid: int) -> float:
    """CPU seconds used so far by gunicorn's master and workers (process group ``pgid``): with
    the requests served, the cost of one request whatever else runs on the machine."""
    return _cpu_seconds(lambda _name, fields: int(fields[2]) == pgid)  # field 5: process group


def postgres_cpu_seconds() -> float:
    """CPU seconds used so far by every PostgreSQL process of this machine (the server's own
    share of a request; other clients' queries count too, so read it on a quiet machine)."""
    return _cpu_seconds(lambda name, _fields: name == "postgres")


def requests_done(out: str) -> int:
    match = re.search(r"(\d+) requests in", out)
    return int(match.group(1)) if match else 0


def summarise(output: str) -> str:
    """wrk's report in one line: requests per second, latency percentiles, non-2xx count and
    socket errors (connect, read, write, timeout) when there were any."""
    rate = re.search(r"Requests/sec:\s+([\d.]+)", output)
    codes = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    sockets = re.search(r"Socket errors: (connect \d+, read \d+, write \d+, timeout \d+)", output)
    latency = {p: re.search(rf"\s{p}%\s+([\d.]+\w+)", output) for p in ("50", "90", "99")}
    latency["95"] = re.search(r"Latency p95: ([\d.]+ms)", output)
    parts = [f"{float(rate.group(1)):,.0f} req/s" if rate else "?"]
    parts += [f"p{p} {latency[p].group(1)}" for p in ("50", "90", "95", "99") if latency[p]]
    parts.append(f"non-2xx {codes.group(1) if codes else 0}")
    if sockets:
        parts.append(f"socket errors: {sockets.group(1)}")
    return ", ".join(parts)


# One counter intake (Mẫu 01 with two papers), the body every intake bench sends.
INTAKE = {
    "procedure": "1.004873",
    "channel": "counter",
    "applicant": {"name": "Nguyễn Văn Thử", "phone": "0990000001", "id_number": "001090000001"},
    "components": [
        {"code": "to_khai_tthn", "originals": 1},
        {"code": "giay_to_tuy_than", "copies": 1},
    ],
}


def calibration() -> str:
    """The machine's speed and load beside the figures: a fixed CPU loop and ``uptime``."""
    loop = subprocess.run(
        [sys.executable, "-m", "timeit", "-n", "20", "sum(range(10**6))"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    load = os.getloadavg()
    return f"calibration: {loop}; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
