"""The record's person key and identity worked out in one pass (``fields.person_and_identity``,
which every redacted record asks for) give what the straightforward reading of each rule gives:
the reference below, one pass per question, as ``fields`` read records before the shared pass."""

from __future__ import annotations

import re

import pytest

from scanner.models import Finding, Record
from scanner.name_words import PARTICLES, TITLES, fold
from scanner.persons import NIR_ENTITY_TYPES
from scanner.redact import fields
from scanner.redact.dates import DateFormatError, parse_date
from scanner.redact.lists import first_name_sexes
from scanner.redact.surrogates import LAST, Identity, alnum, normalise, sex_of_word

KEY = bytes(range(32))
POSTCODE_IN = re.compile(r"(?<!\d)(\d{5}|\d{2} \d{3})(?!\d)")


def _text(record, finding):
    text = record.fields.get(finding.field)
    if text is None or not 0 <= finding.start < finding.end <= len(text):
        return None
    return text[finding.start:finding.end]


def reference_nir(record, findings):
    for finding in findings:
        if finding.entity_type in NIR_ENTITY_TYPES:
            body = alnum(_text(record, finding) or "").upper()
            if len(body) in (13, 15):
                return body[:13]
    return None


def reference_key(record, findings):
    nir = reference_nir(record, findings)
    if nir is not None:
        return f"nir:{nir}"
    names, birth = set(), ""
    for finding in findings:
        text = _text(record, finding)
        if text is None:
            continue
        if finding.entity_type == "PERSON":
            names.update(w for w in fold(text).replace("-", " ").replace("'", " ").split()
                         if w.strip(".") not in TITLES and w not in PARTICLES)
        elif finding.entity_type == "DATE_TIME" and not birth and fields._is_birth_column(finding.field):
            try:
                birth = parse_date(text).isoformat()
            except DateFormatError:
                birth = alnum(text)
    if names:
        return "person:" + " ".join(sorted(names)) + (f"|{birth}" if birth else "")
    return f"record:{record.source}\x1f{record.table or ''}\x1f{record.record}"


def reference_birth(record, findings):
    for finding in findings:
        text = _text(record, finding) if finding.entity_type == "DATE_TIME" else None
        if text is not None and (fields._is_birth_column(finding.field) or fields._BIRTH_CUE.search(
                record.fields[finding.field][max(finding.start - 20, 0):finding.start])):
            try:
                return parse_date(text)
            except DateFormatError:
                pass
    return None


def reference_identity(record, findings, births=None):
    values = record.fields
    column_sex = titled_sex = agreement = nir_sex = listed_sex = postcode = None
    titled = {}
    for name in values:
        value = values[name]
        if (fields._sex_columns((name,)) and isinstance(value, str)
                and (column_sex := sex_of_word(value) or {"1": "M", "2": "F"}.get(value.strip()))):
            break
    for finding in findings:
        text, kind = _text(record, finding), finding.entity_type
        if text is None:
            continue
        if kind == "PERSON":
            word = fields._WORD_BEFORE.search(values[finding.field][max(finding.start - 20, 0):finding.start])
            if word and (sex := sex_of_word(word.group(1))):
                titled.setdefault(normalise("PERSON", text), sex)
                titled_sex = titled_sex or sex
            if listed_sex is None and fields.name_role_for(finding.field) != LAST:
                listed_sex = next((s for w in text.split() if (s := first_name_sexes().get(fold(w))) in ("F", "M")), None)
        elif nir_sex is None and kind in NIR_ENTITY_TYPES:
            nir_sex = {"1": "M", "3": "M", "7": "M", "2": "F", "4": "F", "8": "F"}.get(alnum(text)[:1])
        elif postcode is None and kind == "ADDRESS":
            found = POSTCODE_IN.search(text)
            postcode = found.group(1).replace(" ", "") if found else None
    if not (column_sex or titled_sex):
        agreement = next((sex_of_word(found.group(1)) for value in values.values()
                          if isinstance(value, str) and (found := fields._AGREEMENT.search(value))), None)
    birth = reference_birth(record, findings)
    if birth is None and births is not None and (nir := reference_nir(record, findings)) is not None:
        birth = births.birth_of(nir)
    return Identity(column_sex or titled_sex or agreement or nir_sex or listed_sex, birth, postcode, tuple(titled.items()))


