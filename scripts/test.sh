#!/usr/bin/env bash
# Install what is needed and run every check: lint, types, Dockerfile lint and the whole test suite,
# the tests on every core, each file in one worker in its written order (STS_TEST_WORKERS to choose
# how many workers; 0 runs the tests in this process).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
.venv/bin/ruff check app tests benchmarks
.venv/bin/mypy
.venv/bin/lint-imports --no-cache
if [ -f Dockerfile ]; then .venv/bin/hadolint Dockerfile; fi
exec .venv/bin/pytest -n "${STS_TEST_WORKERS:-auto}" --dist loadfile "$@"
