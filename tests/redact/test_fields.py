"""FieldRedactor: every operator, overlapping and adjacent findings, whole records."""

import datetime
import re

import pytest
from stdnum.fr import nir as stdnum_nir

from scanner.errors import UsageError
from scanner.identifiers import phone
from scanner.models import Finding, Record
from scanner.name_words import PARTICLES, TITLES, fold
from scanner.persons import NIR_ENTITY_TYPES
from scanner.redact import fields
from scanner.redact.dates import DateFormatError, parse_date
from scanner.redact.fields import _POSTCODE_IN, INVALID_SPAN, FieldRedactor, Span, person_key_for, resolve_overlaps
from scanner.redact.lists import first_name_sexes
from scanner.redact.operators import Secret
from scanner.redact.policy import OPERATORS, RedactionPolicy
from scanner.redact.surrogates import LAST, Identity, alnum, date_offset, normalise, sex_of_word

KEY = bytes(range(32))
SOURCE = "notes.jsonl"

TEXT = (
    "Mme Camille ROUX, NIR 2 85 05 78 006 084 59, née le 12/03/1985, tél 06 12 34 56 78, "
    "camille.roux@chu-exemple.fr, 12 rue des Lilas, 69003 Lyon. Diabète de type 2."
)
SECRETS = ["Camille", "ROUX", "2 85 05 78 006 084 59", "12/03/1985", "06 12 34 56 78",
           "camille.roux@chu-exemple.fr", "rue des Lilas", "69003"]


def finding(text, value, entity_type, score=0.9, field="texte", occurrence=0, with_value=True, record="1"):
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(value, start + 1)
    return Finding(SOURCE, None, record, field, entity_type, start, start + len(value), score, "test",
                   value=value if with_value else "")


def findings_for(text, field="texte"):
    return [
        finding(text, "Camille ROUX", "PERSON", field=field),
        finding(text, "ROUX, NIR", "PERSON", 0.3, field=field),  # overlaps the name
        finding(text, "2 85 05 78 006 084 59", "FR_NIR", 1.0, field=field),
        finding(text, "12/03/1985", "DATE_TIME", 0.6, field=field),
        finding(text, "06 12 34 56 78", "PHONE_NUMBER", field=field),
        finding(text, "camille.roux@chu-exemple.fr", "EMAIL_ADDRESS", 1.0, field=field),
        finding(text, "12 rue des Lilas, 69003 Lyon", "ADDRESS", 0.85, field=field),
        finding(text, "Lyon", "ADDRESS", 0.5, field=field),  # contained
        finding(text, "Diabète de type 2", "DIAGNOSIS", field=field),
    ]


def redactor(operator=None, **policy):
    operators = {} if operator is None else {e: operator for e in
                                             ["PERSON", "FR_NIR", "DATE_TIME", "PHONE_NUMBER",
                                              "EMAIL_ADDRESS", "ADDRESS", "DIAGNOSIS"]}
    return FieldRedactor(RedactionPolicy(key=KEY, operators=operators, **policy) if operators
                         else RedactionPolicy(key=KEY, **policy))


@pytest.mark.parametrize(
    "operator, expected",
    [
        ("tag", "Mme <PERSON> <FR_NIR>, née le <DATE_TIME>, tél <PHONE_NUMBER>, <EMAIL_ADDRESS>, "
                "<ADDRESS>. <DIAGNOSIS>."),
        ("mask", "Mme ******* ****, *** * ** ** ** *** *** **, née le **/**/****, tél ** ** ** ** **, "
                 "*******.****@***-*******.**, ** *** *** *****, ***** ****. ******* ** **** *."),
        ("remove", "Mme  , née le , tél , , . ."),
        ("keep", TEXT),
    ],
)
def test_operators_on_a_sentence_with_overlapping_findings(operator, expected):
    assert redactor(operator).redact_text(TEXT, findings_for(TEXT), "p") == expected


