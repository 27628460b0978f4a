"""Names by meaning, not by the word ``name``: a person-name column needs a header that says
so and values that look like people's names; titles, labels and names of things keep
theirs, in scan and in redaction.

Synthetic headers and values in French and English, several naming styles; the real Chinook
file (``../shared/realdata``, or ``VIGIE_REALDATA``) is read when present, skipped otherwise.
"""

import os
import sqlite3
from collections import Counter
from pathlib import Path

import pytest

from scanner.columns import ColumnKind, NameTrust, classify_column, kind_from_name, name_trust
from scanner.models import Record
from scanner.readers import read_records
from scanner.redact.pipeline import redact_path
from scanner.redact.policy import RedactionPolicy

K = ColumnKind
PEOPLE = ["Camille ROUX", "Jean-Luc N'DIAYE", "Awa Diop", "Pierre Martin", "Léa Durand"]
FIRST = ["Camille", "Jean-Luc", "Awa", "Pierre", "Léa"]
LAST = ["ROUX", "N'DIAYE", "Diop", "van der Berg", "Le Goff", "Dupré-L'Hermite", "Le Gall-d'Estaing"]
GENRES = ["Rock", "Jazz", "Metal", "Alternative & Punk", "Bossa Nova", "Heavy Metal"]
FIELD_NAMES = ["nom_elu", "prenom_elu", "code_commune", "date_naissance", "libelle_fonction"]
BANDS = ["AC/DC", "Aerosmith", "Black Sabbath", "Led Zeppelin", "Alanis Morissette", "Os Mutantes"]


@pytest.mark.parametrize(
    "header",
    ["nom", "NOM", "prenom", "Prénom", "nom_naissance", "nom_usage", "Nom de l'élu", "Prénom de l'élu",
     "first_name", "last_name", "firstname", "FirstName", "lastName", "surname", "full_name", "FullName",
     "contact_name", "ContactName", "customer name", "nom_client", "NomPatient", "username", "Name"],
)
def test_kind_from_name_announces_person_names_in_any_style(header):
    assert kind_from_name(header) is K.PERSON_NAME


@pytest.mark.parametrize("header", ["nom_commune", "company_name", "ProductName", "libelle", "title", "nom_fichier"])
def test_kind_from_name_leaves_names_of_things(header):
    assert kind_from_name(header) is not K.PERSON_NAME


@pytest.mark.parametrize(
    ("header", "table", "sample", "expected"),
    [
        ("nom", None, LAST, K.PERSON_NAME),  # a CSV without a table: the header and the shape suffice
        ("Nom de l'élu", None, ["DUPONT", "MARTIN", "LE GOFF"], K.PERSON_NAME),
        ("FirstName", "Customer", FIRST, K.PERSON_NAME),
        ("last_name", "actor", ["GUINESS", "WAHLBERG", "CHASE"], K.STRUCTURED),  # credited: no data subject
        ("name", "customers", PEOPLE, K.PERSON_NAME),
        ("name", "Artist", PEOPLE, K.STRUCTURED),  # credited people's full names stay
        ("username", "staff", ["Mike", "Jon"], K.PERSON_NAME),
        ("Name", "Genre", GENRES, K.STRUCTURED),  # a table of things
        ("nom", "categories", ["Boissons", "Condiments"], K.STRUCTURED),
        ("name", "Playlist", ["Music", "Movies", "TV Shows", "Audiobooks"], K.STRUCTURED),
        ("name", "fields", FIELD_NAMES, K.STRUCTURED),  # a JSON Table Schema's field names
        ("resources.0.schema.fields.3.name", None, ["Martin"], K.STRUCTURED),  # a datapackage.json
        ("name", "Artist", BANDS, K.STRUCTURED),  # bands: no listed first names
        ("name", None, FIELD_NAMES, K.STRUCTURED),  # values that are no names
        ("username", "accounts", ["jdupont", "admin", "x_92"], K.STRUCTURED),
        ("first_name", "client", ["1", "2", "3"], K.PERSON_NAME),  # a telling header is enough: fail safe
        ("nom", "patients", ["dupont", "martin", "le goff", "n'diaye"], K.PERSON_NAME),  # all lower case
        ("prenom", None, ["jean", "marie-claire"], K.PERSON_NAME),
        ("nom", None, ["Hélène DUPONT"] * 7 + ["Ren\ufffd MARTIN"], K.PERSON_NAME),  # a byte not decoded
        ("name", None, ["jean dupont", "marie martin", "paul durand"], K.PERSON_NAME),
        ("nom", "patients", ["DUPONT", "-", "N/A", "MARTIN", "?", "inconnu"], K.PERSON_NAME),  # placeholders
        ("nom", None, ["d'Artagnan", "de la Fontaine", "Le Goff", "van Gogh"], K.PERSON_NAME),
    ],
)
def test_classify_column_needs_header_and_values(header, table, sample, expected):
    assert classify_column(header, sample, table) is expected


