"""Nothing skipped silently: walking directories, special files, pipes and FIFOs.

Every entry a walk meets is read, or reported with its path (exit 3, ``records.unparsed``),
or, for hidden entries, counted (``skipped_hidden``). A pipe is read once, whole; a FIFO
nobody writes to is an error after ``$VIGIE_FIFO_TIMEOUT`` seconds, never a hang.
"""

from __future__ import annotations

import errno
import inspect
import json
import os
import socket
import sys
import threading
from pathlib import Path

import pytest

from scanner.errors import UsageError
from scanner.models import ReadError, Record
from scanner.readers import Format, InputFiles, find_input_files, read_records
from scanner.redact.keys import load_key
from scanner.redact.pipeline import RedactRun, redact_path
from scanner.redact.policy import RedactionPolicy
from scanner.watchlist import load_watchlist
from tests.hostile.harness import assert_clean, assert_no_raw, nir_with_key, run_vigie

TABLES = Path(__file__).resolve().parents[2] / "fixtures" / "tables"
NIRS = [nir_with_key("1850775123456"), nir_with_key("2920213055123"), nir_with_key("1670699321007")]
NAMES = ["Hélène Marchand", "Yves Lefebvre", "Odile Carpentier"]
HIDDEN_NIR = nir_with_key("2811044109032")
SHORT_WAIT = {"VIGIE_FIFO_TIMEOUT": "0.5"}


def patients_csv(nirs: list[str], names: list[str]) -> str:
    """A small patient export: one NIR, one name and a phone number per row."""
    rows = [f"{i};{nir};{name};06 12 34 56 7{i}" for i, (nir, name) in enumerate(zip(nirs, names), 1)]
    return "\n".join(["id;nir;nom;telephone", *rows]) + "\n"


def build(root: Path, spec: str) -> None:
    """Create one entry under ``root``: ``a/b.csv`` (a file), ``fifo:p``, ``socket:s``,
    ``link:name->target`` (a symbolic link, dangling when the target does not exist)."""
    kind, _, name = spec.rpartition(":")
    if kind == "link":
        name, target = name.split("->")
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).symlink_to(target)
        return
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
        server.close()  # the socket file stays
    else:
        path.write_text(patients_csv(NIRS[:1], NAMES[:1]), encoding="utf-8")


# (case, entries, include_hidden, files read, hidden entries counted, error messages by entry)
WALK_CASES = [
    ("regular files, sorted depth-first", ["b.csv", "a/z.csv", "a/b/c.csv", "a.csv"], False,
     ["a/b/c.csv", "a/z.csv", "a.csv", "b.csv"], 0, {}),
    ("dot-file counted, not read", ["a.csv", ".env"], False, ["a.csv"], 1, {}),
    ("hidden folder counted once, not entered", ["a.csv", ".git/config", ".git/HEAD"], False, ["a.csv"], 1, {}),
    ("--include-hidden reads them", ["a.csv", ".env", ".git/config"], True, [".env", ".git/config", "a.csv"], 0, {}),
    ("FIFO refused, never opened", ["a.csv", "fifo:exports.fifo"], False, ["a.csv"], 0,
     {"exports.fifo": "named pipe (FIFO): not opened while walking a directory"}),
    ("socket refused", ["a.csv", "socket:agent.sock"], False, ["a.csv"], 0, {"agent.sock": "socket: not opened"}),
    ("device behind a link refused", ["a.csv", "link:null->/dev/null"], False, ["a.csv"], 0,
     {"null": "character device: not opened"}),
    ("broken symbolic link reported", ["a.csv", "link:old.csv->gone.csv"], False, ["a.csv"], 0,
     {"old.csv": "broken symbolic link (No such file or directory)"}),
    ("looping symbolic link reported", ["a.csv", "link:self->self"], False, ["a.csv"], 0,
     {"self": "broken symbolic link (Too many levels of symbolic links)"}),
    ("link to a folder not followed, reported", ["a/x.csv", "link:b->a"], False, ["a/x.csv"], 0,
     {"b": "symbolic link to a directory, not followed"}),
    ("link to a file read", ["a.csv", "link:b.csv->a.csv"], False, ["a.csv", "b.csv"], 0, {}),
]


