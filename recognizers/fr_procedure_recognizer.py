"""Presidio recognizer for health procedures and states of care in French clinical text."""

from recognizers._terminology import TerminologyRecognizer


class FrProcedureRecognizer(TerminologyRecognizer):
    """Recognize PROCEDURE: surgery, examinations, treatments and states of care that
    reveal health (chimiothérapie, hémodialyse, greffe de rein, accouchement, coloscopie),
    with the category it reveals (an IVG is reproductive health).

    >>> [(r.entity_type, r.recognition_metadata["category"])
    ...  for r in FrProcedureRecognizer().analyze("IVG en 2019, puis appendicectomie.", ["PROCEDURE"])]
    [('PROCEDURE', 'reproductive'), ('PROCEDURE', 'other_health')]
    """

    ENTITIES = ["PROCEDURE"]
