"""Inputs are sacred, temporary outputs never stay, and vigie never prints a traceback.

Each case runs ``vigie`` in a fresh process (``run_vigie``) on a synthetic export and
checks the exit code, the one-line message, the input bytes and the files left behind.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.hostile.harness import CRASH_EXIT, REPO, assert_clean, nir_with_key, run_vigie

NIRS = [nir_with_key(f"{sex}{year:02d}{month:02d}75{commune:03d}{order:03d}")
        for sex, year, month, commune, order in [(1, 63, 3, 115, 243), (2, 85, 11, 56, 17), (1, 47, 7, 120, 408)]]
NAMES = ["Camille Roux", "Jean Dupont", "Léa Martin"]


def write_export(path: Path, rows: int = 3) -> Path:
    """A patients CSV export: id, name, NIR and a short clinical note."""
    lines = ["id,nom,nir,note"]
    for i in range(rows):
        lines.append(f"{i + 1},{NAMES[i % 3]},{NIRS[i % 3]},Suivi pour diabète de type 2 depuis {2000 + i % 20}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def snapshot(folder: Path) -> dict[str, str]:
    """Every entry under ``folder`` (hidden ones included) with a digest of its bytes."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            for p in sorted(folder.rglob("*"))}


# ------------------------------------------------------------- outputs that are inputs

def _clash_cases():
    """(id, arguments built from (export file, export directory, work folder), message part)."""
    return [
        ("scan-report-is-input", lambda f, d, w: ["scan", f, "--report", f], "is the input"),
        ("scan-html-is-input", lambda f, d, w: ["scan", f, "--html", f], "is the input"),
        ("scan-findings-is-input", lambda f, d, w: ["scan", f, "--findings", f], "is the input"),
        ("scan-records-is-input", lambda f, d, w: ["scan", f, "--records", f], "is the input"),
        ("scan-report-symlink", lambda f, d, w: ["scan", f, "--report", w / "link.csv"], "is the input"),
        ("scan-findings-hard-link", lambda f, d, w: ["scan", f, "--findings", w / "hard.csv"], "is the input"),
        ("scan-records-inside-input-dir", lambda f, d, w: ["scan", d, "--records", d / "b.csv"], "inside the input directory"),
        ("scan-report-new-file-in-input-dir", lambda f, d, w: ["scan", d, "--report", d / "r.json"], "inside the input directory"),
        ("scan-findings-hard-link-into-dir", lambda f, d, w: ["scan", d, "--findings", w / "hard-b.csv"], "hard link"),
        ("scan-report-and-html-same-file", lambda f, d, w: ["scan", f, "--report", w / "r.out", "--html", w / "r.out"], "name the same file"),
        ("scan-findings-is-watchlist", lambda f, d, w: ["scan", f, "--watchlist", w / "watch.txt", "--findings", w / "watch.txt"], "is the input"),
        ("redact-output-is-input", lambda f, d, w: ["redact", f, "-o", f, "--force"], "is the input"),
        ("redact-output-symlink", lambda f, d, w: ["redact", f, "-o", w / "link.csv", "--force"], "is the input"),
        ("redact-output-hard-link", lambda f, d, w: ["redact", f, "-o", w / "hard.csv", "--force"], "is the input"),
        ("redact-output-inside-input-dir", lambda f, d, w: ["redact", d, "-o", d / "redacted"], "inside the input directory"),
        ("redact-output-is-key-file", lambda f, d, w: ["redact", f, "-o", w / "vigie.key", "--key-file", w / "vigie.key", "--force"], "is the input"),
    ]


