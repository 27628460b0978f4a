"""Presidio recognizer for drug brand and substance names in French clinical text."""

from recognizers._terminology import TerminologyRecognizer


class FrMedicationRecognizer(TerminologyRecognizer):
    """Recognize MEDICATION, with the ATC code in ``recognition_metadata["code"]`` and
    the category it reveals (an HIV antiviral reveals HIV).

    >>> [(r.recognition_metadata["code"], r.recognition_metadata["category"])
    ...  for r in FrMedicationRecognizer().analyze("Sous Truvada.", ["MEDICATION"])]
    [('J05AR03', 'hiv_sti')]
    """

    ENTITIES = ["MEDICATION"]
