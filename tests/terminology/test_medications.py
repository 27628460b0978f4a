"""Drug names from every source of medication_terms.tsv.gz (synthetic sentences)."""

import pytest

from scanner.terminology import find_terms
from scanner.terminology.drug_sources import ansm_display_name, combination_parts


def medications(text):
    return [(m.text, m.code, m.category) for m in find_terms(text, {"MEDICATION"})]


@pytest.mark.parametrize(
    "text, expected",
    [
        # parts of Romedi's combinations, with the combination's ATC code
        ("Sous lopinavir 400 mg deux fois par jour.", [("lopinavir", "J05AR10", "hiv_sti")]),
        ("elvitegravir depuis 2019", [("elvitegravir", "J05AR09", "hiv_sti")]),
        ("Relais par artéméther.", [("artéméther", "P01BF01", "other_health")]),
        # ANSM thesaurus substances Romedi lacks, inverted names put back in order
        ("Introduction de dabigatran 150 mg.", [("dabigatran", None, "other_health")]),
        ("oxybate de sodium le soir", [("oxybate de sodium", None, "other_health")]),
        ("Chlordiazépoxide 10 mg", [("Chlordiazépoxide", "N05BA", "mental_health")]),
        # a substance without the salt its list names it with
        ("Spiriva : tiotropium 18 µg/j.", [("Spiriva", "R03BB04", "other_health"), ("tiotropium", "R03BB04", "other_health")]),
        ("docusate le soir", [("docusate", "A06AA02", "other_health")]),
        # acids written the way people write them
        ("acide valproïque 500 mg", [("acide valproïque", "N03AG01", "other_health")]),
        # classes of drugs that reveal a treatment
        ("Patiente sous anticoagulants oraux.", [("anticoagulants oraux", "B01A", "other_health")]),
        ("Antibiotique arrêté, relais par héparine.", [("Antibiotique", "J01", "other_health"), ("héparine", "B01AB", "other_health")]),
        ("Pas d'AINS ni de bêta-bloquants.", [("AINS", "M01A", "other_health"), ("bêta-bloquants", "C07", "other_health")]),
    ],
)
def test_find_terms_finds_drugs_of_every_source(text, expected):
    assert medications(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Rendez-vous avec son avocat le 12 mars.",  # "avocat et soja" is a combination
        "Vaccin contre la rougeole à 12 mois.",  # vaccines are named after the disease
        "Dossier IPP 123456 transmis.",  # a patient number, not a proton-pump inhibitor
    ],
)
def test_find_terms_leaves_words_that_only_name_drugs_in_combinations(text):
    assert medications(text) == []


@pytest.mark.parametrize(
    "description, parts",
    [
        ("lopinavir et ritonavir", ["lopinavir", "ritonavir"]),
        ("atorvastatine, amlodipine et perindopril", ["atorvastatine", "amlodipine", "perindopril"]),
        ("amlodipine et diuretiques", ["amlodipine"]),
        ("codeine et paracetamol", ["codeine", "paracetamol"]),
        ("amoxicilline et inhibiteur d'enzyme", ["amoxicilline"]),
        ("grippe, virus entier inactive", []),
        ("facteurs de coagulation ix, ii, vii et x en association", []),
    ],
)
def test_combination_parts_keeps_substances_only(description, parts):
    assert combination_parts(description) == parts


@pytest.mark.parametrize(
    "substance, name",
    [
        ("sodium (picosulfate de)", "picosulfate de sodium"),
        ("botulique (toxine)", "toxine botulique"),
        ("abciximab (c 7e3b fab)", "abciximab"),
        ("warfarine", "warfarine"),
    ],
)
def test_ansm_display_name_puts_inverted_heads_first(substance, name):
    assert ansm_display_name(substance) == name


