"""scanner.outputs: which output paths are refused, and which temporary outputs are stale."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from scanner.errors import UsageError
from scanner.outputs import check_outputs, make_staging_dir, remove_stale_staging, staged_file


@pytest.fixture
def tree(tmp_path) -> Path:
    """exports/{a.csv, sub/b.csv}, a symlink and a hard link to a.csv, a hard link into sub."""
    (tmp_path / "exports" / "sub").mkdir(parents=True)
    (tmp_path / "exports" / "a.csv").write_text("id,nir\n")
    (tmp_path / "exports" / "sub" / "b.csv").write_text("id,nom\n")
    (tmp_path / "link.csv").symlink_to(tmp_path / "exports" / "a.csv")
    os.link(tmp_path / "exports" / "a.csv", tmp_path / "hard.csv")
    os.link(tmp_path / "exports" / "sub" / "b.csv", tmp_path / "hard-b.csv")
    (tmp_path / "reports").mkdir()
    return tmp_path


CASES = [
    # (outputs, inputs, directories, message part or None when accepted)
    ({"--report": "exports/a.csv"}, ["exports/a.csv"], False, "the output is the input"),
    ({"--report": "link.csv"}, ["exports/a.csv"], False, "the output is the input"),
    ({"--findings": "hard.csv"}, ["exports/a.csv"], False, "the output is the input"),
    ({"--report": "exports/a.csv"}, ["link.csv"], False, "the output is the input"),
    ({"--records": "exports/sub/new.jsonl"}, ["exports"], False, "inside the input directory"),
    ({"--findings": "hard-b.csv"}, ["exports"], False, "hard link to a file of the input directory"),
    ({"--output": "."}, ["exports/a.csv"], True, "may not contain the input"),
    ({"--report": "reports/r.json", "--html": "reports/r.json"}, ["exports"], False, "--report and --html name the same file"),
    ({"--report": "reports/r.json", "--html": "reports/../reports/r.json"}, ["exports"], False, "name the same file"),
    ({"--report": "missing/r.json"}, ["exports"], False, "does not exist"),
    ({"--report": "reports"}, ["exports"], False, "is a directory"),
    ({"--output": "reports"}, ["exports"], True, None),
    ({"--report": "reports/r.json", "--html": "reports/r.html", "--findings": None}, ["exports", "hard.csv"], False, None),
    ({"--report": "hard.csv"}, ["exports/sub"], False, None),
]


@pytest.mark.parametrize("outputs, inputs, directories, message", CASES)
def test_check_outputs_refuses_what_would_overwrite_an_input(tree, outputs, inputs, directories, message):
    outputs = {label: tree / path if path else None for label, path in outputs.items()}
    inputs = [tree / path for path in inputs]
    if message is None:
        check_outputs(outputs, inputs, directories=directories)
        return
    with pytest.raises(UsageError, match=message):
        check_outputs(outputs, inputs, directories=directories)


def test_staged_file_publishes_only_on_success(tmp_path):
    target = tmp_path / "r.json"
    target.write_text("previous")
    with pytest.raises(RuntimeError), staged_file(target) as temp:
        temp.write_text("half")
        raise RuntimeError("stopped")
    assert target.read_text() == "previous" and sorted(os.listdir(tmp_path)) == ["r.json"]
    with staged_file(target) as temp:
        temp.write_text("new")
    assert target.read_text() == "new" and sorted(os.listdir(tmp_path)) == ["r.json"]
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


@pytest.mark.parametrize("name, age, removed", [
    (".r.csv.vigie-99999999-abcd.tmp", 60, True),  # its process is gone
    (".r.csv.vigie-abcd.tmp", 60, True),  # older naming, no process id
    (".r.csv.vigie-99999999-abcd.tmp", -60, False),  # newer than this run
    (".r.csv.vigie-{pid}-abcd.tmp", 60, False),  # a live process (this one)
    (".other.csv.vigie-99999999-abcd.tmp", 60, False),  # another output's
    ("r.csv.vigie-99999999-abcd.tmp", 60, False),  # not hidden: not ours
])
def test_remove_stale_staging_only_removes_dead_runs_leftovers(tmp_path, name, age, removed):
    path = tmp_path / name.format(pid=os.getpid())
    path.mkdir()
    (path / "r.csv").write_text("redacted")
    started = time.time()
    os.utime(path, (started - age, started - age))
    assert remove_stale_staging(tmp_path / "r.csv", started) == ([path] if removed else [])
    assert path.exists() is not removed


def test_staging_dir_is_private_and_named_after_the_output(tmp_path):
    staging = make_staging_dir(tmp_path / "dump.sql")
    assert staging.parent == tmp_path and staging.stat().st_mode & 0o777 == 0o700
    assert staging.name.startswith(f".dump.sql.vigie-{os.getpid()}-") and staging.name.endswith(".tmp")
