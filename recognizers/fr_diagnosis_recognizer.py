"""Presidio recognizer for diagnoses and GDPR art. 9 traits in French clinical text."""

from recognizers._terminology import TerminologyRecognizer


class FrDiagnosisRecognizer(TerminologyRecognizer):
    """Recognize DIAGNOSIS (terms, abbreviations, valid ICD-10 codes) and SENSITIVE_TRAIT
    (religion, sexual orientation, ethnic origin, political or union membership).

    >>> [(r.entity_type, r.recognition_metadata["category"])
    ...  for r in FrDiagnosisRecognizer().analyze("ATCD de TS. Musulman.", [])]
    [('DIAGNOSIS', 'mental_health'), ('SENSITIVE_TRAIT', 'religion')]
    """

    ENTITIES = ["DIAGNOSIS", "SENSITIVE_TRAIT"]
