"""Terms derived from CIM-10 labels by build_data, and what they find in synthetic sentences."""

import pytest

from scanner.terminology import find_terms
from scanner.terminology.build_data import disorder_heads, is_useful_term, label_variants

HEADS = frozenset({"acne", "infarctus", "nausee", "vomissement", "embolie", "thrombose", "hypertension", "diarrhee", "arthrite", "polyarthrite"})


@pytest.mark.parametrize(
    "label, expected",
    [
        # coordination: each part that starts with a disorder head, and the head alone
        ("Nausées et vomissements", ["Nausées et vomissements", "Nausées", "Nausée", "vomissements", "vomissement"]),
        (
            "Embolie et thrombose de l'aorte abdominale",
            ["Embolie et thrombose de l'aorte abdominale", "Embolie", "thrombose de l'aorte abdominale", "thrombose"],
        ),
        # a part that is a site, not a disorder, is not a term
        ("Tuberculose du larynx, de la trachée et des bronches", [
            "Tuberculose du larynx, de la trachée et des bronches", "Tuberculose du larynx",
        ]),
        # qualifiers: "Autres", "sans précision", "autres et non précisées", parentheses, site suffix
        ("Autres hypertensions pulmonaires secondaires", [
            "hypertensions pulmonaires secondaires", "hypertensions", "hypertension",
        ]),
        ("Hypertension secondaire, sans précision", ["Hypertension secondaire", "Hypertension"]),
        ("Autres formes d'acné", ["acné"]),
        # a circumstance, not a disorder: "prise" is never a head
        ("Infarctus du myocarde, autres prises en charge", [
            "Infarctus du myocarde, autres prises en charge", "Infarctus du myocarde", "Infarctus",
        ]),
        ("Douleurs abdominales, autres et non précisées", ["Douleurs abdominales"]),
        ("Fracture fermée du membre inférieur, niveau non précisé", ["Fracture fermée du membre inférieur"]),
        ("Hypertension essentielle (primitive)", [
            "Hypertension essentielle (primitive)", "Hypertension essentielle", "Hypertension",
        ]),
        ("Diarrhée (non infectieuse) néonatale", [
            "Diarrhée (non infectieuse) néonatale", "Diarrhée néonatale", "Diarrhée",
        ]),
        ("Arthrite et polyarthrite à staphylocoques - Sièges multiples", [
            "Arthrite et polyarthrite à staphylocoques", "Arthrite", "polyarthrite à staphylocoques", "polyarthrite",
        ]),
        ("*** SU19 *** Syndrome de l'intestin irritable, avec diarrhée", [
            "Syndrome de l'intestin irritable, avec diarrhée", "Syndrome de l'intestin irritable",
        ]),
        # bracketed synonyms: phrases and acronyms, not a lone eponym
        ("Syndrome de l'intestin irritable, avec diarrhée prédominante [SII-D]", [
            "Syndrome de l'intestin irritable, avec diarrhée prédominante",
            "Syndrome de l'intestin irritable",
            "SII-D",
        ]),
        ("Kyste synovial du creux poplité [Baker]", ["Kyste synovial du creux poplité"]),
    ],
)
def test_label_variants_splits_coordinations_and_strips_qualifiers(label, expected):
    assert label_variants(label, HEADS) == expected


def test_disorder_heads_keeps_words_that_start_more_labels_than_they_complement():
    labels = [
        "Toux", "Pneumonie due à Klebsiella", "Autres pneumonies", "Rein polykystique",
        "Kyste du rein", "Tumeur maligne du rein", "À répétition", "Staphylocoques, cause de maladies",
        "Arthrite à staphylocoques",
    ]
    assert disorder_heads(labels) == {"toux", "pneumonie", "kyste", "tumeur", "arthrite"}


