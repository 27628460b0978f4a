"""Digests of what ``vigie scan`` and ``vigie redact`` write for the bundled fixtures: byte
identity across a change.

Usage (from the repository root, in the virtualenv)::

    python -m benchmarks.fixture_outputs                    # this tree against the recorded digests
    python -m benchmarks.fixture_outputs --against 771e31a  # this tree against a revision's outputs
    python -m benchmarks.fixture_outputs --record           # record this tree's digests

The runs are those of a user, in subprocesses, with a fixed key (``RUNS``): ``vigie scan
fixtures`` writing ``--findings``, ``--records``, ``--report`` (and ``--html``), with
``--jobs 1`` and ``--jobs 2``, and ``vigie redact --verify`` of the fixture tables and
dumps (one run, so that persons join across tables) and of the notes, with ``--jobs 2``
(``tests/redact`` shows that ``--jobs 1`` writes the same). Each output file is reduced to its SHA-256; a Parquet file to that of its schema and rows, a
SQLite database to that of its SQL dump, the report without ``vigie_version``: so only what
vigie decides counts, not the bytes a library version writes around it. ``--against REV``
runs the same on ``git archive REV`` and lists the outputs that differ. A refactoring must
leave every digest unchanged; a change that means to change outputs records them again
(``--record``), and the diff of ``benchmarks/fixture_outputs.json`` shows which moved.
``tests/test_fixture_outputs.py`` checks the recorded digests.
"""

from __future__ import annotations

import argparse
import hashlib
import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RECORDED = Path(__file__).with_name("fixture_outputs.json")
FIXTURE_KEY = "5a" * 32
"""The key of every redaction here (any fixed key would do)."""
SCAN = ["scan", "fixtures", "-q", "--findings", "{out}/findings.jsonl", "--records", "{out}/records.jsonl",
        "--report", "{out}/report.json"]
RUNS = {
    "scan --jobs 1": [*SCAN, "--jobs", "1"],
    "scan --jobs 2": [*SCAN, "--jobs", "2", "--html", "{out}/report.html"],
    "redact tables": ["redact", "fixtures/tables", "--output", "{out}/tables", "--verify", "--jobs", "2"],
    "redact notes.jsonl": ["redact", "fixtures/notes.jsonl", "--output", "{out}/notes.jsonl", "--verify", "--jobs", "2"],
    "redact notes": ["redact", "fixtures/notes", "--output", "{out}/notes", "--verify", "--jobs", "2", "--date-shift-keep", "weekday"],
}
"""Scans of every fixture, malformed files and truth files included; redactions of the exports
(the tables in every format and dump, malformed ones included, in one run so that persons join
across tables; the notes)."""


GENERATED = re.compile("Generated [0-9-]+ [0-9:]+ UTC · vigie [^ ]+".encode())
"""When and by which version an HTML report was written: left out of its digest."""


def digest(path: Path) -> str:
    """SHA-256 of what a file says: a Parquet file's schema and rows, a SQLite database's SQL
    dump, a report without when and by which version of vigie it was written, any other
    file's bytes.

    >>> import tempfile; folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "a.txt").write_text("RAS"); digest(folder / "a.txt")[:12]
    '8a84fd359f81'
    """
    if path.suffix == ".parquet" or (path.is_dir() and path.name.endswith(".parquet")):
        import pyarrow.parquet as pq

        table = pq.read_table(path)
        content = repr((str(table.schema.remove_metadata()), table.to_pylist())).encode()
    elif path.suffix in (".sqlite", ".db"):
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as database:
            content = "\n".join(database.iterdump()).encode()
    elif path.name == "report.json":
        report = json.loads(path.read_text())
        report.pop("vigie_version", None)
        content = json.dumps(report, sort_keys=True).encode()
    elif path.suffix == ".html":
        content = GENERATED.sub(b"Generated", path.read_bytes())
    else:
        content = path.read_bytes()
    return hashlib.sha256(content).hexdigest()


