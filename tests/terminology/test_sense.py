"""A term's sense from where it stands: surnames, streets, titles in capitals are no health data.

Synthetic sentences; first names and streets from Faker ``fr_FR`` (seeded), with the
surnames and place names that real data showed to collide with health terms.
"""

import pytest
from faker import Faker

from scanner.name_words import is_first_name
from scanner.terminology import find_terms
from scanner.terminology.sense import is_name_position, is_street_position

fake = Faker("fr_FR")
fake.seed_instance(17)
FIRST_NAMES = [name for name in (fake.first_name() for _ in range(60)) if is_first_name(name)][:6]
COLLIDING_SURNAMES = ["Gay", "Chrétien", "Goutte", "Lupus", "Rage", "Coma"]


def sensitive(text):
    return [(m.text, m.entity_type) for m in find_terms(text)]


@pytest.mark.parametrize(
    "template",
    [
        "Vu ce jour M. {Surname}, adressé par son médecin.",
        "Mme {first} {Surname}, 54 ans, vue ce jour.",
        "Courrier du Dr {SURNAME} reçu ce jour.",
        "Pr {Surname} absent, RDV décalé.",
        "{SURNAME} {first}, né le 12/03/1961.",
        "Contacter {first} {Surname} au secrétariat.",
        "Personne de confiance : Madame {SURNAME} {first}.",
    ],
)
@pytest.mark.parametrize("surname", COLLIDING_SURNAMES)
def test_find_terms_leaves_out_surnames(template, surname):
    first = FIRST_NAMES[len(template) % len(FIRST_NAMES)]
    text = template.format(Surname=surname, SURNAME=surname.upper(), first=first)
    assert sensitive(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "Domicile : {n} rue Lupus, {postcode} {city}.",
        "Habite {n} allée du Zyrtec à {city}.",
        "Billing address: {n} Lupus St, London.",
        "Adresse : {n} impasse de la Rage, {postcode} {city}.",
    ],
)
def test_find_terms_leaves_out_street_names(text):
    text = text.format(n=fake.building_number(), postcode=fake.postcode(), city=fake.city())
    assert sensitive(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "COMA HEAD",  # film titles in capitals: common words, no clinical cue
        "RAGE GAMES",
        "LA GOUTTE D'OR",
        "A Secret Agent who must Find a Mad Cow in The Sahara rage",  # "sa" is a cue, "Sahara" is not
    ],
)
def test_find_terms_needs_a_cue_for_common_words_in_capitals(text):
    assert sensitive(text) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the same words, in a note about a patient's health
        ("Crise de goutte du gros orteil.", [("goutte", "DIAGNOSIS")]),
        ("ATCD : GOUTTE, HTA.", [("GOUTTE", "DIAGNOSIS"), ("HTA", "DIAGNOSIS")]),
        ("RÉFLEXIONS SUR 100 CAS DE GOUTTE", [("GOUTTE", "DIAGNOSIS")]),
        ("Se dit gay, partenaire stable depuis 2019.", [("gay", "SENSITIVE_TRAIT")]),
        ("Catholique pratiquante, messe chaque dimanche.", [("Catholique", "SENSITIVE_TRAIT"), ("pratiquante", "SENSITIVE_TRAIT")]),
        ("Lupus érythémateux disséminé connu.", [("Lupus érythémateux disséminé", "DIAGNOSIS")]),
        ("Sous Zyrtec 10 mg le soir.", [("Zyrtec", "MEDICATION")]),
        ("Traitement : Doliprane 500 mg si besoin.", [("Doliprane", "MEDICATION")]),
        ("Mme {first} {surname} : crise de goutte.", [("goutte", "DIAGNOSIS")]),
        # another health term nearby, in the same sentence, is a cue
        ("Hémicolectomie droite avec anastomose colo-iléale.", [("Hémicolectomie", "PROCEDURE"), ("anastomose", "PROCEDURE")]),
        ("Stupeur, coma, convulsions.", [("Stupeur", "DIAGNOSIS"), ("coma", "DIAGNOSIS"), ("convulsions", "DIAGNOSIS")]),
        # an abbreviation in capitals needs no cue; a maker's name after a drug is no first name
        ("Relais par EMLA avant la ponction.", [("EMLA", "MEDICATION"), ("ponction", "PROCEDURE")]),
        ("Vous ne devez pas prendre Pramipexole Teva si vous allaitez.", [("Pramipexole", "MEDICATION")]),
    ],
)
def test_find_terms_keeps_health_terms_about_a_patient(text, expected):
    text = text.format(first=FIRST_NAMES[0], surname=fake.last_name())
    assert sensitive(text) == expected


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("M. Gay", "Gay", True),
        ("M Gay", "Gay", False),  # "M" is a title only with its dot
        ("Dr CHRÉTIEN", "CHRÉTIEN", True),
        ("GOUTTE Pierre", "GOUTTE", True),
        ("Goutte Pierre", "Goutte", False),  # "NOM Prénom" is in capitals
        ("Pierre Goutte", "Goutte", True),
        ("une goutte", "goutte", False),
    ],
)
def test_is_name_position_table(text, word, expected):
    start = text.index(word)
    assert is_name_position(text, start, start + len(word)) is expected


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("3 rue de la Goutte", "Goutte", True),
        ("12 bd Lupus", "Lupus", True),
        ("12 Lupus Street", "Lupus", True),
        ("au cours de la Rage", "Rage", False),
        ("mise en place de Zyrtec", "Zyrtec", False),
    ],
)
def test_is_street_position_table(text, word, expected):
    start = text.index(word)
    assert is_street_position(text, start, start + len(word)) is expected


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Diabète équilibré. Vu le film La Rage hier.", "Rage"),  # a health term in another sentence is no cue
        ("Perfusion lente (goutte-à-goutte) sur une heure.", "goutte"),  # a word glued in a compound
        ("Courrier de GAY-ROUX Pierre, transfusions prévues.", "GAY"),  # a compound surname
    ],
)
def test_find_terms_takes_no_cue_from_a_term_out_of_reach(text, word):
    assert word not in [m.text for m in find_terms(text)]
