"""Sense in context for tables: a health word in a title, name, address or code column does
not make a record sensitive; the same word in a health column or a note does.

Synthetic tables (Faker ``fr_FR``, seeded) built on the false findings seen in real
non-medical dumps: film titles, composers, billing addresses, state codes.
"""

import pytest
from faker import Faker

from scanner.classify import classify
from scanner.columns import ColumnKind, classify_column, holds_health_terms, is_code_column, kind_from_name
from scanner.models import Record, RecordClass

fake = Faker("fr_FR")
fake.seed_instance(17)


def table(name, rows):
    """Records of one table: ``rows`` are dicts of cells; ``id`` is added."""
    return [Record("export.sql", name, str(i), {"id": str(i), **row}) for i, row in enumerate(rows, 1)]


def classes(detector, records):
    return [classify(findings)[0] for findings in detector.detect_batch(records)]


def films():
    titles = ["COMA HEAD", "RAGE GAMES", "HANDICAP BOONDOCK", "LUPUS NIGHTS", "DENGUE FEVER",
              "ACADEMY DINOSAUR", "GOUTTE D'OR", "CHIMIOTHERAPIE BLUES"]  # the last a PROCEDURE
    return table("film", [{"title": t, "rental_rate": "2.99", "fulltext": search_vector(t)} for t in titles])


def search_vector(text):
    """A PostgreSQL tsvector of ``text`` as pg_dump writes it (lexemes unstemmed here)."""
    words = {}
    for position, word in enumerate(text.lower().replace("'", " ").split(), 1):
        words.setdefault(word, []).append(str(position))
    return " ".join(f"'{w}':{','.join(p)}" for w, p in sorted(words.items()))


def customers():
    rows = []
    for surname in ["Gay", "Chrétien", "Goutte", "Lupus", "Coma"]:
        first = fake.first_name()
        rows.append({"nom": surname.upper(), "prenom": first, "medecin": f"Dr {surname}, médecin traitant",
                     "contact": f"{first} {surname}, conjoint", "signataire": f"{first} {surname.upper()}"})
    return table("client", rows)


def tracks():
    composers = [f"{fake.first_name()} {fake.last_name()}/Dengue", f"{fake.first_name()} Melodia/{fake.first_name()} {fake.last_name()}",
                 f"{fake.first_name()} Science/Lupus", f"{fake.first_name()} Zyrtec"]
    return table("track", [{"name": fake.catch_phrase(), "composer": c} for c in composers])


def invoices():
    rows = [
        {"billing_address": f"{fake.building_number()} Lupus St", "billing_city": "London"},
        {"billing_address": f"{fake.building_number()} allée Zyrtec", "billing_city": fake.city()},
        {"adresse_livraison": f"{fake.building_number()} rue de la Goutte", "ville_livraison": "Lupus"},
    ]
    return table("invoice", rows)


def states():
    codes = ["CA", "NY", "OH", "WA", "SP", "BC", "OH"]
    return table("customer", [{"state": c, "country": "USA"} for c in codes])


@pytest.mark.parametrize(
    "records",
    [films(), customers(), tracks(), invoices(), states()],
    ids=["title column", "name columns", "composer column", "address columns", "state codes"],
)
def test_health_words_outside_health_columns_leave_records_not_sensitive(detector, records):
    assert RecordClass.SENSITIVE not in classes(detector, records)


