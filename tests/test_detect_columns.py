"""Column-aware detection on real export formats: same findings in every format."""

from collections import Counter
from pathlib import Path

import pytest

from scanner.models import Hit, ReadError, Record
from scanner.readers import read_records

TABLES = Path(__file__).resolve().parent.parent / "fixtures" / "tables"
FORMATS = [
    "patients.csv", "patients_cp1252.csv", "patients.tsv", "patients.json", "patients.jsonl",
    "patients.jsonl.gz", "dump_mysql.sql", "dump_postgres.sql", "patients.sqlite", "patients.parquet",
]


def patient_findings(detector, name):
    records = [r for r in read_records(TABLES / name) if not isinstance(r, ReadError) and r.table in (None, "patients")]
    counts = Counter()
    for findings in detector.detect_batch(records):
        counts.update((f.field, f.entity_type) for f in findings)
    return counts


@pytest.fixture(scope="module")
def reference(detector):
    return patient_findings(detector, "patients.csv")


@pytest.mark.parametrize("name", FORMATS[1:])
def test_every_format_yields_the_same_findings(detector, reference, name):
    assert patient_findings(detector, name) == reference


def test_columns_get_their_treatment(reference):
    rows = 40
    assert reference[("nom", "PERSON")] == rows
    assert reference[("prenom", "PERSON")] == rows
    assert reference[("nir", "FR_NIR")] == rows
    assert reference[("medecin_rpps", "FR_RPPS")] == rows
    assert reference[("telephone", "PHONE_NUMBER")] == rows
    assert reference[("date_naissance", "DATE_TIME")] == rows
    assert reference[("adresse", "ADDRESS")] == rows
    assert reference[("cp", "ADDRESS")] == rows
    assert reference[("ville", "ADDRESS")] == rows
    assert reference[("observation", "DIAGNOSIS")] > 0


def record(fields, table="patients", number="1"):
    return Record(source="t.csv", table=table, record=number, fields=fields)


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"nom": "LE GOFF", "prenom": "Alexandria"}, {("nom", "PERSON", "LE GOFF"), ("prenom", "PERSON", "Alexandria")}),
        ({"num_secu": "1 85 05 78 006 084 00"}, {("num_secu", "FR_NIR", "1 85 05 78 006 084 00")}),  # wrong key, column context
        ({"code": "1 85 05 78 006 084 00"}, set()),  # wrong key, no context
        ({"portable": "07 00 30 38 38"}, {("portable", "PHONE_NUMBER", "07 00 30 38 38")}),
        ({"ref": "07 00 30 38 38"}, set()),
        ({"ddn": "12/03/65"}, {("ddn", "DATE_TIME", "12/03/65")}),
        ({"id": "N0170"}, set()),  # a key that looks like an ICD-10 code is not a diagnosis
        ({"code_cim": "N0170"}, {("code_cim", "DIAGNOSIS", "N0170")}),
        ({"patient_id": "185057800608491"}, {("patient_id", "FR_NIR", "185057800608491")}),
        ({"cp": "69003", "ville": "Lyon"}, {("cp", "ADDRESS", "69003"), ("ville", "ADDRESS", "Lyon")}),
        # a name or address column holding no letter: not a name, but an identifier typed there
        ({"nom": "06 12 34 56 78"}, {("nom", "PHONE_NUMBER", "06 12 34 56 78")}),
        ({"LASTNAME": " 06 00 00 00 00 "}, {("LASTNAME", "PHONE_NUMBER", "06 00 00 00 00")}),
        ({"adresse": "2 63 03 97 154 375 14"}, {("adresse", "FR_NIR", "2 63 03 97 154 375 14")}),
        ({"nom": " - ", "ville": "12"}, set()),
        ({"x": "Vu ce jour, VIH+ sous Biktarvy, moral bas, à revoir dans un mois."},
         {("x", "DIAGNOSIS", "VIH"), ("x", "MEDICATION", "Biktarvy")}),
    ],
)
def test_detect_uses_column_names_and_values(detector, fields, expected):
    from scanner.detect import Detector

    fresh = Detector(detector.analyzer)  # column kinds are cached per detector
    [findings] = fresh.detect_batch([record(fields)])
    assert {(f.field, f.entity_type, f.value) for f in findings} == expected


def test_record_with_note_is_one_sensitive_record(detector):
    from scanner.classify import classify

    [findings] = detector.detect_batch([record({"nom": "ROUX", "observation": "Suivi pour dépression sévère."}, number="9")])
    assert classify(findings)[0].value == "sensitive"


