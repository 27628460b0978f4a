"""Redaction covers every byte of a SQL dump, and ``--verify`` checks every byte of it.

Each case hides a synthetic NIR (and often a phone number) somewhere a dump carries text
that is not a row value, or splits a row value on purpose. ``vigie redact --verify`` must
leave no raw value in the output nor in any stream, and say why when it leaves a
statement out. The rows around it keep loading: the same dumps reload into real servers in
``tests/redact/test_db_reload.py``.
"""

from __future__ import annotations

import json

import pytest

from scanner.models import Finding
from scanner.redact.fields import FieldRedactor
from scanner.redact.pipeline import RedactAborted, redact_path
from scanner.redact.policy import RedactionPolicy
from scanner.redact.writers import sql
from tests.hostile.harness import assert_clean, assert_no_raw, nir_with_key, run_vigie

NIR = nir_with_key("2630397154375")
OTHER_NIR = nir_with_key("1850578006084")
PHONE = "0612345678"
KEY_HEX = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"

MYSQL_HEAD = (
    "-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\n"
    "CREATE TABLE `p` (`id` int NOT NULL, `nir` char(15), `tel` varchar(20), PRIMARY KEY (`id`));\n"
    f"INSERT INTO `p` VALUES (1,'{OTHER_NIR}','0147200000');\n"
)
POSTGRES_HEAD = (
    "--\n-- PostgreSQL database dump\n--\n\nSET standard_conforming_strings = on;\n"
    "CREATE TABLE public.p (id integer PRIMARY KEY, nir character(15), tel text);\n"
    f"INSERT INTO public.p VALUES (1, '{OTHER_NIR}', '0147200000');\n"
)
_U = "".join(f"\\{ord(c):04x}" for c in NIR)

# (dialect, what, SQL after the head, text the output must still hold, exit code)
CASES = [
    ("mysql", "upsert", f"INSERT INTO `p` VALUES (2,'x','y') ON DUPLICATE KEY UPDATE nir='{NIR}', tel='{PHONE}';\n",
     "ON DUPLICATE KEY UPDATE nir='", 0),
    ("mysql", "dash comment", f"-- rappeler le patient {NIR} au {PHONE}\n", "-- rappeler le patient ", 0),
    ("mysql", "hash comment", f"# patient {NIR}\n", "# patient ", 0),
    ("mysql", "block comment", f"/* patient {NIR}, tel {PHONE} */\n", "/* patient ", 0),
    ("mysql", "conditional comment", f"/*!40000 INSERT INTO `p` VALUES (2,'{NIR}','{PHONE}') */;\n",
     "/*!40000 INSERT INTO `p` VALUES (2,'", 0),
    ("mysql", "default and comment",
     f"CREATE TABLE `q` (`nir` char(15) DEFAULT '{NIR}' COMMENT 'ex. {NIR}');\n", "DEFAULT '", 0),
    ("mysql", "view", f"CREATE VIEW `v` AS SELECT * FROM `p` WHERE `nir` = '{NIR}';\n", "CREATE VIEW", 0),
    ("mysql", "routine body",
     f"DELIMITER ;;\nCREATE PROCEDURE `r`() BEGIN SELECT '{NIR}'; END ;;\nDELIMITER ;\n", "CREATE PROCEDURE", 0),
    ("mysql", "adjacent literals", f"INSERT INTO `p` VALUES (2,'{NIR[:7]}' '{NIR[7:]}','{PHONE[:4]}' '{PHONE[4:]}');\n",
     "INSERT INTO `p` VALUES (2,'", 0),
    ("mysql", "concat", f"INSERT INTO `p` VALUES (2,CONCAT('{NIR[:7]}','{NIR[7:]}'),'x');\n", "VALUES (2,'", 0),
    ("mysql", "hex of text", f"INSERT INTO `p` VALUES (2,0x{NIR.encode().hex()},X'{PHONE.encode().hex()}');\n",
     "VALUES (2,0x", 0),
    ("mysql", "update left out", f"UPDATE `p` SET nir='{NIR}' WHERE id=1;\n", "INSERT INTO `p` VALUES (1,", 3),
    ("postgres", "upsert", f"INSERT INTO public.p VALUES (2, 'x', 'y') ON CONFLICT (id) DO UPDATE SET nir = '{NIR}';\n",
     "DO UPDATE SET nir = '", 0),
    ("postgres", "dash comment", f"-- patient {NIR}, tel {PHONE}\n", "-- patient ", 0),
    ("postgres", "block comment", f"/* patient {NIR} */\n", "/* patient ", 0),
    ("postgres", "default", f"CREATE TABLE public.q (nir character(15) DEFAULT '{NIR}');\n", "DEFAULT '", 0),
    ("postgres", "comment on column", f"COMMENT ON COLUMN public.p.nir IS 'ex. {NIR}';\n", "IS 'ex. ", 0),
    ("postgres", "view", f"CREATE VIEW public.v AS SELECT * FROM public.p WHERE nir = '{NIR}';\n", "CREATE VIEW", 0),
    ("postgres", "dollar body",
     f"CREATE FUNCTION public.f() RETURNS text LANGUAGE sql AS $body$ SELECT '{NIR}'::text $body$;\n",
     "AS $body$ SELECT '", 0),
    ("postgres", "concatenation", f"INSERT INTO public.p VALUES (2, '{NIR[:7]}' || '{NIR[7:]}', 'x');\n",
     "VALUES (2, '", 0),
    ("postgres", "adjacent literals", f"INSERT INTO public.p VALUES (2, '{NIR[:7]}'\n'{NIR[7:]}', 'x');\n",
     "VALUES (2, '", 0),
    ("postgres", "unicode escapes", f"INSERT INTO public.p VALUES (2, U&'{_U}', E'06\\x3112345678');\n",
     "VALUES (2, '", 0),
]

