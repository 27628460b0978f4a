"""Run ``vigie`` as a user would, in a fresh process, and check what a hostile input leaves.

Every case of the hostile-input suite goes through :func:`run_vigie` and asserts with
:func:`assert_clean` (exit code, one-line errors, no traceback) and :func:`assert_no_raw`
(no raw identifier of the input in any output stream or file).

>>> nir_with_key("2630397154375")
'263039715437514'
>>> compact_forms("2 63 03 97 154 375 14")
['2 63 03 97 154 375 14', '263039715437514']
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CRASH_EXIT = 4


@dataclass
class Run:
    """What one ``vigie`` process left: exit code, both streams, and the files it wrote."""

    args: list[str]
    exit_code: int
    stdout: str
    stderr: str
    files: dict[Path, bytes] = field(default_factory=dict)

    def streams(self) -> dict[str, str]:
        """Every output, by name: stdout, stderr and each file written (decoded leniently)."""
        named = {"stdout": self.stdout, "stderr": self.stderr}
        for path, data in self.files.items():
            named[str(path)] = data.decode("utf-8", errors="replace")
        return named


def run_vigie(args: list[str | Path], *, outputs: Path | None = None, timeout: float = 300,
              env: dict[str, str] | None = None, stdin: bytes | None = None) -> Run:
    """``python -m scanner ARGS`` from the repository root; files under ``outputs`` are
    collected after the run (inputs must live elsewhere)."""
    args = [str(a) for a in args]
    process = subprocess.run(
        [sys.executable, "-m", "scanner", *args], cwd=REPO, capture_output=True, timeout=timeout,
        input=stdin, env={**os.environ, "COLUMNS": "200", **(env or {})},
    )
    files = {}
    if outputs is not None and outputs.exists():
        for path in sorted(outputs.rglob("*")):
            if path.is_file():
                files[path] = path.read_bytes()
    return Run(args, process.returncode, process.stdout.decode("utf-8", "replace"),
               process.stderr.decode("utf-8", "replace"), files)


def assert_clean(run: Run, exit_codes: int | tuple[int, ...]) -> None:
    """Exit with one of ``exit_codes``, no traceback anywhere, never the crash code unless asked."""
    codes = (exit_codes,) if isinstance(exit_codes, int) else exit_codes
    detail = f"vigie {' '.join(run.args)}\nexit {run.exit_code}\nstderr:\n{run.stderr[-3000:]}"
    assert run.exit_code in codes, detail
    assert "Traceback" not in run.stderr and "Traceback" not in run.stdout, detail


def compact_forms(value: str) -> list[str]:
    """The value as written, and without its separators (how it may be copied elsewhere)."""
    compact = re.sub(r"[\s.\-/]", "", value)
    return [value] if compact == value else [value, compact]


def assert_no_raw(run: Run, values: list[str], *, skip: tuple[Path, ...] = ()) -> None:
    """No value of ``values`` (as written or compacted) in stdout, stderr or any file written."""
    for name, text in run.streams().items():
        if any(name == str(p) for p in skip):
            continue
        for value in values:
            for form in compact_forms(value):
                assert form not in text, f"raw value {form[:3]}... found in {name}"


def scan_then_redact(tmp_path: Path, name: str, content: str, key: str) -> tuple[Run, dict, Run]:
    """``content`` written to ``tmp_path/in/name``, scanned (one job; findings and report
    under ``out/``), then redacted with ``--verify`` and key ``key`` under ``redacted/``:
    the scan run, its report and the redact run."""
    source = tmp_path / "in" / name
    source.parent.mkdir()
    source.write_text(content, encoding="utf-8")
    out, redacted = tmp_path / "out", tmp_path / "redacted"
    out.mkdir()
    redacted.mkdir()
    scan = run_vigie(["scan", source, "--findings", out / "f.jsonl", "--report", out / "report.json", "--jobs", "1"],
                     outputs=out)
    report = json.loads((out / "report.json").read_text()) if (out / "report.json").exists() else {}
    redact = run_vigie(["redact", source, "--output", redacted / name, "--verify"], outputs=redacted,
                       env={"VIGIE_KEY": key})
    return scan, report, redact


def nir_with_key(first13: str) -> str:
    """A synthetic NIR: 13 digits and their computed mod-97 key."""
    return first13 + f"{97 - int(first13) % 97:02d}"
