"""The package exposes one instance of each French recognizer, all for language 'fr'."""

from presidio_analyzer import EntityRecognizer

from recognizers import french_recognizers


def test_french_recognizers_returns_one_of_each():
    recognizers = french_recognizers()
    assert all(isinstance(r, EntityRecognizer) for r in recognizers)
    assert sorted(r.name for r in recognizers) == [
        "FrAddressRecognizer", "FrAdeliRecognizer", "FrCniRecognizer", "FrCreditCardRecognizer",
        "FrDateRecognizer", "FrDiagnosisRecognizer", "FrDrivingLicenceRecognizer", "FrFinessRecognizer",
        "FrHealthFacilityRecognizer", "FrInsRecognizer", "FrIpRecognizer", "FrMedicationRecognizer",
        "FrNirRecognizer", "FrPassportRecognizer", "FrPatientIdRecognizer", "FrPhoneRecognizer",
        "FrProcedureRecognizer", "FrResidencePermitRecognizer", "FrRppsRecognizer", "FrSirenRecognizer",
        "FrSiretRecognizer", "FrTaxIdRecognizer", "FrUrlRecognizer", "FrVatRecognizer",
    ]
    assert {e for r in recognizers for e in r.supported_entities} == {
        "FR_NIR", "FR_RPPS", "FR_FINESS", "FR_ADELI", "FR_PATIENT_ID", "PHONE_NUMBER", "DATE_TIME", "ADDRESS",
        "DIAGNOSIS", "MEDICATION", "PROCEDURE", "SENSITIVE_TRAIT", "HEALTH_FACILITY",
        "FR_INS", "FR_CNI", "FR_PASSPORT", "FR_RESIDENCE_PERMIT", "FR_DRIVING_LICENCE",
        "FR_TAX_ID", "FR_SIREN", "FR_SIRET", "FR_VAT", "CREDIT_CARD", "IP_ADDRESS", "URL",
    }


def test_french_recognizers_support_french_only():
    assert {r.supported_language for r in french_recognizers()} == {"fr"}


def test_context_words_are_lower_case_single_tokens():
    for recognizer in french_recognizers():
        assert all(word == word.lower() and " " not in word for word in recognizer.context)