RAW_FORMS = [NIR, OTHER_NIR, PHONE, NIR[7:], _U, NIR.encode().hex(), NIR.encode().hex().upper()]
"""The values as written, and the forms a split or encoded value leaves behind."""


@pytest.mark.parametrize(
    ("dialect", "sql_text", "kept", "exit_code"),
    [pytest.param(d, s, k, e, id=f"{d}-{what}") for d, what, s, k, e in CASES],
)
def test_redact_leaves_no_raw_value_in_a_dump(tmp_path, dialect, sql_text, kept, exit_code):
    source = tmp_path / "in" / "d.sql"
    source.parent.mkdir()
    source.write_text((MYSQL_HEAD if dialect == "mysql" else POSTGRES_HEAD) + sql_text)
    outputs = tmp_path / "out"
    outputs.mkdir()
    run = run_vigie(["redact", source, "--output", outputs / "d.sql", "--verify"], outputs=outputs,
                    env={"VIGIE_KEY": KEY_HEX})
    assert_clean(run, exit_code)
    assert_no_raw(run, RAW_FORMS)
    text = (outputs / "d.sql").read_text()
    assert kept in text and "verified" in run.stdout
    if exit_code == 3:
        assert "UPDATE statement" in run.stderr and "left out" in run.stderr


def test_same_surrogate_in_rows_and_statements(tmp_path):
    source = tmp_path / "d.sql"
    source.write_text(MYSQL_HEAD + f"-- voir {OTHER_NIR}\n"
                      f"INSERT INTO `p` VALUES (2,'y','z') ON DUPLICATE KEY UPDATE nir='{OTHER_NIR}';\n")
    output = tmp_path / "out.sql"
    summary = redact_path(source, output, RedactionPolicy(key=bytes(32)))
    text = output.read_text()
    row_value = text.split("VALUES (1,'")[1][:15]
    assert row_value != OTHER_NIR and text.count(row_value) == 3, text
    assert summary.records_read == 2 and summary.unparsed == 0


