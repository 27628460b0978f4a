"""The redaction pipeline: no leak, determinism, fail-closed behaviour, verification."""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path

import pytest

from scanner.errors import UsageError
from scanner.models import Record
from scanner.readers import read_records
from scanner.redact.fields import FieldRedactor
from scanner.redact.pipeline import RedactAborted, redact_path
from scanner.redact.policy import DEFAULT_OPERATORS, RedactionPolicy

ROOT = Path(__file__).resolve().parents[2] / "fixtures"
TABLES = ROOT / "tables"
MALFORMED = TABLES / "malformed"
KEY = b"pipeline-test-key-0123456789abcdef"
OTHER_KEY = b"another-test-key-0123456789abcdef"
FILES = [
    TABLES / name for name in (
        "patients.csv", "patients.tsv", "patients_cp1252.csv", "patients.jsonl", "patients.jsonl.gz",
        "patients.json", "dump_mysql.sql", "dump_postgres.sql", "patients.sqlite", "patients.parquet",
    )
] + [ROOT / "notes.jsonl"]
IDENTIFIERS = ("FR_NIR", "FR_RPPS", "PHONE_NUMBER", "EMAIL_ADDRESS", "IBAN_CODE")
KEEP_ALL = {entity: "keep" for entity in DEFAULT_OPERATORS}


def records(path: Path) -> list[Record]:
    return [item for item in read_records(path) if isinstance(item, Record)]


def text_of(path: Path) -> str:
    """Everything an output holds, as text (tables through our reader)."""
    return "\n".join(
        f"{r.table}\x1f{r.record}\x1f" + "\x1f".join(f"{k}={v}" for k, v in r.fields.items()) for r in records(path)
    )


@pytest.fixture(scope="module")
def outputs(tmp_path_factory, detector):
    out = tmp_path_factory.mktemp("pipeline")
    result = {}
    for key_name, key in (("a", KEY), ("b", KEY), ("c", OTHER_KEY)):
        for path in FILES:
            target = out / key_name / path.name
            target.parent.mkdir(exist_ok=True)
            summary = redact_path(path, target, RedactionPolicy(key=key), detector=detector)
            assert summary.output == target
            result[key_name, path.name] = target
    return result


@pytest.fixture(scope="module")
def original_values(detector):
    """Raw detected values per file and entity type (in memory only, as --show-values would)."""
    values = {}
    for path in FILES:
        items = records(path)
        for record, findings in zip(items, detector.detect_batch(items)):
            for finding in findings:
                values.setdefault(path.name, {}).setdefault(finding.entity_type, set()).add(
                    (record.table, record.record, finding.value)
                )
    truth = [json.loads(line) for line in (ROOT / "notes.truth.jsonl").read_text().splitlines()]
    notes = {r.record: r.fields["text"] for r in records(ROOT / "notes.jsonl")}
    for row in truth:
        for span in row["spans"]:
            values["notes.jsonl"].setdefault(span["entity_type"], set()).add(
                (None, row["id"], notes[row["id"]][span["start"]:span["end"]])
            )
    return values


def test_no_identifier_of_the_fixtures_survives(outputs, original_values):
    for path in FILES:
        output = text_of(outputs["a", path.name])
        raw = outputs["a", path.name].read_bytes()
        for entity in IDENTIFIERS:
            for _, _, value in original_values[path.name].get(entity, ()):
                assert value not in output, (path.name, entity)
                assert value.encode("utf-8") not in raw and value.encode("cp1252", "ignore") not in raw


def test_less_than_one_percent_of_person_names_remain(outputs, original_values):
    total = remaining = 0
    for path in FILES:
        by_record = {(r.table, r.record): " ".join(r.fields.values()) for r in records(outputs["a", path.name])}
        for table, record, name in original_values[path.name].get("PERSON", ()):
            total += 1
            if re.search(rf"(?<!\w){re.escape(name)}(?!\w)", by_record[table, record]):
                remaining += 1
    assert total > 500
    assert remaining / total < 0.01, f"{remaining}/{total}"


def test_same_key_gives_identical_output_and_other_key_differs(outputs):
    for path in FILES:
        a, b, c = (outputs[k, path.name].read_bytes() for k in ("a", "b", "c"))
        assert a == b, path.name
        assert a != c, path.name


def _column(path: Path, table: str | None, column: str) -> dict[str, str]:
    return {r.fields["id"]: r.fields[column] for r in records(path) if r.table == table and column in r.fields}


