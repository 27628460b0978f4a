"""`vigie risk` end to end on generated patient tables: figures, report, thresholds, errors."""

import csv
import json
import random

import pytest
from faker import Faker
from stdnum.fr import nir as std_nir

HEADER = ["nom", "date_naissance", "sexe", "cp", "diagnostic"]
DIAGNOSES = ["asthme", "diabète de type 2", "cancer du sein", "dépression"]
KEY_HEX = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff"


def with_key(body: str) -> str:
    """A NIR: ``body`` and its computed check digits."""
    return body + std_nir.calc_check_digits(body)


def write_patients(path, rows: int, seed: int = 1, crowded: bool = False):
    """A CSV of generated patients; ``crowded`` puts them all in a few classes (k_min >= 5)."""
    fake, rng = Faker("fr_FR"), random.Random(seed)
    fake.seed_instance(seed)
    with path.open("w", newline="", encoding="utf-8") as fp:
        writer = csv.writer(fp)
        writer.writerow(HEADER)
        for i in range(rows):
            if crowded:
                born, cp = f"19{50 + i // 2 % 2}-01-01", "75000"
            else:
                born, cp = fake.date_of_birth(minimum_age=20, maximum_age=90).isoformat(), fake.postcode()
            writer.writerow([fake.last_name(), born, "MF"[i % 2] if crowded else rng.choice("MF"), cp,
                             DIAGNOSES[i % len(DIAGNOSES)]])
    return path


def test_risk_finds_quasi_identifiers_and_writes_the_report(cli_runner, cli_app, tmp_path):
    table = write_patients(tmp_path / "patients.csv", 200)
    report, html = tmp_path / "risk.json", tmp_path / "risk.html"
    result = cli_runner.invoke(cli_app, ["risk", str(table), "--report", str(report), "--html", str(html)])
    assert result.exit_code == 0, result.output
    risk = json.loads(report.read_text())["risk"]
    assert risk["quasi_identifiers"] == ["cp", "date_naissance", "sexe"]
    assert risk["records"] == 200 and risk["k_min"] == 1 and risk["unique_records"] == 200
    assert risk["l_diversity"] == 1 and risk["tables"][0]["sensitive"] == ["diagnostic"]
    assert risk["tables"][0]["suggestion"]["generalize"] == {"date_naissance": "year", "cp": "department"}
    assert "vigie redact --generalize date_naissance=year,cp=department" in " ".join(result.output.split())
    assert "k_min" in html.read_text()
    written = report.read_text() + html.read_text() + result.output
    with table.open(encoding="utf-8") as fp:
        for row in list(csv.DictReader(fp))[:20]:
            assert row["nom"] not in written and row["date_naissance"] not in written


@pytest.mark.parametrize("argv, k_min, classes", [
    (["--quasi", "sexe"], 100, 2),
    (["--quasi", "SEXE,date_naissance"], 50, 4),
    (["--quasi", "date_naissance", "--k", "60"], 100, 2),
])
def test_risk_quasi_names_the_columns(cli_runner, cli_app, tmp_path, argv, k_min, classes):
    table = write_patients(tmp_path / "patients.csv", 200, crowded=True)
    report = tmp_path / "risk.json"
    result = cli_runner.invoke(cli_app, ["risk", str(table), "--report", str(report), "--sensitive", "none", *argv])
    assert result.exit_code == 0, result.output
    risk = json.loads(report.read_text())["risk"]
    assert risk["k_min"] == k_min and risk["tables"][0]["classes"] == classes
    assert risk["l_diversity"] is None


