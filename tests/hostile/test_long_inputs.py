"""Long notes, big text files and wide rows: scanned in linear time and flat memory.

Each case runs ``vigie`` in a fresh process (``harness.run_vigie``); the inputs are
synthetic (fixture notes, NIRs with computed keys).
"""

from __future__ import annotations

import gzip
import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from scanner.detect.windows import text_windows
from tests.hostile.harness import REPO, Run, assert_clean, assert_no_raw, nir_with_key, run_vigie

FIXTURE_NOTES = [json.loads(line)["text"] for line in (REPO / "fixtures" / "notes.jsonl").read_text("utf-8").splitlines()]
FILLER = "revu en consultation, état stable, poursuite du traitement habituel; "


def notes_text(size: int) -> str:
    """About ``size`` characters of fixture notes, separated by blank lines."""
    parts, length = [], 0
    while length < size:
        parts.append(FIXTURE_NOTES[len(parts) % len(FIXTURE_NOTES)])
        length += len(parts[-1]) + 2
    return "\n\n".join(parts)


def on_a_cut(head: str, context: str, value: str, tail: str) -> tuple[str, int]:
    """``head + context + value + tail`` padded with one long line (after ``head``) so that
    the next window cut after ``head`` falls inside ``value``; the text and where ``value``
    starts."""
    pad = FILLER * 200
    index = len(text_windows(head)) - 1 if head else 0
    for length in range(len(pad)):
        text = head + pad[:length] + " " + context + value + tail[:20_000]  # the cut's reach
        start = len(head) + length + 1 + len(context)
        cut = text_windows(text)[index].own_end
        if start < cut < start + len(value):
            return head + pad[:length] + " " + context + value + tail, start
    raise AssertionError("no padding puts the cut inside the value")