@pytest.mark.parametrize("build, message", [c[1:] for c in _clash_cases()], ids=[c[0] for c in _clash_cases()])
def test_output_resolving_to_an_input_is_refused_before_writing(tmp_path, build, message):
    work = tmp_path / "work"
    (work / "exports").mkdir(parents=True)
    export = write_export(work / "a.csv")
    write_export(work / "exports" / "b.csv")
    (work / "link.csv").symlink_to(export)
    os.link(export, work / "hard.csv")
    os.link(work / "exports" / "b.csv", work / "hard-b.csv")
    (work / "watch.txt").write_text(f"{NAMES[0]}\n", encoding="utf-8")
    (work / "vigie.key").write_bytes(bytes(range(32)).hex().encode() + b"\n")
    (work / "vigie.key").chmod(0o600)
    before = snapshot(work)

    run = run_vigie(build(export, work / "exports", work))

    assert_clean(run, 2)
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], run.stderr
    assert snapshot(work) == before


# ------------------------------------------------------------- signals and leftovers

def _start(args: list, **popen) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "scanner", *map(str, args)], cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env={**os.environ, "COLUMNS": "200"}, **popen)


def _wait_for_staging(process: subprocess.Popen, folder: Path, timeout: float = 120) -> None:
    """Wait until ``folder`` holds a temporary output that is being written."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "vigie ended before it could be interrupted"
        if any(".vigie-" in p.name and (p.is_dir() or p.stat().st_size) for p in folder.iterdir()):
            return
        time.sleep(0.02)
    raise AssertionError("no temporary output appeared")


@pytest.fixture(scope="module")
def big_export(tmp_path_factory) -> Path:
    return write_export(tmp_path_factory.mktemp("big") / "patients.csv", rows=30_000)


@pytest.mark.parametrize("command, signum, to_group", [
    (["redact", "{input}", "-o", "{out}/patients.csv"], signal.SIGTERM, False),
    (["redact", "{input}", "-o", "{out}/patients.csv"], signal.SIGHUP, False),
    (["scan", "{input}", "--findings", "{out}/findings.jsonl", "--records", "{out}/records.jsonl"], signal.SIGINT, False),
    (["scan", "--jobs", "2", "{input}", "--findings", "{out}/findings.jsonl"], signal.SIGINT, True),
    (["scan", "--jobs", "2", "{input}", "--findings", "{out}/findings.jsonl"], signal.SIGTERM, True),
], ids=["redact-SIGTERM", "redact-SIGHUP", "scan-SIGINT", "scan-jobs-Ctrl-C", "scan-jobs-SIGTERM-to-group"])
def test_signal_mid_run_leaves_no_temporary_file(tmp_path, big_export, command, signum, to_group):
    """A signal to vigie alone, or to its process group (workers included, as Ctrl-C does)."""
    before = snapshot(big_export.parent)
    out = tmp_path / "out"
    out.mkdir()
    args = [a.format(input=big_export, out=out) for a in command]
    process = _start(args, preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL), start_new_session=True)
    _wait_for_staging(process, out)
    if to_group:
        while not any(p.stat().st_size for p in out.iterdir()):  # the workers are sending results
            assert process.poll() is None
            time.sleep(0.02)
        os.killpg(process.pid, signum)
    else:
        process.send_signal(signum)
    try:
        stdout, stderr = process.communicate(timeout=120)
    except subprocess.TimeoutExpired:  # hanging: leave no process behind
        os.killpg(process.pid, signal.SIGKILL)
        raise
    stderr = stderr.decode()

    assert process.returncode == 128 + signum, stderr
    assert "Traceback" not in stderr and f"interrupted by {signal.Signals(signum).name}" in stderr.splitlines()[-1]
    assert list(out.iterdir()) == []
    assert snapshot(big_export.parent) == before


def test_killed_run_leftover_is_private_and_removed_at_next_run(tmp_path, big_export):
    out = tmp_path / "out"
    out.mkdir()
    process = _start(["redact", big_export, "-o", out / "patients.csv"])
    _wait_for_staging(process, out)
    process.kill()
    process.communicate(timeout=60)
    (leftover,) = out.iterdir()
    assert leftover.name.startswith(".patients.csv.vigie-") and leftover.stat().st_mode & 0o777 == 0o700
    alive = out / f".patients.csv.vigie-{os.getpid()}-busy.tmp"  # a live run's: kept
    alive.write_text("")
    os.utime(alive, (time.time() - 60, time.time() - 60))

    small = write_export(tmp_path / "small.csv")
    run = run_vigie(["redact", small, "-o", out / "patients.csv"])

    assert_clean(run, 0)
    assert f"removed {leftover}" in run.stderr and str(alive) not in run.stderr
    assert sorted(p.name for p in out.iterdir()) == [alive.name, "patients.csv"]


# ------------------------------------------------------------- Rich markup in data

@pytest.mark.parametrize("command, expected_code, shown", [
    (["scan", "{dir}"], 0, ["[/x]", "[bold]nir", "d[bold]/m[red]x.csv"]),
    (["redact", "{dir}/m[red]x.csv", "-o", "{dir}/r[bold].csv"], 0, ["d[bold]/r[bold].csv"]),
    (["scan", "--format", "jsonl", "{tmp}/n[/x].jsonl"], 3, ["n[/x].jsonl, line 2"]),
    (["scan", "{dir}/dump[1].sql"], 0, ["│ consultations.nir ", "│ visites[bold].note[red] ", "│   visites[bold] ",
                                         "d[bold]/dump[1].sql "]),
    (["scan", "--help"], 0, ["vigie[spark]", "local[*]"]),
], ids=["scan-column-names", "redact-output-path", "scan-skipped-line", "scan-table-names", "help"])
def test_markup_in_names_is_shown_literally(tmp_path, command, expected_code, shown):
    folder = tmp_path / "d[bold]"
    folder.mkdir()
    (folder / "m[red]x.csv").write_text(f"id,[/x],[bold]nir\n1,{NAMES[0]},{NIRS[0]}\n2,{NAMES[1]},{NIRS[1]}\n", encoding="utf-8")
    (tmp_path / "n[").mkdir()
    (tmp_path / "n[" / "x].jsonl").write_text(f'{{"id": 1, "note": "RAS"}}\n{{"id": 2, "note": \n', encoding="utf-8")
    (folder / "dump[1].sql").write_text(
        f"CREATE TABLE `consultations` (`nir` varchar(15));\nINSERT INTO `consultations` VALUES ('{NIRS[0]}');\n"
        f"CREATE TABLE `visites[bold]` (`note[red]` varchar(15));\nINSERT INTO `visites[bold]` VALUES ('{NIRS[1]}');\n",
        encoding="utf-8",
    )
    args = [a.format(dir=folder, tmp=tmp_path) for a in command]  # n[/x].jsonl is x].jsonl in n[

    run = run_vigie(args)

    assert_clean(run, expected_code)
    for text in shown:
        assert text in run.stdout + run.stderr, (text, run.stdout, run.stderr)
    assert "MarkupError" not in run.stderr


# ------------------------------------------------------------- a bug of vigie

CRASH = """
import sys
import scanner.scan
from scanner.cli.app import main

def broken(self, detector, records):
    raise ValueError("cannot classify '{name}' with NIR {nir}")

scanner.scan.ChunkScan.__call__ = broken
sys.argv = ["vigie", "scan", "--fail-on", "any", "{export}"]
main()
"""


@pytest.mark.parametrize("debug", [False, True], ids=["plain", "VIGIE_DEBUG"])
def test_internal_error_exits_4_with_one_masked_line(tmp_path, debug):
    export = write_export(tmp_path / "a.csv")
    code = CRASH.format(name=NAMES[1], nir=NIRS[1], export=export)
    env = {**os.environ, "VIGIE_DEBUG": "1" if debug else "0"}
    process = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, env=env, timeout=300)

    assert process.returncode == CRASH_EXIT, process.stderr
    last = process.stderr.strip().splitlines()[-1]
    assert last.startswith("vigie: internal error: ValueError: cannot classify") and "bug in vigie" in last
    assert ("Traceback" in process.stderr) is debug
    if not debug:
        assert len(process.stderr.strip().splitlines()) == 1
        assert NIRS[1] not in process.stderr and NAMES[1] not in process.stderr
