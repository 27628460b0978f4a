"""scanner.terminology.disorder_rules: disorders beyond the dictionary (synthetic sentences)."""

import pytest

from scanner.models import Record
from scanner.terminology import find_terms
from scanner.terminology.disorder_rules import (
    find_disorders,
    is_disorder_word,
    is_medical_adjective,
    is_prefixed_disorder,
)


def disorders(text):
    return [text[start:end] for start, end in find_disorders(text)]


@pytest.mark.parametrize(
    "text, expected",
    [
        # medical word formation: parts + disorder ending, in and out of the lexicon
        ("Bilan d'une neuromyopathie.", ["neuromyopathie"]),
        ("Angiomyolipome rénal droit de 3 cm.", ["Angiomyolipome rénal"]),
        ("Pancytopénie fébrile.", ["Pancytopénie fébrile"]),
        ("Entérocolite nécrosante du prématuré.", ["Entérocolite nécrosante"]),
        ("Exencéphalie à l'échographie.", ["Exencéphalie"]),
        ("Suivi pour une spondylodiscite et une lymphangite.", ["spondylodiscite", "lymphangite"]),
        ("Phéochromocytome opéré en 2019.", ["Phéochromocytome"]),
        ("hypercalciurie et hypokaliémie", ["hypercalciurie", "hypokaliémie"]),
        ("Hémiplégie et dyspnée d'effort.", ["Hémiplégie", "dyspnée"]),
        # accent-free and upper-case spellings
        ("pancreatite aigue biliaire", ["pancreatite aigue"]),
        ("PANCYTOPENIE", ["PANCYTOPENIE"]),
        # hyper-, hypo-, dys- words
        ("Hypertension et hypersensibilité au froid.", ["Hypertension", "hypersensibilité"]),
        ("Dyskinésies tardives sous neuroleptiques.", ["Dyskinésies"]),
        # generic heads with their complement
        ("Maladie de Kaposi cutanée.", ["Maladie de Kaposi"]),
        ("Un syndrome de Lian, Siguier et Welti.", ["syndrome de Lian, Siguier et Welti"]),
        ("Femme atteinte d'une maladie de Willebrand.", ["maladie de Willebrand"]),
        ("Risque de lésions du foie.", ["lésions du foie"]),
        ("Tumeurs cutanéo-muqueuses multiples.", ["Tumeurs cutanéo-muqueuses"]),
        ("Infection à VIH connue.", ["Infection à VIH"]),
        ("Infections opportunistes fréquentes.", ["Infections opportunistes"]),
        ("Troubles de la marche depuis un mois.", ["Troubles de la marche"]),
        ("Atteinte hépatique sévère.", ["Atteinte hépatique sévère"]),
        ("Cancer découvert au stade IV.", ["stade IV"]),
        ("Kyste hydatique du foie.", ["Kyste hydatique du foie"]),
        ("Masse abdominale palpable.", ["Masse abdominale palpable"]),
        ("Réactions allergiques et perte d'appétit.", ["Réactions allergiques", "perte d'appétit"]),
        ("Troubles de la démarche, spasmes musculaires.", ["Troubles de la démarche", "spasmes musculaires"]),
        ("Traumatisme crânien et occlusion intestinale.", ["Traumatisme crânien", "occlusion intestinale"]),
        ("Rupture du tendon d'Achille.", ["Rupture du tendon"]),
        ("Baisse de la pression artérielle.", ["Baisse de la pression artérielle"]),
        ("Élévation de la créatininémie.", ["Élévation de la créatininémie"]),
        # heads that name a disorder with an adjective of disorders
        ("Effets indésirables : vertiges.", ["Effets indésirables"]),
        ("Réactions anaphylactiques et réactions paranoïdes.", ["Réactions anaphylactiques", "réactions paranoïdes"]),
        ("Mouvements anormaux, état confusionnel.", ["Mouvements anormaux", "état confusionnel"]),
        ("Problèmes de comportement et manifestations oculaires.", ["Problèmes de comportement", "manifestations oculaires"]),
        ("Infections herpétiques et forme pancytopénique.", ["Infections herpétiques", "forme pancytopénique"]),
        ("Polyneuropathie et douleur neuropathique.", ["Polyneuropathie"]),
        # "-lyse" words, pains, and functions after a difficulty
        ("Hémolyse après cytaphérèse ; ostéolyse.", ["Hémolyse", "ostéolyse"]),
        ("Algies faciales et déséquilibre musculaire.", ["Algies faciales", "déséquilibre musculaire"]),
        ("Gonflement du visage, difficulté à respirer.", ["Gonflement du visage", "difficulté à respirer"]),
        ("Connectivite mixte avec atteinte du plexus brachial.", ["Connectivite", "atteinte du plexus"]),
        ("Épisodes hémorragiques répétés.", ["Épisodes hémorragiques"]),
        # heads completed by a substance, a procedure, or an adjective only
        ("Intoxication au lithium, intoxication par l'antimoine.", ["Intoxication au lithium", "intoxication par l'antimoine"]),
        ("Complications de la vagotomie.", ["Complications de la vagotomie"]),
        ("Accidents ischémiques cérébraux.", ["Accidents ischémiques cérébraux"]),
        ("Forme kystique et forme pancytopénique.", ["Forme kystique", "forme pancytopénique"]),
        ("Atteinte médullaire, insuffisance surrénale.", ["Atteinte médullaire", "insuffisance surrénale"]),
        # an ambiguous head alone, near a clinical cue
        ("Complications au bilan de suivi.", ["Complications"]),
        # a capitalised word that starts a line
        ("ATCD :\n- Thrombose veineuse profonde", ["Thrombose veineuse"]),
    ],
)
def test_find_disorders_finds_disorders_beyond_the_dictionary(text, expected):
    assert disorders(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        # everyday words with a disorder-like ending
        "La qualité du site et la sécurité de la visite.",
        "Du glucose, du lactose et une dose de sympathie.",
        "Une rose, une chose, un atome, un diplôme et la nostalgie.",
        "Tissu nécrosé.",
        # measurements are not disorders
        "Glycémie à jeun 0,98 g/L, calciurie des 24 heures.",
        # administrative uses
        "Caisse primaire d'assurance maladie de Lyon.",
        "Atteinte à la vie privée, complications administratives.",
        "Une réaction rapide, des pertes financières.",
        "La rupture du contrat, une intoxication médiatique.",
        "Baisse de la pression fiscale, augmentation du nombre de clients.",
        "L'état d'équilibre, l'effet du poids, les mouvements de la foule, un état général.",
        "Des problèmes de budget, des effets spéciaux et des difficultés financières.",
        "Hydrolyse et thrombolyse ; perte de main-d'œuvre ; un déséquilibre budgétaire.",
        "La fracture des têtes en céramique.",
        "Une forme de la lettre, la forme physique, des accidents de parcours.",
        "Les complications de la procédure administrative.",
        # titles and names: capitalised inside a sentence, or upper case with no complement
        "Times of Trouble, Black Light Syndrome, Green Disease.",
        "GONE TROUBLE, TROUBLE DATE",
        "Stevie Ray Vaughan & Double Trouble",
        "M. Lachose et Mme Marguerite Dupathie.",
        # drugs, diets, anatomy and hypotheses named with hyper-, hypo-, dys-
        "Un hypoglycémiant, un régime hypocalorique, l'hypophyse.",
        "L'hypothèse d'un dysfonctionnement du service.",
        # e-mail addresses and identifiers
        "secretariat.maladies@chu-exemple.fr",
        # a stadium is not a stage
        "Les supporters au stade de France.",
    ],
)
def test_find_disorders_ignores_non_disorders(text):
    assert disorders(text) == []