@pytest.mark.parametrize(
    ("header", "table", "kind", "expected"),
    [
        ("title", "album", K.FREE_TEXT, NameTrust.NONE),
        ("Composer", "Track", K.FREE_TEXT, NameTrust.NONE),
        ("Name", "Track", K.STRUCTURED, NameTrust.NONE),
        ("company", "customer", K.STRUCTURED, NameTrust.NONE),
        ("description", "film", K.FREE_TEXT, NameTrust.CUED),
        ("description", "produits", K.FREE_TEXT, NameTrust.CUED),
        ("notes", "customer", K.FREE_TEXT, NameTrust.ALL),
        ("observation", None, K.FREE_TEXT, NameTrust.ALL),
        ("commentaire", "consultations", K.FREE_TEXT, NameTrust.ALL),
        ("observation", "film", K.FREE_TEXT, NameTrust.CUED),
        ("motif", "patients", K.FREE_TEXT, NameTrust.ALL),
        ("LastName", "Track", K.PERSON_NAME, NameTrust.ALL),
    ],
)
def test_name_trust_table(header, table, kind, expected):
    assert name_trust(header, table, kind) is expected


def rows(table, cells):
    return [Record("db.sql", table, str(i), {"id": str(i), **row}) for i, row in enumerate(cells, 1)]


def person_fields(detector, records):
    return Counter(
        (record.table, finding.field)
        for record, findings in zip(records, detector.detect_batch(records))
        for finding in findings
        if finding.entity_type == "PERSON"
    )


def test_detect_finds_no_person_in_things_and_every_customer(detector):
    films = rows("film", [
        {"title": "MR. CROWLEY", "description": "A Epic Drama of a Feminist And a Mad Scientist who must Battle a Teacher in The Canadian Rockies"},
        {"title": "Mrs. Robinson", "description": "A Astounding Documentary of a Butler And a Womanizer who must Face a Dog in A U-Boat"},
    ])
    tracks = rows("track", [{"name": "Please Mr. Postman", "composer": "Angus Young, Malcolm Young, Brian Johnson"},
                            {"name": "Dr. Feelgood", "composer": "Jimmy Page/Robert Plant"}])
    customers = rows("customer", [{"first_name": f, "last_name": l, "notes": f"Rappeler Mme {l} demain."}
                                  for f, l in zip(FIRST, LAST)])
    found = person_fields(detector, films + tracks + customers)
    assert {table for table, _ in found} == {"customer"}
    assert found[("customer", "first_name")] == found[("customer", "last_name")] == len(FIRST)
    assert ("customer", "notes") in found  # a note about a customer keeps its names


def test_detect_keeps_a_cued_name_in_a_description(detector):
    films = rows("film", [{"description": "Tourné chez M. Jean DUPONT, 12 rue des Lilas, appeler le 06 12 34 56 78."}])
    [findings] = detector.detect_batch(films)
    assert {f.entity_type for f in findings} >= {"PERSON", "PHONE_NUMBER"}


SQL = """CREATE TABLE genre (genre_id INTEGER PRIMARY KEY, name VARCHAR(120));
CREATE TABLE customer (customer_id INTEGER PRIMARY KEY, first_name VARCHAR(40), last_name VARCHAR(40));
INSERT INTO genre VALUES (1, 'Rock And Roll'), (2, 'Bossa Nova'), (3, 'Easy Listening'), (4, 'Hip Hop/Rap');
INSERT INTO customer VALUES (1, 'Camille', 'Roux'), (2, 'Jean-Luc', 'N''Diaye'), (3, 'Léa', 'Durand');
"""
CSV = "nom;prenom;libelle\nROUX;Camille;Rock And Roll\nDURAND;Léa;Bossa Nova\nMARTIN;Pierre;Easy Listening\n"


@pytest.mark.parametrize(("file_name", "text"), [("db.sql", SQL), ("elus.csv", CSV)])
def test_redact_keeps_genres_and_replaces_customer_names(tmp_path, detector, file_name, text):
    source = tmp_path / file_name
    source.write_text(text, encoding="utf-8")
    target = tmp_path / f"redacted-{file_name}"
    redact_path(source, target, RedactionPolicy(key=b"names-by-meaning-key-0123456789ab"), detector=detector)
    before, after = list(read_records(source)), list(read_records(target))
    assert len(before) == len(after)
    for old, new in zip(before, after):
        for field, value in old.fields.items():
            if field in ("name", "libelle", "genre_id", "customer_id"):
                assert new.fields[field] == value
            elif field in ("first_name", "last_name", "nom", "prenom"):
                assert new.fields[field] != value, (field, value)


REALDATA = Path(os.environ.get("VIGIE_REALDATA") or Path(__file__).resolve().parents[2] / "shared" / "realdata")
CHINOOK = REALDATA / "dumps" / "chinook" / "Chinook_Sqlite.sqlite"


@pytest.mark.skipif(not CHINOOK.is_file(), reason=f"no Chinook file at {CHINOOK} (../shared/realdata beside the repository, or VIGIE_REALDATA)")
def test_chinook_names_of_things_are_no_people_and_every_customer_is():
    db = sqlite3.connect(f"file:{CHINOOK}?mode=ro", uri=True)
    expected = {
        ("Artist", "Name"): K.STRUCTURED, ("Genre", "Name"): K.STRUCTURED, ("MediaType", "Name"): K.STRUCTURED,
        ("Playlist", "Name"): K.STRUCTURED, ("Track", "Name"): K.STRUCTURED,
        ("Customer", "FirstName"): K.PERSON_NAME, ("Customer", "LastName"): K.PERSON_NAME,
        ("Employee", "FirstName"): K.PERSON_NAME, ("Employee", "LastName"): K.PERSON_NAME,
    }
    for (table, column), kind in expected.items():
        sample = [value for (value,) in db.execute(f'SELECT "{column}" FROM "{table}" LIMIT 1000')]
        assert classify_column(column, sample, table) is kind, (table, column)
