"""PROCEDURE findings: kept by default like diagnoses, replaced in columns and notes when
the policy says so; counted in the report."""

import csv
import json

import pytest

from scanner.redact.pipeline import redact_path
from scanner.redact.policy import RedactionPolicy
from scanner.scan import scan_paths

KEY = bytes(range(32))
ROWS = [
    {"acte": "Coloscopie", "observation": "Coloscopie ce matin puis cholécystectomie sous coelioscopie."},
    {"acte": "IVG", "observation": "IVG médicamenteuse à 6 SA, pas de complication."},
]


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "actes.csv"
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(ROWS[0]))
        writer.writeheader()
        writer.writerows(ROWS)
    return path


def redacted_rows(source, output, detector, operators=None):
    policy = RedactionPolicy(key=KEY) if operators is None else RedactionPolicy(key=KEY, operators=operators)
    redact_path(source, output, policy, detector=detector)
    with output.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def test_procedures_are_kept_by_default(source, tmp_path, detector):
    assert redacted_rows(source, tmp_path / "out.csv", detector) == ROWS


def test_procedures_are_tagged_in_columns_and_notes_when_asked(source, tmp_path, detector):
    rows = redacted_rows(source, tmp_path / "out.csv", detector,
                         {**RedactionPolicy(key=KEY).operators, "PROCEDURE": "tag"})
    assert rows == [
        {"acte": "<PROCEDURE>", "observation": "<PROCEDURE> ce matin puis <PROCEDURE> sous <PROCEDURE>."},
        {"acte": "<PROCEDURE>", "observation": "<PROCEDURE> médicamenteuse à 6 SA, pas de complication."},
    ]


def test_report_counts_procedures_and_their_categories(tmp_path, detector):
    path = tmp_path / "notes.jsonl"
    notes = ["Coloscopie de contrôle, RAS.", "Accouchement par césarienne, suites simples.", "RDV annulé."]
    path.write_text("".join(json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in enumerate(notes)),
                    encoding="utf-8")
    report = scan_paths([path], detector=detector).to_report()
    assert report["entities"] == {"PROCEDURE": 2}  # "Accouchement par césarienne" is one CIM-10 term
    assert report["records"]["sensitive"] == 2 and report["records"]["none"] == 1
    assert report["categories"] == {"other_health": 1, "reproductive": 1}