@pytest.mark.parametrize(("entries", "include_hidden", "files", "hidden", "errors"),
                         [case[1:] for case in WALK_CASES], ids=[case[0] for case in WALK_CASES])
def test_find_input_files_reports_what_it_leaves_out(tmp_path, entries, include_hidden, files, hidden, errors):
    for spec in entries:
        build(tmp_path, spec)
    found = find_input_files([tmp_path], include_hidden)
    assert [str(p.relative_to(tmp_path)) for p in found.files] == files
    assert found.hidden == hidden
    assert {str(Path(e.source).relative_to(tmp_path)): e.message for e in found.errors}.keys() == errors.keys()
    for error in found.errors:
        assert errors[str(Path(error.source).relative_to(tmp_path))] in error.message


def test_find_input_files_reports_a_folder_it_cannot_list(tmp_path, monkeypatch):
    """chmod 000 does not stop root: the listing fails as it would for another user."""
    for spec in ("a.csv", "locked/inside.csv", "z.csv"):
        build(tmp_path, spec)
    real_scandir = os.scandir

    def scandir(path):
        if Path(path).name == "locked":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    found = find_input_files([tmp_path])
    assert [p.name for p in found.files] == ["a.csv", "z.csv"]
    assert [(e.source, e.message) for e in found.errors] == [
        (str(tmp_path / "locked"), "directory cannot be listed: Permission denied; left out"),
    ]


