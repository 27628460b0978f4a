"""With workers, a redaction's first pass reads a CSV file as a scan does (the workers split
its rows) and its second pass as the CSV writer does: both must give the same readable
records, in the same order, or the second pass would fail (``InputChanged``) on a file that
did not change."""

from __future__ import annotations

import gzip
from dataclasses import replace
from pathlib import Path

import pytest

from scanner.models import Record
from scanner.readers import Format, items_of, read_chunks
from scanner.readers.csv_export import CsvChunk
from scanner.redact import pipeline
from scanner.redact.pipeline import redact_path
from scanner.redact.policy import RedactionPolicy
from scanner.redact.writers import WriteOptions
from scanner.redact.writers.csv_writer import CsvWriter
from tests.redact.test_csv_fast_rows import CONTENTS, ENCODINGS

KEY = bytes(range(32))
UNDECODABLE = b"id,nom\n1,RO\xffUX\n2,DUPONT\n\n3,L\xc3\xa9A\n4,\xe9\n5,\"A\nB\xff\",x\n6,Roux\n"


def first_pass_records(path: Path, size: int, options: WriteOptions) -> list[Record]:
    chunks = read_chunks(path, size, Format.CSV, options.encoding, options.delimiter)
    return [item for chunk in chunks
            for item in items_of(replace(chunk, with_errors=False) if isinstance(chunk, CsvChunk) else chunk)
            if isinstance(item, Record)]


def written_records(path: Path, tmp_path: Path, options: WriteOptions) -> list[Record]:
    return [unit.record for unit in CsvWriter(path, tmp_path / "out.csv", options).units()
            if unit.record is not None and not unit.errors]


CASES = [(name, encoding) for name in CONTENTS for encoding in ENCODINGS]


@pytest.mark.parametrize("size", [1, 2, 5])
@pytest.mark.parametrize("name, encoding", CASES)
def test_the_first_pass_reads_the_records_the_writer_writes(name, encoding, size, tmp_path):
    path = tmp_path / ("p.tsv" if name == "tabs" else "p.csv")
    path.write_bytes(CONTENTS[name].encode(encoding, errors="replace"))
    assert first_pass_records(path, size, WriteOptions()) == written_records(path, tmp_path, WriteOptions())


@pytest.mark.parametrize("size", [1, 2, 3, 256])
@pytest.mark.parametrize("options", [WriteOptions(encoding="utf-8"), WriteOptions()])
def test_rows_with_a_byte_that_does_not_decode_are_left_out_as_the_writer_drops_them(options, size, tmp_path):
    path = tmp_path / "p.csv"
    path.write_bytes(UNDECODABLE)
    records = first_pass_records(path, size, options)
    assert records == written_records(path, tmp_path, options)
    if options.encoding:
        assert [record.record for record in records] == ["2", "3", "6"]


def test_a_gzip_csv_reads_the_same(tmp_path):
    path = tmp_path / "p.csv.gz"
    path.write_bytes(gzip.compress(CONTENTS["quoted multi-line"].encode(), mtime=0))
    options = WriteOptions(compress=True)
    assert first_pass_records(path, 2, options) == written_records(path, tmp_path, options) != []


@pytest.mark.parametrize("name", ["undecodable", "quoted multi-line", "never closed", "wrong width", "blank lines",
                                  "no id column", "nul byte"])
def test_two_jobs_redact_a_hostile_csv_as_one_does(name, tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "CHUNK_SIZE", 2)  # units of a few rows: both workers share the file
    monkeypatch.setattr(pipeline, "UNIT_CHUNKS", 1)
    source = tmp_path / "p.csv"
    source.write_bytes(UNDECODABLE if name == "undecodable" else CONTENTS[name].encode())
    runs = []
    for jobs in (1, 2):
        out = tmp_path / f"{jobs}.csv"
        summary = redact_path(source, out, RedactionPolicy(key=KEY), encoding="utf-8", jobs=jobs)
        runs.append((out.read_bytes() if out.exists() else None, summary.records_read, summary.records_dropped, summary.findings,
                     [(error.line, error.message) for error in summary.errors]))
    assert runs[0] == runs[1]
