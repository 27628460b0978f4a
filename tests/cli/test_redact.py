"""`vigie redact` and `vigie keygen` end to end."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scanner.redact.fields import FieldRedactor

TABLES = Path(__file__).resolve().parents[2] / "fixtures" / "tables"
KEY_HEX = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"


@pytest.fixture
def keyed(monkeypatch):
    monkeypatch.setenv("VIGIE_KEY", KEY_HEX)


def invoke(cli_runner, cli_app, *args):
    return cli_runner.invoke(cli_app, ["redact", *map(str, args)])


def test_redact_writes_output_and_summary(cli_runner, cli_app, tmp_path, keyed):
    output = tmp_path / "out.sql"
    result = invoke(cli_runner, cli_app, TABLES / "dump_mysql.sql", "--output", output, "--verify")
    assert result.exit_code == 0, result.output
    assert "records read" in result.stdout and "FR_NIR" in result.stdout and "verified" in result.stdout
    assert str(output) in result.stdout.replace("\n", "")
    assert "random key" not in result.stderr
    text = output.read_text()
    assert "263039715437514" not in text and "263039715437514" not in result.output
    assert text.startswith("-- MySQL dump")


def test_redact_without_key_warns(cli_runner, cli_app, tmp_path, monkeypatch):
    monkeypatch.delenv("VIGIE_KEY", raising=False)
    result = invoke(cli_runner, cli_app, TABLES / "patients.csv", "--output", tmp_path / "o.csv")
    assert result.exit_code == 0, result.output
    assert "random key" in result.stderr and "will not match" in result.stderr


def test_redact_key_file_gives_same_output_as_env(cli_runner, cli_app, tmp_path, monkeypatch):
    key = tmp_path / "k.key"
    assert cli_runner.invoke(cli_app, ["keygen", str(key)]).exit_code == 0
    assert oct(key.stat().st_mode & 0o777) == "0o600"
    again = cli_runner.invoke(cli_app, ["keygen", str(key)])
    assert again.exit_code == 2 and "never overwritten" in again.stderr
    monkeypatch.delenv("VIGIE_KEY", raising=False)
    a = invoke(cli_runner, cli_app, TABLES / "patients.jsonl", "-o", tmp_path / "a.jsonl", "--key-file", key)
    monkeypatch.setenv("VIGIE_KEY", key.read_text())
    b = invoke(cli_runner, cli_app, TABLES / "patients.jsonl", "-o", tmp_path / "b.jsonl")
    assert a.exit_code == b.exit_code == 0
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()


def test_redact_operators_from_config_and_flags(cli_runner, cli_app, tmp_path, keyed):
    config = tmp_path / "policy.toml"
    config.write_text('[operators]\nFR_NIR = "mask"\nEMAIL_ADDRESS = "tag"\n')
    output = tmp_path / "o.jsonl"
    result = invoke(cli_runner, cli_app, TABLES / "patients.jsonl", "-o", output, "--config", config,
                    "--operator", "PERSON=remove", "--verify")
    assert result.exit_code == 0, result.output
    first = output.read_text().splitlines()[1]
    assert '"nir": "***************"' in first and '"email": "<EMAIL_ADDRESS>"' in first and '"nom": ""' in first


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--operator", "FR_NIR=scramble"], "unknown operator 'scramble'"),
        (["--operator", "NIR=mask"], "unknown entity type 'NIR'"),
        (["--operator", "FR_NIR"], "expected ENTITY=OPERATOR"),
        (["--key-file", "/nonexistent/key"], "cannot read key file"),
        (["--encoding", "klingon"], "unknown encoding 'klingon'"),
    ],
)
def test_redact_usage_errors_exit_2(cli_runner, cli_app, tmp_path, keyed, args, message):
    result = invoke(cli_runner, cli_app, TABLES / "patients.csv", "-o", tmp_path / "o.csv", *args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "o.csv").exists()


def test_redact_config_with_unknown_entity_exits_2(cli_runner, cli_app, tmp_path, keyed):
    config = tmp_path / "policy.toml"
    config.write_text('[operators]\nSSN = "mask"\n')
    result = invoke(cli_runner, cli_app, TABLES / "patients.csv", "-o", tmp_path / "o.csv", "--config", config)
    assert result.exit_code == 2 and "unknown entity type 'SSN'" in result.stderr


def test_redact_refuses_existing_output_unless_force(cli_runner, cli_app, tmp_path, keyed):
    output = tmp_path / "o.csv"
    output.write_text("old")
    result = invoke(cli_runner, cli_app, TABLES / "patients.csv", "-o", output)
    assert result.exit_code == 2 and "already exists" in result.stderr and output.read_text() == "old"
    assert invoke(cli_runner, cli_app, TABLES / "patients.csv", "-o", output, "--force").exit_code == 0
    assert output.read_text().startswith("id,nom")
    same = invoke(cli_runner, cli_app, output, "-o", output, "--force")
    assert same.exit_code == 2 and "is the input" in same.stderr


def test_redact_malformed_input_exits_3_and_names_lines(cli_runner, cli_app, tmp_path, keyed):
    source = TABLES / "malformed" / "wrong_columns.csv"
    result = invoke(cli_runner, cli_app, source, "-o", tmp_path / "o.csv")
    assert result.exit_code == 3, result.output
    assert f"{source}, line 3" in result.stderr and f"{source}, line 4" in result.stderr
    lines = (tmp_path / "o.csv").read_text().splitlines()
    assert [line.split(";")[0] for line in lines] == ["id", "1", "4"]
    assert "en trop" not in "".join(lines)


@pytest.mark.parametrize(
    ("name", "row"),
    [("patients.csv.gz", "{n},ROUX,Camille,{nir}\n"),
     ("notes.jsonl.gz", '{{"id": {n}, "text": "Mme Camille ROUX, NIR {nir}"}}\n')],
)
def test_redact_truncated_gzip_keeps_what_was_read_and_exits_3(cli_runner, cli_app, tmp_path, keyed, name, row):
    """A gzip stream cut short is an unreadable part, not a crash: the records read before
    the cut are redacted and written, the cut is reported with the file, exit code 3."""
    import gzip

    nir = "185057800608491"
    header = "id,nom,prenom,nir\n" if name.endswith(".csv.gz") else ""
    content = (header + "".join(row.format(n=n, nir=nir) for n in range(1, 20001))).encode()
    packed = gzip.compress(content)
    source = tmp_path / name
    source.write_bytes(packed[: len(packed) * 2 // 3])
    result = invoke(cli_runner, cli_app, source, "-o", tmp_path / "out")
    assert result.exit_code == 3, result.output
    assert f"{source}: corrupt or truncated gzip stream" in result.stderr.replace("\n", "")
    written = gzip.decompress((tmp_path / "out").read_bytes()).decode()
    assert written.count("\n") > 5000 and nir not in written and "ROUX" not in written


def test_redact_strict_aborts_with_no_output(cli_runner, cli_app, tmp_path, keyed):
    result = invoke(cli_runner, cli_app, TABLES / "malformed" / "truncated_mysql.sql", "-o", tmp_path / "o.sql", "--strict")
    assert result.exit_code == 3 and "--strict" in result.stderr
    assert os.listdir(tmp_path) == []


def test_redact_verify_failure_exits_1_without_output(cli_runner, cli_app, tmp_path, keyed, monkeypatch):
    original = FieldRedactor.redact_record

    def leave_one_email(self, record, findings, widths=None):
        changes = original(self, record, findings, widths)
        if record.record == "5":
            changes.pop("email", None)
        return changes

    monkeypatch.setattr(FieldRedactor, "redact_record", leave_one_email)
    result = invoke(cli_runner, cli_app, TABLES / "patients.csv", "-o", tmp_path / "o.csv", "--verify")
    assert result.exit_code == 1, result.output
    assert "verification failed" in result.stderr and "EMAIL_ADDRESS" in result.stderr
    assert "étienne@example.fr" not in result.output
    assert os.listdir(tmp_path) == []


def test_redact_and_keygen_help_have_examples(cli_runner, cli_app):
    for command in ("redact", "keygen"):
        result = cli_runner.invoke(cli_app, [command, "--help"])
        assert result.exit_code == 0 and "Example" in result.stdout


@pytest.mark.parametrize("keep", [[], ["--date-shift-keep", "weekday"]], ids=["free", "weekday"])
def test_redact_fixture_table_is_coherent_and_keeps_weekdays_when_asked(cli_runner, cli_app, tmp_path, keyed, keep):
    import csv
    import datetime

    from scanner.name_words import fold
    from scanner.redact.lists import cities_of_postcodes

    output = tmp_path / "o.csv"
    result = invoke(cli_runner, cli_app, TABLES / "patients.csv", "-o", output, *keep)
    assert result.exit_code == 0, result.output
    with open(TABLES / "patients.csv", encoding="utf-8") as before, open(output, encoding="utf-8") as after:
        rows = list(zip(csv.DictReader(before), csv.DictReader(after)))
    born = [(datetime.date.fromisoformat(old["date_naissance"]), datetime.date.fromisoformat(new["date_naissance"]))
            for old, new in rows if old["date_naissance"]]
    assert born and all(a != b for a, b in born)
    assert all(a.weekday() == b.weekday() for a, b in born) == bool(keep)
    nirs = [(new["nir"], new["date_naissance"]) for old, new in rows if len(old["nir"]) == 15 and old["date_naissance"]]
    assert nirs and all(nir[1:5] == f"{datetime.date.fromisoformat(day):%y%m}" for nir, day in nirs)
    places = [(new["cp"], new["ville"]) for old, new in rows if old["cp"] and new["cp"] != old["cp"] and new["ville"]]
    assert places and all(fold(city) in cities_of_postcodes()[code] for code, city in places)
