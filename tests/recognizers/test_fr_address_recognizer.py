"""ADDRESS: French postal addresses in free text."""

import pytest

from recognizers.fr_address_recognizer import FrAddressRecognizer

RECOGNIZER = FrAddressRecognizer()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Domicile : 12 rue des Lilas, 69003 Lyon. Tél 06", ["12 rue des Lilas, 69003 Lyon"]),
        ("habite au 3 bis avenue Jean-Jaurès 75019 Paris depuis mars", ["3 bis avenue Jean-Jaurès 75019 Paris"]),
        ("Adresse: 45, boulevard de la République\n13001 Marseille Cedex 2", ["45, boulevard de la République\n13001 Marseille Cedex 2"]),
        ("1200 route de Saint-Martin-d'Hères 38400 Saint-Martin-d'Hères", ["1200 route de Saint-Martin-d'Hères 38400 Saint-Martin-d'Hères"]),
        ("Nouvelle adresse 7 Impasse du Moulin 97400 Saint-Denis", ["7 Impasse du Moulin 97400 Saint-Denis"]),
        ("vu au 14 rue Victor Hugo.", ["14 rue Victor Hugo"]),
        ("8 allée des Tilleuls", ["8 allée des Tilleuls"]),
        ("Prendre 2 comprimés matin et soir", []),
        ("Rendez-vous le 12 mars à 14h30", []),
        ("HTA depuis 2015, 3 hospitalisations", []),
        ("5 rue du Port 00100 Nulle-Part", ["5 rue du Port"]),
    ],
)
def test_address_recognizer_finds_addresses(text, expected):
    results = RECOGNIZER.analyze(text, ["ADDRESS"])
    assert sorted(text[r.start : r.end] for r in results) == sorted(expected)


def test_address_recognizer_scores_full_address_above_street():
    full = RECOGNIZER.analyze("12 rue des Lilas, 69003 Lyon", ["ADDRESS"])
    street = RECOGNIZER.analyze("12 rue des Lilas", ["ADDRESS"])
    assert full[0].score > street[0].score >= 0.5