def test_pseudonyms_match_across_files_and_joins_still_hold(outputs):
    csv = _column(outputs["a", "patients.csv"], None, "nir")
    assert csv == _column(outputs["a", "patients.jsonl"], None, "nir")
    assert csv == _column(outputs["a", "dump_mysql.sql"], "patients", "nir")
    assert csv == _column(outputs["a", "dump_postgres.sql"], "patients", "nir")
    assert csv != _column(outputs["c", "patients.csv"], None, "nir")
    for dump in ("dump_mysql.sql", "dump_postgres.sql"):
        rows = records(outputs["a", dump])
        patients = {r.fields["id"] for r in rows if r.table == "patients"}
        visits = [r.fields["patient_id"] for r in rows if r.table == "consultations"]
        assert visits and all(v in patients for v in visits)


# ---------------------------------------------------------------- fail closed


@pytest.mark.parametrize(
    ("name", "kept", "gone"),
    [
        ("wrong_columns.csv", ["ROUX", "DURAND"], ["MARTIN", "PETIT", "en trop"]),
        ("unbalanced_quote.csv", ["ROUX", "PETIT", "DURAND"], ["MARTIN", "suivi HTA"]),
        ("bad_element.json", ["ROUX", "PETIT"], ["MARTIN"]),
        ("truncated_array.json", ["ROUX", "MARTIN"], ["PE"]),
        ("truncated_mysql.sql", ["ROUX", "BERNARD"], ["PETIT"]),
        ("truncated_postgres.sql", ["ROUX", "MARTIN"], ["PET"]),
    ],
)
def test_malformed_parts_never_reach_the_output(name, kept, gone, tmp_path, detector):
    errors = []
    output = tmp_path / name
    summary = redact_path(MALFORMED / name, output, RedactionPolicy(key=KEY, operators=KEEP_ALL),
                          detector=detector, on_error=errors.append, verify=True)
    assert summary.output == output and errors and summary.errors == errors
    assert all(e.source == str(MALFORMED / name) for e in errors)
    text = output.read_text()
    for value in kept:
        assert value in text
    for value in gone:
        assert not re.search(rf"\b{value}\b", text), value
    assert [i for i in read_records(output) if not isinstance(i, Record)] == []


def test_undecodable_line_is_dropped_not_copied(tmp_path, detector):
    path = tmp_path / "n.jsonl"
    path.write_bytes(b'{"id": 1, "nom": "ROUX"}\n{"id": 2, "nom": "C\xd4T\xc9"}\n')
    summary = redact_path(path, tmp_path / "o.jsonl", RedactionPolicy(key=KEY, operators=KEEP_ALL), detector=detector)
    assert (tmp_path / "o.jsonl").read_bytes() == b'{"id": 1, "nom": "ROUX"}\n'
    assert [e.line for e in summary.errors] == [2]


def test_unreadable_file_gives_no_output(tmp_path, detector):
    summary = redact_path(MALFORMED / "binary.csv", tmp_path / "o.csv", RedactionPolicy(key=KEY), detector=detector)
    assert summary.output is None and not (tmp_path / "o.csv").exists() and summary.errors
    assert os.listdir(tmp_path) == []


def test_strict_aborts_without_output(tmp_path, detector):
    with pytest.raises(RedactAborted) as raised:
        redact_path(MALFORMED / "wrong_columns.csv", tmp_path / "o.csv", RedactionPolicy(key=KEY), detector=detector, strict=True)
    assert raised.value.exit_code == 3 and "line 3" in str(raised.value)
    assert os.listdir(tmp_path) == []


def test_crash_midway_leaves_no_output(tmp_path, detector, monkeypatch):
    calls = []

    def crash(self, record, findings, widths=None):
        calls.append(record)
        if len(calls) == 10:
            raise KeyboardInterrupt
        return {}

    monkeypatch.setattr(FieldRedactor, "redact_record", crash)
    with pytest.raises(KeyboardInterrupt):
        redact_path(TABLES / "dump_postgres.sql", tmp_path / "o.sql", RedactionPolicy(key=KEY), detector=detector)
    assert os.listdir(tmp_path) == []


