#!/usr/bin/env bash
# Install what is needed and run every check: lint, types, Dockerfile lint and the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
.venv/bin/ruff check app tests benchmarks
.venv/bin/mypy
if [ -f Dockerfile ]; then .venv/bin/hadolint Dockerfile; fi
exec .venv/bin/pytest "$@"