@pytest.mark.parametrize(
    ("sql_text", "operators", "message", "written"),
    [
        pytest.param("SELECT * FROM `p` WHERE tel = 01 47 20 00 00;\n", {}, "spans several SQL values",
                     "VALUES (1,'", id="phone-over-bare-numbers"),
        pytest.param(f"SELECT * FROM `p` WHERE nir = {NIR};\n", {"FR_NIR": "tag"},
                     "cannot be rewritten in place", "VALUES (1,'", id="tag-for-a-bare-number"),
        pytest.param(f"INSERT INTO `p` VALUES (2,'x','y') ON DUPLICATE KEY UPDATE nir = {NIR};\n", {"FR_NIR": "tag"},
                     "cannot be rewritten in place", "INSERT INTO `p` VALUES (2,'x','y');\n", id="upsert-cut-rows-kept"),
    ],
)
def test_redact_leaves_out_what_it_cannot_rewrite(tmp_path, sql_text, operators, message, written):
    source = tmp_path / "d.sql"
    source.write_text(MYSQL_HEAD + sql_text)
    policy = RedactionPolicy(key=bytes(32), operators={**RedactionPolicy(key=bytes(32)).operators, **operators})
    errors = []
    summary = redact_path(source, tmp_path / "out.sql", policy, on_error=errors.append)
    text = (tmp_path / "out.sql").read_text()
    assert NIR not in text and "01 47 20 00 00" not in text and written in text
    assert summary.unparsed == 1 and message in str(errors[0]) and str(errors[0]).startswith(f"{source}, line 4: ")
    with pytest.raises(RedactAborted):
        redact_path(source, tmp_path / "strict.sql", policy, strict=True)
    assert not (tmp_path / "strict.sql").exists()


def test_verify_catches_a_value_the_writer_copied_raw(tmp_path, monkeypatch, cli_runner, cli_app):
    source = tmp_path / "d.sql"
    source.write_text(MYSQL_HEAD + f"-- rappeler le patient {NIR}\n")

    def copy_raw(self, segment, piece, text):
        part = segment.part
        return piece.start, piece.end, part.data[piece.start - part.start:piece.end - part.start]

    monkeypatch.setattr(sql.DumpWriter, "_rewrite", copy_raw)
    monkeypatch.setenv("VIGIE_KEY", KEY_HEX)
    output = tmp_path / "out.sql"
    result = cli_runner.invoke(cli_app, ["redact", str(source), "--output", str(output), "--verify"])
    assert result.exit_code == 1, result.output
    assert "d.sql, record 4, field 'comment': FR_NIR 263**********14" in result.stderr
    assert NIR not in result.output
    assert not output.exists()


def test_verify_scans_what_no_reader_yields(tmp_path, cli_runner, cli_app, monkeypatch):
    """A JSON key is never read as a value: left raw (names not redacted, as if by a bug),
    the text pass still sees it."""
    source = tmp_path / "p.jsonl"
    source.write_text(f'{{"id": 1, "nir": "{NIR}"}}\n{{"id": 2, "suivi": {{"{NIR}": "vu"}}}}\n')
    monkeypatch.setattr(FieldRedactor, "redact_name", lambda self, name: name)
    monkeypatch.setenv("VIGIE_KEY", KEY_HEX)
    output = tmp_path / "out.jsonl"
    result = cli_runner.invoke(cli_app, ["redact", str(source), "--output", str(output), "--verify"])
    assert result.exit_code == 1, result.output
    assert "p.jsonl, line 2 of the output: FR_NIR 263**********14" in result.stderr
    assert NIR not in result.output and not output.exists()


def test_residual_findings_text_pass_ignores_replacements():
    """A pseudonym found again is not a residual, the original value is."""
    from scanner.redact.pipeline import Digests, residual_findings

    digests = Digests(bytes(32))
    digests.add(digests.originals, NIR)
    digests.add_replacement(OTHER_NIR)

    class Found:
        def detect_batch(self, records):
            return [[Finding("f", None, "1", "text", "FR_NIR", 0, 15, 1.0, "x", value=r.fields["text"][:15])]
                    for r in records]

    from scanner.models import Record

    records = [Record("f", None, "1", {"text": value}) for value in (NIR, OTHER_NIR)]
    policy = RedactionPolicy(key=bytes(32), operators={"FR_NIR": "mask"})
    found = [r.fields["text"] for r, _ in residual_findings(Found(), policy, digests, records, originals_only=True)]
    assert found == [NIR]


SCANNED_OUTSIDE_ROWS = {  # case -> (field, line of the record after the head)
    ("mysql", "upsert"): ("text", 1), ("mysql", "dash comment"): ("comment", 1), ("mysql", "hash comment"): ("comment", 1),
    ("mysql", "block comment"): ("comment", 1), ("mysql", "conditional comment"): ("comment", 1),
    ("mysql", "default and comment"): ("text", 1), ("mysql", "view"): ("text", 1), ("mysql", "routine body"): ("text", 2),
    ("mysql", "update left out"): ("text", 1), ("postgres", "upsert"): ("text", 1),
    ("postgres", "dash comment"): ("comment", 1), ("postgres", "block comment"): ("comment", 1),
    ("postgres", "default"): ("text", 1), ("postgres", "comment on column"): ("text", 1), ("postgres", "view"): ("text", 1),
    ("postgres", "dollar body"): ("text", 1),
}


