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
        # postcode and city after the street, however they are punctuated
        ("17 AVENUE GABRIEL PERI, 94400, VILLEJUIF\nTél", ["17 AVENUE GABRIEL PERI, 94400, VILLEJUIF"]),
        ("12 PASSAGE DES LILAS, 94 403, ORLY", ["12 PASSAGE DES LILAS, 94 403, ORLY"]),
        ("9 rue de Rennes, APPT 18, 75011 PARIS 11", ["9 rue de Rennes, APPT 18, 75011 PARIS 11"]),
        ("4 rue des Lys, BP 12, 78350 Jouy-en-Josas CEDEX 03.", ["4 rue des Lys, BP 12, 78350 Jouy-en-Josas CEDEX 03"]),
        ("115 impasse de Verdun, 17000 La Rochelle, pour avis", ["115 impasse de Verdun, 17000 La Rochelle"]),
        ("2 bd Gal Leclerc 35000 Rennes", ["2 bd Gal Leclerc 35000 Rennes"]),
        ("12 av. St Exupéry 31000 Toulouse", ["12 av. St Exupéry 31000 Toulouse"]),
        ("3 Fbg Saint-Antoine 75011 Paris", ["3 Fbg Saint-Antoine 75011 Paris"]),
        ("deux bd de la Mer 29200 Brest", ["deux bd de la Mer 29200 Brest"]),
        ("vit au 8 rue de la Paix, à Paris depuis", ["8 rue de la Paix, à Paris"]),
        ("l'adresse est 14 avenue Franklin 94120 et un fax", ["14 avenue Franklin 94120"]),
        ("est au 7 rue Blaise Pascal 65000 dans la périphérie", ["7 rue Blaise Pascal 65000"]),
        # a person's city after a cue
        ("Patiente domiciliée à Quimper, 29000.", ["Quimper, 29000"]),
        ("habite à Nogent sur Marne avec sa fille", ["Nogent sur Marne"]),
        ("Né le 04/06/1976 dans Bordeaux.", ["Bordeaux"]),
        ("née le 01/05/1968 à Brest", ["Brest"]),
        ("résidant à Marseille", ["Marseille"]),
        ("originaire de Lorient", ["Lorient"]),
        ("dans la ville de Nantes.", ["Nantes"]),
        ("natif du Lonzac en Corrèze, et", ["Lonzac en Corrèze"]),
        ("vit dans la périphérie de\nTarbes jusqu'en 2003", ["Tarbes"]),
        ("Envoi à Jouy en Josas CEDEX", ["Jouy en Josas CEDEX"]),
        # a known town after "à", a postcode after "dans le"
        ("Consultation de chirurgie à Villeurbanne prévue le 3 mai", ["Villeurbanne"]),
        ("Service de radiologie à Aix en Provence", ["Aix en Provence"]),
        ("hospitalisée à SAINT-ÉTIENNE puis à Besancon", ["SAINT-ÉTIENNE", "Besancon"]),
        ("il travaille à Paris dans le 75011.", ["Paris", "75011"]),
        ("Courrier transmis à Rouen.", []),  # where a letter went locates no one
        ("adressée à Lourdes Garcia", []),  # a first name: the town is left out
        ("passage à Doliprane 1 g", []),
        ("dans le 12000 mg", []),
        # a postcode and city on a line of their own (the street wrapped above them)
        ("M. Paul ROUX\n14 rue Jean\nMoulin\n69003 Lyon, France", ["14 rue Jean", "69003 Lyon"]),
        ("Dr Lefèvre\n  13005 Marseille\nTél", ["13005 Marseille"]),
        ("Héparine\n25000 UI\nle soir", []),
        ("Résultat : 12000 Leucocytes/mm3", []),
        ("douleur de la région de la hanche", []),
        ("cedex", []),
        # a German street with its postcode and city
        ("Biotech GmbH, Lindenstrasse 13, 3049 Leipzig", ["Lindenstrasse 13, 3049 Leipzig"]),
        ("Straße des 17. Juni 135, 10623 Berlin", ["Straße des 17. Juni 135, 10623 Berlin"]),
        # not addresses: times, doses, days, stages, drugs and amounts after "à"
        ("Né à 10 h, à terme.", []),
        ("Augmenter à 5 mg le soir, contrôle à J+3", []),
        ("Tumeur stade 3, traitée à Doliprane", []),
        ("habite à proximité de sa fille", []),
        ("La dose habituelle de Cholestagel est de 3 comprimés", []),
        ("Né le 12/03/1950, tél 06 12 34 56 78", []),
        ("Devis : 2 rue des Pins, 12500 euros de travaux", ["2 rue des Pins"]),
        ("Devis : 2 rue des Pins 12500 € de travaux", ["2 rue des Pins"]),
        ("CHU de Lille, service de cardiologie", []),
    ],
)
def test_address_recognizer_finds_addresses(text, expected):
    results = RECOGNIZER.analyze(text, ["ADDRESS"])
    assert sorted(text[r.start : r.end] for r in results) == sorted(expected)


def test_address_recognizer_scores_full_address_above_street():
    full = RECOGNIZER.analyze("12 rue des Lilas, 69003 Lyon", ["ADDRESS"])
    street = RECOGNIZER.analyze("12 rue des Lilas", ["ADDRESS"])
    assert full[0].score > street[0].score >= 0.5
