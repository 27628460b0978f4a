"""One coherent surrogate identity per person (issue 20), checked on every row and note.

A generated 10,000-row patient table (Faker ``fr_FR``, seeded; NIRs with computed keys, each
agreeing with its row's sex and birth date; postcode and city a real pair) and 2,000 notes
are redacted with known spans; on each redacted row or note the surrogate NIR agrees with
the redacted birth date and the sex shown (title, ``sexe``, né/née), the postcode with the
city, every title with the first name after it, and each phone keeps its zone.
"""

import datetime
import re

import pytest

from scanner.identifiers import phone
from scanner.models import Finding, Record
from scanner.name_words import fold
from scanner.redact import lists
from scanner.redact.fields import FieldRedactor, identity_for
from scanner.redact.policy import RedactionPolicy
from scanner.redact.surrogates import DATE_SHIFT_DAYS, surrogate, surrogate_place
from tests.redact.identity_checks import (
    SEX_OF_TITLE, TITLES, Generator, first_name_sexes, nir_agrees, other_commune_in_department, place_agrees, zone,
)

KEY = bytes(range(32))
ROWS = 10_000
NOTES = 2_000


def _finding(record: Record, field: str, kind: str, start: int = 0, end: int | None = None) -> Finding:
    text = record.fields[field]
    end = len(text) if end is None else end
    return Finding(record.source, record.table, record.record, field, kind, start, end, 1.0, "test", value=text[start:end])


COLUMNS = {
    "nom": "PERSON", "prenom": "PERSON", "date_naissance": "DATE_TIME", "nir": "FR_NIR",
    "telephone": "PHONE_NUMBER", "cp": "ADDRESS", "ville": "ADDRESS", "date_consultation": "DATE_TIME",
}


def _table(rows: int, seed: int) -> list[tuple[dict, Record]]:
    generator = Generator(seed)
    out = []
    for number in range(1, rows + 1):
        p = generator.person()
        fields = {
            "civilite": TITLES[p["sex"]], "nom": p["last"], "prenom": p["first"], "sexe": p["sex"],
            "date_naissance": f"{p['born']:%Y-%m-%d}", "nir": p["nir"], "telephone": p["telephone"],
            "cp": p["cp"], "ville": p["ville"], "date_consultation": f"{p['visit']:%d/%m/%Y}",
        }
        out.append((p, Record("patients.csv", None, str(number), fields)))
    return out


@pytest.fixture(scope="module")
def table():
    return _table(ROWS, seed=20)


@pytest.fixture(scope="module")
def redacted_table(table):
    redactor = FieldRedactor(RedactionPolicy(key=KEY))
    out = []
    for person, record in table:
        findings = [_finding(record, field, kind) for field, kind in COLUMNS.items()]
        out.append((person, record, {**record.fields, **redactor.redact_record(record, findings)}))
    assert redactor.fallbacks == {}
    return out


def _disagreements(redacted_table, check) -> list[str]:
    return [record.record for person, record, new in redacted_table if not check(person, record.fields, new)]


@pytest.mark.parametrize(
    "what, check",
    [
        ("NIR agrees with the redacted birth date and the sex shown",
         lambda p, old, new: nir_agrees(new["nir"], new["sexe"], datetime.date.fromisoformat(new["date_naissance"]))
         and SEX_OF_TITLE[new["civilite"]] == new["sexe"]),
        ("NIR never keeps the original commune of birth nor the NIR",
         lambda p, old, new: new["nir"][5:10] != old["nir"][5:10] and new["nir"] != old["nir"]),
        ("postcode and city are a pair of the communes table, never the original",
         lambda p, old, new: place_agrees(new["cp"], new["ville"]) and new["cp"] != old["cp"]
         and fold(new["ville"]) != fold(old["ville"])),
        ("postcode keeps its department when another postcode's commune is there (not Paris, 75)",
         lambda p, old, new: lists.postcode_department(new["cp"]) == lists.postcode_department(old["cp"])
         or not other_commune_in_department(old["cp"])),
        ("the first name has the sex of the title",
         lambda p, old, new: first_name_sexes(new["prenom"]) == {SEX_OF_TITLE[new["civilite"]]}),
        ("the phone keeps its zone",
         lambda p, old, new: zone(new["telephone"]) == zone(old["telephone"]) and phone.is_valid(new["telephone"])),
        ("the age at the consultation is kept to the day",
         lambda p, old, new: (datetime.datetime.strptime(new["date_consultation"], "%d/%m/%Y").date()
                              - datetime.date.fromisoformat(new["date_naissance"])).days == (p["visit"] - p["born"]).days),
        ("the birth date moves within the documented range",
         lambda p, old, new: DATE_SHIFT_DAYS[0] <= abs((datetime.date.fromisoformat(new["date_naissance"])
                                                        - p["born"]).days) <= DATE_SHIFT_DAYS[1]),
    ],
)
def test_every_row_of_a_generated_table_is_coherent(redacted_table, what, check):
    assert _disagreements(redacted_table, check) == [], what


def test_dates_keep_their_weekday_when_asked(table):
    redactor = FieldRedactor(RedactionPolicy(key=KEY, keep_weekday=True))
    for person, record in table[:2000]:
        new = redactor.redact_record(record, [_finding(record, f, k) for f, k in COLUMNS.items()])
        born = datetime.date.fromisoformat(new["date_naissance"])
        assert born.weekday() == person["born"].weekday() and born != person["born"]
        assert nir_agrees(new["nir"], person["sex"], born)


# --- notes -------------------------------------------------------------------------

