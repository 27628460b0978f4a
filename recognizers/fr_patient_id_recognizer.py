"""Presidio recognizer for hospital patient and stay numbers (IPP, NDA, n° de dossier)."""

import re
from typing import Optional

from presidio_analyzer import Pattern

from recognizers._pattern import FrenchPatternRecognizer

PATIENT_ID_SHAPE = r"\b(?=(?:[A-Z]*\d){6})[0-9A-Z]{6,12}\b"
"""6 to 12 characters, at least 6 of them digits, optionally with letters (``2003H847569``)."""

ID_CUES = ("n°id", "n° id", "no id", "no. id", "nº id", "n°. id")
""""N° ID" as written before a number; a bare "ID" is no cue (every table has an ``id``
column of row numbers)."""
ID_CUE_ENDINGS = (" ", ": ", " : ", ":")

AFTER_ID_CUE = "(?:" + "|".join(
    rf"(?<=\b{re.escape(cue + ending)})" for cue in ID_CUES for ending in ID_CUE_ENDINGS
) + ")"
"""Fixed-width look-behinds (so that Python's ``re`` runs them too, ``scanner.fastpath``)."""


class FrPatientIdRecognizer(FrenchPatternRecognizer):
    """Recognize a hospital patient or stay number: IPP (identifiant permanent du patient),
    NDA (numéro de dossier administratif, de séjour, de venue), n° de dossier, d'examen.

    Hospitals number patients and stays as they like: there is no checksum and no fixed
    length, so the number alone (score 0.2, below the 0.5 threshold) is never reported. A
    cue word up to three words before it ("IPP :", "N° de dossier") or a column named for
    it (``ipp``, ``nda``, ``num_dossier``) lifts it to 0.55; right after "n° ID" it scores
    0.55 alone. ``validate_result`` returns None (the pattern score stands), False for a
    run of zeros (a placeholder).

    >>> from scanner.fastpath import FastPatternRunner
    >>> FastPatternRunner(FrPatientIdRecognizer()).spans("IPP : 2003H847569")
    [(6, 17, 0.2)]
    >>> FastPatternRunner(FrPatientIdRecognizer()).spans("n°ID: 80123456")
    [(6, 14, 0.55)]
    """

    ENTITY = "FR_PATIENT_ID"
    MIN_DIGITS = 6
    PATTERNS = [
        Pattern("Hospital patient or stay number", PATIENT_ID_SHAPE, 0.2),
        Pattern("Number after n° ID", AFTER_ID_CUE + PATIENT_ID_SHAPE, 0.55),
    ]
    CONTEXT = [
        "ipp", "nda", "dossier", "séjour", "sejour", "venue", "examen", "hospitalisation",
    ]

    def validate_result(self, pattern_text: str) -> Optional[bool]:  # noqa: D102
        return False if set(pattern_text) == {"0"} else None
