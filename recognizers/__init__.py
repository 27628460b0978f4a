"""Thin Presidio recognizers for French health exports (language "fr")."""

from typing import List

from scanner.compat.presidio_import import import_presidio, unvalidated_patterns

import_presidio()  # before Presidio's first import: see scanner.compat.presidio_import

from presidio_analyzer import EntityRecognizer

# vigie's pattern recognizers compile every pattern when they are built
# (FastPatternRunner): Presidio's compile-to-validate when a Pattern is made is skipped.
with unvalidated_patterns("unvalidated import of vigie's pattern recognizers"):
    from recognizers.fr_address_recognizer import FrAddressRecognizer
    from recognizers.fr_cni_recognizer import FrCniRecognizer
    from recognizers.fr_driving_licence_recognizer import FrDrivingLicenceRecognizer
    from recognizers.fr_ins_recognizer import FrInsRecognizer
    from recognizers.fr_passport_recognizer import FrPassportRecognizer
    from recognizers.fr_residence_permit_recognizer import FrResidencePermitRecognizer
    from recognizers.fr_adeli_recognizer import FrAdeliRecognizer
    from recognizers.fr_credit_card_recognizer import FrCreditCardRecognizer
    from recognizers.fr_date_recognizer import FrDateRecognizer
    from recognizers.fr_diagnosis_recognizer import FrDiagnosisRecognizer
    from recognizers.fr_finess_recognizer import FrFinessRecognizer
    from recognizers.fr_health_facility_recognizer import FrHealthFacilityRecognizer
    from recognizers.fr_ip_recognizer import FrIpRecognizer
    from recognizers.fr_medication_recognizer import FrMedicationRecognizer
    from recognizers.fr_nir_recognizer import FrNirRecognizer
    from recognizers.fr_patient_id_recognizer import FrPatientIdRecognizer
    from recognizers.fr_person_recognizer import FrPersonRecognizer
    from recognizers.fr_phone_recognizer import FrPhoneRecognizer
    from recognizers.fr_procedure_recognizer import FrProcedureRecognizer
    from recognizers.fr_rpps_recognizer import FrRppsRecognizer
    from recognizers.fr_siren_recognizer import FrSirenRecognizer
    from recognizers.fr_siret_recognizer import FrSiretRecognizer
    from recognizers.fr_spacy_person_recognizer import FrSpacyPersonRecognizer
    from recognizers.fr_tax_id_recognizer import FrTaxIdRecognizer
    from recognizers.fr_url_recognizer import FrUrlRecognizer
    from recognizers.fr_vat_recognizer import FrVatRecognizer

__all__ = [
    "FrAddressRecognizer",
    "FrAdeliRecognizer",
    "FrCniRecognizer",
    "FrCreditCardRecognizer",
    "FrDateRecognizer",
    "FrDiagnosisRecognizer",
    "FrDrivingLicenceRecognizer",
    "FrFinessRecognizer",
    "FrHealthFacilityRecognizer",
    "FrInsRecognizer",
    "FrIpRecognizer",
    "FrMedicationRecognizer",
    "FrNirRecognizer",
    "FrPassportRecognizer",
    "FrPatientIdRecognizer",
    "FrPersonRecognizer",
    "FrPhoneRecognizer",
    "FrProcedureRecognizer",
    "FrResidencePermitRecognizer",
    "FrRppsRecognizer",
    "FrSirenRecognizer",
    "FrSiretRecognizer",
    "FrSpacyPersonRecognizer",
    "FrTaxIdRecognizer",
    "FrUrlRecognizer",
    "FrVatRecognizer",
    "french_recognizers",
]


def french_recognizers() -> List[EntityRecognizer]:
    """Return one instance of each French recognizer of this package."""
    return [
        FrInsRecognizer(),  # before FrNirRecognizer: an INS's matricule is a NIR of the same score
        FrNirRecognizer(),
        FrRppsRecognizer(),
        FrFinessRecognizer(),
        FrAdeliRecognizer(),
        FrPatientIdRecognizer(),
        # tax, business and payment numbers, network addresses (issue 23)
        FrTaxIdRecognizer(),
        FrSiretRecognizer(),
        FrSirenRecognizer(),
        FrVatRecognizer(),
        FrCreditCardRecognizer(),
        FrIpRecognizer(),
        FrUrlRecognizer(),
        FrPhoneRecognizer(),
        FrDateRecognizer(),
        FrAddressRecognizer(),
        FrDiagnosisRecognizer(),
        FrMedicationRecognizer(),
        FrProcedureRecognizer(),
        FrHealthFacilityRecognizer(),
        # identity documents (issue 23): structure only, reported with context
        FrCniRecognizer(),
        FrPassportRecognizer(),
        FrResidencePermitRecognizer(),
        FrDrivingLicenceRecognizer(),
    ]