def _case(values, *spans):
    """A record of ``values`` and its findings: (field, entity type, the text found, or
    (start, end) for offsets that need not fit)."""
    record = Record("p.csv", "t", "7", values)
    findings = []
    for field, kind, found in spans:
        if isinstance(found, tuple):
            start, end = found
        else:
            start = values[field].index(found)
            end = start + len(found)
        findings.append(Finding("p.csv", "t", "7", field, kind, start, end, 1.0, "test"))
    return record, findings


ROW = {"nom": "DURAND", "prenom": "Camille", "date_naissance": "1961-03-12", "nir": "2 61 03 75 006 084 91",
       "adresse": "7 allée des Chênes", "cp": "75011", "ville": "Paris", "notes": ""}
CASES = {
    "patients row": _case(ROW, ("nom", "PERSON", "DURAND"), ("prenom", "PERSON", "Camille"),
                          ("date_naissance", "DATE_TIME", "1961-03-12"), ("nir", "FR_NIR", ROW["nir"]),
                          ("adresse", "ADDRESS", ROW["adresse"]), ("cp", "ADDRESS", "75011"), ("ville", "ADDRESS", "Paris")),
    "sex column wins": _case({"sexe": "M", "prenom": "Louise", "nir": "285057800608491"},
                             ("prenom", "PERSON", "Louise"), ("nir", "FR_NIR", "285057800608491")),
    "sex coded as in the NIR": _case({"id": "3", "Sexe": " 2 ", "civilite": "", "prenom": "Claude"},
                                     ("prenom", "PERSON", "Claude")),
    "civilite after an empty sexe": _case({"sexe": "", "civilite": "Mme", "nom": "Roy"}, ("nom", "PERSON", "Roy")),
    "titles in a note": _case({"text": "M. Jean Roy et Mme Camille Roy, née le 3 mars 1950."},
                              ("text", "PERSON", "Jean Roy"), ("text", "PERSON", "Camille Roy"),
                              ("text", "DATE_TIME", "3 mars 1950")),
    "title and comma": _case({"text": "Madame, Claire DUPONT est venue."}, ("text", "PERSON", "Claire DUPONT")),
    "title far before": _case({"text": "Mme est venue avec son fils Paul Roux"}, ("text", "PERSON", "Paul Roux")),
    "NÉE in capitals": _case({"text": "DUPONT Marie NÉE LE 03/10/1995"}, ("text", "PERSON", "DUPONT Marie"),
                             ("text", "DATE_TIME", "03/10/1995")),
    "né, no title": _case({"text": "Patient Dominique Roux, né le 12.03.1961, vu ce jour."},
                          ("text", "PERSON", "Dominique Roux"), ("text", "DATE_TIME", "12.03.1961")),
    "né inside words only": _case({"text": "Bérénice, aînée, vue le 12/01/2024.", "nir": "1 85 05 78 006 084 91"},
                                  ("text", "PERSON", "Bérénice"), ("text", "DATE_TIME", "12/01/2024"),
                                  ("nir", "FR_INS", "1 85 05 78 006 084 91")),
    "ne is a negation": _case({"text": "Il ne vient pas: Dominique Roux."}, ("text", "PERSON", "Dominique Roux")),
    "naissance cue": _case({"text": "date de naissance : 1er janv. 2001 ; ddn: 02/02/2002"},
                           ("text", "DATE_TIME", "1er janv. 2001"), ("text", "DATE_TIME", "02/02/2002")),
    "unreadable birth column": _case({"ddn": "inconnue", "text": "née le 3 mars 1950", "nom": "Roy"},
                                     ("ddn", "DATE_TIME", "inconnue"), ("text", "DATE_TIME", "3 mars 1950"),
                                     ("nom", "PERSON", "Roy")),
    "birth column in words": _case({"nom_prenom": "Jean de la Fontaine", "ddn": "12 mars 1965"},
                                   ("nom_prenom", "PERSON", "Jean de la Fontaine"), ("ddn", "DATE_TIME", "12 mars 1965")),
    "hyphens and apostrophes": _case({"patient": "Dr Marie-Claire d'Arc", "vu": "12/01/2024"},
                                     ("patient", "PERSON", "Marie-Claire d'Arc"), ("vu", "DATE_TIME", "12/01/2024")),
    "no names": _case({"patient_id": "42", "date_consultation": "12/01/2024"},
                      ("date_consultation", "DATE_TIME", "12/01/2024")),
    "nothing found": _case({"id": "1", "note": "RAS"}),
    "NIR too short, then INS": _case({"nir": "1 85 05", "ins": " 2 85 05 78 006 084 91 "},
                                     ("nir", "FR_NIR", "1 85 05"), ("ins", "FR_INS", " 2 85 05 78 006 084 91 ")),
    "NIR with no sex digit": _case({"nir": "5 85 05 78 006 084", "ins": "285057800608491"},
                                   ("nir", "FR_NIR", "5 85 05 78 006 084"), ("ins", "FR_INS", "285057800608491")),
    "provisional NIR": _case({"nir": "7850578006084", "prenom": "Louise"},
                             ("nir", "FR_NIR", "7850578006084"), ("prenom", "PERSON", "Louise")),
    "overseas": _case({"adresse": "12 rue de la Paix, 97 400 Saint-Denis", "cp": "97400", "ville": "Saint-Denis"},
                      ("adresse", "ADDRESS", "12 rue de la Paix, 97 400 Saint-Denis"), ("cp", "ADDRESS", "97400"),
                      ("ville", "ADDRESS", "Saint-Denis")),
    "six digits are no postcode": _case({"adresse": "BP 750111, 3 rue Haute", "cp": "2A004"},
                                        ("adresse", "ADDRESS", "BP 750111, 3 rue Haute"), ("cp", "ADDRESS", "2A004")),
    "offsets that do not fit": _case({"nom": "Roy", "nir": "185057800608491", "ddn": "01/01/1950"},
                                     ("nom", "PERSON", (2, 9)), ("nir", "FR_NIR", (0, 99)), ("ddn", "DATE_TIME", (5, 3)),
                                     ("autre", "ADDRESS", (0, 5))),
    "values that are not text": _case({"id": 7, "sexe": None, "prenom": "Louise", "poids": 61.5},
                                      ("prenom", "PERSON", "Louise")),
    "surname column has no listed sex": _case({"nom": "Louise", "prenom": "Dominique Lucas"},
                                              ("nom", "PERSON", "Louise"), ("prenom", "PERSON", "Dominique Lucas")),
}


def _births_of(key: bytes) -> fields.NirBirths:
    births = fields.NirBirths(key)
    for nir in ("185057800608491", "285057800608491", "2 61 03 75 006 084 91", "7850578006084"):
        row, found = _case({"nir": nir, "ddn": "01/02/1960"}, ("nir", "FR_NIR", nir), ("ddn", "DATE_TIME", "01/02/1960"))
        births.learn(row, found)
    return births


@pytest.mark.parametrize("learnt", [False, True])
@pytest.mark.parametrize("case", sorted(CASES))
def test_one_pass_gives_what_each_rule_gives(case, learnt):
    record, findings = CASES[case]
    births = _births_of(KEY) if learnt else None
    expected = (reference_key(record, findings), reference_identity(record, findings, births))
    assert fields.person_and_identity(record, findings, births) == expected
    assert fields.person_key_for(record, findings) == expected[0]
    assert fields.identity_for(record, findings, births) == expected[1]
    assert fields.written_birth(record, findings) == reference_birth(record, findings)
    assert fields.nir_of(record, findings) == reference_nir(record, findings)

