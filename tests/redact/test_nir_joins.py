"""The same NIR gets one surrogate in every table of a run, with or without its birth date.

A NIR's surrogate follows the shifted birth date of its row; a table that holds the NIR
without the birth date (``sejours`` beside ``patients``) uses the birth date the first pass
learned beside that NIR elsewhere in the run (``fields.NirBirths``), so the redacted tables
still join on the NIR, whichever table comes first. An INS is a NIR: same surrogate.
"""

import datetime
import json
from pathlib import Path

import pytest

from scanner.models import Record
from scanner.readers import read_records
from scanner.redact import pipeline
from scanner.redact.pipeline import redact_path
from scanner.redact.policy import RedactionPolicy
from tests.redact.identity_checks import Generator, nir_agrees

KEY = b"nir-joins-test-key-0123456789abcdef"
PEOPLE = 30
BIRTH_TABLE = "patients"
"""The table holding each person's NIR with their birth date and sex."""


def _people() -> list[dict]:
    generator = Generator(seed=27)
    return [generator.person() for _ in range(PEOPLE)]


def _patient_rows(people: list[dict]) -> list[dict]:
    return [{"id": str(i), "nom": p["last"], "prenom": p["first"], "sexe": p["sex"],
             "date_naissance": f"{p['born']:%Y-%m-%d}", "nir": p["nir"]} for i, p in enumerate(people, 1)]


def _stay_rows(people: list[dict], nir_column: str) -> list[dict]:
    return [{"id": str(100 + i), "patient_id": str(i), nir_column: p["nir"],
             "date_entree": f"{p['visit']:%Y-%m-%d}", "service": "cardiologie"} for i, p in enumerate(people, 1)]


def _csv(rows: list[dict]) -> str:
    return "".join(",".join(line) + "\n" for line in [list(rows[0]), *(row.values() for row in rows)])


def _jsonl(rows: list[dict]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def _dump_table(name: str, rows: list[dict]) -> str:
    columns = ", ".join(f"{column} {'date' if column.startswith('date') else 'character varying(80)'}" for column in rows[0])
    values = ",\n".join("(" + ", ".join(f"'{v}'" for v in row.values()) + ")" for row in rows)
    return f"CREATE TABLE public.{name} ({columns});\n\nINSERT INTO public.{name} VALUES\n{values};\n\n"


def _dump(tables: list[tuple[str, list[dict]]]) -> str:
    return "--\n-- PostgreSQL database dump\n--\n\n" + "".join(_dump_table(name, rows) for name, rows in tables)


def _layout(kind: str, birth_table_first: bool, people: list[dict]) -> dict[str, str]:
    """File name -> text of the input: a patients table (NIR, birth date, sex) and a stays
    table (NIR or INS only), as two files or one dump, the patients coming first or last."""
    patients = _patient_rows(people)
    stays = _stay_rows(people, "matricule_ins" if kind == "csv+ins" else "nir")
    first, last = ("a", "b") if birth_table_first else ("b", "a")
    if kind == "dump":
        tables = [(BIRTH_TABLE, patients), ("sejours", stays)]
        return {"base.sql": _dump(tables if birth_table_first else tables[::-1])}
    if kind == "jsonl+csv":
        return {f"{first}_patients.jsonl": _jsonl(patients), f"{last}_sejours.csv": _csv(stays)}
    return {f"{first}_patients.csv": _csv(patients), f"{last}_sejours.csv": _csv(stays)}


def _redacted(source: Path, output: Path, jobs: int) -> dict[str, list[dict[str, str]]]:
    """Redacted rows by table kind (patients or sejours), read back with vigie's readers."""
    summary = redact_path(source, output, RedactionPolicy(key=KEY), jobs=jobs)
    assert summary.output == output and not summary.errors
    tables: dict[str, list[dict[str, str]]] = {}
    for path in sorted(output.rglob("*")) if output.is_dir() else [output]:
        for record in read_records(path):
            if isinstance(record, Record) and record.fields.get("id"):
                kind = BIRTH_TABLE if "date_naissance" in record.fields else "sejours"
                tables.setdefault(kind, []).append(record.fields)
    return tables


@pytest.mark.parametrize("birth_table_first", [True, False], ids=["patients-first", "patients-last"])
@pytest.mark.parametrize("kind", ["csv", "csv+ins", "dump", "jsonl+csv"])
def test_a_nir_gets_one_surrogate_in_every_table(kind, birth_table_first, tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "CHUNK_SIZE", 8)  # several units: two workers share them
    monkeypatch.setattr(pipeline, "UNIT_CHUNKS", 1)
    people = _people()
    source = tmp_path / "in"
    source.mkdir()
    for name, text in _layout(kind, birth_table_first, people).items():
        (source / name).write_text(text, encoding="utf-8")
    if kind == "dump":
        source = source / "base.sql"
    one = _redacted(source, tmp_path / f"one{source.suffix}", jobs=1)
    two = _redacted(source, tmp_path / f"two{source.suffix}", jobs=2)
    assert one == two
    patients = {row["id"]: row for row in one[BIRTH_TABLE]}
    stays = {row["patient_id"]: row.get("nir") or row["matricule_ins"] for row in one["sejours"]}
    assert len(patients) == len(stays) == PEOPLE
    assert [i for i, row in patients.items() if row["nir"] != stays[i]] == []
    assert [i for i, row in patients.items() if row["nir"] == people[int(i) - 1]["nir"]] == []
    assert [i for i, row in patients.items()
            if not nir_agrees(row["nir"], row["sexe"], datetime.date.fromisoformat(row["date_naissance"]))] == []