@pytest.mark.parametrize(
    ("dialect", "sql_text", "field", "line"),
    [pytest.param(d, s, *SCANNED_OUTSIDE_ROWS[d, what], id=f"{d}-{what}")
     for d, what, s, _, _ in CASES if (d, what) in SCANNED_OUTSIDE_ROWS],
)
def test_scan_reads_the_text_redact_rewrites(tmp_path, dialect, sql_text, field, line):
    """What ``vigie redact`` rewrites outside rows, ``vigie scan`` reads: a record of no table."""
    from scanner.readers import read_records

    head = MYSQL_HEAD if dialect == "mysql" else POSTGRES_HEAD
    source = tmp_path / "d.sql"
    source.write_text(head + sql_text)
    records = [r for r in read_records(source) if r.table is None]
    line += head.count("\n")
    assert [(r.record, list(r.fields)) for r in records] == [(str(line), [field])]
    assert NIR in records[0].fields[field]


def test_scan_reports_a_nir_in_a_dump_comment(tmp_path):
    """The comments between two statements are one record, numbered by their first line."""
    source = tmp_path / "in" / "d.sql"
    source.parent.mkdir()
    source.write_text(MYSQL_HEAD + f"/*!40000 INSERT INTO `p` VALUES (2,'{NIR}','{PHONE}') */;\n-- tel {PHONE}\n")
    outputs = tmp_path / "out"
    outputs.mkdir()
    run = run_vigie(["scan", source, "--findings", outputs / "f.jsonl"], outputs=outputs)
    assert_clean(run, 0)
    assert_no_raw(run, RAW_FORMS)
    found = [json.loads(line) for line in (outputs / "f.jsonl").read_text().splitlines()]
    outside = sorted((f["record"], f["field"], f["entity_type"]) for f in found if f["table"] is None)
    assert outside == [("4", "comment", "FR_NIR"), ("4", "comment", "PHONE_NUMBER"), ("4", "comment", "PHONE_NUMBER")]


def test_partition_bounds_in_statements_are_kept(tmp_path):
    """Dates in statements that name nobody (partition bounds) are schema: kept as written,
    so the ranges still meet and the rows, shifted inside them (``scanner.readers.sql_types``),
    still load."""
    import re

    source = tmp_path / "d.sql"
    source.write_text(POSTGRES_HEAD + "".join(
        f"ALTER TABLE ONLY public.payment ATTACH PARTITION public.payment_p{i} "
        f"FOR VALUES FROM ('2007-0{i}-01 00:00:00') TO ('2007-0{i + 1}-01 00:00:00');\n" for i in (1, 2, 3)
    ))
    redact_path(source, tmp_path / "out.sql", RedactionPolicy(key=bytes(32)))
    bounds = re.findall(r"FROM \('([^']+)'\) TO \('([^']+)'\)", (tmp_path / "out.sql").read_text())
    assert bounds == [(f"2007-0{i}-01 00:00:00", f"2007-0{i + 1}-01 00:00:00") for i in (1, 2, 3)]


@pytest.mark.parametrize(("dialect", "statement", "read"), [
    ("postgres", "SET client_encoding = 'UTF8';\n", False),
    ("postgres", "SELECT pg_catalog.set_config('search_path', '', false);\n", False),
    ("postgres", "set  datestyle = 'ISO, DMY';\n", False),
    ("postgres", f"SELECT nir FROM p WHERE nir = '{NIR}';\n", True),  # not a setting: read
    ("mysql", f"SET @nir = '{NIR}';\n", True),  # a MySQL user variable may hold data
])
def test_session_settings_of_pg_dump_are_not_text_parts(tmp_path, dialect, statement, read):
    """Every pg_dump sets its session (``SET client_encoding = 'UTF8'``): no data, so no
    record of its own in the scan's totals; other statements with a literal are read."""
    from scanner.readers import read_records

    source = tmp_path / "d.sql"
    source.write_text((MYSQL_HEAD if dialect == "mysql" else POSTGRES_HEAD) + statement)
    assert bool([r for r in read_records(source) if r.table is None]) is read
