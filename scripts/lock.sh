#!/usr/bin/env bash
# Regenerate the hash-pinned lock files from pyproject.toml: requirements.lock (what the image
# installs) and requirements-test.lock (CI: the same plus the test extras). Needs uv on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
common=(--generate-hashes --python-version 3.11 --python-platform x86_64-manylinux_2_28)
uv pip compile pyproject.toml "${common[@]}" -o requirements.lock
uv pip compile pyproject.toml --extra test "${common[@]}" -o requirements-test.lock
