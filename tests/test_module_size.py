"""No module in generator/ is over 400 lines: a longer one holds two ideas and is split by them.

The stage layering and the absence of import circles are import-linter contracts
([tool.importlinter] in pyproject.toml, run by `make lint`); docs/architecture.md explains both.
"""

from __future__ import annotations

from tests.conftest import ROOT

MAX_LINES = 400
MODULES = sorted((ROOT / "generator").rglob("*.py"))


def line_count(path) -> int:
    return len(path.read_text(encoding="utf-8").splitlines())


def test_the_package_has_modules_to_measure():
    assert ROOT / "generator" / "build.py" in MODULES


def test_no_module_is_over_400_lines():
    long = {p.relative_to(ROOT).as_posix(): line_count(p) for p in MODULES if line_count(p) > MAX_LINES}
    assert long == {}, f"split these by what they hold: {long}"
