"""The sweeper runs wherever the worker does: beside ``make serve``/``make demo`` and as a
systemd unit, so a message left by a crashed worker or a down gateway is resent unattended."""

from __future__ import annotations

import configparser
import shlex
import subprocess
from pathlib import Path

from django.conf import settings

DEPLOY = Path(settings.BASE_DIR) / "deploy"

# Stands in for the virtualenv's python: notes its arguments, and as the web server waits
# (bounded) until the worker and the sweeper have started, so the script stops them after.
FAKE_PYTHON = """#!/usr/bin/env bash
echo "$*" >> "$(dirname "$0")/started"
if [ "$1" = serve ]; then
  for _ in $(seq 100); do
    [ "$(wc -l < "$(dirname "$0")/started")" -ge 3 ] && exit 0
    sleep 0.1
  done
fi
"""


def test_run_with_worker_starts_the_sweeper_beside_the_worker(tmp_path):
    python = tmp_path / "python"
    python.write_text(FAKE_PYTHON)
    python.chmod(0o755)

    subprocess.run(
        ["bash", str(DEPLOY / "run-with-worker.sh"), str(python), "serve"],
        check=True,
        timeout=30,
    )

    started = set((tmp_path / "started").read_text().splitlines())
    assert "manage.py db_worker --queue-name default" in started
    assert "manage.py send_pending_messages --loop --interval 60" in started
    assert "serve" in started


def test_a_systemd_unit_runs_the_sweeper_in_a_loop():
    commands = []
    for unit in sorted(DEPLOY.glob("*.service")):
        parser = configparser.ConfigParser(interpolation=None, strict=False)
        parser.read(unit, encoding="utf-8")
        commands.append(shlex.split(parser["Service"]["ExecStart"])[1:])

    assert ["manage.py", "send_pending_messages", "--loop", "--interval", "60"] in commands
    assert ["manage.py", "db_worker", "--queue-name", "default"] in commands
