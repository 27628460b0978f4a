"""No raw identifier outside ``--show-values``: names (file, table, column, JSON key), record
ids and error messages that hold a NIR, a phone or an e-mail are masked by ``vigie scan``
(terminal, report, HTML, findings, records) and replaced by ``vigie redact``.

Each case is an input tree; it is scanned with every output and redacted, in fresh
processes, and no raw value may appear in any stream or file written (output file names
included).
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from pathlib import Path

import pytest

from tests.hostile.harness import assert_clean, assert_no_raw, nir_with_key, run_vigie

NIR = nir_with_key("2630397154375")
NIR2 = nir_with_key("1850578006084")
PHONE = "0612345678"
EMAIL = "camille.roux@orange.fr"
KEY = "00112233445566778899aabbccddeeff"

def _sqlite(*statements: str) -> bytes:
    """The bytes of a SQLite database made by ``statements``."""
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "db.sqlite"
        db = sqlite3.connect(path)
        for statement in statements:
            db.execute(statement)
        db.commit()
        db.close()
        return path.read_bytes()


def _parquet(columns: dict[str, list], metadata: dict[bytes, bytes]) -> bytes:
    """The bytes of a Parquet file of ``columns``, with schema ``metadata``."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    sink = pa.BufferOutputStream()
    pq.write_table(pa.table(columns).replace_schema_metadata(metadata), sink)
    return sink.getvalue().to_pybytes()


CASES = [
    # (id, {relative path: content}, raw values, scan exit codes, redact exit codes)
    ("csv_header_is_nir", {"p.csv": f"id,{NIR},nom\n1,RAS,Martin\n2,RAS,Durand\n"}, [NIR], (0,), (0,)),
    ("csv_id_column_holds_nirs",
     {"p.csv": f"id,nom,ville\n{NIR},Martin,Lyon\n{NIR2},Durand,Paris\n"}, [NIR, NIR2], (0,), (0,)),
    ("jsonl_email_and_nested_phone_keys",
     {"n.jsonl": json.dumps({"id": 1, EMAIL: "RAS", "contact": {PHONE: "fixe"}}) + "\n"}, [EMAIL, PHONE], (0,), (0,)),
    ("jsonl_id_is_nir", {"n.jsonl": json.dumps({"id": NIR, "texte": "RAS"}) + "\n"}, [NIR], (0,), (0,)),
    ("json_array_key_is_nir", {"a.json": json.dumps([{"id": 1, NIR: "RAS"}, {"id": 2, NIR: "x"}])}, [NIR], (0,), (0,)),
    ("jsonl_decode_error_next_to_nir",
     {"n.jsonl": f'{{"id": 1, "texte": "RAS"}}\n{{"nir": "{NIR}" "x": 1}}\n'}, [NIR], (3,), (3,)),
    ("file_named_after_phone", {f"dossier_{PHONE}/{EMAIL}.jsonl": json.dumps({"id": 1, "texte": "RAS"}) + "\n"},
     [PHONE, EMAIL], (0,), (0,)),
    ("mysqldump_syntax_error_on_nir_literal",
     {"d.sql": "CREATE TABLE `p` (`id` int, `nir` varchar(15));\n"
               f"INSERT INTO `p` VALUES (1,'{NIR2}') '{NIR}';\n"
               f"INSERT INTO `p` VALUES (3,'{NIR2}');\n"}, [NIR, NIR2], (3,), (3,)),
    ("sql_primary_key_holds_nirs",
     {"d.sql": "CREATE TABLE `p` (`nir` varchar(15) NOT NULL, `nom` varchar(40), PRIMARY KEY (`nir`));\n"
               f"INSERT INTO `p` VALUES ('{NIR}','Martin'),('{NIR2}','Durand');\n"}, [NIR, NIR2], (0,), (0,)),
    ("mysqldump_table_and_column_named_after_identifiers",
     {"d.sql": f"-- Table structure for table `t_{NIR}`\nDROP TABLE IF EXISTS `t_{NIR}`;\n"
               f"CREATE TABLE `t_{NIR}` (`id` int NOT NULL, `{EMAIL}` varchar(40), PRIMARY KEY (`id`));\n"
               f"LOCK TABLES `t_{NIR}` WRITE;\nINSERT INTO `t_{NIR}` VALUES (1,'RAS'),(2,'x');\nUNLOCK TABLES;\n"
               f"INSERT INTO `p` (`id`, `{PHONE}`) VALUES (1,'a');\n"}, [NIR, EMAIL, PHONE], (0,), (0,)),
    ("pg_dump_table_named_after_nir",
     {"d.sql": f"SET client_encoding = 'UTF8';\n-- Name: t_{NIR}; Type: TABLE; Schema: public\n"
               f"CREATE TABLE public.t_{NIR} (id integer NOT NULL, nir character varying(15));\n"
               f"COPY public.t_{NIR} (id, nir) FROM stdin;\n1\t{NIR2}\n2\t\\N\n\\.\n"
               f"ALTER TABLE ONLY public.t_{NIR} ADD CONSTRAINT t_{NIR}_pkey PRIMARY KEY (id);\n"},
     [NIR, NIR2], (0,), (0,)),
    ("sqlite_table_column_and_index_named_after_identifiers",
     {"db.sqlite": _sqlite(f'CREATE TABLE "t_{NIR}" (id INTEGER PRIMARY KEY, "{EMAIL}" TEXT, nir TEXT)',
                           f'CREATE INDEX "ix_{PHONE}" ON "t_{NIR}" ("{EMAIL}")',
                           f'CREATE VIEW v AS SELECT nir FROM "t_{NIR}"',
                           f"INSERT INTO \"t_{NIR}\" VALUES ('{NIR2}', 'RAS', '{NIR2}')")},
     [NIR, NIR2, EMAIL, PHONE], (0,), (0,)),
    ("parquet_column_and_struct_field_named_after_identifiers",
     {"t.parquet": _parquet({"id": [1, 2], NIR: ["RAS", "x"], "contact": [{EMAIL: "a"}, {EMAIL: "b"}]},
                            {b"pandas": json.dumps({"columns": [{"name": NIR}]}).encode()})},
     [NIR, EMAIL], (0,), (0,)),
]