def test_hash_operator_is_keyed_hex_and_normalised():
    out = redactor("hash").redact_text(TEXT, findings_for(TEXT), "p")
    hashes = re.findall(r"\b[0-9a-f]{64}\b", out)
    assert len(hashes) == 7 and not any(s in out for s in SECRETS)
    spaced = "NIR 1 85 05 78 006 084 91"
    compact = "NIR 185057800608491"
    h = redactor("hash")
    one = h.redact_text(spaced, [finding(spaced, "1 85 05 78 006 084 91", "FR_NIR")], "p")
    two = h.redact_text(compact, [finding(compact, "185057800608491", "FR_NIR")], "p")
    assert one == two
    other = FieldRedactor(RedactionPolicy(key=bytes(32), operators={"FR_NIR": "hash"}))
    assert other.redact_text(spaced, [finding(spaced, "1 85 05 78 006 084 91", "FR_NIR")], "p") != one


def test_default_policy_pseudonymises_and_keeps_clinical_terms():
    r = redactor()
    out = r.redact_text(TEXT, findings_for(TEXT), "nir:2850578006084")
    assert not any(s in out for s in SECRETS), out
    assert out.startswith("Mme ") and out.endswith("Diabète de type 2.")
    nir = re.search(r"\d \d\d \d\d \d\d \d{3} \d{3} \d\d", out).group()
    shifted = datetime.date(1985, 5, 15) + datetime.timedelta(days=date_offset(KEY, "nir:2850578006084"))
    assert stdnum_nir.is_valid(nir) and nir.startswith(f"2 {shifted:%y %m}")  # moved like the person's dates
    assert phone.is_valid(re.search(r"tél ([\d ]{14})", out).group(1))
    assert "@example.com" in out
    assert r.fallbacks == {}


def test_overlap_resolution_never_corrupts_text():
    text = "Patient DUPONT Jean né le 12/03/1965"
    fs = [
        finding(text, "DUPONT Jean", "PERSON", 0.9),
        finding(text, "Jean né", "PERSON", 0.4),  # partial overlap, same type
        finding(text, "né le 12/03/1965", "DATE_TIME", 0.3),  # partial overlap, other type
        finding(text, "12/03/1965", "DATE_TIME", 0.6),  # contained
    ]
    out = redactor("tag").redact_text(text, fs, "p")
    assert out == "Patient <PERSON>"
    out = redactor("mask").redact_text(text, fs, "p")
    assert out == "Patient ****** **** ** ** **/**/****"


@pytest.mark.parametrize("operator", ["pseudonym", "mask", "tag", "hash", "remove"])
def test_adjacent_findings_are_replaced_separately(operator):
    text = "DUPONTJean0612345678"
    fs = [finding(text, "DUPONT", "PERSON"), finding(text, "Jean", "PERSON"),
          finding(text, "0612345678", "PHONE_NUMBER")]
    out = redactor(operator).redact_text(text, fs, "p")
    assert "DUPONT" not in out and "Jean" not in out and "0612345678" not in out
    if operator == "tag":
        assert out == "<PERSON><PERSON><PHONE_NUMBER>"


def test_resolve_overlaps_table():
    spans = [Span(0, 4, "PERSON", 0.5), Span(2, 8, "FR_NIR", 0.9), Span(8, 10, "DATE_TIME", 0.6),
             Span(12, 20, "ADDRESS", 0.8), Span(14, 16, "PERSON", 0.95), Span(5, 5, "PERSON", 1.0)]
    assert resolve_overlaps(spans) == [
        Span(0, 8, "FR_NIR", 0.9), Span(8, 10, "DATE_TIME", 0.6), Span(12, 20, "ADDRESS", 0.8)]


