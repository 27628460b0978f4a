"""Report schema 2: every sizing figure on small hand-countable inputs."""

import json

import pytest

from scanner.models import Finding, Record, RecordClass, RecordVerdict
from scanner.persons import KeySet, PersonCounter, normalize_date, normalize_name, person_material
from scanner.report import SCHEMA_VERSION, ScanSummary
from scanner.scan import scan_paths

# 6 data rows + 1 malformed row. Persons: row 3 repeats row 1 (same NIR, other format),
# row 5 repeats row 4 (no NIR: same name and birth date, other forms); row 7 is empty.
PATIENTS_CSV = """id,nom,prenom,date_naissance,nir,telephone,notes
1,ROUX,Camille,1995-10-12,2 95 10 99 126 111 93,06 12 34 56 78,
2,MARTIN,Jean,1985-05-01,185057800608491,,Patient suivi pour un diabète de type 2 sous metformine.
3,Roux,camille,12/10/1995,295109912611193,,
4,DURAND,Anne,1970-01-02,,,Rendez-vous reporté à la demande du patient.
5,Durand,Anne,02/01/1970,,,
6,too,many,columns,x,y,z,w
7,,,,,,
"""

# Persons in notes: A and B are the same person (name in any order, date in any form);
# C another; D has no birth date, so no person key.
NOTES = [
    {"id": "A", "text": "Mme Camille ROUX, née le 12/10/1995, vue ce jour pour un asthme."},
    {"id": "B", "text": "Revue ce jour : ROUX Camille, née le 12 octobre 1995. Pas de plainte."},
    {"id": "C", "text": "M. Jean MARTIN, né le 01/05/1985, rappeler au 06 12 34 56 78."},
    {"id": "D", "text": "Consultation du 03/02/2024 avec Mme Anne DURAND, sans particularité."},
]


@pytest.fixture(scope="module")
def table_report(detector, tmp_path_factory):
    path = tmp_path_factory.mktemp("table") / "patients.csv"
    path.write_text(PATIENTS_CSV, encoding="utf-8")
    return scan_paths([path], detector=detector).to_report()


@pytest.fixture(scope="module")
def notes_report(detector, tmp_path_factory):
    path = tmp_path_factory.mktemp("notes") / "notes.jsonl"
    path.write_text("".join(json.dumps(n, ensure_ascii=False) + "\n" for n in NOTES), encoding="utf-8")
    return scan_paths([path], detector=detector).to_report()


def test_report_keeps_v1_keys_and_bumps_schema(table_report):
    assert table_report["schema_version"] == SCHEMA_VERSION == 2
    for key in ("files", "records", "entities", "categories", "examples", "errors"):
        assert key in table_report
    for key in ("findings_by_category", "persons", "duplicates", "free_text", "sources", "watchlist"):
        assert key in table_report
    assert table_report["watchlist"] is None
    assert table_report["inputs"][0].endswith("patients.csv")


def test_report_records_by_class_and_unparsed(table_report):
    assert table_report["records"] == {
        "total": 6, "sensitive": 1, "administrative": 4, "none": 1, "unparsed": 1,
    }
    assert [e["line"] for e in table_report["errors"]] == [7]


def test_report_entities_and_categories(table_report):
    assert table_report["entities"] == {
        "DATE_TIME": 5, "DIAGNOSIS": 1, "FR_NIR": 3, "MEDICATION": 1, "PERSON": 10, "PHONE_NUMBER": 1,
    }
    assert table_report["categories"] == {"other_health": 1}
    assert table_report["findings_by_category"] == {"other_health": 2}


def test_report_persons_by_nir_then_name_and_birth_date(table_report):
    assert table_report["persons"] == {"distinct": 3, "method": "nir+name_birthdate", "keyed_records": 5}
    assert table_report["duplicates"] == 2


def test_report_free_text_records(table_report):
    assert table_report["free_text"] == {"records": 2, "sensitive": 1}


def test_report_sources_per_column(table_report):
    [source] = table_report["sources"]
    assert source["table"] is None and source["records"] == 6
    assert source["sensitive"] == 1 and source["sensitive_share"] == round(1 / 6, 4)
    columns = {c["column"]: c for c in source["columns"]}
    assert list(columns) == ["id", "nom", "prenom", "date_naissance", "nir", "telephone", "notes"]
    assert columns["id"] == {
        "column": "id", "kind": "key", "rows": 6, "findings": {}, "sensitive_rows": 0, "sensitive_share": 0.0,
    }
    assert columns["nom"]["kind"] == "person_name" and columns["nom"]["rows"] == 5
    assert columns["nom"]["findings"] == {"PERSON": 5}
    assert columns["nir"]["rows"] == 3 and columns["nir"]["findings"] == {"FR_NIR": 3}
    assert columns["notes"] == {
        "column": "notes", "kind": "free_text", "rows": 2, "findings": {"DIAGNOSIS": 1, "MEDICATION": 1},
        "sensitive_rows": 1, "sensitive_share": 0.5,
    }