def test_cache_is_dropped_for_columns_whose_values_never_repeat(detector, monkeypatch):
    """A column of unique values stops being cached, one of repeated values keeps its
    cache, and the findings are those of a detector that caches everything."""
    from scanner import detect

    rows = [{"nir": f"1 85 05 78 006 {n:03d} 00", "ville": ["Lyon", "Paris", "Nantes"][n % 3]} for n in range(60)]
    records = [record(row, number=str(n)) for n, row in enumerate(rows)]
    reference = [f.to_dict(show_value=True) for findings in detect.Detector(detector.analyzer).detect_batch(records)
                 for f in findings]
    monkeypatch.setattr(detect, "CACHE_LIMIT", 20)
    monkeypatch.setattr(detect, "CACHE_MIN_HITS", 2)
    fresh = detect.Detector(detector.analyzer)
    found = [f.to_dict(show_value=True) for findings in fresh.detect_batch(records) for f in findings]
    plans = {key[2]: plan for key, plan in fresh.columns.items()}
    assert not plans["nir"].cached and plans["nir"].cache == {}
    assert plans["ville"].cached and len(plans["ville"].cache) == 3
    assert found == reference and len(reference) == 120


ODD_CELLS = [
    "", "  ", "inconnu", "12/03/65 ou 13/03/65", "1945-08-24 (à vérifier)", "31/02/1990",
    "1 85 05 78 006 084 91", "1 85 05 78 006 084 00", "185057800608491 185057800608491", "NIR 185057800608491",
    "06 12 34 56 78", "07 00 30 38 38", "06 12 34 56 78 / 01 23 45 67 89", "+33 6 12 34 56 78", "0612",
    "a.b@example.fr", "écrire à a.b@example.fr", "a.b@example", "10000000009", "10000000008", "810000000009",
    "Dr 10000000009", "2A 004", "N0170", "VIH", "12/03/1965 VIH", "VIH 12/03/1965", "185057800608491 sous Truvada",
    "a.b@example.fr 06 12 34 56 78", "10000000009 Biktarvy",
]


def test_usual_recognizer_shortcut_gives_the_full_path_hits(detector):
    """A column's usual recognizer, worked out on spans, gives what the general path (its
    Presidio results, or every recognizer when they do not cover the cell) gives."""
    from benchmarks.generate_dump import Truth, iter_rows
    from scanner.columns import ColumnKind, header_shaped
    from scanner.detect import Detector
    from scanner.detect.cells import as_hits
    from scanner.detect.plans import COLUMN_RECOGNIZER, COLUMN_SCORE
    from scanner.detect.spans import is_alnum_covered

    header = ["id", "nom", "prenom", "date_naissance", "nir", "telephone", "email", "adresse", "cp", "ville",
              "medecin_rpps", "notes"]
    rows = [dict(zip(header, (v or "" for v in row))) for row in iter_rows(600, 0.0, 0.1, 7, Truth("csv", Path("t.csv")))]
    fresh = Detector(detector.analyzer)
    fresh.prepare([record(row, number=str(n)) for n, row in enumerate(rows[:256])])
    plans = {key[2]: plan for key, plan in fresh.columns.items() if plan.expected is not None}
    assert {"date_naissance", "nir", "telephone", "email", "medecin_rpps"} <= set(plans)
    checked = 0
    for name, plan in plans.items():
        plan.cached = False
        for text in [row[name] for row in rows] + ODD_CELLS:
            results = fresh.analyze_structured(text, plan.context, only=plan.expected)
            if not results or not is_alnum_covered(text, [(r.start, r.end) for r in results]):
                results = fresh.analyze_structured(text, plan.context, patterns_only=plan.kind is ColumnKind.KEY)
            expected = as_hits(results)
            if not expected and plan.shaped and header_shaped(plan.shaped, text):  # "1 85 05 78 006 084 00" in a phone column
                expected = (Hit(plan.shaped, 0, len(text), COLUMN_SCORE, COLUMN_RECOGNIZER),)
            got = fresh.analyze_cell(plan, text)
            assert got == expected and all(type(hit) is Hit for hit in got), (name, text)
            checked += 1
    assert checked >= 5 * (600 + len(ODD_CELLS))


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"nom": "ROUX", "observation": "Suivi pour dépression.", "nir": "185057800608491",
          "commentaire": "VIH+ sous Biktarvy.", "ville": "Lyon"},
         ["nom", "observation", "nir", "commentaire", "commentaire", "ville"]),
        ({"observation": "Suivi pour dépression.", "commentaire": "", "nom": "ROUX"}, ["observation", "nom"]),
        ({"nom": "ROUX", "observation": "  ", "commentaire": "VIH+"}, ["nom", "commentaire"]),
    ],
)
def test_findings_come_in_field_order_with_free_text_in_place(detector, fields, expected):
    from scanner.detect import Detector

    records = [record(fields, number="1"), record({"nom": "MARTIN", "observation": "RAS"}, number="2")]
    findings = Detector(detector.analyzer).detect_batch(records)
    assert [f.field for f in findings[0]] == expected
    assert [f.field for f in findings[1]] == ["nom"]


