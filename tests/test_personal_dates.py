"""Dates by meaning: in a column, a date is a person's only where the column or its table
says so (birth, death, care, health); bookkeeping and trade dates, and years in titles, are
no finding, in scan and in redaction alike. Free text keeps all its dates.
"""

import csv
import re

import pytest

from scanner.columns import ColumnKind, holds_personal_dates
from scanner.models import Record
from scanner.redact.pipeline import redact_path
from scanner.redact.policy import RedactionPolicy

K = ColumnKind
KEY = bytes(range(32))


@pytest.mark.parametrize(
    ("column", "table"),
    [
        ("date_naissance", None), ("DateNaissance", "patients"), ("BirthDate", "Employee"), ("birthday", "users"),
        ("dob", None), ("DDN", None), ("date_of_birth", "person"), ("date_deces", None), ("death_date", "people"),
        ("date_consultation", None), ("admission_date", "stays"), ("date_entree", None), ("date_sortie", None),
        ("date_hospitalisation", None), ("debut_sejour", None), ("date_visite", None), ("rdv", None),
        ("date_examen", "biologie"), ("date_intervention", None), ("date_acte", None), ("date_prescription", None),
        ("date_vaccination", None), ("date_accouchement", None), ("date_diagnostic", None),
        ("date", "consultations"), ("jour", "rendez_vous"), ("jour", "diagnostics"), ("date", "appointments"),
        ("column_3", None), ("c7", None), ("_c0", None), ("Column12", "import"),  # numbered: nothing says whose
        # nothing says whose dates: a person's (fail safe)
        ("date", "customer"), ("date", None), ("from_date", "salaries"), ("date_nais", None), ("DATENAIS", "pat"),
        ("date_naissance", "patient_type"), ("birthDate", "company.employees.0"), ("date_sortie", "films"),
    ],
)
def test_dates_of_a_persons_life_or_care_are_personal(column, table):
    assert holds_personal_dates(column, table, K.STRUCTURED)


@pytest.mark.parametrize(
    ("column", "table"),
    [
        ("last_update", "actor"), ("last_update", "patients"), ("create_date", "customer"), ("created_at", "users"),
        ("updated_at", None), ("date_creation", "dossiers"), ("date_maj", "consultations"), ("modified", None),
        ("HireDate", "Employee"), ("date_embauche", "salaries"), ("InvoiceDate", "Invoice"),
        ("order_date", "orders"), ("OrderDate", "Orders"), ("ShippedDate", "Orders"), ("payment_date", "payment"),
        ("rental_date", "rental"), ("return_date", "rental"), ("rental_period", "rental"),
        ("release_date", "album"), ("date", "film"),
    ],
)
def test_bookkeeping_and_trade_dates_are_not_personal(column, table):
    assert not holds_personal_dates(column, table, K.STRUCTURED)


@pytest.mark.parametrize(
    ("column", "table", "personal"),
    [
        ("observation", None, True), ("notes", "customer", True), ("description", "film", True),
        ("Name", "Track", False), ("title", "film", False), ("libelle", None, False), ("Composer", "Track", False),
    ],
)
def test_free_text_keeps_its_dates_but_titles_and_labels_do_not(column, table, personal):
    assert holds_personal_dates(column, table, K.FREE_TEXT) is personal


def _date_findings(detector, table, rows):
    records = [Record("d.sql", table, str(i), row) for i, row in enumerate(rows)]
    return {(f.field, f.value) for findings in detector.detect_batch(records)
            for f in findings if f.entity_type == "DATE_TIME"}


def test_scan_finds_birth_dates_not_hire_dates_nor_years_in_titles(detector):
    employees = [{"last_name": "Adams", "birth_date": f"1962-02-{day:02}", "hire_date": f"2002-08-{day:02}",
                  "last_update": f"2006-02-15 04:{day:02}:57"} for day in range(10, 20)]
    found = _date_findings(detector, "staff_members", employees)
    assert {field for field, _ in found} == {"birth_date"}
    tracks = [{"Name": f"Mensagen De Amor ({year})", "Milliseconds": "230619"} for year in range(1990, 2000)]
    assert _date_findings(detector, "Track", tracks) == set()


def test_redaction_shifts_consultation_and_birth_dates_only(tmp_path, detector):
    rows = [{"nom": "DUPONT", "date_naissance": "12/03/1961", "date_consultation": "2024-06-11",
             "date_creation": "2024-06-12", "motif": "Vu le 11/06/2024 pour une angine."},
            {"nom": "MARTIN", "date_naissance": "02/11/1975", "date_consultation": "2024-06-13",
             "date_creation": "2024-06-14", "motif": "Revu le 13/06/2024, guéri."}]
    source, output = tmp_path / "consultations.csv", tmp_path / "out.csv"
    with source.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    redact_path(source, output, RedactionPolicy(key=KEY), detector=detector)
    with output.open(encoding="utf-8") as f:
        redacted = list(csv.DictReader(f))
    for before, after in zip(rows, redacted):
        assert after["date_creation"] == before["date_creation"]
        assert after["date_naissance"] != before["date_naissance"]
        assert after["date_consultation"] != before["date_consultation"]
        seen_on = re.search(r"\d\d/\d\d/\d{4}", before["motif"])[0]
        assert seen_on not in after["motif"]  # free text keeps all its dates: shifted