def test_find_input_files_walks_deeper_than_the_recursion_limit(tmp_path):
    """A tree deeper than Python's recursion limit (rglob crashed on it with RecursionError)."""
    depth, limit = 400, sys.getrecursionlimit()
    deepest = tmp_path
    for _ in range(depth):
        deepest = deepest / "d"
        deepest.mkdir()
    build(deepest, "a.csv")
    sys.setrecursionlimit(depth // 2 + len(inspect.stack()))
    try:
        found = find_input_files([tmp_path])
    finally:
        sys.setrecursionlimit(limit)
    assert found.files == [deepest / "a.csv"] and found.errors == []


@pytest.mark.parametrize("spec", [".patients.csv", "fifo:exports.fifo", "link:null->/dev/null", "link:data->a/x.csv"])
def test_find_input_files_takes_what_is_named_whatever_its_kind(tmp_path, spec):
    """Named on the command line, a hidden file, a FIFO or a device is read (a FIFO with a timeout)."""
    build(tmp_path, "a/x.csv")
    build(tmp_path, spec)
    named = tmp_path / spec.rpartition(":")[2].split("->")[0]
    assert find_input_files([named]) == InputFiles(files=[named])


def test_find_input_files_refuses_a_missing_path(tmp_path):
    with pytest.raises(UsageError, match="no such file or directory"):
        find_input_files([tmp_path / "absent"])


def _pipe_of(data: bytes) -> tuple[Path, threading.Thread]:
    """A pipe like ``<(cat file)``: its /dev/fd path, fed by a thread."""
    read_end, write_end = os.pipe()

    def feed():
        with os.fdopen(write_end, "wb") as fp:
            fp.write(data)

    writer = threading.Thread(target=feed)
    writer.start()
    return Path(f"/dev/fd/{read_end}"), writer


def _items(path: Path) -> tuple[list[Record], list[ReadError]]:
    items = list(read_records(path))
    return [i for i in items if isinstance(i, Record)], [i for i in items if isinstance(i, ReadError)]


def _big_jsonl(lines: int) -> bytes:
    """Notes past the MiB of a pipe kept for replay."""
    return b"".join(
        json.dumps({"id": i, "text": f"Consultation du {i % 28 + 1:02d}/03/2024, " + "RAS. " * 20}).encode() + b"\n"
        for i in range(lines)
    )


def _big_dump(rows: int) -> bytes:
    """A mysqldump past the MiB kept, with comments between its statements: its text parts
    are read by a second reader of the pipe, behind the first."""
    lines = ["-- MySQL dump 10.13\n", "CREATE TABLE `p` (`id` int NOT NULL, `note` text, PRIMARY KEY (`id`));\n"]
    for i in range(rows):
        lines.append(f"INSERT INTO `p` VALUES ({i},'Consultation du {i % 28 + 1:02d}/03/2024, RAS.');\n")
        if i % 5000 == 0:
            lines.append(f"-- lot {i}, rappeler le 06 12 34 56 78\n")
    return "".join(lines).encode()


@pytest.mark.parametrize("name", [
    "patients.csv", "patients.tsv", "patients_cp1252.csv", "patients.jsonl", "patients.jsonl.gz",
    "patients.json", "dump_mysql.sql", "dump_postgres.sql", "big.jsonl", "big_dump.sql",
])
def test_read_records_of_a_pipe_equal_those_of_the_file(tmp_path, name):
    path = TABLES / name
    if name.startswith("big"):
        path = tmp_path / name
        path.write_bytes(_big_jsonl(20_000) if name == "big.jsonl" else _big_dump(30_000))
    pipe, writer = _pipe_of(path.read_bytes())
    try:
        records, errors = _items(pipe)
    finally:
        os.close(int(pipe.name))  # a reader that stopped early leaves the writer blocked: this ends it
        writer.join()
    expected, expected_errors = _items(path)
    assert len(records) == len(expected) > 1
    assert [r.fields for r in records] == [r.fields for r in expected]
    assert len(errors) == len(expected_errors)


@pytest.mark.parametrize(("name", "message"), [
    ("patients.sqlite", "a sqlite file cannot be read from a pipe: save it to a file first"),
    ("patients.parquet", "a parquet file cannot be read from a pipe: save it to a file first"),
])
def test_read_records_of_a_pipe_refuses_binary_formats(name, message):
    pipe, writer = _pipe_of((TABLES / name).read_bytes()[:200_000])
    try:
        records, errors = _items(pipe)
    finally:
        os.close(int(pipe.name))  # the writer may be blocked on a full pipe: closing ends it
        writer.join()
    assert records == [] and [e.message for e in errors] == [message]


@pytest.fixture
def silent_fifo(tmp_path, monkeypatch):
    """A FIFO no process writes to, and a short wait for it."""
    fifo = tmp_path / "nobody.fifo"
    os.mkfifo(fifo)
    monkeypatch.setenv("VIGIE_FIFO_TIMEOUT", "0.2")
    return fifo


def test_read_records_of_a_silent_fifo_is_an_error_not_a_hang(silent_fifo):
    records, errors = _items(silent_fifo)
    assert records == []
    assert [e.message for e in errors] == [
        "nothing to read after 0.2 s (a pipe nobody writes to? $VIGIE_FIFO_TIMEOUT sets the wait)"
    ]


@pytest.mark.parametrize(("load", "message"), [
    (lambda fifo: load_key(fifo, environ={}), r"cannot read key file .*nobody\.fifo: nothing to read after 0\.2 s"),
    (load_watchlist, r"nobody\.fifo: nothing to read after 0\.2 s"),
])
def test_small_files_from_a_silent_fifo_are_a_usage_error(silent_fifo, load, message):
    with pytest.raises(UsageError, match=message):
        load(silent_fifo)


def test_key_file_read_from_a_pipe():
    pipe, writer = _pipe_of(b"00112233445566778899aabbccddeeff\n")
    try:
        key, ephemeral = load_key(pipe, environ={})
    finally:
        writer.join()
        os.close(int(pipe.name))
    assert (key, ephemeral) == (bytes.fromhex("00112233445566778899aabbccddeeff"), False)


class _FindsNothing:
    """A detector stub: the walk and the opening are under test, not detection."""

    def detect_batch(self, records):
        return [[] for _ in records]

    def absent_of(self, source, table):
        return lambda name: frozenset()

    def prepare(self, records):
        return {}

    def plans_of(self, source, table, header):
        return None


def _deny_reading(monkeypatch, name: str) -> None:
    """Opening ``name`` for reading fails as for a file of another user (tests run as root)."""
    real_open = Path.open

    def open_(path, mode="r", *args, **kwargs):
        if path.name == name and "r" in mode:
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "open", open_)


