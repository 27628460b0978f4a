"""The round-trip kit (``roundtrip.py``) finds each kind of damage a redaction can do.

A small SQLite script and JSON document of tables, a well redacted copy of each (names
replaced, nothing else touched), and copies damaged one way each: the kit must pass the
good copy and name the damage of every other, personal values masked. SQLite and JSON are
loaded without a server, so these run everywhere.
"""

from __future__ import annotations

import json

import pytest

from tests.redact.roundtrip import METHODS, DumpCase, compare

ORIGINAL = """\
CREATE TABLE patient (id INTEGER PRIMARY KEY, nom TEXT NOT NULL, ville TEXT, poids REAL);
CREATE TABLE sejour (id INTEGER PRIMARY KEY, patient_id INTEGER REFERENCES patient (id), motif TEXT);
CREATE INDEX sejour_patient ON sejour (patient_id);
CREATE TRIGGER sejour_motif AFTER INSERT ON sejour BEGIN SELECT 1; END;
CREATE VIEW patient_nom AS SELECT nom FROM patient;
INSERT INTO patient VALUES (1, 'Jeanne Dupré', 'Lyon', 61.5), (2, 'Amédée Martin', 'Nîmes', 80.0);
INSERT INTO sejour VALUES (1, 1, 'Contrôle tensionnel'), (2, 2, 'Douleur à l''épaule');
"""
REDACTED = ORIGINAL.replace("Jeanne Dupré", "Claire Roux").replace("Amédée Martin", "Paul Henry")
PERSONAL = {"patient": ["nom"]}

DAMAGES = [  # (damage, redacted copy, the check that names it, a line of its report, other checks that fail too)
    ("good copy", REDACTED, None, "", set()),
    ("row dropped", REDACTED.replace(", (2, 2, 'Douleur à l''épaule')", ""),
     "row_count_changes", "sejour: 2 rows in the original, 1 redacted", {"changed_non_personal"}),
    ("load error", REDACTED + "INSERT INTO patient VALUES (3, NULL, 'Paris', 50);\n",
     "new_load_errors", "NOT NULL constraint failed: patient.nom", set()),
    ("orphan row", REDACTED.replace("(2, 2, 'Douleur", "(2, 9, 'Douleur"),
     "new_orphans", "1 rows point at no row (0 in the original)", {"changed_non_personal"}),
    ("column type", REDACTED.replace("ville TEXT", "ville VARCHAR(10)"), "schema_changes", "ville", set()),
    ("index dropped", REDACTED.replace("CREATE INDEX sejour_patient ON sejour (patient_id);\n", ""),
     "schema_changes", "missing: index: sejour_patient", set()),
    ("trigger body", REDACTED.replace("SELECT 1", "SELECT 2"),
     "code_changes", "trigger sejour_motif: definition differs at line 1: 'CREATE TRIGGER", set()),
    ("number rewritten", REDACTED.replace("61.5", "61.7"),
     "changed_non_personal", "patient.poids: 1 of 2 values changed, e.g. '61.5' -> '61.7'", set()),
    ("free text rewritten", REDACTED.replace("Contrôle tensionnel", "Contrôle Roux"),
     "changed_non_personal", "sejour.motif: 1 of 2 values changed", set()),
    ("name left", REDACTED.replace("Claire Roux", "Jeanne Dupré"),
     "personal_left", "patient.nom: 1 of 2 values (50.0%) left in their row", set()),
]


@pytest.mark.parametrize(("damage", "redacted", "method", "expected", "also"), DAMAGES, ids=[d[0] for d in DAMAGES])
def test_kit_names_the_damage_of_a_sqlite_script(tmp_path, damage, redacted, method, expected, also):
    source, copy = tmp_path / "cabinet.sql", tmp_path / "cabinet_redacted.sql"
    source.write_text(ORIGINAL, encoding="utf-8")
    copy.write_text(redacted, encoding="utf-8")
    roundtrip = compare(DumpCase("cabinet", source, "sqlite-script", PERSONAL), copy, None)
    found = {name: getattr(roundtrip, name)() for name in METHODS}
    assert {name for name, problems in found.items() if problems} == ({method} | also if method else set())
    if method:
        assert any(expected in problem for problem in found[method]), found[method]
        assert "Jeanne" not in "\n".join(found[method])  # personal values are masked


def test_kit_compares_json_tables_row_by_row(tmp_path):
    tables = {"Patient": [{"Id": 1, "Nom": "Jeanne Dupré", "Poids": 61.5}, {"Id": 2, "Nom": "Amédée Martin", "Poids": 80}]}
    source, copy = tmp_path / "cabinet.json", tmp_path / "cabinet_redacted.json"
    source.write_text(json.dumps(tables), encoding="utf-8")
    tables["Patient"][0].update(Nom="Claire Roux", Poids="61.5")  # a number turned into a string
    copy.write_text(json.dumps(tables), encoding="utf-8")
    roundtrip = compare(DumpCase("cabinet", source, "json", {"Patient": ["Nom"]}), copy, None)
    assert roundtrip.changed_non_personal() == ["Patient.Poids: 1 of 2 values changed, e.g. '61.5' -> '\"61.5\"'"]
    assert roundtrip.personal_left() == ["Patient.Nom: 1 of 2 values (50.0%) left in their row, e.g. \"A***** M*****\""]
    assert roundtrip.schema_changes() == ["missing: column: Patient | Poids | float, int",
                                          "new: column: Patient | Poids | int, str"]


def test_kit_reports_a_declared_personal_column_that_the_dump_lacks(tmp_path):
    source = tmp_path / "cabinet.sql"
    source.write_text(ORIGINAL, encoding="utf-8")
    roundtrip = compare(DumpCase("cabinet", source, "sqlite-script", {"patient": ["prenom"]}), source, None)
    assert roundtrip.personal_left() == ["patient.prenom: declared personal, not in the dump"]
