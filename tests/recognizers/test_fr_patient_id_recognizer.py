"""FrPatientIdRecognizer: hospital patient and stay numbers (IPP, NDA, n° de dossier), found
only after a cue; synthetic numbers and sentences."""

import pytest

from recognizers import FrPatientIdRecognizer
from tests.hostile.harness import nir_with_key

ENTITY = "FR_PATIENT_ID"
NIR = nir_with_key("1850578006084")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("IPP : 8004512367", ["8004512367"]),
        ("Patient IPP n° 4512367", ["4512367"]),
        ("NDA: 2003H847569 (séjour en cardiologie)", ["2003H847569"]),
        ("N° de dossier : 120456789", ["120456789"]),
        ("Numéro de séjour 95012345", ["95012345"]),
        ("N° d'examen 20231207 réalisé au scanner", ["20231207"]),
        ("Dossier n°1204UZO201 transmis au service", ["1204UZO201"]),
        ("Numéro d'identification (IPP): 3902478069", ["3902478069"]),
        ("Mme Durand (IPP 5012348765 ; NDA 1187654321) sortante.", ["5012348765", "1187654321"]),
        ("identifiant d'hospitalisation : 01890512937", ["01890512937"]),
        ("IPP : 0612345678", []),  # phone-shaped: stays a PHONE_NUMBER
        ("N° de venue 778812345", ["778812345"]),
        ("Âge : 72 ans n°ID: 80123456", ["80123456"]),
        ("No ID 4512367AB", ["4512367AB"]),
        ("ID 8004512367", []),  # "ID" alone names every table's row number
        ("Monsieur Jean Morel, IP: 50274618392, a appelé", ["50274618392"]),
        # Number cells in a row beside a date of birth: a list of patients.
        ("Patient : Anne Roux | F | 02/04/1971 | 7301846295 | 4418203957.", ["7301846295", "4418203957"]),
        ("Paul Henri|M|09.01.1950|30571946", ["30571946"]),
        ("Léa Brun ; F ; 14-06-1988 ; 615204893 ; cardiologie", ["615204893"]),
        ("Anne Roux | F | 02/04/1971 | 0612345678", []),  # a phone number
        ("Anne Roux | F | 02/04/1971 | 03041971", []),  # a date typed without separators
        ("Anne Roux | F | 02/04/1971 | 12 ans", []),
        ("Prélèvement du 02/04/1971 : 7301846295 UI/L", []),  # not a row
        ("Mention : Normal, 02/04/1971, 73018462951", ["73018462951"]),
        ("Bilan du 02/04/2021, 12000000 plaquettes", []),
        # Numbers after other cues, or no cue at all, are not patient numbers.
        ("Commande 8004512367 livrée le 12/03/2021", []),
        ("Dr Martin, RPPS 10000000009", []),
        ("Établissement FINESS 750712184", []),
        ("N° de téléphone : 06 12 34 56 78", []),
        ("Tél. 0612345678, chambre 12, lit 4", []),
        ("Dossier du 12/03/2021, paracétamol 1000 mg 3 fois par jour", []),
        ("Montant du séjour : 1 250,00 euros", []),
        (f"N° de sécurité sociale {NIR}", []),
        ("IPP : 000000", []),  # a placeholder
        ("N° d'examen : 383838383838", []),  # a placeholder
        ("IPP : 7777777", []),
        ("IPP : 12345", []),  # too short for a hospital number
    ],
)
def test_engine_reports_hospital_numbers_after_a_cue_only(detector, text, expected):
    [results] = detector.analyze_texts([text])
    found = [text[r.start : r.end] for r in sorted(results, key=lambda r: r.start) if r.entity_type == ENTITY]
    assert found == expected


def test_nir_after_a_hospital_cue_stays_a_nir(detector):
    text = f"N° de dossier {NIR}"
    [results] = detector.analyze_texts([text])
    assert [(r.entity_type, text[r.start : r.end]) for r in results] == [("FR_NIR", NIR)]


@pytest.mark.parametrize("text", ["8004512367", "2003H847569", "Dossier 120456789"])
def test_pattern_alone_stays_below_the_threshold(text):
    recognizer = FrPatientIdRecognizer()
    results = recognizer.analyze(text, entities=[ENTITY])
    assert len(results) == 1
    assert results[0].score == pytest.approx(0.2)