def test_report_examples_are_masked(table_report):
    text = json.dumps(table_report, ensure_ascii=False)
    assert table_report["examples"]["FR_NIR"] == "2 95 ** ** *** *** 93"
    for raw in ("295109912611193", "2 95 10 99 126 111 93", "185057800608491", "06 12 34 56 78", "Camille", "DURAND"):
        assert raw not in text


def test_report_persons_in_notes_by_name_and_birth_date(notes_report):
    assert notes_report["persons"] == {"distinct": 2, "method": "name_birthdate", "keyed_records": 3}
    assert notes_report["duplicates"] == 1
    assert notes_report["free_text"] == {"records": 4, "sensitive": 1}


def test_report_empty_scan_has_every_key(tmp_path, detector):
    path = tmp_path / "empty.txt"
    path.write_text("", encoding="utf-8")
    report = scan_paths([path], detector=detector).to_report()
    assert report["records"]["total"] == 0 and report["records"]["unparsed"] == 1
    assert report["persons"] == {"distinct": 0, "method": "none", "keyed_records": 0}
    assert report["duplicates"] == 0 and report["free_text"] == {"records": 0, "sensitive": 0}


def test_scan_paths_reports_progress_up_to_the_input_size(tmp_path, detector):
    path = tmp_path / "patients.csv"
    path.write_text(PATIENTS_CSV, encoding="utf-8")
    calls = []
    scan_paths([path], detector=detector, on_progress=lambda *args: calls.append(args))
    assert calls and calls[-1] == (6, path.stat().st_size, path.stat().st_size)
    assert all(done <= total for _, done, total in calls)


# ------------------------------------------------------------------ pure units


@pytest.mark.parametrize(
    ("text", "expected"),
    [("12/10/1995", "1995-10-12"), ("1995-10-12", "1995-10-12"), ("12.10.1995", "1995-10-12"),
     ("12 octobre 1995", "1995-10-12"), ("1er janvier 2001", "2001-01-01"), ("12/10/95", "95-10-12"),
     ("31/13/1995", None), ("hier", None)],
)
def test_normalize_date(text, expected):
    assert normalize_date(text) == expected


def test_normalize_name_ignores_order_case_accents_and_titles():
    assert normalize_name("Mme Hélène LEFÈVRE") == normalize_name("lefevre helene") == "helene lefevre"


def _finding(field, entity_type, value, start=0):
    return Finding("s", None, "1", field, entity_type, start, start + len(value), 1.0, "r", value=value)


def test_person_material_prefers_structured_nir_then_row_name():
    kinds = {"nom": "person_name", "prenom": "person_name", "ddn": "structured", "nir": "structured", "notes": "free_text"}
    from scanner.columns import ColumnKind

    kind_of = lambda f: ColumnKind(kinds[f]) if f in kinds else None  # noqa: E731
    record = Record("s", None, "1", {"nom": "ROUX", "prenom": "Camille", "ddn": "12/10/1995"})
    assert person_material(record, [], kind_of) == ("name_birthdate", "nb:camille roux|1995-10-12")
    findings = [_finding("notes", "FR_NIR", "1 85 05 78 006 084 91"), _finding("nir", "FR_NIR", "2-95-10-99-126-111-93")]
    assert person_material(record, findings, kind_of) == ("nir", "nir:295109912611193")
    assert person_material(Record("s", None, "1", {"nom": "ROUX"}), [], kind_of) is None