def _remove_before_writing(monkeypatch, name: str) -> None:
    """``name`` vanishes between the walk and its redaction."""
    real_redact_file = RedactRun.redact_file

    def redact_file(run, out, *args):
        if out.source.name == name:
            out.source.unlink()
        return real_redact_file(run, out, *args)

    monkeypatch.setattr(RedactRun, "redact_file", redact_file)


@pytest.mark.parametrize(("make_unreadable", "format", "message"), [
    (_deny_reading, None, "Permission denied; file left out"),
    (_deny_reading, Format.CSV, "Permission denied; file left out"),
    (_remove_before_writing, None, "No such file or directory; file left out"),
    (_remove_before_writing, Format.CSV, "No such file or directory; file left out"),
])
def test_redact_reports_an_input_it_cannot_open_and_goes_on(tmp_path, monkeypatch, make_unreadable, format, message):
    source = tmp_path / "in"
    for name in ("a.csv", "b.csv", "c.csv"):
        build(source, name)
    make_unreadable(monkeypatch, "b.csv")
    errors = []
    summary = redact_path(source, tmp_path / "out", RedactionPolicy(key=bytes(32)), format=format,
                          detector=_FindsNothing(), on_error=errors.append)
    assert [(Path(e.source).name, e.message) for e in errors] == [("b.csv", message)]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.csv", "c.csv"]
    assert summary.unparsed == 1


@pytest.mark.parametrize("format", [None, Format.TEXT, Format.JSONL, Format.JSON, Format.CSV, Format.MYSQL, Format.POSTGRES])
@pytest.mark.parametrize(("problem", "message"), [
    ("denied", "Permission denied"),
    ("vanished", "No such file or directory"),
])
def test_read_records_of_a_file_that_cannot_be_opened_is_one_error(tmp_path, monkeypatch, format, problem, message):
    """What ``vigie scan`` reads of a walked file it cannot open: one error with its path."""
    path = tmp_path / "export.csv"
    build(tmp_path, path.name)
    if problem == "denied":
        _deny_reading(monkeypatch, path.name)
    else:
        path.unlink()
    assert list(read_records(path, format)) == [ReadError(str(path), None, message)]


# ---- end to end, in a fresh process -------------------------------------------------------


@pytest.fixture
def exports(tmp_path):
    """A folder as found on a share: an export, a hidden copy, a FIFO, a dangling link."""
    root = tmp_path / "exports"
    root.mkdir()
    (root / "patients.csv").write_text(patients_csv(NIRS, NAMES), encoding="utf-8")
    (root / ".patients.csv.swp").write_text(patients_csv([HIDDEN_NIR], ["Rémi Fontaine"]), encoding="utf-8")
    os.mkfifo(root / "export.fifo")
    (root / "old.csv").symlink_to("removed.csv")
    return root


