"""Time the test suite as ./scripts/test.sh runs it: collection alone, then the whole run.

Run: .venv/bin/python benchmarks/suite.py [extra pytest arguments]. Prints wall seconds for
pytest's collection (in one process) and for the whole suite on every core, with the load
average before and after; the target is the whole of ./scripts/test.sh under 6 minutes on the
2-core machine with package downloads cached (the install steps add about 20 s when nothing is
new). Run it on a quiet machine: another suite running beside it doubles every figure.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTEST = [str(ROOT / ".venv" / "bin" / "pytest"), "-p", "no:cacheprovider"]


def timed(arguments: list[str]) -> tuple[float, str]:
    """Wall seconds of one pytest run from the project's folder, and what it printed."""
    start = time.perf_counter()
    done = subprocess.run(PYTEST + arguments, cwd=ROOT, capture_output=True, text=True,
                          check=False)
    return time.perf_counter() - start, done.stdout.strip() or "(no output)"


def load() -> str:
    """The 1-minute load average, as text."""
    return f"{os.getloadavg()[0]:.2f}"


def main() -> None:
    extra = sys.argv[1:]
    print(f"load average before: {load()}")
    seconds, printed = timed(["--collect-only", "-q", *extra])
    counted = sum(int(n) for n in re.findall(r": (\d+)$", printed, re.MULTILINE))
    print(f"collection, one process: {seconds:.1f} s ({counted} tests)")
    workers = os.environ.get("STS_TEST_WORKERS", "auto")
    seconds, printed = timed(["-n", workers, "--dist", "loadfile", *extra])
    print(f"whole suite, -n {workers}: {seconds:.1f} s ({printed.splitlines()[-1].strip('= ')})")
    print(f"load average after: {load()}")


if __name__ == "__main__":
    main()
