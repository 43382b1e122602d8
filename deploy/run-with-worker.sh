#!/usr/bin/env bash
# Run a web server command with the background task worker (db_worker) beside it; stop both
# together. Used by `make demo` and `make serve`.
set -euo pipefail
python_bin="$(dirname "$1")/python"
"$python_bin" manage.py db_worker --queue-name default &
worker=$!
trap 'kill "$worker" 2>/dev/null || true' EXIT INT TERM
"$@"
