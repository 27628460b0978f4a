"""CNI, passport, residence permit, driving licence and INS in French sentences, and the
numbers that look like them but are none (phone numbers, NIRs, order numbers, amounts, dates,
postcodes, RPPS, hospital stays)."""

import pytest

from recognizers import (
    FrCniRecognizer, FrDrivingLicenceRecognizer, FrInsRecognizer, FrPassportRecognizer, FrResidencePermitRecognizer,
)

NEW_TYPES = {"FR_CNI", "FR_PASSPORT", "FR_RESIDENCE_PERMIT", "FR_DRIVING_LICENCE", "FR_INS"}


@pytest.mark.parametrize(
    ("recognizer", "text", "expected"),
    [
        (FrCniRecognizer(), "CNI n° 880692310285", [("880692310285", 0.75)]),
        (FrCniRecognizer(), "carte d’identite : X4RTBPFW4", [("X4RTBPFW4", 0.75)]),
        (FrCniRecognizer(), "vue le 880692310285", [("880692310285", 0.25)]),
        (FrCniRecognizer(), "CNI x4rtbpfw4", []),  # the card's number is printed in capitals
        (FrCniRecognizer(), "CNI 881392310285", []),  # month 13
        (FrPassportRecognizer(), "Passeport n° : 12 AB 34567", [("12 AB 34567", 0.75)]),
        (FrPassportRecognizer(), "réf. 12AB34567", [("12AB34567", 0.25)]),
        (FrResidencePermitRecognizer(), "Titre de séjour n° 7501234567", [("7501234567", 0.75)]),
        (FrResidencePermitRecognizer(), "Séjour n° 7501234567", [("7501234567", 0.4)]),  # a hospital stay
        (FrResidencePermitRecognizer(), "AGDREF 0012345678", []),
        (FrDrivingLicenceRecognizer(), "permis de conduire n° 13AB123456789", [("13AB123456789", 0.75)]),
        (FrDrivingLicenceRecognizer(), "Permis : 88 06 75 123456", [("88 06 75 123456", 0.75)]),
        (FrInsRecognizer(), "185057800608491^^^&1.2.250.1.213.1.4.8&ISO^INS", [("185057800608491", 1.0)]),
        (FrInsRecognizer(), "OID 1.2.250.1.213.1.4.10 : 1 85 05 78 006 084 91", [("1 85 05 78 006 084 91", 1.0)]),
        (FrInsRecognizer(), "INS 185057800608492 (OID 1.2.250.1.213.1.4.8)", []),  # wrong key
        (FrInsRecognizer(), "185057800608491 1.2.250.1.213.1.4.80", []),  # another OID
        (FrInsRecognizer(), "185057800608491\nOID 1.2.250.1.213.1.4.8", []),  # another line
    ],
)
def test_analyze_scores_structure_and_label(recognizer, text, expected):
    results = recognizer.analyze(text, entities=recognizer.supported_entities)
    assert [(text[r.start:r.end], r.score) for r in results] == [(v, pytest.approx(s)) for v, s in expected]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Identité vérifiée sur présentation de la CNI n° 880692310285.", {("FR_CNI", "880692310285")}),
        ("Pièce d'identité : carte nationale d'identité X4RTBPFW4", {("FR_CNI", "X4RTBPFW4")}),
        ("Pièce d'identité présentée : passeport 12AB34567", {("FR_PASSPORT", "12AB34567")}),
        ("Titre de séjour 9312345678 valable jusqu'en 2027", {("FR_RESIDENCE_PERMIT", "9312345678")}),
        ("N° étranger : 75 01 23 45 67", {("FR_RESIDENCE_PERMIT", "75 01 23 45 67")}),
        ("Permis de conduire 13AB123456789 suspendu", {("FR_DRIVING_LICENCE", "13AB123456789")}),
        # Each label lends itself to its own number, not to its neighbour's.
        ("CNI 880692310285 et permis 880675123456",
         {("FR_CNI", "880692310285"), ("FR_DRIVING_LICENCE", "880675123456")}),
        ("INS : 1 85 05 78 006 084 91 (OID 1.2.250.1.213.1.4.8)", {("FR_INS", "1 85 05 78 006 084 91")}),
    ],
)
def test_engine_finds_identity_documents(detector, text, expected):
    [found] = detector.analyze_texts([text])
    assert {(r.entity_type, text[r.start:r.end]) for r in found if r.entity_type in NEW_TYPES} == expected


@pytest.mark.slow
@pytest.mark.parametrize(
    "text",
    [
        "Tél : 06 12 34 56 78, fixe 01 45 67 89 10",
        "Tél. +33 6 12 34 56 78",
        "NIR 1 85 05 78 006 084 91",
        "N° de sécurité sociale : 185057800608491",
        "Commande n° 2024031512 du 15/03/2024, montant 1 234 567,89 €",
        "Facture 880692310285 réglée le 12/03/2024",
        "Référence colis 12AB34567",
        "Séjour n° 2024012345 en médecine interne",
        "Dossier 7501234567, RDV le 12/03/2024",
        "RPPS 10003456789, ADELI 751234567",
        "Patient domicilié 12 rue des Lilas, 75011 Paris",
        "né le 12/03/1965 à Lyon",
        "Lot N° AB123C456, péremption 03/2026",
        "IBAN FR76 3000 6000 0112 3456 7890 189",
        "Code d'accès X4RTBPFW4",
        "Score 13AB123456789",
        "OID 1.2.250.1.71.4.2.1 (RPPS)",
    ],
)
def test_engine_finds_no_identity_document_in_look_alikes(detector, text):
    [found] = detector.analyze_texts([text])
    assert [(r.entity_type, text[r.start:r.end]) for r in found if r.entity_type in NEW_TYPES] == []
