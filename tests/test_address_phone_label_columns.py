"""Address, phone and label columns by meaning: a postal code or a phone number of any
country in its column is personal; districts, reference tables of places, credited
performers and titles are not."""

from __future__ import annotations

import re

import pytest

from scanner.columns import NameTrust, absent_types, header_entity, is_credited, is_place_reference
from scanner.models import Record
from scanner.readers import read_records
from scanner.redact.consistency import SeenValues
from scanner.redact.pipeline import redact_path
from scanner.redact.policy import RedactionPolicy
from scanner.redact.surrogates import surrogate

KEY = b"columns-by-meaning-key-0123456789abcdef"


def found(detector, table: str, header: str, values: list[str]) -> set[str]:
    """The entity types found in a column of ``values`` (a fresh source: a fresh plan)."""
    source = f"{table}.{header}.{'|'.join(values)}.sql"
    records = [Record(source, table, str(n), {header: value}) for n, value in enumerate(values)]
    return {f.entity_type for findings in detector.detect_batch(records) for f in findings}


@pytest.mark.parametrize(("table", "header", "values", "expected"), [
    # postal codes of any country (Chinook, pagila)
    ("Customer", "PostalCode", ["12227-000", "70174", "H2G 1A7", "0171"], {"ADDRESS"}),
    ("Invoice", "BillingPostalCode", ["T6G 2C7", "1010"], {"ADDRESS"}),
    ("address", "postal_code", ["35200", "1027", "940"], {"ADDRESS"}),
    ("clients", "zip_code", ["SW1A 1AA", "10001-2345"], {"ADDRESS"}),
    ("patients", "cp", ["69003", "13001"], {"ADDRESS"}),
    # phone numbers without a plan that reads them
    ("address", "phone", ["14033335568", "6172235589", "28303384290"], {"PHONE_NUMBER"}),
    ("Customer", "Fax", ["+453 3331 9991"], {"PHONE_NUMBER"}),
    ("clients", "tel_portable", ["06 12 34 56 78"], {"PHONE_NUMBER"}),
    ("contacts", "mobile", ["(02) 9876-5432"], {"PHONE_NUMBER"}),
    # a person's city stays an address; places that designate no one do not
    ("Customer", "City", ["Montréal", "São Paulo"], {"ADDRESS"}),
    ("address", "district", ["Saint-Denis", "Abu Dhabi", "Alberta"], set()),
    ("city", "city", ["Abu Dhabi", "Saint-Denis", "A Corua (La Corua)"], set()),
    ("Invoice", "BillingState", ["QC", "SP", "Île-de-France"], set()),
    ("country", "country", ["France", "United Arab Emirates"], set()),
    # credited performers are no data subjects
    ("actor", "first_name", ["PENELOPE", "NICK", "ED"], set()),
    ("actor", "last_name", ["GUINESS", "WAHLBERG", "CHASE"], set()),
    ("Track", "Composer", ["David Murray/Steve Harris", "Angus Young, Malcolm Young"], set()),
    ("Customer", "FirstName", ["Mary", "François"], {"PERSON"}),
    # titles and labels keep their places and dates; strict identifiers are still found
    ("Track", "Name", ["New York, New York", "Mensagem De Amor (2000)", "Paris 1919"], set()),
    ("film", "title", ["ACADEMY DINOSAUR", "écrire à jean.dupont@example.org"], {"EMAIL_ADDRESS"}),
])
def test_columns_by_meaning(detector, table, header, values, expected):
    assert found(detector, table, header, values) == expected


@pytest.mark.parametrize(("header", "table", "expected"), [
    ("postal_code", "address", "ADDRESS"), ("BillingPostalCode", "Invoice", "ADDRESS"), ("code_postal", None, "ADDRESS"),
    ("Phone", "Customer", "PHONE_NUMBER"), ("numero_telephone", None, "PHONE_NUMBER"), ("Fax", "Employee", "PHONE_NUMBER"),
    ("total", "Invoice", None), ("mobile_app_version", "devices", None), ("capital", "country", None),
])
def test_header_entity(header, table, expected):
    assert header_entity(header) == expected


@pytest.mark.parametrize(("header", "table", "place", "credited"), [
    ("district", "address", True, False), ("city", "city", True, False), ("City", "Customer", False, False),
    ("ville", "patients", False, False), ("region", None, True, False), ("first_name", "actor", False, True),
    ("Name", "Artist", False, True), ("auteur", "compte_rendu_consultation", False, False),
    ("last_name", "customer", False, False),
])
def test_places_and_credits(header, table, place, credited):
    assert (is_place_reference(header, table), is_credited(header, table)) == (place, credited)


def shape(value: str) -> str:
    return re.sub(r"[a-z]", "a", re.sub(r"[A-Z]", "A", re.sub(r"\d", "9", value)))