@pytest.mark.parametrize(
    "word, known, expected",
    [
        ("neuromyopathie", True, True),
        ("enterocolite", True, True),
        ("angiomyolipomes", True, True),
        ("anemie", True, True),
        ("glycemie", True, False),
        ("hyperglycemie", True, True),
        ("pheochromocytome", False, True),
        ("pheochromocytome", True, False),
        ("phagocytose", True, False),
        ("chromosome", True, False),
        ("marguerite", False, False),
        ("identite", False, False),
        ("serenite", False, False),
        ("ergonome", False, False),
        ("tonie", True, False),
        ("monotonie", True, False),
    ],
)
def test_is_disorder_word(word, known, expected):
    assert is_disorder_word(word, known) is expected


@pytest.mark.parametrize(
    "word, expected",
    [
        ("hypertension", True),
        ("hypersensibilite", True),
        ("dyscalculie", True),
        ("hypothese", False),
        ("hypotenseur", False),
        ("hypothalamus", False),
        ("hyperrealisme", False),
        ("hypotenuse", False),
        ("hyperconnecte", False),
        ("dysprosium", False),
    ],
)
def test_is_prefixed_disorder(word, expected):
    assert is_prefixed_disorder(word) is expected


@pytest.mark.parametrize(
    "word, expected",
    [
        ("hepatique", True),
        ("cutanees", True),
        ("renales", True),
        ("chronique", True),
        ("neuropathique", True),
        ("pancytopeniques", True),
        ("indesirables", True),
        ("rouge", False),
        ("politique", False),
        ("symphonique", False),
        ("administratives", False),
    ],
)
def test_is_medical_adjective(word, expected):
    assert is_medical_adjective(word) is expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # in a clinical text an ambiguous head needs no cue
        ("Des fractures et des complications.", ["fractures", "complications"]),
        ("Ces troubles ont cessé.", ["troubles"]),
        # an adjective or a participle is not the head noun
        ("Une solution trouble, des doses insuffisantes, les concentrations atteintes.", []),
    ],
)
def test_find_disorders_in_clinical_text(text, expected):
    assert [text[s:e] for s, e in find_disorders(text, clinical=True)] == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Albinisme héréditaire en race tachetée.", ["Albinisme héréditaire"]),
        ("Rhumatisme inflammatoire des ceintures.", ["Rhumatisme inflammatoire"]),
        ("Un asthme, rouge de colère.", ["asthme"]),
    ],
)
def test_find_terms_grows_dictionary_disorders_over_their_adjectives(text, expected):
    assert [m.text for m in find_terms(text, {"DIAGNOSIS"})] == expected