def test_redact_record_with_several_fields():
    fields = {
        "id": "P001",
        "nir": "1 85 05 78 006 084 91",
        "nom": "DUPONT",
        "prenom": "Jean",
        "date_naissance": "12/03/1985",
        "telephone": "06 12 34 56 78",
        "observation": "Vu ce jour Jean DUPONT, RDV le 20/03/1985. Asthme.",
    }
    record = Record("patients.csv", "patients", "P001", fields, line=2)
    fs = [
        Finding("patients.csv", "patients", "P001", "nir", "FR_NIR", 0, 21, 1.0, "t"),
        Finding("patients.csv", "patients", "P001", "nom", "PERSON", 0, 6, 0.85, "t"),
        Finding("patients.csv", "patients", "P001", "prenom", "PERSON", 0, 4, 0.85, "t"),
        Finding("patients.csv", "patients", "P001", "date_naissance", "DATE_TIME", 0, 10, 0.6, "t"),
        Finding("patients.csv", "patients", "P001", "telephone", "PHONE_NUMBER", 0, 14, 0.9, "t"),
        finding(fields["observation"], "Jean DUPONT", "PERSON", field="observation"),
        finding(fields["observation"], "20/03/1985", "DATE_TIME", field="observation"),
        finding(fields["observation"], "Asthme", "DIAGNOSIS", field="observation"),
    ]
    out = redactor().redact_record(record, fs)
    assert set(out) == {"nir", "nom", "prenom", "date_naissance", "telephone", "observation"}
    assert "id" not in out
    note = out["observation"]
    assert note.startswith("Vu ce jour ") and note.endswith(". Asthme.")
    first, last = re.search(r"jour (\S+) (\S+),", note).groups()
    assert (first, last) == (out["prenom"], out["nom"])  # same person, same names
    assert out["nom"].isupper() and out["nom"] != "DUPONT" and out["prenom"] != "Jean"
    import datetime
    born = datetime.datetime.strptime(out["date_naissance"], "%d/%m/%Y")
    seen = datetime.datetime.strptime(re.search(r"RDV le (\S+)\.", note).group(1), "%d/%m/%Y")
    assert (seen - born).days == 8  # interval kept within the record
    assert stdnum_nir.is_valid(out["nir"])


def test_redact_record_is_deterministic_across_instances_and_keyed():
    record = Record("a.csv", "t", "1", {"nom": "Jean DUPONT", "tel": "0612345678"})
    fs = [Finding("a.csv", "t", "1", "nom", "PERSON", 0, 11, 0.9, "t"),
          Finding("a.csv", "t", "1", "tel", "PHONE_NUMBER", 0, 10, 0.9, "t")]
    first = redactor().redact_record(record, fs)
    assert redactor().redact_record(record, fs) == first
    other = FieldRedactor(RedactionPolicy(key=b"z" * 32)).redact_record(record, fs)
    assert other["nom"] != first["nom"] and other["tel"] != first["tel"]


def test_same_value_same_surrogate_in_another_table():
    a = Record("a.csv", "patients", "1", {"nir": "185057800608491"})
    b = Record("b.sql", "sejours", "9", {"texte": "NIR : 1 85 05 78 006 084 91 hospitalisé"})
    r = redactor()
    out_a = r.redact_record(a, [Finding("a.csv", "patients", "1", "nir", "FR_NIR", 0, 15, 1.0, "t")])
    out_b = r.redact_record(b, [Finding("b.sql", "sejours", "9", "texte", "FR_NIR", 6, 27, 1.0, "t")])
    assert out_b["texte"][6:27].replace(" ", "") == out_a["nir"]


def test_invalid_offsets_mask_the_whole_field():
    record = Record("a.csv", None, "1", {"note": "Jean DUPONT 0612345678"})
    r = redactor()
    wrong = Finding("a.csv", None, "1", "note", "PERSON", 0, 11, 0.9, "t", value="DUPONT Jean")
    assert r.redact_record(record, [wrong]) == {"note": "**** ****** **********"}
    beyond = Finding("a.csv", None, "1", "note", "PHONE_NUMBER", 12, 40, 0.9, "t")
    assert r.redact_record(record, [beyond]) == {"note": "**** ****** **********"}
    assert r.fallbacks[INVALID_SPAN] == 2


def test_unknown_field_and_empty_span_are_ignored():
    record = Record("a.csv", None, "1", {"note": "RAS"})
    fs = [Finding("a.csv", None, "1", "absent", "PERSON", 0, 3, 0.9, "t"),
          Finding("a.csv", None, "1", "note", "PERSON", 1, 1, 0.9, "t")]
    assert redactor().redact_record(record, fs) == {"note": "RAS"}


