"""The public API (``import scanner``), used as a notebook or a service would: only the
names of ``scanner.__all__``, on synthetic French text, records and files."""

import gc
import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

import scanner

KEY = b"cle-de-test-synthetique-32-octets"
NIR = "2 85 10 75 123 456 06"  # synthetic, computed key (97 - 2851075123456 mod 97)
NOTE = (
    "Consultation du 14/03/2024. Mme Lucie Garnier, née le 02/10/1985, NIR " + NIR + ", "
    "joignable au 06 12 34 56 78 ou lucie.garnier@example.fr. Suivie pour un diabète de "
    "type 2, traitée par metformine. À revoir dans trois mois ; Mme Garnier prévenue."
)
ROWS = [
    {"id": 1, "nom": "Garnier", "prenom": "Lucie", "telephone": "06 12 34 56 78",
     "observation": "Patiente suivie pour un diabète de type 2, sous metformine."},
    {"id": 2, "nom": "Roux", "prenom": "Paul", "telephone": "04 78 12 34 56",
     "observation": "Rien à signaler."},
    {"id": 3, "nom": "Fabre", "prenom": "Inès", "telephone": "", "patient": {"nir": NIR.replace(" ", "")},
     "observation": "Pas de suivi en cours."},
]


def test_import_has_no_side_effects():
    child = """
import gc, json, sys
before = list(sys.meta_path)
import scanner
print(json.dumps({"meta_path": sys.meta_path == before, "frozen": gc.get_freeze_count(),
                  "spacy": "spacy" in sys.modules, "presidio": "presidio_analyzer" in sys.modules}))
"""
    out = subprocess.run([sys.executable, "-c", child], check=True, capture_output=True, text=True)
    assert json.loads(out.stdout) == {"meta_path": True, "frozen": 0, "spacy": False, "presidio": False}


def test_public_names_resolve_and_are_listed():
    assert sorted(scanner.__all__) == sorted(set(scanner.__all__))
    for name in scanner.__all__:
        assert getattr(scanner, name).__doc__, name
        assert name in dir(scanner)
    with pytest.raises(AttributeError):
        scanner.Detector  # noqa: B018 - not public


def test_package_ships_its_type_marker():
    assert (Path(scanner.__file__).parent / "py.typed").is_file()
    pyproject = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    assert "py.typed" in pyproject["tool"]["setuptools"]["package-data"]["scanner"]


def test_analyze_text_finds_identity_and_health_data_in_a_note():
    findings = scanner.analyze_text(NOTE)
    types = {f.entity_type for f in findings}
    assert {"PERSON", "FR_NIR", "PHONE_NUMBER", "EMAIL_ADDRESS", "DATE_TIME", "DIAGNOSIS", "MEDICATION"} <= types
    assert all(isinstance(f, scanner.Finding) and NOTE[f.start:f.end] == f.value for f in findings)
    assert [f.start for f in findings] == sorted(f.start for f in findings)
    assert {f.value for f in findings if f.entity_type == "FR_NIR"} == {NIR}


def test_analyze_text_reads_a_cell_as_a_cell_of_its_column():
    assert scanner.analyze_text("Garnier") == []
    (name,) = scanner.analyze_text("Garnier", field="nom")
    assert (name.entity_type, name.value, name.field) == ("PERSON", "Garnier", "nom")


def test_scan_records_counts_as_a_scan_of_the_same_records_in_a_file(tmp_path):
    path = tmp_path / "patients.jsonl"
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in ROWS), encoding="utf-8")
    in_memory = scanner.scan_records(ROWS)
    from_file = scanner.scan_paths([path], scanner.ScanConfig())
    assert isinstance(in_memory, scanner.ScanSummary)
    assert in_memory.records == from_file.records == 3
    assert in_memory.entities == from_file.entities and in_memory.entities["FR_NIR"] == 1
    assert in_memory.classes == from_file.classes and in_memory.classes["sensitive"] == 1
    assert gc.get_freeze_count() == 0  # frozen for the time of the scan only


def test_scan_records_names_their_table_and_source(tmp_path):
    findings = tmp_path / "findings.jsonl"
    summary = scanner.scan_records(iter(ROWS), scanner.ScanConfig(findings_path=findings, show_values=True),
                                   source="dossiers", table="patients")
    (table,) = summary.to_report()["sources"]
    assert (table["source"], table["table"], table["records"]) == ("dossiers", "patients", 3)
    lines = [json.loads(line) for line in findings.read_text(encoding="utf-8").splitlines()]
    assert {(f["table"], f["record"], f["field"]) for f in lines if f["entity_type"] == "FR_NIR"} == {
        ("patients", "3", "patient.nir")}


def test_redact_text_is_vigie_redact_of_a_note_holding_it(tmp_path):
    policy = scanner.RedactionPolicy(key=KEY)
    redacted = scanner.redact_text(NOTE, policy)
    for value in (NIR, "06 12 34 56 78", "lucie.garnier@example.fr", "Garnier", "02/10/1985"):
        assert value not in redacted
    assert "diabète de type 2" in redacted and "metformine" in redacted  # kept by default
    source, output = tmp_path / "note.txt", tmp_path / "note.redacted.txt"
    source.write_text(NOTE, encoding="utf-8")
    scanner.redact_path(source, output, policy)
    assert output.read_text(encoding="utf-8") == redacted
    assert scanner.redact_text(NOTE, policy) == redacted  # same key, same pseudonyms


def test_redact_text_of_a_cell_uses_its_column():
    policy = scanner.RedactionPolicy(key=KEY, operators={"PERSON": "tag"})
    assert scanner.redact_text("Garnier", policy, field="nom") == "<PERSON>"