def _write(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write the input tree; the file itself when it is one file at the top, else the tree."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root / next(iter(files)) if len(files) == 1 and "/" not in next(iter(files)) else root


@pytest.mark.parametrize("files, values, scan_codes, redact_codes",
                         [case[1:] for case in CASES], ids=[case[0] for case in CASES])
def test_no_raw_identifier_in_scan_or_redact_outputs(tmp_path, files, values, scan_codes, redact_codes):
    target = _write(tmp_path / "in", files)
    out = tmp_path / "out"
    out.mkdir()
    scan = run_vigie(["scan", target, "--findings", out / "f.jsonl", "--records", out / "r.jsonl",
                      "--report", out / "report.json", "--html", out / "report.html", "--jobs", "1"], outputs=out)
    assert_clean(scan, scan_codes)
    assert_no_raw(scan, values)
    assert (out / "f.jsonl").stat().st_size or (out / "r.jsonl").stat().st_size

    redacted = tmp_path / "redacted"
    redacted.mkdir()
    redact = run_vigie(["redact", target, "--output", redacted / target.name], outputs=redacted,
                       env={"VIGIE_KEY": KEY})
    assert_clean(redact, redact_codes)
    assert redact.files, redact.stderr
    assert_no_raw(redact, values)
    for path in redact.files:
        for value in values:
            assert value not in str(path), f"raw value in output file name {path.name[:3]}..."


def test_show_values_keeps_names_and_values(tmp_path):
    """--show-values is the one way to get them: the finding carries the value, its record
    id and column name as they are."""
    source = tmp_path / "p.csv"
    source.write_text(f"id,{PHONE}\n{NIR},{NIR2}\n", encoding="utf-8")
    run = run_vigie(["scan", source, "--findings", tmp_path / "f.jsonl", "--show-values", "--quiet"])
    assert_clean(run, 0)
    findings = [json.loads(line) for line in (tmp_path / "f.jsonl").read_text().splitlines()]
    assert {(f["record"], f["field"], f["value"]) for f in findings if f["field"] == PHONE} == {(NIR, PHONE, NIR2)}


TAG_CASES = [
    # (id, {relative path: content}, expected {output relative path: content})
    ("csv_two_nir_headers_stay_unique", {"p.csv": f"id,{NIR},{NIR2},<FR_NIR>_2\n1,a,b,c\n"},
     {"p.csv": "id,<FR_NIR>,<FR_NIR>_3,<FR_NIR>_2\n1,a,b,c\n"}),
    ("jsonl_nested_keys_stay_unique",
     {"n.jsonl": json.dumps({"id": 1, "p": {NIR: "a", NIR2: "b"}, "l": [{EMAIL: "c"}]}) + "\n"},
     {"n.jsonl": json.dumps({"id": 1, "p": {"<FR_NIR>": "a", "<FR_NIR>_2": "b"}, "l": [{"<EMAIL_ADDRESS>": "c"}]}) + "\n"}),
    ("file_names_redacted_alike_stay_apart",
     {f"{PHONE}.jsonl": '{"id": 1}\n', "0698765432.jsonl": '{"id": 2}\n', "notes.jsonl": '{"id": 3}\n'},
     {"_PHONE_NUMBER_.jsonl": '{"id": 1}\n', "_PHONE_NUMBER__2.jsonl": '{"id": 2}\n', "notes.jsonl": '{"id": 3}\n'}),
]


@pytest.mark.parametrize("files, expected", [case[1:] for case in TAG_CASES], ids=[case[0] for case in TAG_CASES])
def test_redacted_names_stay_unique(tmp_path, detector, files, expected):
    """With the ``tag`` operator every NIR name becomes ``<FR_NIR>``: headers, keys and
    file names are kept apart (``_2``, ``_3``), so the output still loads and no file is lost."""
    from scanner.redact.pipeline import redact_path
    from scanner.redact.policy import RedactionPolicy

    target = _write(tmp_path / "in", files)
    output = tmp_path / "out"
    policy = RedactionPolicy(key=bytes(32), operators={t: "tag" for t in ("FR_NIR", "PHONE_NUMBER", "EMAIL_ADDRESS")})
    summary = redact_path(target, output, policy, detector=detector)
    assert summary.errors == []
    written = ({target.name: output.read_text()} if output.is_file()
               else {str(p.relative_to(output)): p.read_text() for p in output.rglob("*") if p.is_file()})
    assert written == expected



def test_hashed_record_ids_join_across_workers_of_one_run(tmp_path):
    """One key per run, shared by the worker processes: a NIR id seen by the first worker
    and again by the second gets the same hash, in findings and records alike."""
    nirs = [nir_with_key(f"1850578{i:06d}") for i in range(4500)]
    source = tmp_path / "p.csv"
    rows = [f"{n},{n},RAS" for n in nirs] + [f"{nirs[0]},{nirs[0]},RAS"]
    source.write_text("id,nir,note\n" + "\n".join(rows) + "\n", encoding="utf-8")
    run = run_vigie(["scan", source, "--findings", tmp_path / "f.jsonl", "--records", tmp_path / "r.jsonl",
                     "--jobs", "2", "--quiet"], outputs=tmp_path)
    assert_clean(run, 0)
    assert_no_raw(run, nirs[:50] + nirs[-50:], skip=(source,))
    records = [json.loads(line)["record"] for line in (tmp_path / "r.jsonl").read_text().splitlines()]
    assert len(records) == 4501 and len(set(records)) == 4500 and records[0] == records[-1]
    found = {json.loads(line)["record"] for line in (tmp_path / "f.jsonl").read_text().splitlines()}
    assert found == set(records)
