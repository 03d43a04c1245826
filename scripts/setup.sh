#!/usr/bin/env bash
# Install what STS Planner needs on a fresh Debian machine; safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
# WeasyPrint (PDF) needs Pango; the browser tests need Debian's Chromium; pdftoppm checks PDFs.
[ -e /usr/lib/x86_64-linux-gnu/libpango-1.0.so.0 ] || [ -e /usr/lib/aarch64-linux-gnu/libpango-1.0.so.0 ] \
  || need_apt+=(libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)
if [ "${1:-}" = "--test" ]; then
  command -v chromium >/dev/null || need_apt+=(chromium fonts-dejavu-core)
  command -v pdftoppm >/dev/null || need_apt+=(poppler-utils)
  # Issue 8: the storage tests start a throwaway PostgreSQL cluster with the server's own initdb.
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || need_apt+=(postgresql)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}"
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
# Exactly the locked, hash-checked versions (scripts/lock.sh), for the app a clinic starts as for
# the tests. The locked pip goes first: Python 3.11's own pip (23.2.1) cannot install these locks.
.venv/bin/pip install -q --require-hashes -r requirements-pip.lock
if [ "${1:-}" = "--test" ]; then
  .venv/bin/pip install -q --require-hashes -r requirements-test.lock
  if [ -f package.json ]; then npm ci --no-audit --no-fund --loglevel=error; fi
else
  .venv/bin/pip install -q --require-hashes -r requirements.lock
fi
.venv/bin/pip install -q --no-deps -e .
# setuptools leaves a build record beside the code; the installed package does not read it.
rm -rf sts_planner.egg-info
