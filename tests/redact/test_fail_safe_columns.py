"""Column meaning never switches redaction off where nothing says the values are no one's:
placeholders in a surname column, bare or abbreviated date headers, a people table whose
name is a role (writers, authors, directors) keep their names and dates replaced."""

import csv
import io

import pytest

from scanner.redact.pipeline import redact_path
from scanner.redact.policy import RedactionPolicy

KEY = b"fail-safe-columns-key-0123456789abcdef"


@pytest.mark.parametrize(("header", "rows", "personal"), [
    (["id", "nom", "prenom", "telephone", "date"],
     [["1", "DUPONT", "Jean", "06 12 34 56 78", "12/03/1985"], ["2", "-", "Anne", "", "02/05/1990"],
      ["3", "N/A", "Paul", "", "11/11/1971"], ["4", "MARTIN", "Luc", "", "30/01/1964"]],
     {"nom": ["DUPONT", "MARTIN"], "date": ["12/03/1985", "02/05/1990"]}),
    (["nom", "prenom", "date", "date_nais"],
     [["DUPONT", "Jean", "12/03/1985", "12/03/1985"], ["MARTIN", "Anne", "04/07/1979", "04/07/1979"]],
     {"date": ["12/03/1985", "04/07/1979"], "date_nais": ["12/03/1985", "04/07/1979"]}),
])
def test_personal_columns_stay_redacted(tmp_path, detector, header, rows, personal):
    source = tmp_path / "patients.csv"
    with source.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows([header, *rows])
    summary = redact_path(source, tmp_path / "out.csv", RedactionPolicy(key=KEY), detector=detector, verify=True)
    assert not summary.verify_failed
    written = list(csv.DictReader(io.StringIO((tmp_path / "out.csv").read_text(encoding="utf-8"))))
    for column, values in personal.items():
        assert not set(values) & {row[column] for row in written}, column


def test_a_table_named_by_a_role_keeps_its_names_redacted(tmp_path, detector):
    source = tmp_path / "writers.sql"
    source.write_text(
        "CREATE TABLE writers (id int, first_name varchar(40), last_name varchar(40), nom_medecin varchar(40));\n"
        "INSERT INTO writers VALUES (1, 'Camille', 'ROUX', 'Dr Pierre LEFEBVRE'), (2, 'Awa', 'DIOP', 'Dr Anne MOREL');\n",
        encoding="utf-8",
    )
    redact_path(source, tmp_path / "out.sql", RedactionPolicy(key=KEY), detector=detector)
    out = (tmp_path / "out.sql").read_text(encoding="utf-8")
    assert not any(name in out for name in ("Camille", "ROUX", "DIOP", "LEFEBVRE", "MOREL"))