@pytest.mark.parametrize(
    "text, expected",
    [
        # a town that is a brand name: after "né à", a postcode, a street word
        ("Patient né à Modane en 1950.", []),
        ("Domicile : 3 rue de Créon, 33670 Créon.", []),
        ("Adresse : 12 avenue Modane", []),
        ("Transférée au CH de Créon puis à la mairie de Modane.", []),
        # a surname or a title: after a title, after a first name
        ("Mme Nora Efferalgan, 54 ans.", []),
        ("Morceau de Luiz Melodia.", []),
        # a word of treatment nearby keeps the drug
        ("Passage à Lyrica 75 mg.", ["Lyrica"]),
        ("Allergie à Augmentin.", ["Augmentin"]),
        ("Sous Créon 25000 à chaque repas.", ["Créon"]),
        # a capitalised common word or a drug before it is no name
        ("Traitement : Kardégic 75, Tahor 20.", ["Kardégic", "Tahor"]),
        ("Kaletra Truvada depuis 2015.", ["Kaletra", "Truvada"]),
        ("Relatives à Epivir : voir la notice.", ["Epivir"]),
    ],
)
def test_find_terms_reads_drug_names_in_place_and_name_positions(text, expected):
    assert [m.text for m in find_terms(text, {"MEDICATION"})] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # substances no list names, by their INN stem, with the category of their class
        ("Relais par zalcitabine 0,75 mg.", [("zalcitabine", None, "other_health")]),
        ("lévodopa/bensérazide 100/25", [("lévodopa", "N04BA02", "other_health"), ("bensérazide", None, "other_health")]),
        ("Essai de l'alectinib en 2e ligne.", [("alectinib", None, "oncology")]),
        ("Thioridazine 50 mg le soir.", [("Thioridazine", None, "mental_health")]),
        # a drug name that spaCy's lexicon also holds
        ("Staphylocoque résistant à la méticilline.", [("méticilline", None, "other_health")]),
        ("Sous roxatidine, histidine normale.", [("roxatidine", None, "other_health")]),
        ("Sous pitolisantmab et fostemsavirine.", [("pitolisantmab", None, "other_health"), ("fostemsavirine", None, "hiv_sti")]),
        # common words that end like a stem, and stems alone, are no drug
        ("Il faut gravir la côte avec une voiture américaine.", []),
        ("Le platine et la morphologie du stylo.", []),
    ],
)
def test_find_terms_finds_substances_by_inn_stem(text, expected):
    assert medications(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a product no list names, by the dose after it: every mention of it in the text
        ("Reconcile 8 mg, comprimés. Reconcile est donné une fois par jour.", ["Reconcile", "Reconcile"]),
        ("Refludan 50 mg poudre pour solution injectable", ["Refludan"]),
        ("ZORVEXA 0,5 mg/j puis arrêt du ZORVEXA.", ["ZORVEXA", "ZORVEXA"]),
        # lab results, clearances, common words and verbs are no product
        ("Ferritine 300 µg/l, Glycémie 1,2 g/l.", []),
        ("Clairance de Cockroft : 80 ml/min.", []),
        ("Injection 3 mg ce jour.", []),
        ("Prendre 150 mg le matin, ne pas dépasser 300 mg.", []),
    ],
)
def test_find_terms_finds_products_named_with_a_dose(text, expected):
    assert [m.text for m in find_terms(text, {"MEDICATION"})] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # a combination is one span; its acid alone is a substance
        ("amoxicilline/acide clavulanique 1 g", [("amoxicilline/acide clavulanique", "J01CR02")]),
        ("Augmentin = amoxicilline + acide clavulanique", [("Augmentin", "J01CR02"), ("amoxicilline + acide clavulanique", "J01CR02")]),
        ("Ajout d'acide clavulanique.", [("acide clavulanique", "J01CR02")]),
        ("Sous antirétroviraux depuis 2010.", [("antirétroviraux", "J05A")]),
        ("Pas d'antithrombotique, corticostéroïdes inhalés.", [("antithrombotique", "B01"), ("corticostéroïdes", "H02")]),
        ("Relais par ximélagatran.", [("ximélagatran", None)]),
        ("Allergie aux pénicillines et aux fluoroquinolones.", [("pénicillines", None), ("fluoroquinolones", "J01MA")]),
        ("Traitement psychotrope à adapter.", [("psychotrope", "N05")]),
    ],
)
def test_find_terms_finds_combinations_and_classes(text, expected):
    assert [(m.text, m.code) for m in find_terms(text, {"MEDICATION"})] == expected
