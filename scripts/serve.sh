#!/usr/bin/env bash
# Install what is needed and start STS Planner on http://127.0.0.1:8000.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/uvicorn app.main:create_app --factory --host 127.0.0.1 --port "${PORT:-8000}"