NOTE = re.compile(
    r"(?P<title>M\.|Mme) (?P<first>\S+) (?P<last>\S+), (?P<agreement>née?) le (?P<born>\d\d/\d\d/\d{4}), "
    r"NIR (?P<nir>\d \d\d \d\d \d\S \d{3} \d{3} \d\d), domicilié(?:e)? \d+ rue .+?, (?P<cp>\d{5}) (?P<city>.+?)\. "
    r"Tél\. (?P<phone>\S+)\. Accompagnée? de (?P<title2>M\.|Mme) (?P<first2>\S+) (?P<last2>\S+)\."
)


def _note(p: dict, companion: dict, number: int) -> tuple[Record, list[tuple[int, int, str]]]:
    pieces = [
        (TITLES[p["sex"]] + " ", None), (f"{p['first']} {p['last']}", "PERSON"),
        (", née" if p["sex"] == "F" else ", né", None), (" le ", None),
        (f"{p['born']:%d/%m/%Y}", "DATE_TIME"), (", NIR ", None),
        (" ".join([p["nir"][0], p["nir"][1:3], p["nir"][3:5], p["nir"][5:7], p["nir"][7:10], p["nir"][10:13],
                   p["nir"][13:]]), "FR_NIR"),
        (", domiciliée " if p["sex"] == "F" else ", domicilié ", None),
        (f"{number % 90 + 1} rue des Lilas, {p['cp']} {p['ville']}", "ADDRESS"), (". Tél. ", None),
        (p["telephone"], "PHONE_NUMBER"), (". Accompagnée de " if p["sex"] == "F" else ". Accompagné de ", None),
        (TITLES[companion["sex"]] + " ", None), (f"{companion['first']} {companion['last']}", "PERSON"), (".", None),
    ]
    text, spans = "", []
    for piece, kind in pieces:
        if kind:
            spans.append((len(text), len(text) + len(piece), kind))
        text += piece
    return Record("notes.txt", None, str(number), {"text": text}), spans


def test_every_generated_note_is_coherent():
    generator = Generator(seed=21)
    redactor = FieldRedactor(RedactionPolicy(key=KEY))
    wrong = []
    for number in range(1, NOTES + 1):
        p, companion = generator.person(), generator.person()
        record, spans = _note(p, companion, number)
        findings = [_finding(record, "text", kind, start, end) for start, end, kind in spans]
        out = redactor.redact_record(record, findings)["text"]
        m = NOTE.fullmatch(out)
        assert m, out
        sex = SEX_OF_TITLE[m["title"]]
        born = datetime.datetime.strptime(m["born"], "%d/%m/%Y").date()
        checks = {
            "NIR": nir_agrees(m["nir"], sex, born) and {"née": "F", "né": "M"}[m["agreement"]] == sex,
            "place": place_agrees(m["cp"], m["city"]),
            "first name": first_name_sexes(m["first"]) == {sex},
            "companion": first_name_sexes(m["first2"]) == {SEX_OF_TITLE[m["title2"]]},
            "phone zone": zone(m["phone"]) == zone(p["telephone"]),
        }
        wrong += [(number, what) for what, ok in checks.items() if not ok]
    assert redactor.fallbacks == {}
    assert wrong == []


# --- the record's identity ---------------------------------------------------------


@pytest.mark.parametrize(
    "fields, kinds, sex",
    [
        ({"sexe": "F", "prenom": "Pierre"}, {"prenom": "PERSON"}, "F"),  # the column shown wins
        ({"sexe": "2", "nir": "185057800608491"}, {"nir": "FR_NIR"}, "F"),  # coded as in the NIR
        ({"civilite": "Monsieur", "prenom": "Camille"}, {"prenom": "PERSON"}, "M"),
        ({"nir": "285057800608491", "prenom": "Dominique"}, {"nir": "FR_NIR", "prenom": "PERSON"}, "F"),
        ({"prenom": "Chloé", "nom": "Roux"}, {"prenom": "PERSON", "nom": "PERSON"}, "F"),
        ({"text": "Vu ce jour Dominique Roux, née le 3 mars 1950."}, {}, "F"),
        ({"text": "Vu ce jour Dominique Roux, né en 1950."}, {}, "M"),
        ({"text": "Il ne vient pas: Dominique Roux."}, {}, None),  # "ne" is no agreement
    ],
)
def test_identity_sex_comes_from_what_the_output_shows(fields, kinds, sex):
    record = Record("p.csv", None, "1", fields)
    findings = [_finding(record, field, kind) for field, kind in kinds.items()]
    assert identity_for(record, findings).sex == sex


@pytest.mark.parametrize("title, sex", [("M.", "M"), ("Mme", "F"), ("Monsieur", "M"), ("Mademoiselle", "F")])
@pytest.mark.parametrize("first", ["Pierre", "Camille", "Dominique", "Jean", "Marie", "Claude"])
def test_a_title_in_the_name_sets_the_first_names_sex(title, sex, first):
    new = surrogate("PERSON", f"{title} {first} DURAND", KEY)
    assert new.startswith(title + " ") and first_name_sexes(new.split()[1]) == {sex}


@pytest.mark.parametrize("city, code", [("Nemours", "77140"), ("SAINT-ÉTIENNE", "42000"), ("Rognac", "13340"),
                                        ("Bastia", "20200"), ("Saint-Pierre", None)])
def test_a_city_alone_gets_its_postcodes_commune(city, code):
    new = surrogate("ADDRESS", city, KEY)
    code = code or lists.postcode_of_city()[fold(city)]
    place = lists.places_by_department()[lists.postcode_department(code)]
    assert fold(new) in {fold(p.city) for p in place} and fold(new) != fold(city)
    assert fold(new) == fold(surrogate_place(code, KEY).city)  # as its postcode would be, in a column beside it
    assert new.isupper() == city.isupper()
