#!/usr/bin/env bash
# Run a web server command with the background task worker (db_worker) and the notification
# sweeper (send_pending_messages --loop) beside it; stop all three together. Used by `make demo`
# and `make serve`.
set -euo pipefail
python_bin="$(dirname "$1")/python"
"$python_bin" manage.py db_worker --queue-name default &
worker=$!
"$python_bin" manage.py send_pending_messages --loop --interval 60 &
sweeper=$!
trap 'kill "$worker" "$sweeper" 2>/dev/null || true' EXIT INT TERM
"$@"
