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
"""Fixed-width look-behinds (so that Python's ``re`` runs them too, ``scanner.compat.fast_patterns``),
tried only where the number's shape starts (after its look-ahead: most places fail there, cheaply)."""

_CELL_SEPARATORS = (" | ", "|", " ; ", "; ", ";", ", ")
_CELL_AFTER_BIRTH_DATE = "(?:" + "|".join(
    rf"(?<=\b\d\d[/.\-]\d\d[/.\-]\d{{4}}{re.escape(sep)}{before})"
    for sep in _CELL_SEPARATORS
    for before in ["", *(rf"\d{{{digits}}}{re.escape(sep)}" for digits in range(8, 12))]
) + ")"
"""Right after the date cell of a row (``| F | 23/11/1989 | ``), or after a number cell
that follows it; fixed-width look-behinds, as above."""
_NOT_A_PHONE_OR_DATE = r"(?!0[1-9]\d{8}\b)(?![0-3]\d[01]\d(?:19|20)\d\d\b)"
ROW_NUMBER = rf"\b(?=\d{{8,11}}\b){_NOT_A_PHONE_OR_DATE}{_CELL_AFTER_BIRTH_DATE}\d{{8,11}}(?=[ \t]*(?:[|;,]|\.?[ \t]*(?:\n|$)|\.[ \t]))"
"""A cell of 8 to 11 digits in a row that holds a person's date (of birth): a patient's
number in a list of patients ("Lucie Belmont | F | 23/11/1989 | 8776539054 | 1267830945"),
neither a phone number nor a date typed without separators. The cell ends there: a
separator, the end of the line or of a sentence, not a unit ("7301846295 UI/L")."""


class FrPatientIdRecognizer(FrenchPatternRecognizer):
    """Recognize a hospital patient or stay number: IPP (identifiant permanent du patient),
    NDA (numéro de dossier administratif, de séjour, de venue), n° de dossier, d'examen.

    Hospitals number patients and stays as they like: there is no checksum and no fixed
    length, so the number alone (score 0.2, below the 0.5 threshold) is never reported. A
    cue word up to three words before it ("IPP :", "IP :", "N° de dossier") or a column
    named for it (``ipp``, ``nda``, ``num_dossier``) lifts it to 0.55; right after "n° ID" it
    scores 0.55 alone. A cell of 8 to 11 digits in a row beside a date (a list of patients:
    "name | sex | date of birth | number | number") scores 0.5 alone, 0.85 with a cue.
    ``validate_result`` returns None (the pattern score stands), False for a placeholder:
    one or two characters repeated (``000000``, ``383838383838``).

    >>> from scanner.compat.fast_patterns import FastPatternRunner
    >>> FastPatternRunner(FrPatientIdRecognizer()).spans("IPP : 2003H847569")
    [(6, 17, 0.2)]
    >>> FastPatternRunner(FrPatientIdRecognizer()).spans("n°ID: 80123456")
    [(6, 14, 0.55)]
    >>> FastPatternRunner(FrPatientIdRecognizer()).spans("Julie Petit | F | 25/10/1980 | 9857598456")
    [(31, 41, 0.5)]
    """

    ENTITY = "FR_PATIENT_ID"
    MIN_DIGITS = 6
    TEXT_NEEDS = r"\d[0-9A-Z\d]{4,10}\d"
    """A number's first to last digit (at least 6 digits, 12 characters at most)."""
    PATTERNS = [
        Pattern("Hospital patient or stay number", PATIENT_ID_SHAPE, 0.2),
        Pattern("Number after n° ID", PATIENT_ID_SHAPE.replace("[0-9A-Z]{6,12}", AFTER_ID_CUE + "[0-9A-Z]{6,12}", 1), 0.55),
        Pattern("Number in a row beside a date", ROW_NUMBER, 0.5),
    ]
    CONTEXT = [
        "ipp", "ip", "nda", "dossier", "séjour", "sejour", "venue", "examen", "hospitalisation",
    ]

    def validate_result(self, pattern_text: str) -> Optional[bool]:  # noqa: D102
        return False if is_placeholder(pattern_text) else None


def is_placeholder(number: str) -> bool:
    """Tell whether a number is one or two characters repeated, as typed to fill a field.

    >>> is_placeholder("000000"), is_placeholder("383838383838"), is_placeholder("8004512367")
    (True, True, False)
    """
    return number == number[:2] * (len(number) // 2) + number[:len(number) % 2]