def test_pseudonym_fallback_masks_and_counts():
    text = "Code 12/13/2020 et Dr"
    fs = [finding(text, "12/13/2020", "DATE_TIME"), finding(text, "Dr", "PERSON")]
    r = redactor()
    assert r.redact_text(text, fs, "p") == "Code **/**/**** et **"
    assert r.fallbacks == {"DATE_TIME": 1, "PERSON": 1}


def test_unknown_entity_type_gets_the_fallback_tag():
    text = "Religion : témoin de Jéhovah"
    out = redactor().redact_text(text, [finding(text, "témoin de Jéhovah", "SENSITIVE_TRAIT")], "p")
    assert out == "Religion : <SENSITIVE_TRAIT>"
    assert redactor().redact_text(text, [finding(text, "témoin de Jéhovah", "NEW_TYPE")], "p") == \
        "Religion : <NEW_TYPE>"


def test_person_key_prefers_nir_then_names_and_birth_date_then_record():
    record = Record("a.csv", "t", "7", {"nir": "1 85 05 78 006 084 91", "nom": "DUPONT Jean",
                                        "ddn": "12/03/1985", "rdv": "13/03/1985"})
    f = lambda field, kind, s, e: Finding("a.csv", "t", "7", field, kind, s, e, 1.0, "x")  # noqa: E731
    assert person_key_for(record, [f("nom", "PERSON", 0, 11), f("nir", "FR_NIR", 0, 21)]) == "nir:1850578006084"
    assert person_key_for(record, [f("rdv", "DATE_TIME", 0, 10), f("ddn", "DATE_TIME", 0, 10),
                                   f("nom", "PERSON", 0, 11)]) == "person:dupont jean|1985-03-12"
    assert person_key_for(record, [f("rdv", "DATE_TIME", 0, 10)]) == "record:a.csv\x1ft\x1f7"


def test_policy_errors_are_usage_errors():
    with pytest.raises(UsageError, match="unknown redaction operator"):
        FieldRedactor(RedactionPolicy(key=KEY, operators={"PERSON": "shred"}))
    with pytest.raises(UsageError, match="16 bytes"):
        FieldRedactor(RedactionPolicy(key=b"short"))


def test_key_never_shows_in_operator_configs():
    r = redactor()
    config = r._operator_config("FR_NIR", "p", None)
    assert KEY.hex() not in repr(config) and repr(KEY) not in repr(config)
    assert isinstance(config.params["key"], Secret)


def test_every_policy_operator_is_supported():
    text = "NIR 185057800608491"
    for operator in OPERATORS:
        out = redactor(operator).redact_text(text, [finding(text, "185057800608491", "FR_NIR")], "p")
        assert (out == text) == (operator == "keep")


@pytest.mark.parametrize("text", [
    "75011", "75 011", "7 allée des Chênes", "12 rue de la Paix, 97 400 Saint-Denis", "750111", "BP 75011X",
    "3 rue Haute 69003 Lyon", "2A004", "06 12 34 56 78", "1 75011", "75011 75012", "٧٥٠١١", "", "a75 0112",
])
def test_postcode_pattern_finds_what_the_plain_pattern_finds(text):
    found, expected = _POSTCODE_IN.search(text), re.search(r"(?<!\d)(\d{5}|\d{2} \d{3})(?!\d)", text)
    assert (found and found.span(1)) == (expected and expected.span(1))


# One pass for the person key and identity (``person_and_identity``) against each rule alone.
# The record's person key and identity worked out in one pass (``fields.person_and_identity``,
# which every redacted record asks for) give what the straightforward reading of each rule gives:
# the reference below, one pass per question, as ``fields`` read records before the shared pass.

POSTCODE_IN = re.compile(r"(?<!\d)(\d{5}|\d{2} \d{3})(?!\d)")


def _person_text(record, finding):
    text = record.fields.get(finding.field)
    if text is None or not 0 <= finding.start < finding.end <= len(text):
        return None
    return text[finding.start:finding.end]


