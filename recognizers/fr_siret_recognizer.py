"""Presidio recognizer for the SIRET number of a French business site."""

import re
from typing import Optional

from presidio_analyzer import Pattern

from recognizers._pattern import FrenchPatternRecognizer, number_end
from scanner.identifiers import siret

_GROUPED = re.compile(r"\d{3}([ .])\d{3}\1\d{3}\1\d{5}")
"""The layout INSEE prints: 'NNN NNN NNN NNNNN'."""


class FrSiretRecognizer(FrenchPatternRecognizer):
    """Recognize a SIRET (14 digits, '732 829 320 00074').

    ``validate_result`` policy:

    * True (score 1.0): valid key, written 'NNN NNN NNN NNNNN' or with a usual site
      number (``siret.has_usual_nic``: the NIC starts with 00);
    * None (pattern score 0.3, reported with a context word such as "SIRET"): valid key
      otherwise (one 14-digit number in ten has one);
    * False (dropped): wrong key.
    """

    ENTITY = "FR_SIRET"
    MIN_DIGITS = 14
    PATTERNS = [
        Pattern("SIRET", rf"(?<!\d)(?<!\d[ .])\b\d{{3}}[ .]?\d{{3}}[ .]?\d{{3}}[ .]?\d{{5}}\b{number_end(' .')}", 0.3),
    ]
    CONTEXT = ["siret", "établissement", "etablissement", "employeur", "entreprise", "société", "societe"]

    def validate_result(self, pattern_text: str) -> Optional[bool]:  # noqa: D102
        if not siret.is_valid(pattern_text):
            return False
        return True if siret.has_usual_nic(pattern_text) or _GROUPED.fullmatch(pattern_text) else None
