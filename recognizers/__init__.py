"""Thin Presidio recognizers for French health exports (language "fr")."""

from typing import List

from scanner.compat.presidio_import import import_presidio

import_presidio()  # before Presidio's first import: see scanner.compat.presidio_import

from presidio_analyzer import EntityRecognizer

from recognizers.fr_address_recognizer import FrAddressRecognizer
from recognizers.fr_adeli_recognizer import FrAdeliRecognizer
from recognizers.fr_date_recognizer import FrDateRecognizer
from recognizers.fr_diagnosis_recognizer import FrDiagnosisRecognizer
from recognizers.fr_finess_recognizer import FrFinessRecognizer
from recognizers.fr_health_facility_recognizer import FrHealthFacilityRecognizer
from recognizers.fr_medication_recognizer import FrMedicationRecognizer
from recognizers.fr_nir_recognizer import FrNirRecognizer
from recognizers.fr_patient_id_recognizer import FrPatientIdRecognizer
from recognizers.fr_person_recognizer import FrPersonRecognizer
from recognizers.fr_phone_recognizer import FrPhoneRecognizer
from recognizers.fr_procedure_recognizer import FrProcedureRecognizer
from recognizers.fr_rpps_recognizer import FrRppsRecognizer
from recognizers.fr_spacy_person_recognizer import FrSpacyPersonRecognizer

__all__ = [
    "FrAddressRecognizer",
    "FrAdeliRecognizer",
    "FrDateRecognizer",
    "FrDiagnosisRecognizer",
    "FrFinessRecognizer",
    "FrHealthFacilityRecognizer",
    "FrMedicationRecognizer",
    "FrNirRecognizer",
    "FrPatientIdRecognizer",
    "FrPersonRecognizer",
    "FrPhoneRecognizer",
    "FrProcedureRecognizer",
    "FrRppsRecognizer",
    "FrSpacyPersonRecognizer",
    "french_recognizers",
]


def french_recognizers() -> List[EntityRecognizer]:
    """Return one instance of each French recognizer of this package."""
    return [
        FrNirRecognizer(),
        FrRppsRecognizer(),
        FrFinessRecognizer(),
        FrAdeliRecognizer(),
        FrPatientIdRecognizer(),
        FrPhoneRecognizer(),
        FrDateRecognizer(),
        FrAddressRecognizer(),
        FrDiagnosisRecognizer(),
        FrMedicationRecognizer(),
        FrProcedureRecognizer(),
        FrHealthFacilityRecognizer(),
    ]
