"""Archive bombs: a small .gz that decompresses to one line of hundreds of megabytes.

Line-based readers (CSV, JSON Lines) used to hold such a line whole, then decode it:
memory grew with the line. ``bounded_lines`` reads past any line over ``MAX_LINE_BYTES``
(32 MiB) without holding it; the line is one unreadable part and the rest is read.
"""

import gzip
import json

import pytest

from scanner.readers.sources import MAX_LINE_BYTES
from tests.hostile.harness import assert_clean, nir_with_key
from tests.hostile.test_long_inputs import run_measured

NIR = nir_with_key("1850578006084")
BOMB_BYTES = 200 << 20  # one line of 200 MiB of zeros: about 200 KB compressed
BLOCK = b"0" * (1 << 20)


def _bomb(path, head: bytes, line_start: bytes, tail: bytes) -> None:
    with gzip.open(path, "wb", compresslevel=1) as out:
        out.write(head + line_start)
        for _ in range(BOMB_BYTES // len(BLOCK)):
            out.write(BLOCK)
        out.write(b"\n" + tail)


def jsonl_bomb(path) -> None:
    _bomb(path, json.dumps({"id": 1, "nir": NIR}).encode() + b"\n", b'{"id": 2, "note": "',
          json.dumps({"id": 3, "nir": NIR}).encode() + b"\n")


def csv_bomb(path) -> None:
    _bomb(path, f"id,nir,note\n1,{NIR},RAS\n".encode(), b"2,x,", f"3,{NIR},RAS\n".encode())


# (input writer, file name, records read, unreadable parts, redacted ids kept)
CASES = [
    (jsonl_bomb, "notes.jsonl.gz", 2, 1, ["1", "3"]),
    (csv_bomb, "patients.csv.gz", 2, 1, ["1", "3"]),
]


def _ids(name: str, text: str) -> list[str]:
    if name.startswith("notes"):
        return [str(json.loads(line)["id"]) for line in text.splitlines() if line]
    return [line.split(",")[0] for line in text.splitlines()[1:]]


@pytest.mark.parametrize(("write", "name", "records", "unparsed", "kept"), CASES, ids=[c[1] for c in CASES])
def test_a_one_line_bomb_is_read_past_in_bounded_memory(tmp_path, write, name, records, unparsed, kept):
    source = tmp_path / "in" / name
    source.parent.mkdir()
    write(source)
    out = tmp_path / "out"
    out.mkdir()
    run, peak = run_measured(["scan", source, "-q", "--jobs", "1", "--report", out / "report.json"], out)
    assert_clean(run, 3)
    assert "more than 33,554,432: not read" in run.stderr
    assert all(len(line) < 500 for line in run.stderr.splitlines())
    report = json.loads((out / "report.json").read_text())
    assert (report["records"]["total"], report["records"]["unparsed"]) == (records, unparsed)
    assert report["entities"].get("FR_NIR") == 2
    assert peak < 700, f"peak RSS {peak:.0f} MB for a {BOMB_BYTES >> 20} MiB line"  # unbounded: over 1 GB

    redacted = out / name  # .gz in, .gz out
    run, peak = run_measured(["redact", source, "--output", redacted], out)
    assert_clean(run, 3)
    text = gzip.decompress(redacted.read_bytes()).decode()
    assert _ids(name, text) == kept
    assert NIR not in text and NIR not in run.stdout + run.stderr
    assert peak < 700, f"peak RSS {peak:.0f} MB for a {BOMB_BYTES >> 20} MiB line"


def test_the_line_limit_is_above_the_row_limit():
    """A row refused for its size (8 MiB of characters) is still read past as one line."""
    from scanner.readers.csv_export import MAX_ROW_CHARS

    assert MAX_LINE_BYTES >= 4 * MAX_ROW_CHARS