def reference_nir(record, findings):
    for finding in findings:
        if finding.entity_type in NIR_ENTITY_TYPES:
            body = alnum(_person_text(record, finding) or "").upper()
            if len(body) in (13, 15):
                return body[:13]
    return None


def reference_key(record, findings):
    nir = reference_nir(record, findings)
    if nir is not None:
        return f"nir:{nir}"
    names, birth = set(), ""
    for finding in findings:
        text = _person_text(record, finding)
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
        text = _person_text(record, finding) if finding.entity_type == "DATE_TIME" else None
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
        text, kind = _person_text(record, finding), finding.entity_type
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


def _person_case(values, *spans):
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


PERSON_ROW = {"nom": "DURAND", "prenom": "Camille", "date_naissance": "1961-03-12", "nir": "2 61 03 75 006 084 91",
       "adresse": "7 allée des Chênes", "cp": "75011", "ville": "Paris", "notes": ""}
PERSON_CASES = {
    "patients row": _person_case(PERSON_ROW, ("nom", "PERSON", "DURAND"), ("prenom", "PERSON", "Camille"),
                          ("date_naissance", "DATE_TIME", "1961-03-12"), ("nir", "FR_NIR", PERSON_ROW["nir"]),
                          ("adresse", "ADDRESS", PERSON_ROW["adresse"]), ("cp", "ADDRESS", "75011"), ("ville", "ADDRESS", "Paris")),
    "sex column wins": _person_case({"sexe": "M", "prenom": "Louise", "nir": "285057800608491"},
                             ("prenom", "PERSON", "Louise"), ("nir", "FR_NIR", "285057800608491")),
    "sex coded as in the NIR": _person_case({"id": "3", "Sexe": " 2 ", "civilite": "", "prenom": "Claude"},
                                     ("prenom", "PERSON", "Claude")),
    "civilite after an empty sexe": _person_case({"sexe": "", "civilite": "Mme", "nom": "Roy"}, ("nom", "PERSON", "Roy")),
    "titles in a note": _person_case({"text": "M. Jean Roy et Mme Camille Roy, née le 3 mars 1950."},
                              ("text", "PERSON", "Jean Roy"), ("text", "PERSON", "Camille Roy"),
                              ("text", "DATE_TIME", "3 mars 1950")),
    "title and comma": _person_case({"text": "Madame, Claire DUPONT est venue."}, ("text", "PERSON", "Claire DUPONT")),
    "title far before": _person_case({"text": "Mme est venue avec son fils Paul Roux"}, ("text", "PERSON", "Paul Roux")),
    "NÉE in capitals": _person_case({"text": "DUPONT Marie NÉE LE 03/10/1995"}, ("text", "PERSON", "DUPONT Marie"),
                             ("text", "DATE_TIME", "03/10/1995")),
    "né, no title": _person_case({"text": "Patient Dominique Roux, né le 12.03.1961, vu ce jour."},
                          ("text", "PERSON", "Dominique Roux"), ("text", "DATE_TIME", "12.03.1961")),
    "né inside words only": _person_case({"text": "Bérénice, aînée, vue le 12/01/2024.", "nir": "1 85 05 78 006 084 91"},
                                  ("text", "PERSON", "Bérénice"), ("text", "DATE_TIME", "12/01/2024"),
                                  ("nir", "FR_INS", "1 85 05 78 006 084 91")),
    "ne is a negation": _person_case({"text": "Il ne vient pas: Dominique Roux."}, ("text", "PERSON", "Dominique Roux")),
    "naissance cue": _person_case({"text": "date de naissance : 1er janv. 2001 ; ddn: 02/02/2002"},
                           ("text", "DATE_TIME", "1er janv. 2001"), ("text", "DATE_TIME", "02/02/2002")),
    "unreadable birth column": _person_case({"ddn": "inconnue", "text": "née le 3 mars 1950", "nom": "Roy"},
                                     ("ddn", "DATE_TIME", "inconnue"), ("text", "DATE_TIME", "3 mars 1950"),
                                     ("nom", "PERSON", "Roy")),
    "birth column in words": _person_case({"nom_prenom": "Jean de la Fontaine", "ddn": "12 mars 1965"},
                                   ("nom_prenom", "PERSON", "Jean de la Fontaine"), ("ddn", "DATE_TIME", "12 mars 1965")),
    "hyphens and apostrophes": _person_case({"patient": "Dr Marie-Claire d'Arc", "vu": "12/01/2024"},
                                     ("patient", "PERSON", "Marie-Claire d'Arc"), ("vu", "DATE_TIME", "12/01/2024")),
    "no names": _person_case({"patient_id": "42", "date_consultation": "12/01/2024"},
                      ("date_consultation", "DATE_TIME", "12/01/2024")),
    "nothing found": _person_case({"id": "1", "note": "RAS"}),
    "NIR too short, then INS": _person_case({"nir": "1 85 05", "ins": " 2 85 05 78 006 084 91 "},
                                     ("nir", "FR_NIR", "1 85 05"), ("ins", "FR_INS", " 2 85 05 78 006 084 91 ")),
    "NIR with no sex digit": _person_case({"nir": "5 85 05 78 006 084", "ins": "285057800608491"},
                                   ("nir", "FR_NIR", "5 85 05 78 006 084"), ("ins", "FR_INS", "285057800608491")),
    "provisional NIR": _person_case({"nir": "7850578006084", "prenom": "Louise"},
                             ("nir", "FR_NIR", "7850578006084"), ("prenom", "PERSON", "Louise")),
    "overseas": _person_case({"adresse": "12 rue de la Paix, 97 400 Saint-Denis", "cp": "97400", "ville": "Saint-Denis"},
                      ("adresse", "ADDRESS", "12 rue de la Paix, 97 400 Saint-Denis"), ("cp", "ADDRESS", "97400"),
                      ("ville", "ADDRESS", "Saint-Denis")),
    "six digits are no postcode": _person_case({"adresse": "BP 750111, 3 rue Haute", "cp": "2A004"},
                                        ("adresse", "ADDRESS", "BP 750111, 3 rue Haute"), ("cp", "ADDRESS", "2A004")),
    "offsets that do not fit": _person_case({"nom": "Roy", "nir": "185057800608491", "ddn": "01/01/1950"},
                                     ("nom", "PERSON", (2, 9)), ("nir", "FR_NIR", (0, 99)), ("ddn", "DATE_TIME", (5, 3)),
                                     ("autre", "ADDRESS", (0, 5))),
    "values that are not text": _person_case({"id": 7, "sexe": None, "prenom": "Louise", "poids": 61.5},
                                      ("prenom", "PERSON", "Louise")),
    "surname column has no listed sex": _person_case({"nom": "Louise", "prenom": "Dominique Lucas"},
                                              ("nom", "PERSON", "Louise"), ("prenom", "PERSON", "Dominique Lucas")),
}


def _births_of(key: bytes) -> fields.NirBirths:
    births = fields.NirBirths(key)
    for nir in ("185057800608491", "285057800608491", "2 61 03 75 006 084 91", "7850578006084"):
        row, found = _person_case({"nir": nir, "ddn": "01/02/1960"}, ("nir", "FR_NIR", nir), ("ddn", "DATE_TIME", "01/02/1960"))
        births.learn(row, found)
    return births


@pytest.mark.parametrize("learnt", [False, True])
@pytest.mark.parametrize("case", sorted(PERSON_CASES))
def test_one_pass_gives_what_each_rule_gives(case, learnt):
    record, findings = PERSON_CASES[case]
    births = _births_of(KEY) if learnt else None
    expected = (reference_key(record, findings), reference_identity(record, findings, births))
    assert fields.person_and_identity(record, findings, births) == expected
    assert fields.person_key_for(record, findings) == expected[0]
    assert fields.identity_for(record, findings, births) == expected[1]
    assert fields.written_birth(record, findings) == reference_birth(record, findings)
    assert fields.nir_of(record, findings) == reference_nir(record, findings)