@pytest.mark.parametrize(
    "folded, useful",
    [
        ("pneumonie", True),
        ("vomissements", True),
        ("thrombose de l aorte abdominale", True),
        ("maladie", False),  # vague alone
        ("maladies", False),  # plural of a vague word
        ("troubles", False),
        ("insuffisances", False),
        ("desequilibre", False),  # an ordinary word ("déséquilibré") that starts labels
        ("constatation", False),
        ("a repetition", False),  # starts with a preposition
        ("de la trachee", False),
        ("sans precision", False),
        ("lesion", False),
    ],
)
def test_is_useful_term_drops_vague_words_and_fragments(folded, useful):
    assert is_useful_term(folded) is useful


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Nausées et vomissements depuis 48 heures.", ["Nausées et vomissements"]),
        ("Vomissements puis nausées au réveil.", ["Vomissements", "nausées"]),
        ("Diarrhée liquide sans fièvre.", ["Diarrhée", "fièvre"]),
        ("Insomnie d'endormissement.", ["Insomnie"]),
        ("Pneumonies récidivantes dans l'enfance.", ["Pneumonies"]),
        ("Thrombose veineuse profonde du mollet.", ["Thrombose veineuse profonde"]),
        ("Hypertension portale, ascite.", ["Hypertension portale", "ascite"]),
        ("Hallucinations et insomnie.", ["Hallucinations", "insomnie"]),
        ("Carcinome hépatocellulaire sur cirrhose.", ["Carcinome hépatocellulaire", "cirrhose"]),
        ("Embolie pulmonaire bilatérale.", ["Embolie pulmonaire bilatérale"]),
        ("Fugue du domicile, suivi en psychiatrie.", ["Fugue", "suivi en psychiatrie"]),
        # tumour morphologies of the ADICAP thesaurus: oncology, no ICD-10 code
        ("Schwannome vestibulaire gauche.", ["Schwannome"]),
        ("Exérèse d'un adénome tubulovilleux.", ["adénome tubulovilleux"]),
        # curated common names and abbreviations that CIM-10 words otherwise
        ("Maux de tête, jaunisse et démangeaisons.", ["Maux de tête", "jaunisse", "démangeaisons"]),
        ("Cas de LEMP sous natalizumab.", ["LEMP"]),
        # curated clinical signs and findings
        ("Amaigrissement, sueurs nocturnes et AEG.", ["Amaigrissement", "sueurs nocturnes", "AEG"]),
        ("Défense abdominale et syndrome occlusif.", ["Défense abdominale", "syndrome occlusif"]),
        # a patient described by a sign
        ("Patiente fébrile, ictérique et cachectique.", ["fébrile", "ictérique", "cachectique"]),
        # generic words: medical ones alone, ordinary ones with a clinical cue nearby
        ("Infection traitée par amoxicilline.", ["Infection"]),
        ("Une maladie rare, des symptômes rassurants.", ["maladie rare", "symptômes"]),
        ("Syndrome traité par corticoïdes.", ["Syndrome"]),
        ("Fracture du col, traitée par ostéosynthèse.", ["Fracture du col"]),
        ("Agitation nocturne, traitée par loxapine.", ["Agitation"]),
        ("Fièvre et éruption cutanée.", ["Fièvre", "éruption cutanée"]),
    ],
)
def test_find_terms_finds_derived_disorders_and_symptoms(text, expected):
    assert [m.text for m in find_terms(text, {"DIAGNOSIS"})] == expected


@pytest.mark.parametrize(
    "text, code, category",
    [
        ("Dyspnée d'effort.", "R06.0", "other_health"),  # a whole label keeps its code
        ("Démence, suivi en EHPAD.", "F03", "mental_health"),
        ("Pneumonie communautaire.", None, "other_health"),  # a lone head: no code
        ("Schizophrénie paranoïde.", "F20.0", "mental_health"),
    ],
)
def test_find_terms_gives_codes_of_whole_labels_only(text, code, category):
    match = find_terms(text, {"DIAGNOSIS"})[0]
    assert (match.code, match.category) == (code, category)


@pytest.mark.parametrize("text", ["Lipome du dos.", "Gangliogliome temporal.", "Ostéochondrome costal."])
def test_find_terms_finds_adicap_tumours_as_oncology_without_code(text):
    (match,) = find_terms(text, {"DIAGNOSIS"})
    assert (match.category, match.code) == ("oncology", None)


@pytest.mark.parametrize(
    "text",
    [
        "Bach : Fugue en sol mineur.",  # a musical form, no clinical cue
        "Un déséquilibre budgétaire et une perturbation du trafic.",
        "Constatation d'un dépôt de plainte, rejet de la demande.",
        "Le poignet de la veste, le rein de la chaise.",
        "Plaque de rue, pertes et profits, codes d'accès, blocs de béton.",
        "Des complications administratives, une grande affection.",  # ordinary words, no cue
        "La fracture numérique, un traumatisme pour le pays.",
        "La congestion du trafic et le marasme économique.",  # everyday senses
        "Une rupture, des cauchemars, l'impuissance politique.",
        "Il est allergique au travail, c'est dément.",
        "Le syndrome de la page blanche.",
        "La lemp du salon.",  # an abbreviation in lower case
        "Code de l'Assurance Maladie : 2 127647 86182741.",  # an institution (NON_CLINICAL)
        "CPAM - Caisse primaire d'assurance-maladie du Rhône",
    ],
)
def test_find_terms_ignores_ordinary_words_that_start_labels(text):
    assert find_terms(text, {"DIAGNOSIS"}) == []