def findings_of(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def spans(findings: list[dict], entity_type: str) -> list[tuple[str, int, int]]:
    return [(f["record"], f["start"], f["end"]) for f in findings if f["entity_type"] == entity_type]


MEASURED = """
import resource, subprocess, sys
code = subprocess.call([sys.executable, "-m", "scanner", *sys.argv[2:]])
with open(sys.argv[1], "w") as peak:
    peak.write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(code)
"""
"""Runs vigie as the child of a small process, whose ``RUSAGE_CHILDREN`` is vigie's peak
RSS (vigie's own would start from the pytest process it was forked from)."""


def run_measured(args: list[str | Path], outputs: Path) -> tuple[Run, float]:
    """``run_vigie``, with the peak RSS in MB of the vigie process and its workers."""
    peak_file = outputs.parent / "peak_rss_kb"
    process = subprocess.run([sys.executable, "-c", MEASURED, str(peak_file), *map(str, args)], cwd=REPO,
                             capture_output=True, timeout=300, env={**os.environ, "COLUMNS": "200"})
    run = Run([str(a) for a in args], process.returncode, process.stdout.decode("utf-8", "replace"),
              process.stderr.decode("utf-8", "replace"))
    return run, int(peak_file.read_text()) / 1024


def test_a_note_of_over_a_million_characters_is_scanned_whole(tmp_path):
    """spaCy refuses a text over 1,000,000 characters: windows make it scannable, and the
    values at both ends and on a window cut are found once, at their offsets."""
    first, cut_value, last = nir_with_key("1850578006084"), "06 47 21 38 95", "zoe.marchand@example.org"
    head = f"NIR {first}\n"
    # Fixture notes, then blank lines (a fixed-width export's padding: cheap to analyse, so
    # that the test stays short), then the last value.
    padding = (" " * 79 + "\n") * 15_000
    text, cut_start = on_a_cut(head, "tél ", cut_value, "\n" + notes_text(60_000) + padding + f"\nécrire à {last}")
    assert len(text) > 1_200_000
    note = tmp_path / "in" / "note.jsonl"
    note.parent.mkdir()
    note.write_text(json.dumps({"id": "n1", "text": text}, ensure_ascii=False) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    run = run_vigie(["scan", note, "--jobs", "1", "-q", "--findings", out / "findings.jsonl"], outputs=out)
    assert_clean(run, 0)
    findings = findings_of(out / "findings.jsonl")
    assert spans(findings, "FR_NIR").count(("n1", 4, 4 + len(first))) == 1
    assert spans(findings, "PHONE_NUMBER").count(("n1", cut_start, cut_start + len(cut_value))) == 1
    assert [s for s in spans(findings, "PHONE_NUMBER") if s[1] < cut_start + len(cut_value) and s[2] > cut_start] \
        == [("n1", cut_start, cut_start + len(cut_value))]
    assert spans(findings, "EMAIL_ADDRESS")[-1] == ("n1", len(text) - len(last), len(text))
    assert all(0 <= f["start"] < f["end"] <= len(text) for f in findings)
    assert_no_raw(run, [first, cut_value, last])


def test_redaction_of_a_long_note_replaces_values_on_window_cuts(tmp_path):
    key = nir_with_key("2630397154375")
    nir = " ".join((key[0], key[1:3], key[3:5], key[5:7], key[7:10], key[10:13], key[13:]))
    phone = "06 47 21 38 95"
    text, _ = on_a_cut(notes_text(2_000), "NIR ", nir, "\n" + notes_text(12_000))
    text, _ = on_a_cut(text, "tél ", phone, "\n" + notes_text(2_000))
    assert len(text_windows(text)) >= 3
    note = tmp_path / "in" / "note.txt"
    note.parent.mkdir()
    note.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    run = run_vigie(["redact", note, "--output", out / "note.txt"], outputs=out)
    assert_clean(run, 0)
    redacted = (out / "note.txt").read_text("utf-8")
    assert_no_raw(run, [nir, phone, "Valentine HEBERT"])
    assert redacted.count(FILLER) == text.count(FILLER)  # the rest kept


def test_a_big_gzip_text_file_is_streamed_in_records_of_lines(tmp_path):
    """100 MB of text in a .txt.gz: records of whole lines numbered by their first line,
    values found on their lines, memory flat (the old reader held it whole, then crashed)."""
    blank_line = " " * 79 + "\n"
    values = {1: nir_with_key("1850578006084"), 700_000: "06 47 21 38 95", 1_300_000: "zoe.marchand@example.org"}
    path = tmp_path / "export.txt.gz"
    with gzip.open(path, "wb", compresslevel=1) as handle:
        block = blank_line.encode() * 100_000

        def write_blank_lines(count: int) -> None:
            for done in range(0, count, 100_000):
                handle.write(block[: min(100_000, count - done) * len(blank_line)])

        line = 1
        for number in sorted(values):
            write_blank_lines(number - line)
            handle.write(f"valeur {values[number]}\n".encode())
            line = number + 1
        write_blank_lines(100)
    out = tmp_path / "out"
    out.mkdir()
    run, peak = run_measured(["scan", path, "-q", "--findings", out / "findings.jsonl"], out)
    assert_clean(run, 0)
    assert 100 < peak < 800, f"peak RSS {peak:.0f} MB"
    findings = findings_of(out / "findings.jsonl")
    lines = {}
    for finding in findings:  # the line of each value, from its record's first line and its offset
        first_line = int(finding["record"])
        record_lines = (f"valeur {values[n]}\n" if n in values else blank_line for n in itertools.count(first_line))
        record_text = "".join(itertools.islice(record_lines, finding["start"] // len(blank_line) + 2))
        lines[finding["entity_type"]] = first_line + record_text[: finding["start"]].count("\n")
    assert lines == {"FR_NIR": 1, "PHONE_NUMBER": 700_000, "EMAIL_ADDRESS": 1_300_000}
    assert len({f["record"] for f in findings}) == 3


NIR_IN_ROW = nir_with_key("2630397154375")
HUGE = 10 << 20  # characters of one cell (over MAX_ROW_CHARS, 8 MiB)


def _wide_header(path: Path) -> None:
    path.write_text(",".join(f"c{i}" for i in range(1_000_000)) + f"\n{NIR_IN_ROW}" + ",x" * 999_999 + "\n")


def _wide_row(path: Path) -> None:
    path.write_text(f"id,nir,notes\n1,{NIR_IN_ROW},ok\n2," + ",".join(["x"] * 50_000) + f"\n3,{NIR_IN_ROW},fin\n")


def _huge_cell(path: Path) -> None:
    path.write_text(f"id,nir,notes\n1,{NIR_IN_ROW},ok\n2,{NIR_IN_ROW}," + "a " * (HUGE // 2) + f"\n3,{NIR_IN_ROW},fin\n")


def _huge_quoted_cell(path: Path) -> None:
    path.write_text(f'id,nir,notes\n1,{NIR_IN_ROW},ok\n2,{NIR_IN_ROW},"' + "a, b" * (HUGE // 4) + f'"\n3,{NIR_IN_ROW},fin\n')


def _wide_but_allowed(path: Path) -> None:
    names = [f"c{i}" for i in range(9_998)] + ["nir", "notes"]
    row = ["x"] * 9_998 + [NIR_IN_ROW, "Mme Camille ROUX vue ce jour."]
    path.write_text(",".join(names) + "\n" + ",".join(row) + "\n")


def _wide_jsonl(path: Path) -> None:
    wide = {"id": "2", "nir": NIR_IN_ROW, **{f"k{i}": "x" for i in range(50_000)}}
    path.write_text("\n".join(json.dumps(obj) for obj in (
        {"id": "1", "nir": NIR_IN_ROW}, wide, {"id": "3", "nir": NIR_IN_ROW})) + "\n")


def _wide_json_array(path: Path) -> None:
    _wide_jsonl(path)
    path.write_text("[" + ",\n".join(path.read_text().splitlines()) + "]\n")


# (name, writes the input, exit code, message on stderr, records read, unreadable parts)
WIDE_CASES = [
    ("a header of a million columns", _wide_header, 3, "1,000,000 columns, more than 10,000", 0, 2),
    ("a row of 50,000 cells", _wide_row, 3, "50,001 columns, more than 10,000", 2, 1),
    ("a 10 MB cell", _huge_cell, 3, "characters, more than 8,388,608", 2, 1),
    ("a 10 MB quoted cell", _huge_quoted_cell, 3, "characters, more than 8,388,608", 2, 1),
    ("10,000 columns", _wide_but_allowed, 0, None, 1, 0),
    ("a JSON object of 50,002 fields", _wide_jsonl, 3, "50,002 fields, more than 10,000", 2, 1),
    ("the same in a JSON array", _wide_json_array, 3, "50,002 fields, more than 10,000", 2, 1),
]


@pytest.mark.parametrize(("name", "write", "exit_code", "message", "records", "unparsed"), WIDE_CASES,
                         ids=[case[0] for case in WIDE_CASES])
def test_wide_or_huge_csv_rows_are_refused_or_read(tmp_path, name, write, exit_code, message, records, unparsed):
    path = tmp_path / "in" / ("export.jsonl" if write is _wide_jsonl else "export.json" if write is _wide_json_array
                              else "export.csv")
    path.parent.mkdir()
    write(path)
    out = tmp_path / "out"
    out.mkdir()
    run = run_vigie(["scan", path, "-q", "--report", out / "report.json"], outputs=out, timeout=120)
    assert_clean(run, exit_code)
    if message:
        assert message in run.stderr
        assert all(len(line) < 500 for line in run.stderr.splitlines())  # one-line errors, no cell dumped
    report = json.loads((out / "report.json").read_text())
    assert (report["records"]["total"], report["records"]["unparsed"]) == (records, unparsed)
    if exit_code == 0:
        assert report["entities"].get("FR_NIR") == 1


def _first_cells(text: str) -> list[str]:
    return [line.split(",")[0] for line in text.splitlines()]


def _ids(text: str) -> list[str]:
    return [json.loads(line)["id"] for line in text.splitlines()]


@pytest.mark.parametrize(("write", "name", "kept"), [
    (_huge_cell, "export.csv", lambda text: _first_cells(text) == ["id", "1", "3"]),
    (_wide_row, "export.csv", lambda text: _first_cells(text) == ["id", "1", "3"]),
    (_wide_jsonl, "export.jsonl", lambda text: _ids(text) == ["1", "3"]),
], ids=["a 10 MB cell", "a row of 50,000 cells", "a JSON object of 50,002 fields"])
def test_redaction_drops_a_refused_row_and_keeps_the_others(tmp_path, write, name, kept):
    path = tmp_path / "in" / name
    path.parent.mkdir()
    write(path)
    out = tmp_path / "out"
    out.mkdir()
    run = run_vigie(["redact", path, "--output", out / name], outputs=out, timeout=120)
    assert_clean(run, 3)
    assert_no_raw(run, [NIR_IN_ROW])
    assert kept((out / name).read_text())