@pytest.mark.parametrize("column, renamed", [
    ("date_naissance", f"date_naissance_{with_key('1471013508780')}"),
    ("diagnostic", "diagnostic_0612345678"),
    ("sexe", f"sexe {with_key('1991299123456')}"),
])
def test_risk_masks_identifiers_in_column_names(cli_runner, cli_app, tmp_path, column, renamed):
    table = write_patients(tmp_path / "patients.csv", 40)
    lines = table.read_text(encoding="utf-8").split("\n", 1)
    table.write_text(lines[0].replace(column, renamed) + "\n" + lines[1], encoding="utf-8")
    report, html = tmp_path / "risk.json", tmp_path / "risk.html"
    result = cli_runner.invoke(cli_app, ["risk", str(table), "--report", str(report), "--html", str(html)])
    assert result.exit_code == 0, result.output
    identifier = renamed.removeprefix(column).strip(" _")
    for written in (result.output, report.read_text(encoding="utf-8"), html.read_text(encoding="utf-8")):
        assert identifier not in written and identifier[1:-1] not in written
    assert renamed.replace(identifier, identifier[:3]) in report.read_text(encoding="utf-8")


@pytest.mark.parametrize("crowded, threshold, code", [
    (False, 2, 1), (True, 5, 0), (True, 51, 1), (True, 50, 0),
])
def test_risk_fail_on_k_exits_1_below_the_threshold(cli_runner, cli_app, tmp_path, crowded, threshold, code):
    table = write_patients(tmp_path / "patients.csv", 200, crowded=crowded)
    result = cli_runner.invoke(cli_app, ["risk", str(table), "--fail-on-k", str(threshold), "--sensitive", "diagnostic"])
    assert result.exit_code == code, result.output


@pytest.mark.parametrize("argv, message", [
    (["--quasi", "sexe,code_insee"], "--quasi: no column 'code_insee'"),
    (["--sensitive", "pathologie"], "--sensitive: no column 'pathologie'"),
    (["--k", "1"], "--k"),
])
def test_risk_unknown_column_exits_2_naming_it(cli_runner, cli_app, tmp_path, argv, message):
    table = write_patients(tmp_path / "patients.csv", 20)
    result = cli_runner.invoke(cli_app, ["risk", str(table), *argv])
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())


def test_risk_missing_input_exits_2(cli_runner, cli_app, tmp_path):
    result = cli_runner.invoke(cli_app, ["risk", str(tmp_path / "absent.csv")])
    assert result.exit_code == 2 and "no such file" in result.output


def test_risk_detects_diagnosis_categories_without_a_sensitive_column(cli_runner, cli_app, tmp_path):
    notes = tmp_path / "sejours.csv"
    notes.write_text(
        "sexe,age,motif\n"
        + "".join(f"F,{40 + i % 3},suivi d'un cancer du sein\nF,{40 + i % 3},crise d'asthme\n" for i in range(6)),
        encoding="utf-8",
    )
    report = tmp_path / "risk.json"
    result = cli_runner.invoke(cli_app, ["risk", str(notes), "--report", str(report)])
    assert result.exit_code == 0, result.output
    risk = json.loads(report.read_text())["risk"]
    assert risk["quasi_identifiers"] == ["age", "sexe"]
    assert risk["k_min"] == 4 and risk["l_diversity"] == 2


def test_redact_generalize_gives_the_figures_risk_suggested(cli_runner, cli_app, tmp_path):
    table = write_patients(tmp_path / "patients.csv", 60, seed=4)
    before, after, redacted = tmp_path / "before.json", tmp_path / "after.json", tmp_path / "redacted.csv"
    assert cli_runner.invoke(cli_app, ["risk", str(table), "--report", str(before)]).exit_code == 0
    suggestion = json.loads(before.read_text())["risk"]["tables"][0]["suggestion"]
    levels = ",".join(f"{column}={level}" for column, level in suggestion["generalize"].items())
    result = cli_runner.invoke(cli_app, ["redact", str(table), "-o", str(redacted), "--generalize", levels, "--verify"])
    assert result.exit_code == 0, result.output
    result = cli_runner.invoke(cli_app, ["risk", str(redacted), "--report", str(after)])
    assert result.exit_code == 0, result.output
    measured = json.loads(after.read_text())["risk"]
    assert {key: measured[key] for key in ("k_min", "unique_records", "l_diversity")} == {
        key: suggestion[key] for key in ("k_min", "unique_records", "l_diversity")}
    with table.open(encoding="utf-8") as original, redacted.open(encoding="utf-8") as written:
        for old, new in zip(csv.DictReader(original), csv.DictReader(written), strict=True):
            assert new["date_naissance"] == old["date_naissance"][:4] + "-01-01"
            assert new["cp"] == old["cp"][:2] or (old["cp"][:2] in ("20", "97", "98") and new["cp"] in old["cp"][:3] + "2A2B")
            assert new["nom"] != old["nom"]