def test_record_that_cannot_be_redacted_is_dropped(tmp_path, detector, monkeypatch):
    original = FieldRedactor.redact_record

    def fail_on_3(self, record, findings, widths=None):
        if record.record == "3":
            raise ValueError("boom")
        return original(self, record, findings, widths)

    monkeypatch.setattr(FieldRedactor, "redact_record", fail_on_3)
    summary = redact_path(TABLES / "patients.csv", tmp_path / "o.csv", RedactionPolicy(key=KEY), detector=detector)
    assert summary.records_dropped == 1 and "boom" in summary.errors[0].message
    assert [r.record for r in records(tmp_path / "o.csv")] == [str(i) for i in range(1, 41) if i != 3]


def test_input_and_output_paths_are_checked(tmp_path, detector):
    source = tmp_path / "p.csv"
    source.write_bytes((TABLES / "patients.csv").read_bytes())
    policy = RedactionPolicy(key=KEY)
    with pytest.raises(UsageError, match="is the input"):
        redact_path(source, source, policy, detector=detector, force=True)
    os.link(source, tmp_path / "hard.csv")
    with pytest.raises(UsageError, match="is the input"):
        redact_path(source, tmp_path / "hard.csv", policy, detector=detector, force=True)
    existing = tmp_path / "out.csv"
    existing.write_text("old")
    with pytest.raises(UsageError, match="already exists"):
        redact_path(source, existing, policy, detector=detector)
    redact_path(source, existing, policy, detector=detector, force=True)
    assert existing.read_text().startswith("id,nom")
    with pytest.raises(UsageError, match="inside the input"):
        redact_path(tmp_path, tmp_path / "sub", policy, detector=detector)
    with pytest.raises(UsageError, match="no such file"):
        redact_path(tmp_path / "missing.csv", tmp_path / "x.csv", policy, detector=detector)
    assert hashlib.sha256(source.read_bytes()).digest() == hashlib.sha256((TABLES / "patients.csv").read_bytes()).digest()


def test_directory_is_mirrored(tmp_path, detector):
    output = tmp_path / "notes-redacted"
    summary = redact_path(ROOT / "notes", output, RedactionPolicy(key=KEY), detector=detector, verify=True)
    assert summary.output == output and not summary.verify_failed
    assert sorted(p.name for p in output.iterdir()) == sorted(p.name for p in (ROOT / "notes").iterdir())
    assert summary.files == summary.files_written == 5
    again = redact_path(ROOT / "notes", output, RedactionPolicy(key=KEY), detector=detector, force=True)
    assert again.output == output and sorted(os.listdir(tmp_path)) == ["notes-redacted"]


# ---------------------------------------------------------------- verification


def test_verify_fails_when_a_value_is_left_and_writes_nothing(tmp_path, detector, monkeypatch):
    original = FieldRedactor.redact_record

    def skip_nir_of_7(self, record, findings, widths=None):
        changes = original(self, record, findings, widths)
        if record.record == "7":
            changes.pop("nir", None)
        return changes

    monkeypatch.setattr(FieldRedactor, "redact_record", skip_nir_of_7)
    summary = redact_path(TABLES / "patients.jsonl", tmp_path / "o.jsonl", RedactionPolicy(key=KEY), detector=detector, verify=True)
    assert summary.verify_failed and summary.output is None and os.listdir(tmp_path) == []
    assert [(r.record, r.field, r.entity_type) for r in summary.residuals] == [("7", "nir", "FR_NIR")]
    assert "295022A42219152" not in str(summary.residuals[0])


@pytest.mark.parametrize(
    "key_hex",
    ["a01ca0be2f174eb61ecfd2fcad6dd2fcf5892a4e4cb9f0b3079f992bec190b73",
     "fbf81ee35e5a72fef23e32bf5004c85063ce85f8ff35cdc67cee038bddda21a5"],
)
def test_verify_accepts_a_real_name_found_inside_a_pseudonym(tmp_path, detector, key_hex):
    """With these keys "M. O'Brien" gets a pseudonym such as "M. E'Denis", whose last part is
    also a patient's real name elsewhere in the file: found alone in the output, it is part
    of a replacement, not a leak (this made CI fail about once in 200 random keys)."""
    summary = redact_path(TABLES / "patients_cp1252.csv", tmp_path / "o.csv", RedactionPolicy(key=bytes.fromhex(key_hex)),
                          detector=detector, verify=True)
    assert not summary.verify_failed and summary.residuals == []
    assert "O'Brien" not in (tmp_path / "o.csv").read_text(encoding="cp1252")


