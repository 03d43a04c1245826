#!/usr/bin/env bash
# Regenerate the hash-pinned lock files from pyproject.toml: requirements.lock (what the image and
# ./scripts/serve.sh install), requirements-test.lock (./scripts/test.sh: the same plus the test
# extras) and requirements-pip.lock (the pip that installs them: Python 3.11's own pip 23.2.1
# refuses a hash-pinned requirement that another names with an extra, such as fonttools[woff]).
# Needs uv on PATH.
set -euo pipefail
cd "$(dirname "$0")/.."
common=(--generate-hashes --python-version 3.11 --python-platform x86_64-manylinux_2_28)
uv pip compile pyproject.toml "${common[@]}" -o requirements.lock
uv pip compile pyproject.toml --extra test "${common[@]}" -o requirements-test.lock
echo "pip==26.3" | uv pip compile - "${common[@]}" -o requirements-pip.lock
