"""PERSON on French clinical text: FrPersonRecognizer alone, then the whole engine
(spaCy's guesses filtered by FrSpacyPersonRecognizer plus the cue rules)."""

import pytest

from recognizers.fr_person_recognizer import FrPersonRecognizer
from scanner.detect.spans import resolve_overlaps
from scanner.engine import LANGUAGE

RECOGNIZER = FrPersonRecognizer()


@pytest.mark.parametrize(
    ("text", "expected_len", "expected_spans"),
    [
        ("Ordonnance pour Mme Camille ROUX", 1, ((20, 32),)),
        ("Docteur GUYOT\nEndocrinologue", 1, ((8, 13),)),
        ("Mme Anne DURAND née LE GOFF", 2, ((4, 15), (20, 27))),
        ("ROUX Camille, 61 ans", 1, ((0, 12),)),
        ("Adressée par la pharmacie.", 0, ()),
        ("Docteur\nService de cardiologie", 0, ()),
    ],
)
def test_fr_person_recognizer_table(text, expected_len, expected_spans):
    results = sorted(RECOGNIZER.analyze(text, ["PERSON"]), key=lambda r: r.start)
    assert len(results) == expected_len
    assert tuple((r.start, r.end) for r in results) == expected_spans
    assert all(r.entity_type == "PERSON" and r.score >= 0.5 for r in results)


def test_fr_person_recognizer_ignores_other_entities():
    assert RECOGNIZER.analyze("Mme Camille ROUX", ["FR_NIR"]) == []


def _persons(analyzer, text):
    results = analyzer.analyze(text=text, language=LANGUAGE)
    return [text[r.start : r.end] for r in resolve_overlaps(results) if r.entity_type == "PERSON"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Letters to colleagues
        ("Cher confrère, je vous adresse Mme Hélène Dufresne-Morel, 58 ans, pour avis.", ["Hélène Dufresne-Morel"]),
        ("Je vous adresse Monsieur LE ROUX, né le 30/04/1961, pour avis.", ["LE ROUX"]),
        ("Bien confraternellement,\n\nPr. Sabine Nguyen\nService d'oncologie", ["Sabine Nguyen"]),
        ("Copie : Dr A. Lefèvre, Dr B. Schmitt", ["A. Lefèvre", "B. Schmitt"]),
        ("Signé : Dr Isabelle Garnier-Ruiz, cardiologue", ["Isabelle Garnier-Ruiz"]),
        # GP shorthand
        ("DUPONT Jean-Marc, 67 ans, ATCD IDM 2019.", ["DUPONT Jean-Marc"]),
        ("Pierre MOULIN, né le 1er avril 1950, vit seul.", ["Pierre MOULIN"]),
        ("RDV le 07/11 avec Docteur GUYOT. Mme Marine VIDAL prévenue.", ["GUYOT", "Marine VIDAL"]),
        ("Le patient, M. Petit, est sorti. Docteur BLANC prévenu.", ["Petit", "BLANC"]),
        # Nursing notes
        ("Patiente : Mme Christine GUYOT - chambre 282", ["Christine GUYOT"]),
        ("IDE : Capucine Aubry (ADELI 227030384)", ["Capucine Aubry"]),
        ("Mme Sylvie BERTIN épouse LACROIX, 82 ans.", ["Sylvie BERTIN", "LACROIX"]),
        # spaCy's usual mistakes: nothing is a person here
        ("Adressée par son médecin traitant pour bilan.", []),
        ("Email envoyé au secrétariat pour relance.", []),
        ("Numéro de dossier à compléter. N° SS en attente.", []),
        ("Infirmière de nuit prévenue. Docteur de garde appelé.", []),
        ("Résultats : EVA 2/10 à 16h. Calme, a dormi.", []),
        ("Traitement : Dafalgan 1 g x3/j, Kardégic 75 mg, Xeloda, Genvoya.", []),
        ("TTT : Orkambi. ATCD : RAS. Bilan en Septembre.", []),
        ("Salle Pasteur fermée pour travaux jusqu'en janvier.", []),
        ("Pilulier préparé pour la semaine. Rappeler demain.", []),
        ("Syndrome de Parkinson, maladie d'Alzheimer et maladie de Crohn.", []),
        ("Navette vers Pointe-à-Pitre, transfert au CHU de Villeurbanne.", []),
        ("Diagnostics : I10 (HTA), E11.9 (diabète de type 2)", []),
        ("Madame la Directrice, veuillez trouver ci-joint le dossier.", []),
        ("Claire amélioration clinique, mutation BRCA2 recherchée.", []),
        # Companies, countries and streets of leaflet contact lists are not people
        ("Titulaire : Harold Benning and Company Ltd, Rainford Road, Royaume-Uni.", []),
        ("Österreich\nNorge Ferrand Holding Industries Ltd\nTel : + 47 22 00 00 00", []),
        ("Polska Valdor Pharma Polska Sp. z o.o.\nDanmark Korbell A/S Tlf : + 45 70 00 00 00", []),
        ("Eesti Wendrick Eesti OÜ Tel : + 372 600 0000", []),
        ("Fabricant : Kessling Farma S.A., Avda. de la Industria, Madrid", []),
        # Eponyms after "de", "d'" and facility names are not people
        ("Réaction de Casoni positive, manœuvre d'Heimlich réalisée.", []),
        ("Régression des canaux de Müller ; bacille de Koch retrouvé.", []),
        ("Transfert à l'Hôpital Henri Mondor puis au Centre hospitalier Prince William.", []),
        ("Admis à l'Hôpital européen Georges-Pompidou le 3 mars.", []),
        ("Myotonie de Steinert associée à une neurofibromatose de Recklinghausen.", []),
        ("Magyarország Fenwick Holmberg Plc.\nMalta Ostrander Co.", []),
        ("Norden Labs Ltd., Riverside House, Kestrel Walk, Windsor", []),
        ("ANTIBIOTHÉRAPIE LOCALE DES LÉSIONS OSSEUSES", []),
        ("Suivi sous la responsabilité de MATTHIEU DUBOIS, interne.", ["MATTHIEU DUBOIS"]),
        # Drug makers and brands after a drug name, a dosage form or a device
        ("Ne prenez pas Pramipexole Kestrin si vous allaitez.", []),
        ("Les comprimés Venorelle doivent être avalés ; la pompe Duramed est vidée.", []),
        # A title's first word is not a person; an initial's dot does not start a sentence
        ("Histogenèse ultrastructurale du myocarde du poulet.", []),
        ("Radiologues :\nA. Lemar, U. Jouan, O. Burton", ["A. Lemar", "U. Jouan", "O. Burton"]),
    ],
)
def test_engine_person_table(analyzer, text, expected):
    assert _persons(analyzer, text) == expected


def test_engine_person_span_excludes_title(analyzer):
    text = "Ordonnance pour Mme Camille ROUX"
    results = [r for r in analyzer.analyze(text=text, language=LANGUAGE) if r.entity_type == "PERSON"]
    assert {(r.start, r.end) for r in results} == {(20, 32)}