def test_find_terms_keeps_dictionary_terms_and_adds_rule_spans():
    text = "Tumeur maligne du sein gauche et pancytopénie."
    found = [(m.text, m.entity_type, m.category) for m in find_terms(text)]
    assert found == [
        ("Tumeur maligne du sein", "DIAGNOSIS", "oncology"),
        ("pancytopénie", "DIAGNOSIS", "other_health"),
    ]


def test_find_terms_qualifies_rule_spans():
    (match,) = find_terms("Pas de pancytopénie.")
    assert (match.text, match.qualifier) == ("pancytopénie", "negated")


def test_find_terms_rules_only_when_diagnoses_are_wanted():
    assert find_terms("Pancytopénie.", {"MEDICATION"}) == []


@pytest.mark.parametrize(
    "text, eponyms",
    [
        ("Suivie pour un syndrome de Lian, Siguier et Welti.", ["Siguier", "Welti"]),
        ("Patient atteint d'une maladie de Kaposi.", ["Kaposi"]),
    ],
)
def test_eponyms_of_a_disorder_are_not_persons(detector, text, eponyms):
    findings = detector.detect(Record("note.txt", None, "1", {"text": text}))
    persons = [text[f.start : f.end] for f in findings if f.entity_type == "PERSON"]
    diagnoses = " ".join(text[f.start : f.end] for f in findings if f.entity_type == "DIAGNOSIS")
    assert not any(name in person for name in eponyms for person in persons)
    assert all(name in diagnoses for name in eponyms)
