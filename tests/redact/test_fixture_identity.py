"""The issue 20 agreements on every row of the fixture tables, redacted by the real pipeline.

Each fixture holding a patients table (CSV, TSV, cp1252, JSON, JSONL, gzip, SQLite, Parquet,
MySQL and PostgreSQL dumps) is redacted with detection; on every redacted row the surrogate
NIR agrees with the redacted birth date and with the sex shown (a ``sexe`` column, else the
first name), and the postcode and the city are a real pair of the communes table.
"""

import datetime
from pathlib import Path

import pytest

from scanner.models import Record
from scanner.readers import read_records
from scanner.redact.pipeline import redact_path
from scanner.redact.policy import RedactionPolicy
from tests.redact.identity_checks import first_name_sexes, nir_agrees, place_agrees

TABLES = Path(__file__).resolve().parents[2] / "fixtures" / "tables"
KEY = b"fixture-identity-key-0123456789abc"
POSTCODE_COLUMNS = ("cp", "code_postal")


@pytest.fixture(scope="module")
def redacted_rows(tmp_path_factory):
    """The redacted rows of a fixture that hold a NIR and a birth date (each fixture redacted once)."""
    done: dict[str, list[dict[str, str]]] = {}

    def rows(name: str) -> list[dict[str, str]]:
        if name not in done:
            source, output = TABLES / name, tmp_path_factory.mktemp("redacted") / name
            encoding = "cp1252" if "cp1252" in name else None
            summary = redact_path(source, output, RedactionPolicy(key=KEY), encoding=encoding)
            assert summary.output == output and not summary.errors
            done[name] = [record.fields for record in read_records(output, encoding=encoding) if isinstance(record, Record)
                          and record.fields.get("nir") and record.fields.get("date_naissance")]
        return done[name]
    return rows


def _sex_shown(row: dict[str, str]) -> str | None:
    if row.get("sexe"):
        return row["sexe"]
    sexes = first_name_sexes(row["prenom"])
    return next(iter(sexes)) if len(sexes) == 1 else None


def _postcode(row: dict[str, str]) -> str | None:
    return next((row[c] for c in POSTCODE_COLUMNS if row.get(c)), None)


FIXTURES = [
    ("patients.csv", 40), ("patients.tsv", 40), ("patients_cp1252.csv", 40), ("patients.json", 40),
    ("patients.jsonl", 40), ("patients.jsonl.gz", 40), ("patients.sqlite", 40), ("patients.parquet", 40),
    ("dump_mysql.sql", 40), ("dump_postgres.sql", 40), ("dump_mysql_full.sql", 60), ("dump_postgres_full.sql", 60),
]
@pytest.mark.parametrize("name, rows", FIXTURES)
def test_every_redacted_fixture_nir_agrees_with_birth_date_and_sex(name, rows, redacted_rows):
    redacted = redacted_rows(name)
    assert len(redacted) == rows
    assert [row["id"] for row in redacted if not nir_agrees(
        row["nir"], _sex_shown(row), datetime.date.fromisoformat(row["date_naissance"][:10]))] == []


@pytest.mark.parametrize("name", [name for name, _ in FIXTURES])
def test_every_redacted_fixture_postcode_agrees_with_city(name, redacted_rows):
    redacted = redacted_rows(name)
    assert [row["id"] for row in redacted if _postcode(row) and not place_agrees(_postcode(row), row["ville"])] == []