@pytest.mark.parametrize("parts", [1, 3, 40])
def test_key_set_counts_distinct_keys_added_one_by_one_or_merged(parts, monkeypatch):
    """Keys added in batches and whole parts merged (each part merged itself or not yet)
    give the distinct keys: the full 64-bit range, repeats within and across parts."""
    import random

    monkeypatch.setattr(KeySet, "MIN_MERGE", 64)
    rng = random.Random(parts)
    pool = [rng.getrandbits(64) for _ in range(3000)] + [0, 1, 2**64 - 1]
    whole, added = KeySet(), set()
    for n in range(parts):
        part = KeySet()
        for _ in range(3):
            keys = rng.choices(pool, k=2000 // parts) + [0, 2**64 - 1]
            part.update(keys)
            added.update(keys)
        if n % 2:
            assert len(part) == len(set(part))  # merged before it is sent
        whole.update(part)
    whole.update(pool[:50])
    added.update(pool[:50])
    assert len(whole) == len(added) and list(whole) == sorted(added)
    assert whole.nbytes == 8 * len(added)


def test_person_counter_salts_per_run_and_counts_duplicates():
    one, two = PersonCounter(), PersonCounter()
    assert one.key("nir:295109912611193") != two.key("nir:295109912611193")
    for method, material in [("nir", "nir:1"), ("nir", "nir:1"), ("name_birthdate", "nb:x|y")]:
        one.add(method, material)
    assert (one.distinct, one.duplicates, one.method) == (2, 1, "nir+name_birthdate")


@pytest.mark.parametrize(
    ("classes", "fail_on", "meets"),
    [(["sensitive"], "sensitive", True), (["administrative"], "sensitive", False),
     (["administrative"], "administrative", True), (["none"], "any", False), (["none"], None, False)],
)
def test_summary_meets_fail_on(classes, fail_on, meets):
    summary = ScanSummary()
    for c in classes:
        summary.add([], RecordVerdict("s", None, "1", RecordClass(c)))
    assert summary.meets(fail_on) is meets
    assert summary.to_report()["schema_version"] == 2


def _rec(table, number, fields):
    return Record("dump.sql", table, number, fields)


BATCH = [
    (_rec("patients", "1", {"nom": "ROUX", "nir": "185057800608491", "observation": "VIH+ sous Biktarvy"}),
     [_finding("nom", "PERSON", "ROUX"), _finding("nir", "FR_NIR", "185057800608491"),
      _finding("observation", "DIAGNOSIS", "VIH"), _finding("observation", "MEDICATION", "Biktarvy", 5)]),
    (_rec("rdv", "1", {"patient": "1", "motif": ""}), []),
    (_rec("patients", "2", {"nom": "", "ville": "Lyon", "nir": "", "observation": ""}),
     [_finding("ville", "ADDRESS", "Lyon"), _finding("adresse", "ADDRESS", "3 rue X")]),  # a field the record lacks
    (_rec("rdv", "2", {"patient": "2", "motif": "suivi dépression", "extra": "x"}),
     [_finding("motif", "DIAGNOSIS", "dépression", 6)]),
    (_rec("patients", "3", {"nom": "ROUX", "nir": "185057800608491", "observation": "RAS"}),
     [_finding("nom", "PERSON", "ROUX"), _finding("nir", "FR_NIR", "185057800608491")]),
]


@pytest.mark.parametrize("size", [1, 2, 3, 5])
def test_add_records_gives_the_report_of_adding_one_by_one(size):
    """Interleaved tables, fields seen late, a finding on a field the record lacks, free
    text: counting records in batches changes no figure and no order."""
    from scanner.classify import verdict
    from scanner.columns import ColumnKind

    kinds = {"observation": ColumnKind.FREE_TEXT, "motif": ColumnKind.FREE_TEXT, "nom": ColumnKind.PERSON_NAME}
    one_by_one, batched = ScanSummary(persons=PersonCounter(b"s" * 32)), ScanSummary(persons=PersonCounter(b"s" * 32))
    for record, findings in BATCH:
        one_by_one.add(findings, verdict(record, findings), record, kinds.get)
    for start in range(0, len(BATCH), size):
        part = BATCH[start:start + size]
        batched.add_records([r for r, _ in part], [f for _, f in part], [verdict(r, f) for r, f in part],
                            lambda source, table: kinds.get)
    reference = one_by_one.to_report()
    assert json.dumps(batched.to_report()) == json.dumps(reference)
    assert reference["records"]["total"] == 5 and reference["persons"]["keyed_records"] == 2
    columns = [(t["table"], c["column"], c["kind"], c["rows"], c["findings"], c["sensitive_rows"])
               for t in reference["sources"] for c in t["columns"]]
    assert columns == [
        ("patients", "nom", "person_name", 2, {"PERSON": 2}, 0),
        ("patients", "nir", None, 2, {"FR_NIR": 2}, 0),
        ("patients", "observation", "free_text", 2, {"DIAGNOSIS": 1, "MEDICATION": 1}, 1),
        ("patients", "ville", None, 1, {"ADDRESS": 1}, 0),
        ("patients", "adresse", None, 0, {"ADDRESS": 1}, 0),
        ("rdv", "patient", None, 2, {}, 0),
        ("rdv", "motif", "free_text", 1, {"DIAGNOSIS": 1}, 1),
        ("rdv", "extra", None, 1, {}, 0),
    ]
    assert reference["free_text"]["records"] == 3