def digests(out: Path) -> dict[str, str]:
    """The digest of every output under ``out``, by relative path (a Parquet directory as one)."""
    found = {}
    for path in sorted(out.rglob("*")):
        if any(parent.name.endswith(".parquet") for parent in path.parents):
            continue  # a part of a Parquet directory: digested with it
        if path.is_file() or path.name.endswith(".parquet"):
            found[path.relative_to(out).as_posix()] = digest(path)
    return found


def fixture_outputs(tree: Path) -> dict[str, dict]:
    """Exit codes and output digests of every run on ``tree``'s fixtures, with ``tree``'s code."""
    env = {name: os.environ[name] for name in ("PATH", "HOME", "TMPDIR") if name in os.environ}
    env.update(VIGIE_KEY=FIXTURE_KEY, PYTHONPATH=str(tree))  # no other VIGIE_* setting of the caller
    results = {}
    with tempfile.TemporaryDirectory(prefix="vigie-fixture-outputs-") as scratch:
        for number, (name, args) in enumerate(RUNS.items()):
            out = Path(scratch) / str(number)
            out.mkdir()
            command = [sys.executable, "-m", "scanner", *(a.format(out=out) for a in args)]
            done = subprocess.run(command, cwd=tree, env=env, capture_output=True, text=True)
            results[name] = {"exit_code": done.returncode, "outputs": digests(out)}
    return results


def tree_at(revision: str, into: Path) -> Path:
    """The files of ``revision`` of this repository, extracted into ``into``."""
    archive = subprocess.run(["git", "archive", "--format=tar", revision], cwd=ROOT, capture_output=True, check=True)
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(into)  # this repository's own files
    return into


def differences(expected: dict[str, dict], actual: dict[str, dict]) -> list[str]:
    """One line per run whose exit code differs and per output that differs, is missing or new.

    >>> run = {"exit_code": 0, "outputs": {"a.csv": "1", "b.csv": "2"}}
    >>> differences({"redact": run}, {"redact": {"exit_code": 0, "outputs": {"a.csv": "1", "c.csv": "3"}}})
    ['redact: b.csv missing', 'redact: c.csv new']
    """
    lines = []
    for run in sorted(expected.keys() | actual.keys()):
        before, after = expected.get(run), actual.get(run)
        if before is None or after is None:
            lines.append(f"{run}: {'new run' if before is None else 'run missing'}")
            continue
        if before["exit_code"] != after["exit_code"]:
            lines.append(f"{run}: exit code {before['exit_code']} -> {after['exit_code']}")
        for path in sorted(before["outputs"].keys() | after["outputs"].keys()):
            old, new = before["outputs"].get(path), after["outputs"].get(path)
            if old != new:
                lines.append(f"{run}: {path} {'missing' if new is None else 'new' if old is None else 'differs'}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    action = parser.add_mutually_exclusive_group()
    action.add_argument("--against", metavar="REV", help="compare with the outputs of this git revision")
    action.add_argument("--record", action="store_true", help=f"write this tree's digests to {RECORDED.name}")
    args = parser.parse_args(argv)

    actual = fixture_outputs(ROOT)
    if args.record:
        RECORDED.write_text(json.dumps(actual, indent=1, sort_keys=True) + "\n")
        print(f"recorded {sum(len(run['outputs']) for run in actual.values())} output digests in {RECORDED}")
        return 0
    if args.against:
        with tempfile.TemporaryDirectory(prefix="vigie-revision-") as scratch:
            expected = fixture_outputs(tree_at(args.against, Path(scratch)))
        baseline = args.against
    else:
        expected = json.loads(RECORDED.read_text())
        baseline = RECORDED.name
    lines = differences(expected, actual)
    outputs = sum(len(run["outputs"]) for run in actual.values())
    print("\n".join(lines) if lines else f"{outputs} outputs of {len(actual)} runs identical to {baseline}")
    return 1 if lines else 0


if __name__ == "__main__":
    sys.exit(main())