def test_verify_ignores_types_kept_on_purpose(tmp_path, detector):
    operators = {**DEFAULT_OPERATORS, "FR_NIR": "keep"}
    summary = redact_path(TABLES / "patients.jsonl", tmp_path / "o.jsonl", RedactionPolicy(key=KEY, operators=operators),
                          detector=detector, verify=True)
    assert not summary.verify_failed and "295022A42219152" in (tmp_path / "o.jsonl").read_text()


def test_verify_flags_a_value_left_under_a_tag_operator(tmp_path, detector, monkeypatch):
    original = FieldRedactor.redact_record

    def skip_phone_of_2(self, record, findings, widths=None):
        changes = original(self, record, findings, widths)
        if record.record == "2":
            changes.pop("telephone", None)
        return changes

    monkeypatch.setattr(FieldRedactor, "redact_record", skip_phone_of_2)
    operators = {**DEFAULT_OPERATORS, "PHONE_NUMBER": "tag", "FR_NIR": "mask"}
    summary = redact_path(TABLES / "patients.csv", tmp_path / "o.csv", RedactionPolicy(key=KEY, operators=operators),
                          detector=detector, verify=True)
    assert [(r.record, r.entity_type) for r in summary.residuals] == [("2", "PHONE_NUMBER")]


CSV_WITH_PHONE_IN_HEADER = (
    "id,nom,prenom,telephone,rappel 06 12 34 56 78\n"
    "1,ROUX,Jean,06 12 34 56 78,oui\n"
    "2,MARTIN,Paul,\"06 23 45 67 89\nou 01 42 68 53 00\",non\n"
)


@pytest.mark.parametrize("ending, inside", [("\n", "\n"), ("\r\n", "\r\n"), ("\r\n", "\r"), ("\n", "\r")])
def test_verify_of_a_csv_reads_the_header_as_text_and_cells_as_records(tmp_path, detector, monkeypatch, ending, inside):
    """A CSV's cells are scanned by the records' pass, with their column; its text pass reads
    only the lines no record was read from (the header here), line numbers kept, whatever
    the line endings and the line breaks inside a quoted cell."""
    import scanner.redact.pipeline as pipeline

    texts = []
    original = pipeline.read_text_windows

    def spied(source, fp, *args):
        for window in original(source, fp, *args):
            texts.append((window.line, window.fields["text"]))
            yield window

    monkeypatch.setattr(pipeline, "read_text_windows", spied)
    path = tmp_path / "rappels.csv"
    content = CSV_WITH_PHONE_IN_HEADER.replace("89\nou", f"89{inside}ou").replace("\n", ending)
    path.write_bytes(content.encode())
    summary = redact_path(path, tmp_path / "o.csv", RedactionPolicy(key=KEY), detector=detector, verify=True)
    assert not summary.verify_failed and summary.output == tmp_path / "o.csv"
    assert [line for line, _ in texts] == [1]
    header, rest = texts[0][1].split("\n", 1)
    assert header.startswith("id,nom,prenom,telephone,rappel 06 ") and "06 12 34 56 78" not in header
    assert rest.strip() == "" and rest.count("\n") == content.count("\n") - 1  # the rows' lines, empty


def test_verify_of_a_csv_flags_an_original_left_in_the_header(tmp_path, detector, monkeypatch):
    """Fail closed: a header name that still holds a value replaced in the rows is found by
    the text pass (on line 1), and nothing is written."""
    from scanner.redact.writers.csv_writer import CsvWriter

    monkeypatch.setattr(CsvWriter, "_header", lambda self, text, cells: text)
    path = tmp_path / "rappels.csv"
    path.write_text(CSV_WITH_PHONE_IN_HEADER)
    summary = redact_path(path, tmp_path / "o.csv", RedactionPolicy(key=KEY), detector=detector, verify=True)
    assert summary.verify_failed and summary.output is None
    assert [(r.line, r.entity_type) for r in summary.residuals] == [(1, "PHONE_NUMBER")]
    assert "06 12 34 56 78" not in str(summary.residuals[0])


def test_unreadable_csv_header_gives_no_output(tmp_path, detector):
    """Fail closed: with no readable header, no row can be redacted, so nothing is written."""
    path = tmp_path / "export.csv"
    path.write_bytes(b"id,nom,no\rte\n1,ROUX,Jean\n2,MARTIN,Paul\n")
    summary = redact_path(path, tmp_path / "o.csv", RedactionPolicy(key=KEY), detector=detector)
    assert summary.output is None and not (tmp_path / "o.csv").exists()
    assert [(e.line, e.message) for e in summary.errors][-1] == (1, "the header row cannot be read; file skipped")
