"""Layout: no module of ``scanner`` or ``recognizers`` is over about 700 lines unless it
does one job that does not split (a parser), so that each module can be read in one go."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 700
LONGER_ALLOWED = {
    "scanner/readers/sql_dump.py": "one job: the SQL dump lexer and parser",
}
"""Modules that may be longer, and why."""


def _modules() -> list[str]:
    paths = [path for package in ("scanner", "recognizers") for path in (ROOT / package).rglob("*.py")]
    return sorted(path.relative_to(ROOT).as_posix() for path in paths)


@pytest.mark.parametrize("relative", _modules())
def test_module_is_at_most_700_lines_unless_one_job(relative):
    lines = len((ROOT / relative).read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES or relative in LONGER_ALLOWED, f"{relative}: {lines} lines"


@pytest.mark.parametrize("relative", sorted(LONGER_ALLOWED))
def test_longer_allowed_modules_still_need_it(relative):
    """An entry goes once its module is short again (or gone)."""
    path = ROOT / relative
    assert path.is_file() and len(path.read_text(encoding="utf-8").splitlines()) > MAX_LINES
