"""Inputs whose format or encoding is easy to guess wrong, every INSERT form, deep nesting.

Each case runs ``vigie`` in a fresh process on a synthetic input holding a NIR, and checks
the exit code, that no traceback and no raw NIR comes out anywhere, and what was read:
the NIR found by ``scan`` (in the findings, masked) or replaced by ``redact``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.hostile.harness import assert_clean, assert_no_raw, nir_with_key, run_vigie

NIR = nir_with_key("2630397154375")
KEY_HEX = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"
NOTE = f"Patient vu ce jour, NIR {NIR}, rappeler au besoin.\n"
DEEP = 1_500


def _parquet_map() -> bytes:
    import io

    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    buffer = io.BytesIO()
    table = pa.table({"id": [1, 2], "attrs": pa.array([[("nir", NIR)], None], type=pa.map_(pa.string(), pa.string()))})
    pq.write_table(table, buffer)
    return buffer.getvalue()


INPUTS = {  # name -> bytes (a callable when it needs an optional dependency)
    "cr.txt": ("[CR du 12/03] " + NOTE).encode(),
    "urgent.txt": ("{Urgent} " + NOTE).encode(),
    "begin.txt": ("Begin consultation: " + NOTE).encode(),
    "unicode.txt": f"nom\tprénom\tnir\r\nROUX\tAnne\t{NIR}\r\n".encode("utf-16"),
    "unicode_note.txt": NOTE.encode("utf-16-le"),
    "export.csv": f"nom;nir\r\nROUX;{NIR}\r\n".encode("utf-16"),
    "notes.jsonl": (json.dumps({"id": 1, "nir": NIR}) + "\n").encode("utf-32"),
    "bom_mysql.sql": f"\ufeffINSERT INTO `p` VALUES (1,'{NIR}');\n".encode(),
    "bom_postgres.sql": f"\ufeff--\n-- PostgreSQL database dump\n--\nINSERT INTO public.p VALUES (1, '{NIR}');\n".encode(),
    "overriding.sql": (
        "--\n-- PostgreSQL database dump\n--\n"
        f"INSERT INTO public.p (id, nir) OVERRIDING SYSTEM VALUE VALUES (1, '{NIR}') ON CONFLICT DO NOTHING;\n"
    ).encode(),
    "deep.jsonl": (
        json.dumps({"id": 1, "nir": NIR}) + "\n" + '{"id": 2, "x": ' + '{"a": ' * DEEP + f'"{NIR}"' + "}" * DEEP + "}\n"
    ).encode(),
    "deep.json": (
        f'[{{"id": 1, "nir": "{NIR}"}},\n' + '{"id": 2, "x": ' + "[" * DEEP + f'"{NIR}"' + "]" * DEEP + "}]\n"
    ).encode(),
    "map.parquet": _parquet_map,
}

# (command, input, extra arguments, exit code, NIR findings expected from scan / unreadable records)
CASES = [
    ("scan", "cr.txt", [], 0, 1),
    ("scan", "urgent.txt", [], 0, 1),
    ("scan", "begin.txt", [], 0, 1),
    ("scan", "unicode.txt", [], 0, 1),
    ("scan", "unicode.txt", ["--encoding", "utf-16"], 0, 1),
    ("scan", "unicode_note.txt", [], 0, 1),
    ("scan", "bom_mysql.sql", [], 0, 1),
    ("scan", "overriding.sql", [], 0, 1),
    ("scan", "deep.jsonl", [], 3, 1),
    ("scan", "deep.json", [], 3, 1),
    ("scan", "map.parquet", [], 0, 1),
    ("redact", "cr.txt", [], 0, None),
    ("redact", "unicode.txt", [], 0, None),
    ("redact", "export.csv", ["--encoding", "utf-16"], 0, None),
    ("redact", "notes.jsonl", [], 0, None),
    ("redact", "bom_mysql.sql", [], 0, None),
    ("redact", "bom_postgres.sql", [], 0, None),
    ("redact", "overriding.sql", [], 0, None),
    ("redact", "deep.json", [], 3, None),
    ("redact", "map.parquet", [], 0, None),
]


def _input(tmp_path: Path, name: str) -> Path:
    content = INPUTS[name]
    path = tmp_path / "in" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(content() if callable(content) else content)
    return path


@pytest.mark.parametrize(
    ("command", "name", "extra", "exit_code", "nirs"),
    [pytest.param(*case, id=f"{case[0]}-{case[1]}{'-' + '-'.join(case[2]) if case[2] else ''}") for case in CASES],
)
def test_hostile_formats(tmp_path, command, name, extra, exit_code, nirs):
    source = _input(tmp_path, name)
    before = source.read_bytes()
    out = tmp_path / "out"
    out.mkdir()
    if command == "scan":
        run = run_vigie(["scan", source, "--findings", out / "findings.jsonl", "--report", out / "report.json", *extra],
                        outputs=out)
    else:
        run = run_vigie(["redact", source, "--output", out / name, "--verify", *extra], outputs=out,
                        env={"VIGIE_KEY": KEY_HEX})
    assert_clean(run, exit_code)
    assert_no_raw(run, [NIR])
    assert source.read_bytes() == before  # inputs are never modified
    if exit_code == 3:  # the refused record is named, on one line, with its file and line
        assert f"{source}, line 2: JSON nested deeper than" in run.stderr
    if command == "scan":
        findings = [json.loads(line) for line in (out / "findings.jsonl").read_text().splitlines()]
        assert sum(f["entity_type"] == "FR_NIR" for f in findings) == nirs
        report = json.loads((out / "report.json").read_text())
        assert report["records"]["unparsed"] == (1 if exit_code == 3 else 0)
    else:
        assert (out / name).exists() and (out / name).stat().st_size > 0


@pytest.mark.parametrize("command", ["scan", "redact"])
@pytest.mark.parametrize("delimiter", ["\n", '"'])
def test_a_delimiter_that_cannot_separate_cells_is_refused(tmp_path, command, delimiter):
    source = _input(tmp_path, "export.csv")
    out = tmp_path / "out"
    out.mkdir()
    target = ["--output", out / "export.csv"] if command == "redact" else []
    run = run_vigie([command, source, *target, "--delimiter", delimiter], outputs=out, env={"VIGIE_KEY": KEY_HEX})
    assert_clean(run, 2)
    assert "--delimiter cannot be" in run.stderr and not run.files


WIDE_DUMPS = {  # dialect -> a dump with a NIR in a row, in a comment and in a table name
    "mysql": (
        "-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\n"
        f"CREATE TABLE `t_{NIR}` (`id` int NOT NULL, `nir` char(15), `note` text, PRIMARY KEY (`id`));\n"
        f"-- rappeler le patient {NIR}\n"
        f"INSERT INTO `t_{NIR}` VALUES (1,'{NIR}','Vue en consultation, fébrile'),(2,NULL,'RAS');\n"
    ),
    "postgres": (
        "--\n-- PostgreSQL database dump\n--\n\nSET standard_conforming_strings = on;\n"
        f"CREATE TABLE public.t_{NIR} (id integer NOT NULL, nir character(15), note text);\n"
        f"-- rappeler le patient {NIR}\n"
        f"COPY public.t_{NIR} (id, nir, note) FROM stdin;\n1\t{NIR}\tVue en consultation, fébrile\n2\t\\N\tRAS\n\\.\n"
    ),
}


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32"])
@pytest.mark.parametrize("dialect", list(WIDE_DUMPS))
def test_wide_dump_redacts_in_its_encoding_and_reads_back(tmp_path, dialect, encoding):
    from scanner.readers import read_records
    from scanner.redact.pipeline import redact_path
    from scanner.redact.policy import RedactionPolicy

    source = tmp_path / "dump.sql"
    source.write_bytes(WIDE_DUMPS[dialect].encode(encoding))
    output = tmp_path / "out.sql"
    summary = redact_path(source, output, RedactionPolicy(key=bytes.fromhex(KEY_HEX)), verify=True)
    assert summary.unparsed == 0 and not summary.residuals
    text = output.read_bytes().decode(encoding)
    assert NIR not in text and "Vue en consultation, fébrile" in text and text.count("\n") == WIDE_DUMPS[dialect].count("\n")
    rows = [r for r in read_records(output) if getattr(r, "table", None)]
    assert [r.fields.get("note") for r in rows] == ["Vue en consultation, fébrile", "RAS"]
    assert len({r.table for r in rows}) == 1 and NIR not in rows[0].table


@pytest.mark.parametrize("encoding", ["utf-16", "utf-32-be"])
def test_verify_reads_a_wide_output_as_text(tmp_path, monkeypatch, encoding):
    """A JSON key left raw in a UTF-16/32 copy (names not redacted, as by a bug) is no
    value of any record: the text pass of --verify decodes the copy and catches it."""
    from scanner.redact.fields import FieldRedactor
    from scanner.redact.pipeline import redact_path
    from scanner.redact.policy import RedactionPolicy

    monkeypatch.setattr(FieldRedactor, "redact_name", lambda self, name: name)
    source = tmp_path / "notes.jsonl"
    source.write_bytes(f'{{"id": 1, "nir": "{NIR}"}}\n{{"id": 2, "suivi": {{"{NIR}": "vu"}}}}\n'.encode(encoding))
    summary = redact_path(source, tmp_path / "out.jsonl", RedactionPolicy(key=bytes.fromhex(KEY_HEX)), verify=True)
    assert summary.verify_failed
    assert [(r.record, r.field, r.entity_type) for r in summary.residuals] == [("2", "text", "FR_NIR")]
    assert not (tmp_path / "out.jsonl").exists()