def _report(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize(("options", "records", "hidden", "unparsed"), [
    ([], 3, 1, 2),
    (["--include-hidden"], 4, 0, 2),
], ids=["default", "include-hidden"])
def test_scan_walk_reports_special_files_and_counts_hidden_ones(tmp_path, exports, options, records, hidden, unparsed):
    out = tmp_path / "out"
    out.mkdir()
    run = run_vigie(["scan", exports, "--report", out / "report.json", "-q", *options], outputs=out, timeout=60)
    assert_clean(run, 3)
    assert_no_raw(run, NIRS + [HIDDEN_NIR])
    report = _report(out / "report.json")
    assert (report["records"]["total"], report["skipped_hidden"], report["records"]["unparsed"]) == (records, hidden, unparsed)
    assert {Path(e["source"]).name for e in report["errors"]} == {"export.fifo", "old.csv"}
    assert ("--include-hidden reads them" in run.stderr) == bool(hidden)


@pytest.mark.parametrize(("options", "written"), [
    ([], ["patients.csv"]),
    (["--include-hidden"], [".patients.csv.swp", "patients.csv"]),
], ids=["default", "include-hidden"])
def test_redact_walk_reports_special_files_and_counts_hidden_ones(tmp_path, exports, options, written):
    out = tmp_path / "out"
    out.mkdir()
    run = run_vigie(["redact", exports, "-o", out / "redacted", *options], outputs=out, timeout=60,
                    env={"VIGIE_KEY": "00112233445566778899aabbccddeeff"})
    assert_clean(run, 3)
    assert_no_raw(run, NIRS + [HIDDEN_NIR] + NAMES)
    assert sorted(p.name for p in (out / "redacted").iterdir()) == written
    assert "export.fifo: named pipe (FIFO)" in run.stderr and "old.csv: broken symbolic link" in run.stderr
    assert ("left out of the directories walked: 1;" in run.stderr) == (not options)


def test_scan_reads_standard_input_whole(tmp_path):
    notes = (TABLES.parent / "notes.jsonl").read_bytes()
    out = tmp_path / "out"
    out.mkdir()
    run = run_vigie(["scan", "-", "--report", out / "report.json", "-q"], outputs=out, stdin=notes, timeout=60)
    assert_clean(run, 0)
    assert _report(out / "report.json")["records"]["total"] == notes.count(b"\n") == 300


def test_scan_reads_a_named_fifo_once_a_writer_comes(tmp_path):
    fifo = tmp_path / "export.fifo"
    os.mkfifo(fifo)
    data = patients_csv(NIRS, NAMES).encode()

    def write_later():
        with fifo.open("wb") as fp:  # blocks until vigie opens the FIFO
            fp.write(data)

    writer = threading.Thread(target=write_later, daemon=True)
    writer.start()
    out = tmp_path / "out"
    out.mkdir()
    run = run_vigie(["scan", fifo, "--report", out / "report.json", "-q"], outputs=out, timeout=60)
    writer.join(timeout=5)
    assert_clean(run, 0)
    assert _report(out / "report.json")["records"]["total"] == 3


@pytest.mark.parametrize(("args", "code", "message"), [
    (["scan", "{fifo}", "{csv}", "-q"], 3, "{fifo}: nothing to read after 0.5 s"),
    (["scan", "{csv}", "-q", "--watchlist", "{fifo}"], 2, "{fifo}: nothing to read after 0.5 s"),
    (["redact", "{csv}", "-o", "{out}/r.csv", "--key-file", "{fifo}"], 2, "cannot read key file {fifo}: nothing to read"),
    (["redact", "{fifo}", "-o", "{out}/r.csv"], 2, "{fifo}: a pipe, FIFO or device cannot be redacted"),
    (["redact", "-", "-o", "{out}/r.csv"], 2, "not the standard input: save it to a file first"),
], ids=["scan-input", "watchlist", "key-file", "redact-input", "redact-stdin"])
def test_a_fifo_nobody_writes_to_never_hangs(tmp_path, args, code, message):
    fifo = tmp_path / "nobody.fifo"
    os.mkfifo(fifo)
    csv = tmp_path / "patients.csv"
    csv.write_text(patients_csv(NIRS, NAMES), encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    names = {"fifo": fifo, "csv": csv, "out": out}
    run = run_vigie([a.format(**names) for a in args], outputs=out, env=SHORT_WAIT, timeout=60)
    assert_clean(run, code)
    assert message.format(**names) in " ".join(run.stderr.split())
    assert_no_raw(run, NIRS)