PSEUDONYMISED = object()
"""The cell as a redaction without ``--generalize`` writes it."""


@pytest.mark.parametrize("column, level, cell, expected", [
    ("age", "10years", with_key("2870869500030"), PSEUDONYMISED),
    ("age", "5years", "0612345678", PSEUDONYMISED),
    ("cp", "department", with_key("1470175123456"), PSEUDONYMISED),
    ("date_naissance", "year", "14/03/1950 0612345678", PSEUDONYMISED),
    ("age", "10years", "inf", ""),
    ("age", "10years", "131", ""),
    ("age", "5years", "52,5", "50"),
    ("date_naissance", "year", "1950-01-01", "1950-01-01"),
    ("date_naissance", "month", "01/07/1948", "01/07/1948"),
])
def test_redact_generalize_writes_the_level_or_the_pseudonym(
    cli_runner, cli_app, tmp_path, monkeypatch, column, level, cell, expected,
):
    monkeypatch.setenv("VIGIE_KEY", KEY_HEX)
    table = tmp_path / "patients.csv"
    rows = [{"nom": "Martin", "date_naissance": "1947-10-28", "cp": "13220", "age": "78", "note": "RAS"},
            {"nom": "Durand", "date_naissance": "1948-07-20", "cp": "69196", "age": "77", "note": "RAS", column: cell}]
    with table.open("w", newline="", encoding="utf-8") as fp:
        writer = csv.DictWriter(fp, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    generalized, plain = tmp_path / "generalized.csv", tmp_path / "plain.csv"
    result = cli_runner.invoke(cli_app, ["redact", str(table), "-o", str(generalized), "--verify",
                                         "--generalize", f"{column}={level}"])
    assert result.exit_code == 0, result.output
    assert cli_runner.invoke(cli_app, ["redact", str(table), "-o", str(plain)]).exit_code == 0
    with generalized.open(encoding="utf-8") as fp, plain.open(encoding="utf-8") as plain_fp:
        written, redacted = list(csv.DictReader(fp))[1][column], list(csv.DictReader(plain_fp))[1][column]
    assert written == (redacted if expected is PSEUDONYMISED else expected)
    digits = "".join(filter(str.isdigit, cell))
    assert not any(digits[i:i + 8] in written for i in range(len(digits) - 7))


@pytest.mark.parametrize("spec, message", [
    ("cp=region", "unknown level 'region'"),
    ("cp", "expected COLUMN=LEVEL"),
    ("=year", "expected COLUMN=LEVEL"),
])
def test_redact_generalize_refuses_unknown_levels(cli_runner, cli_app, tmp_path, spec, message):
    table = write_patients(tmp_path / "patients.csv", 5)
    result = cli_runner.invoke(cli_app, ["redact", str(table), "-o", str(tmp_path / "out.csv"), "--generalize", spec])
    assert result.exit_code == 2
    assert message in " ".join(result.output.split())
    assert not (tmp_path / "out.csv").exists()


@pytest.mark.parametrize("name", ["wrong_columns.csv", "unbalanced_quote.csv", "truncated_postgres.sql", "binary.csv"])
def test_risk_exits_3_when_part_of_the_input_cannot_be_read(cli_runner, cli_app, fixtures_dir, tmp_path, name):
    report = tmp_path / "risk.json"
    result = cli_runner.invoke(cli_app, ["risk", str(fixtures_dir / "tables" / "malformed" / name), "--report", str(report),
                                         "--sensitive", "none"])
    assert result.exit_code == 3, result.output
    assert json.loads(report.read_text())["risk"]["unparsed"] >= 1
