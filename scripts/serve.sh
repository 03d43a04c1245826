#!/usr/bin/env bash
# Install what is needed and start STS Planner on http://127.0.0.1:8000 (PORT or STS_PORT to
# change the port). The app is started by `python -m app.serve` on STS_HOST:STS_PORT, so the
# first-run link it prints is always the address actually served.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export STS_HOST="${STS_HOST:-127.0.0.1}"
export STS_PORT="${PORT:-${STS_PORT:-8000}}"
exec .venv/bin/python -m app.serve
