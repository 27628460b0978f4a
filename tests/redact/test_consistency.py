"""One pseudonym per value in a run: a value redacted in one table, column or file is
redacted wherever it occurs, with the same surrogate, and nothing stays in clear."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scanner.models import Finding, Record, field_hits
from scanner.readers import read_records
from scanner.redact import consistency, pipeline
from scanner.redact.consistency import SeenValues
from scanner.redact.pipeline import redact_path
from scanner.redact.policy import RedactionPolicy
from scanner.redact.spool import InputChanged, record_check

KEY = b"consistency-test-key-0123456789abcdef"
REALDATA = Path(os.environ.get("VIGIE_REALDATA") or Path(__file__).resolve().parents[3] / "shared" / "realdata")
CHINOOK = REALDATA / "dumps" / "chinook"

CUSTOMER_AND_DELIVERY = """\
CREATE TABLE customer (id integer PRIMARY KEY, contact_name varchar(60), address varchar(80), email varchar(60));
CREATE TABLE delivery (id integer PRIMARY KEY, customer_id integer, ship_to varchar(80), remark text);
INSERT INTO customer VALUES (1, 'Jean-Marc Dupuis', 'Av. Brigadeiro Faria Lima, 2170', 'jm.dupuis@example.org');
INSERT INTO customer VALUES (2, 'Sophie Marchand', '3 place Bellecour 69002 Lyon', 's.marchand@example.org');
INSERT INTO delivery VALUES (1, 1, 'Av. Brigadeiro Faria Lima, 2170', 'colis remis a jean-marc dupuis en main propre');
INSERT INTO delivery VALUES (2, 2, '3 place Bellecour 69002 Lyon', 'rappeler sophie marchand avant 18h');
"""

PATIENTS_CSV = """\
id;nom;prenom;email;adresse
1;DUPUIS;Jean-Marc;jm.dupuis@example.org;Rua Dr. Falcão Filho, 155
2;MARCHAND;Sophie;s.marchand@example.org;3 place Bellecour 69002 Lyon
"""
LETTERS_CSV = """\
id;destinataire;lieu;objet
1;jm.dupuis@example.org;Rua Dr. Falcão Filho, 155;relance facture
2;s.marchand@example.org;3 place Bellecour 69002 Lyon;relance facture
"""


REMARKS_FIRST = """\
CREATE TABLE delivery (id integer PRIMARY KEY, customer_id integer, ship_to varchar(80), remark text);
CREATE TABLE customer (id integer PRIMARY KEY, contact_name varchar(60), address varchar(80));
INSERT INTO delivery VALUES (1, 1, 'Rua Dr. Falcão Filho, 155', 'remis a Jean-Marc Dupuis, Rua Dr. Falcão Filho, 155');
INSERT INTO delivery VALUES (2, 2, 'Av. Brigadeiro Faria Lima, 2170', 'sonner deux fois');
INSERT INTO customer VALUES (1, 'Jean-Marc Dupuis', 'Rua Dr. Falcão Filho, 155');
INSERT INTO customer VALUES (2, 'Sophie Marchand', 'Av. Brigadeiro Faria Lima, 2170');
"""
NOTES_TXT = """\
Relance du 3 mars : colis laissé Rua Dr. Falcão Filho, 155, rappeler le client.
Écrire à jm.dupuis@example.org pour la facture.
"""


def records(path: Path) -> list[Record]:
    return [item for item in read_records(path) if isinstance(item, Record)]


def cell(path: Path, table: str | None, record: str, field: str) -> str:
    return next(r.fields[field] for r in records(path) if r.table == table and r.record == record)


@pytest.mark.parametrize("original, first, second", [
    # an address column, and the same string in a column that does not say it is one
    ("Av. Brigadeiro Faria Lima, 2170", ("customer", "1", "address"), ("delivery", "1", "ship_to")),
    ("3 place Bellecour 69002 Lyon", ("customer", "2", "address"), ("delivery", "2", "ship_to")),
])
def test_a_value_of_two_tables_of_a_dump_gets_one_surrogate(tmp_path, detector, original, first, second):
    dump = tmp_path / "shop.sql"
    dump.write_text(CUSTOMER_AND_DELIVERY, encoding="utf-8")
    out = tmp_path / "out.sql"
    summary = redact_path(dump, out, RedactionPolicy(key=KEY), detector=detector, verify=True)
    assert summary.output == out and not summary.residuals
    new = cell(out, *first)
    assert new != original
    assert cell(out, *second) == new
    assert original not in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["jean-marc dupuis", "sophie marchand"])
def test_a_name_of_a_customer_table_is_replaced_in_a_free_text_remark(tmp_path, detector, name):
    dump = tmp_path / "shop.sql"
    dump.write_text(CUSTOMER_AND_DELIVERY, encoding="utf-8")
    out = tmp_path / "out.sql"
    summary = redact_path(dump, out, RedactionPolicy(key=KEY), detector=detector, verify=True)
    assert summary.output == out
    text = out.read_text(encoding="utf-8").casefold()
    assert name not in text
    remarks = [r.fields["remark"] for r in records(out) if r.table == "delivery"]
    contacts = {r.fields["contact_name"].casefold() for r in records(out) if r.table == "customer"}
    assert any(contact in remark.casefold() for remark in remarks for contact in contacts)


@pytest.mark.parametrize("letters", ["courrier.csv", "bordereau.csv"])  # after clients.csv in the walk, and before
@pytest.mark.parametrize("original, first, second", [
    ("Rua Dr. Falcão Filho, 155", ("clients.csv", "1", "adresse"), ("courrier.csv", "1", "lieu")),
    ("jm.dupuis@example.org", ("clients.csv", "1", "email"), ("courrier.csv", "1", "destinataire")),
    ("s.marchand@example.org", ("clients.csv", "2", "email"), ("courrier.csv", "2", "destinataire")),
])
def test_a_value_of_two_files_of_a_directory_gets_one_surrogate(tmp_path, detector, letters, original, first, second):
    data = tmp_path / "data"
    data.mkdir()
    (data / "clients.csv").write_text(PATIENTS_CSV, encoding="utf-8")
    (data / letters).write_text(LETTERS_CSV, encoding="utf-8")
    second = (letters, *second[1:])
    out = tmp_path / "out"
    summary = redact_path(data, out, RedactionPolicy(key=KEY), detector=detector, verify=True)
    assert summary.output == out and not summary.residuals
    (file_a, *where_a), (file_b, *where_b) = first, second
    new = cell(out / file_a, None, *where_a)
    assert new != original
    assert cell(out / file_b, None, *where_b) == new
    assert all(original not in path.read_text(encoding="utf-8") for path in out.iterdir())


@pytest.mark.parametrize("value, cell_text, spread", [
    ("Jean-Marc Dupuis", "Livré à JEAN MARC DUPUIS le 3/4", True),
    ("Jean-Marc Dupuis", "Jean-Marcel Dupuis", False),          # whole words only
    ("Jean-Marc Dupuis", "Jean\nMarc Dupuis", False),            # not across a line break
    ("Paris", "Vu à Paris le 3/4", False),                       # one word: a city, a surname...
    ("Rock", "Rock", False),                                     # a genre that is also a surname
    ("Li Bo", "Li Bo", False),                                   # too short to tell
    ("M. Jean Dupuis", "Courrier pour Jean Dupuis", True),       # a title is not part of the value
    ("Œœ Œœ", "vu ŒŒ œœ hier", True),                            # five characters, eight letters folded
])
def test_which_values_spread(value, cell_text, spread):
    seen = SeenValues(RedactionPolicy(key=KEY))
    seen.learn("PERSON", value)
    found = seen.findings(Record("d", "t", "1", {"c": cell_text}), [])
    assert bool(found) is spread


def test_dates_and_kept_types_do_not_spread():
    seen = SeenValues(RedactionPolicy(key=KEY))
    assert not seen.learn("DATE_TIME", "12 mars 2020")
    assert not seen.learn("DIAGNOSIS", "diabète de type 2")
    assert seen.learn("EMAIL_ADDRESS", "jm.dupuis@example.org")


def test_findings_of_kept_types_teach_nothing():
    policy = RedactionPolicy(key=KEY, operators={**RedactionPolicy(key=KEY).operators, "PERSON": "keep"})
    row = Record("c.csv", None, "1", {"prenom": "Lucie", "nom": "Garnier", "email": "l.garnier@example.org"})
    found = [Finding("c.csv", None, "1", name, kind, 0, len(row.fields[name]), 0.9, "r")
             for name, kind in (("prenom", "PERSON"), ("nom", "PERSON"), ("email", "EMAIL_ADDRESS"))]
    seen = SeenValues(policy)
    assert seen.learnables(row, found) == seen.learnables(row, found[2:]) and len(seen.learnables(row, found)) == 1


def learnables_one_by_one(seen: SeenValues, record: Record, findings: list[Finding]) -> list:
    """What a record teaches, worked out finding by finding (the reference of ``learnables_of``)."""
    learnt, firsts, lasts = [], [], []
    for finding in findings:
        if finding.entity_type not in consistency.PROPAGATED or seen.policy.operator_for(finding.entity_type) == "keep":
            continue
        value = finding.value or record.fields.get(finding.field, "")[finding.start:finding.end]
        learnt.append(seen.learnable(finding.entity_type, value))
        if finding.entity_type == "PERSON" and value == record.fields.get(finding.field, "").strip():
            role = consistency.name_role_for(finding.field)
            (firsts if role == "first" else lasts if role == "last" else []).append(value)
    if len(firsts) == 1 and len(lasts) == 1:
        learnt += [seen.learnable("PERSON", f"{firsts[0]} {lasts[0]}"), seen.learnable("PERSON", f"{lasts[0]} {firsts[0]}")]
    return [found for found in learnt if found is not None]


def cells(*rows: dict[str, tuple[str, str]]) -> list[tuple[Record, list[Finding]]]:
    """Records of ``{field: (entity type, text)}``, each cell found whole."""
    return [(Record("c.csv", None, str(n), {name: text for name, (_, text) in row.items()}),
             [Finding("c.csv", None, str(n), name, kind, 0, len(text), 0.9, "r") for name, (kind, text) in row.items()])
            for n, row in enumerate(rows)]


PERSONS = {"prenom": ("PERSON", "Lucie"), "nom": ("PERSON", "GARNIER"), "adresse": ("ADDRESS", "3 rue des Lilas")}


@pytest.mark.parametrize("scanned", [
    cells(PERSONS, PERSONS, {**PERSONS, "prenom": ("PERSON", "Marc")}),           # repeats, a new full name
    cells({"a": ("PERSON", "Jean Roy"), "b": ("ADDRESS", "Jean Roy")},          # one value, two types: first wins
          {"a": ("ADDRESS", "JEAN ROY"), "b": ("PERSON", "M. Jean Roy")}),        # same words, a title
    cells({"prenom": ("PERSON", "Lucie"), "prenom2": ("PERSON", "Anne"), "nom": ("PERSON", "Roy")}),  # two first names
    cells({"prenom": ("PERSON", " Lucie"), "nom": ("PERSON", "Roy")}),           # not the whole cell: no full name
    cells({"mail": ("EMAIL_ADDRESS", "l.roy@example.org"), "tel": ("PHONE_NUMBER", "06 12 34 56 78")},
          {"mail": ("EMAIL_ADDRESS", "L.Roy@Example.org"), "ville": ("ADDRESS", "Paris")}),
    cells({"nom": ("PERSON", "Œdipe Lefèvre"), "ddn": ("DATE_TIME", "12/03/1965"), "x": ("ADDRESS", "ab")}),
    [(Record("c.csv", None, "1", {"note": "vu Jean Roy, Jean Roy"}),
      [Finding("c.csv", None, "1", "note", "PERSON", start, start + 8, 0.9, "r", value=value)
       for start, value in ((3, "Jean Roy"), (13, ""))])],                         # a value given, a value sliced
])
@pytest.mark.parametrize("kept", [(), ("PERSON",), ("ADDRESS", "EMAIL_ADDRESS")])
def test_learnables_of_records_teach_what_they_teach_one_by_one(scanned, kept):
    policy = RedactionPolicy(key=KEY)
    policy = RedactionPolicy(key=KEY, operators={**policy.operators, **dict.fromkeys(kept, "keep")})
    at_once, one_by_one = SeenValues(policy), SeenValues(policy)
    learnt = at_once.learnables_of([(record, field_hits(findings)) for record, findings in scanned])
    at_once.remember(learnt)
    expected = [found for record, findings in scanned for found in learnables_one_by_one(one_by_one, record, findings)]
    one_by_one.remember(expected)
    assert list(dict.fromkeys(learnt)) == list(dict.fromkeys(expected)) and len(learnt) <= len(expected)
    assert list(at_once._types.items()) == list(one_by_one._types.items())
    assert list(at_once._lengths.items()) == list(one_by_one._lengths.items())


def test_values_are_found_again_when_the_word_memo_is_emptied(monkeypatch):
    monkeypatch.setattr(consistency, "WORD_MEMO", 2)
    seen = SeenValues(RedactionPolicy(key=KEY))
    names = [f"Jean{letter} Dupuis" for letter in "abcdefgh"]
    assert all(seen.learn("PERSON", name) for name in names)
    note = Record("d", "t", "1", {"c": " puis ".join(names)})
    assert [f.value for f in seen.findings(note, [])] == names


@pytest.mark.skipif(not CHINOOK.is_dir(), reason=f"no Chinook dumps at {CHINOOK} (../shared/realdata beside the repository, or VIGIE_REALDATA)")
@pytest.mark.parametrize("value", ["Adorate Deum", "Goldberg Variations"])
def test_chinook_album_words_are_replaced_everywhere_or_nowhere(chinook_redacted, value):
    """Words of an album title read as a person are replaced in the track names that copy
    them too (album 272 "Adorate Deum: Gregorian Chant...", track 3403 "Intoitus: Adorate Deum")."""
    source, out = chinook_redacted
    assert out.read_text(encoding="utf-8").count(value) in (0, source.read_text(encoding="utf-8").count(value))


@pytest.fixture(scope="module")
def chinook_redacted(tmp_path_factory, detector):
    source = CHINOOK / "Chinook_PostgreSql.sql"
    out = tmp_path_factory.mktemp("chinook") / "out.sql"
    redact_path(source, out, RedactionPolicy(key=KEY), detector=detector)
    return source, out

SPLIT_NAMES = """\
CREATE TABLE client (id integer PRIMARY KEY, first_name varchar(40), last_name varchar(40));
CREATE TABLE invoice (id integer PRIMARY KEY, client_id integer, comment text);
INSERT INTO client VALUES (1, 'Lucie', 'Garnier'), (2, 'Thibault', 'Lemarchand');
INSERT INTO invoice VALUES (1, 1, 'facture envoyee a garnier lucie, payee'), (2, 2, 'relance: thibault lemarchand');
"""


@pytest.mark.parametrize("client, invoice, surname", [("1", "1", "garnier"), ("2", "2", "lemarchand")])
def test_a_full_name_made_of_two_columns_is_replaced_in_a_comment(tmp_path, detector, client, invoice, surname):
    dump = tmp_path / "billing.sql"
    dump.write_text(SPLIT_NAMES, encoding="utf-8")
    out = tmp_path / "out.sql"
    summary = redact_path(dump, out, RedactionPolicy(key=KEY), detector=detector, verify=True)
    assert summary.output == out
    assert surname not in out.read_text(encoding="utf-8").casefold()
    new_surname = cell(out, "client", client, "last_name").casefold()
    assert new_surname in cell(out, "invoice", invoice, "comment").casefold()


@pytest.mark.parametrize("original, first, second", [
    ("Rua Dr. Falcão Filho, 155", ("customer", "1", "address"), ("delivery", "1", "ship_to")),
    ("Av. Brigadeiro Faria Lima, 2170", ("customer", "2", "address"), ("delivery", "2", "ship_to")),
])
def test_a_value_of_a_table_written_before_the_table_that_reveals_it_is_replaced(tmp_path, detector, original, first, second):
    """The delivery table comes first in the dump: its copy of an address is only known to be
    one from the customer table written after it."""
    dump = tmp_path / "shop.sql"
    dump.write_text(REMARKS_FIRST, encoding="utf-8")
    out = tmp_path / "out.sql"
    summary = redact_path(dump, out, RedactionPolicy(key=KEY), detector=detector, verify=True)
    assert summary.output == out and not summary.residuals
    new = cell(out, *first)
    assert new != original
    assert cell(out, *second) == new
    assert original not in out.read_text(encoding="utf-8")


@pytest.mark.parametrize("notes", ["a_notes.txt", "z_notes.txt"])  # before clients.csv in the walk, and after
@pytest.mark.parametrize("original", ["Rua Dr. Falcão Filho, 155", "jm.dupuis@example.org"])
def test_a_value_in_the_free_text_of_any_file_of_a_directory_is_replaced(tmp_path, detector, notes, original):
    data = tmp_path / "data"
    data.mkdir()
    (data / notes).write_text(NOTES_TXT, encoding="utf-8")
    (data / "clients.csv").write_text(PATIENTS_CSV, encoding="utf-8")
    out = tmp_path / "out"
    summary = redact_path(data, out, RedactionPolicy(key=KEY), detector=detector, verify=True)
    assert summary.output == out and not summary.residuals
    assert original not in (out / notes).read_text(encoding="utf-8")
    column = "adresse" if "@" not in original else "email"
    assert cell(out / "clients.csv", None, "1", column) in (out / notes).read_text(encoding="utf-8")


@pytest.mark.parametrize("change", [
    lambda path: path.write_text(REMARKS_FIRST.replace("Sophie", "Sofia"), encoding="utf-8"),   # same size
    lambda path: path.write_text(REMARKS_FIRST + REMARKS_FIRST[-60:], encoding="utf-8"),       # grown
])
def test_a_dump_changed_between_the_two_passes_is_not_written(tmp_path, detector, monkeypatch, change):
    dump = tmp_path / "shop.sql"
    dump.write_text(REMARKS_FIRST, encoding="utf-8")
    out = tmp_path / "out.sql"
    detect_file = pipeline.RedactRun.detect_file

    def detect_then_change(run, output, spool):
        detect_file(run, output, spool)
        change(dump)

    monkeypatch.setattr(pipeline.RedactRun, "detect_file", detect_then_change)
    with pytest.raises(InputChanged, match="changed"):
        redact_path(dump, out, RedactionPolicy(key=KEY), detector=detector)
    assert not out.exists() and list(tmp_path.iterdir()) == [dump]


@pytest.mark.parametrize("changed", [
    Record("f.csv", "u", "1", {"nom": "Roy", "note": "vu"}),                  # table
    Record("f.csv", "t", "2", {"nom": "Roy", "note": "vu"}),                  # id
    Record("f.csv", "t", "1", {"name": "Roy", "note": "vu"}),                 # a field's name
    Record("f.csv", "t", "1", {"nom": "Rey", "note": "vu"}),                  # a text
    Record("f.csv", "t", "1", {"nom": "Royv", "note": "u"}),                  # text moved between fields
    Record("f.csv", "t", "1", {"note": "vu", "nom": "Roy"}),                  # fields reordered
    Record("f.csv", "t", "1", {"nom": "vu", "note": "Roy"}),                  # texts swapped
    Record("f.csv", "t", "1", {"nom": "Roy", "note": "vu", "x": ""}),         # a field added
    Record("f.csv", "t", "1", {"nom": "Roy"}),                                # a field removed
    Record("f.csv", "t", "1", {"nom": "Roy", "note": "vu\x1f"}),              # a separator added
])
def test_a_record_read_differently_has_another_check(changed):
    assert record_check(changed) != record_check(Record("f.csv", "t", "1", {"nom": "Roy", "note": "vu"}))