def test_identifier_columns_settled_by_batch_give_the_cell_by_cell_findings(detector):
    """``detect_batch`` settles identifier cells in their usual form a column at a time; its
    findings are those of checking each cell alone (``analyze_cell``), odd cells included."""
    from benchmarks.generate_dump import Truth, iter_rows
    from scanner.detect import Detector, blocks_of
    from scanner.models import Finding

    header = ["id", "nom", "prenom", "date_naissance", "nir", "telephone", "email", "adresse", "cp", "ville",
              "medecin_rpps", "notes"]
    rows = [dict(zip(header, (v or "" for v in row))) for row in iter_rows(600, 0.0, 0.1, 7, Truth("csv", Path("t.csv")))]
    for n, odd in enumerate(ODD_CELLS * 3):  # each odd cell in every identifier column, among usual ones
        rows[3 + 6 * n].update({name: odd for name in ("date_naissance", "nir", "telephone", "email", "medecin_rpps")})
    numbers = ["185057800608491", "0612345678", "10000000009", "954184040", "12345678", "1234567", "75011", "٣٤٥٦"]
    for n, number in enumerate(numbers * 4):  # row ids that some recognizer matches, or none can
        rows[5 + 7 * n]["id"] = number
    records = [record({k: v for k, v in row.items() if v}, number=str(n)) for n, row in enumerate(rows)]
    batched = Detector(detector.analyzer)
    batched.prepare(records[:256])
    [block] = blocks_of(records)
    settled = [batched._settled(batched.column_plan(records, records[0], name), cells) for name, cells in zip(block.names, block.cells)]
    assert sum(len(hits) for hits in settled if hits) > 2000  # distinct cells: birth dates repeat
    assert all(type(hit) is Hit for hits in settled if hits for cell in hits.values() for hit in cell)
    found = [f.to_dict(show_value=True) for findings in batched.detect_batch(records) for f in findings]
    alone = Detector(detector.analyzer)
    alone.install({key: plan.spec for key, plan in batched.columns.items()})
    reference = []
    for rec in records:
        for name, text in rec.fields.items():
            plan = alone.columns[(rec.source, rec.table, name)]
            plan.cached = False
            reference.extend(Finding(rec.source, rec.table, rec.record, name, *hit, text[hit.start:hit.end]).to_dict(show_value=True)
                             for hit in alone.analyze_cell(plan, text))
    assert found == reference and len(reference) > 600 * 9


@pytest.mark.parametrize(
    ("column", "cell", "expected"),
    [
        # an integer column drops the leading 0 of a number its header names
        ("num_fiscal", "701987765493", [("FR_TAX_ID", 0, 12)]),  # 0701987765493
        ("num_fiscal", "701987765493.0", [("FR_TAX_ID", 0, 12)]),  # and a float column adds .0
        ("numero_fiscal", "3023217600053", [("FR_TAX_ID", 0, 13)]),  # complete: as before
        ("num_titre_sejour", "712345678", [("FR_RESIDENCE_PERMIT", 0, 9)]),  # 0712345678
        ("agdref", "912345678", [("FR_RESIDENCE_PERMIT", 0, 9)]),  # 0912345678
        ("id", "701987765493", []),  # no header naming the number: no padding
        ("num_fiscal", "1234", []),  # too short to have lost only its leading zeros
    ],
)
@pytest.mark.slow
def test_integer_cells_get_back_the_leading_zeros_their_header_implies(detector, column, cell, expected):
    [findings] = detector.detect_batch([Record("t.parquet", "t", "1", {column: cell})])
    assert [(f.entity_type, f.start, f.end) for f in findings] == expected
