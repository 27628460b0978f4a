"""Identifiers and dates as people type them (issue 17), through ``vigie scan`` and
``vigie redact`` in a fresh process: found, never echoed raw, never left in a redacted copy.

Values are synthetic: NIRs with computed or deliberately wrong keys, numbers in ranges
libphonenumber lists (Réunion, Paris), a spelled-out date nobody owns.
"""

import csv
import json

import pytest

from tests.hostile.harness import assert_clean, assert_no_raw, nir_with_key, run_vigie

TYPED_NIR = " ".join("2840733124567") + " 1 2"  # digit by digit, wrong key
TYPED_NIR_14 = " ".join(nir_with_key("1761269088123")[:14])  # a digit missing
VALUES = {
    "FR_NIR": [TYPED_NIR, TYPED_NIR_14],
    "PHONE_NUMBER": ["0692 12 34 56", "+262 693 12 34 56", "O1.45.16.10.O2", "06/12/34/56/78", "+49 30 1234567"],
    "DATE_TIME": ["quinze septembre mille neuf cent soixante-cinq", "1 4 0 2 1 9 8 4", "22|8|1923"],
}
NOTE = (
    f"Mme LEBON Claire, N° d'identification {TYPED_NIR}, née le quinze septembre mille neuf cent "
    f"soixante-cinq. Réunion : 0692 12 34 56 ou +262 693 12 34 56. Secrétariat O1.45.16.10.O2, "
    f"fille 06/12/34/56/78, Berlin +49 30 1234567.\n"
    f"M. ROUX Paul {TYPED_NIR_14} 1 4 0 2 1 9 8 4 Adaptation de dose, né le 22|8|1923."
)
RAW = [value for values in VALUES.values() for value in values]


def write_input(directory, form):
    directory.mkdir()
    if form == "text":
        path = directory / "note.txt"
        path.write_text(NOTE + "\n", encoding="utf-8")
    elif form == "jsonl":
        path = directory / "notes.jsonl"
        path.write_text(json.dumps({"id": "N1", "texte": NOTE}, ensure_ascii=False) + "\n", encoding="utf-8")
    else:
        path = directory / "patients.csv"
        with path.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(["id", "commentaire"])
            writer.writerow(["1", NOTE])
    return path


@pytest.mark.parametrize("form", ["text", "jsonl", "csv"])
def test_scan_finds_typed_forms_and_prints_none_raw(tmp_path, form):
    source = write_input(tmp_path / "in", form)
    outputs = tmp_path / "out"
    outputs.mkdir()
    run = run_vigie(["scan", source, "--findings", outputs / "findings.jsonl", "--report", outputs / "report.json"],
                    outputs=outputs)
    assert_clean(run, 0)
    assert_no_raw(run, RAW)
    findings = [json.loads(line) for line in (outputs / "findings.jsonl").read_text().splitlines()]
    found = {NOTE[f["start"]:f["end"]] for f in findings}  # one field holds the whole note
    for entity_type, values in VALUES.items():
        for value in values:
            assert any(value in span or span in value for span in found if span), (entity_type, value[:4])


@pytest.mark.parametrize("form", ["text", "jsonl", "csv"])
def test_redact_leaves_no_typed_form_in_clear(tmp_path, form):
    source = write_input(tmp_path / "in", form)
    outputs = tmp_path / "out"
    outputs.mkdir()
    run = run_vigie(["redact", source, "--output", outputs / source.name], outputs=outputs)
    assert_clean(run, 0)
    assert_no_raw(run, RAW)
    assert (outputs / source.name).stat().st_size > 0