@pytest.mark.parametrize(("entity_type", "value"), [
    ("ADDRESS", "12227-000"), ("ADDRESS", "T6G 2C7"), ("ADDRESS", "1010"), ("ADDRESS", "SW1A 1AA"),
    ("ADDRESS", "940"), ("PHONE_NUMBER", "14033335568"), ("PHONE_NUMBER", "+453 3331 9991"),
    ("PHONE_NUMBER", "6172235589"),
])
def test_foreign_postcodes_and_phones_keep_their_shape(entity_type, value):
    new = surrogate(entity_type, value, KEY)
    assert new != value and shape(new) == shape(value)
    assert surrogate(entity_type, value, KEY) == new


def test_a_french_postcode_stays_in_its_department():
    assert surrogate("ADDRESS", "69003", KEY)[:2] == "69"


@pytest.mark.parametrize(("entity_type", "value", "absent", "spread"), [
    ("PERSON", "Steve Harris", frozenset(), True),
    ("PERSON", "Steve Harris", absent_types("Composer", "Track", NameTrust.NONE), False),
    ("ADDRESS", "Abu Dhabi Street", absent_types("district", "address", NameTrust.ALL), False),
    ("EMAIL_ADDRESS", "s.harris@example.org", absent_types("Composer", "Track", NameTrust.NONE), True),
])
def test_consistency_spreads_only_where_the_column_holds_such_values(entity_type, value, absent, spread):
    seen = SeenValues(RedactionPolicy(key=KEY))
    seen.learn(entity_type, value)
    record = Record("d.sql", "t", "1", {"c": f"{value}/David Murray"})
    assert bool(seen.findings(record, [], lambda field: absent)) is spread


SHOP = """\
CREATE TABLE customer (id integer PRIMARY KEY, first_name varchar(40), last_name varchar(40), city varchar(40),
  district varchar(20), postal_code varchar(10), phone varchar(20));
CREATE TABLE track (id integer PRIMARY KEY, name varchar(200), composer varchar(200));
CREATE TABLE city (city_id integer PRIMARY KEY, city varchar(50), country varchar(50));
INSERT INTO customer VALUES (1, 'Steve', 'Harris', 'Abu Dhabi', 'Abu Dhabi', 'T6G 2C7', '14033335568');
INSERT INTO customer VALUES (2, 'Marie', 'Lefebvre', 'Saint-Denis', 'Saint-Denis', '12227-000', '6172235589');
INSERT INTO track VALUES (1, 'New York, New York', 'Steve Harris/David Murray');
INSERT INTO track VALUES (2, 'Mensagem De Amor (2000)', 'Marie Lefebvre');
INSERT INTO customer VALUES (3, 'Emma', 'Jones', 'London', 'Hackney', 'N1 5LH', '+44 020 7707 0707');
INSERT INTO customer VALUES (4, 'Mary', 'Butler', 'Lethbridge', 'Alberta', '9668', '14033335568');
INSERT INTO track VALUES (3, 'Your Time Is Gonna Come', 'Page, Jones');
INSERT INTO track VALUES (4, 'Dave', 'Dave, Taylor, Nate, Chris');
CREATE TABLE film (film_id integer PRIMARY KEY, title varchar(100), description text);
INSERT INTO film VALUES (7, 'AIRPLANE SIERRA', 'A Touching Saga of a Hunter And a Butler who must Discover a Butler in A Jet Boat');
INSERT INTO city VALUES (1, 'Abu Dhabi', 'United Arab Emirates');
INSERT INTO city VALUES (2, 'Saint-Denis', 'Réunion');
"""


def test_a_dump_keeps_titles_credits_and_places(tmp_path, detector):
    """... and verifies, though a customer's surname stays in a composer credit ("Page, Jones")
    and in a film's description ("a Butler")."""
    dump, out = tmp_path / "shop.sql", tmp_path / "out.sql"
    dump.write_text(SHOP, encoding="utf-8")
    summary = redact_path(dump, out, RedactionPolicy(key=KEY), detector=detector, verify=True)
    assert summary.output == out and not summary.residuals
    before = {(r.table, r.record): r.fields for r in read_records(dump) if isinstance(r, Record)}
    after = {(r.table, r.record): r.fields for r in read_records(out) if isinstance(r, Record)}
    for (table, record), fields in before.items():
        if table != "customer":
            assert after[(table, record)] == fields
            continue
        new = after[(table, record)]
        assert new["district"] == fields["district"]
        for column in ("first_name", "last_name", "city", "postal_code", "phone"):
            assert new[column] != fields[column], column
        assert shape(new["postal_code"]) == shape(fields["postal_code"])
        assert shape(new["phone"]) == shape(fields["phone"])