@pytest.mark.parametrize(
    "records",
    [
        table("patient", [{"nom": fake.last_name(), "pathologie": "Goutte"}, {"nom": fake.last_name(), "pathologie": "Lupus"}]),
        table("diagnostics", [{"code": "M10", "libelle": "Goutte"}, {"code": "M32", "libelle": "Lupus"}]),
        table("x", [{"c7": "HTA"}, {"c7": "DT2"}]),
        table("x", [{"c7": "HTA"}, {"c7": "AVC"}, {"c7": "VIH"}]),  # capitals, but most are health terms
        table("patient", [{"ald": "HTA"}, {"ald": "SEP"}, {"ald": "CA"}]),  # a health column name wins
        table("film", [{"title": "RAGE GAMES", "observation": f"M. {fake.last_name()} : crise de goutte ce jour."}]),
        table("track", [{"composer": f"{fake.first_name()} {fake.last_name()}", "notes": "Sous Zyrtec 10 mg le soir."}]),
    ],
    ids=["pathologie column", "diagnostics table", "short column", "acronym column", "ald column",
         "note beside a title", "note beside a composer"],
)
def test_health_words_in_health_columns_make_records_sensitive(detector, records):
    assert RecordClass.SENSITIVE in classes(detector, records)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("BillingAddress", ColumnKind.ADDRESS), ("adresse_facturation", ColumnKind.ADDRESS),
        ("shipping_city", ColumnKind.ADDRESS), ("PostalCode", ColumnKind.ADDRESS),
        ("ville_naissance", ColumnKind.ADDRESS), ("address_line_2", ColumnKind.ADDRESS),
        ("adresse_mail", ColumnKind.STRUCTURED), ("EmailAddress", ColumnKind.STRUCTURED),
        ("ip_address", ColumnKind.STRUCTURED), ("adresse_electronique", ColumnKind.STRUCTURED),
    ],
)
def test_kind_from_name_reads_qualified_address_columns(name, expected):
    assert kind_from_name(name) == expected


@pytest.mark.parametrize(
    ("name", "table_name", "sample", "expected"),
    [
        ("title", "film", ["COMA HEAD"], False),
        ("Composer", "Track", ["Paul Roux/Dengue"], False),
        ("nom_produit", None, ["Lupus 200"], False),
        ("State", "Customer", ["SP", "OH", "CA", "NY"], False),
        ("pays", None, ["FR", "BE", "CH"], False),
        ("pathologie", None, ["Goutte"], True),
        ("libelle", "actes", ["Chimiothérapie"], True),
        ("libelle_diagnostic", None, ["Goutte"], True),
        ("libelle", "consultations", ["Goutte"], True),
        ("titre", "patients", ["Lupus"], True),
        ("produit", "pharmacie_ventes", ["Doliprane"], True),
        ("c7", None, ["HTA", "DT2"], True),
        ("statut", None, ["VIH", "VHC", "HTA"], True),
        ("acteur", "film", ["Rage"], False),  # "acte" is a health word only whole
        ("Name", "Genre", ["Rage Metal"], False),  # a thing's name
        ("fulltext", "film", ["'boondock':2 'handicap':1", "'coma':1 'head':2"], False),  # a search vector
        ("nom", "patients", ["GOUTTE"], True),  # a name column is never searched for terms anyway
    ],
)
def test_holds_health_terms_table(name, table_name, sample, expected):
    assert holds_health_terms(name, table_name, sample) is expected


@pytest.mark.parametrize(
    ("sample", "expected"),
    [(["OH", "CA", "NY"], True), (["OH", "CA"], False), (["OH"], False), (["OH", "California"], False), (["F32", "E11"], False)],
)
def test_is_code_column_table(sample, expected):
    assert is_code_column(sample) is expected


@pytest.mark.parametrize(
    ("name", "table_name", "expected"),
    [
        ("Name", "Track", ColumnKind.STRUCTURED), ("name", "categories", ColumnKind.STRUCTURED),
        ("nom", "produit", ColumnKind.STRUCTURED), ("Name", "MediaType", ColumnKind.STRUCTURED),
        ("nom", "patients", ColumnKind.PERSON_NAME), ("name", None, ColumnKind.PERSON_NAME),
        ("LastName", "Track", ColumnKind.PERSON_NAME), ("Name", "Artist", ColumnKind.STRUCTURED),
    ],
)
def test_classify_column_reads_a_things_name_as_no_person(name, table_name, expected):
    assert classify_column(name, [fake.name()], table_name) == expected
