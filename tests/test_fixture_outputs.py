"""``vigie scan`` and ``vigie redact`` write, for the bundled fixtures, what
``benchmarks/fixture_outputs.json`` records: a refactoring changes no output byte.

A change meant to change outputs records them again (``python -m benchmarks.fixture_outputs
--record``); the diff of the JSON file then shows which outputs moved.
"""

import json

import pytest

from benchmarks.fixture_outputs import RECORDED, ROOT, differences, digest, fixture_outputs


def test_fixture_outputs_are_the_recorded_ones():
    lines = differences(json.loads(RECORDED.read_text()), fixture_outputs(ROOT))
    assert not lines, ("outputs changed; if that is meant, run `python -m benchmarks.fixture_outputs --record` "
                       "and commit the new digests:\n" + "\n".join(lines))


@pytest.mark.parametrize("name, first, second, same", [
    ("report.html", "<p>Generated 2026-12-05 14:31:56 UTC · vigie 0.1.0 · report</p>",
     "<p>Generated 2027-01-02 09:00:00 UTC · vigie 0.2.0 · report</p>", True),
    ("report.html", "<td>FR_NIR</td><td>40</td>", "<td>FR_NIR</td><td>41</td>", False),
    ("report.json", '{"vigie_version": "0.1.0", "records": 40}', '{"records": 40, "vigie_version": "9"}', True),
    ("report.json", '{"vigie_version": "0.1.0", "records": 40}', '{"vigie_version": "0.1.0", "records": 39}', False),
    ("patients.csv", "nir\n1 84 12 76 451 089 46\n", "nir\n1 84 12 76 451 089 46\r\n", False),
])
def test_digests_leave_out_only_when_and_by_which_version(tmp_path, name, first, second, same):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / name).write_text(first, newline="")
    (tmp_path / "b" / name).write_text(second, newline="")
    assert (digest(tmp_path / "a" / name) == digest(tmp_path / "b" / name)) is same


def test_parquet_and_sqlite_digests_follow_their_content(tmp_path):
    import sqlite3

    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table({"nom": ["Martin", "Durand"]})
    pq.write_table(table, tmp_path / "a.parquet", compression="snappy")
    pq.write_table(table, tmp_path / "b.parquet", compression="zstd")
    pq.write_table(pa.table({"nom": ["Martin", "Petit"]}), tmp_path / "c.parquet")
    assert digest(tmp_path / "a.parquet") == digest(tmp_path / "b.parquet") != digest(tmp_path / "c.parquet")
    for name, value in [("a.sqlite", "Martin"), ("b.sqlite", "Petit")]:
        with sqlite3.connect(tmp_path / name) as database:
            database.execute("create table patients (nom text)")
            database.execute("insert into patients values (?)", (value,))
        database.close()
    assert digest(tmp_path / "a.sqlite") != digest(tmp_path / "b.sqlite")
