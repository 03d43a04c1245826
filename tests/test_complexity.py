"""No function of the app is more branched than radon's grade C (cyclomatic complexity 20): past
that a rule is too tangled to read in one sitting or to test branch by branch."""

from __future__ import annotations

from pathlib import Path

from radon.complexity import cc_rank, cc_visit

APP = Path(__file__).resolve().parents[1] / "app"
MOST = 20  # the top of grade C


def test_no_function_is_above_grade_c() -> None:
    tangled = []
    for path in sorted(APP.rglob("*.py")):
        for block in cc_visit(path.read_text()):
            if block.complexity > MOST:
                tangled.append(f"{path.relative_to(APP.parent)}:{block.lineno} {block.name} "
                               f"{cc_rank(block.complexity)} ({block.complexity})")
    assert not tangled, "split these: " + "; ".join(tangled)
