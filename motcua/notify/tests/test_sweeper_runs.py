"""The sweeper runs wherever the worker does: beside ``make serve``/``make demo`` and as a
systemd unit, so a message left by a crashed worker or a down gateway is resent unattended."""

from __future__ import annotations

import configparser
import os
import shlex
import subprocess
from pathlib import Path

from django.conf import settings

DEPLOY = Path(settings.BASE_DIR) / "deploy"

# Stands in for the virtualenv's python: notes its arguments; as the web server it waits
# (bounded) for the worker's and the sweeper's word through a named pipe, so that the script
# stops them after they have started. The pipe is opened both ways, so it never reads an end.
FAKE_PYTHON = """#!/usr/bin/env bash
here="$(dirname "$0")"
echo "$*" >> "$here/started"
if [ "$1" = serve ]; then
  exec 3<>"$here/ready"
  read -r -t 10 -u 3 && read -r -t 10 -u 3
else
  echo > "$here/ready"
fi
"""


def test_run_with_worker_starts_the_sweeper_beside_the_worker(tmp_path):
    python = tmp_path / "python"
    python.write_text(FAKE_PYTHON)
    python.chmod(0o755)
    os.mkfifo(tmp_path / "ready")

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
