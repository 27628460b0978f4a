"""Presidio recognizer for the French tax number of a person (NIF / SPI)."""

from typing import Optional

from presidio_analyzer import Pattern

from recognizers._pattern import DIGIT_FIRST, FrenchPatternRecognizer, number_end
from scanner.identifiers import tax_id


class FrTaxIdRecognizer(FrenchPatternRecognizer):
    """Recognize a tax number (13 digits, '30 23 217 600 053').

    ``validate_result`` policy:

    * True (score 1.0): the mod-511 key is right;
    * None (pattern score 0.3, reported only with a context word such as "fiscal",
      "SPI" or "impôts"): the key is right but the number is also a medicine's CIP13
      barcode (``tax_id.is_drug_code``), which a pharmacy table holds by thousands;
    * False (dropped): wrong key, or a first digit other than 0-3.
    """

    ENTITY = "FR_TAX_ID"
    MIN_DIGITS = 13
    PATTERNS = [
        Pattern("Tax number", rf"{DIGIT_FIRST}(?<!\d)(?<!\d[ .])\b[0-3]\d[ .]?\d{{2}}[ .]?\d{{3}}[ .]?\d{{3}}[ .]?\d{{3}}\b{number_end(' .')}", 0.3),
    ]
    CONTEXT = [
        "fiscal", "fiscale", "nif", "spi", "impôt", "impôts", "impot", "impots", "imposition",
        "contribuable", "dgfip", "tin",
    ]

    def validate_result(self, pattern_text: str) -> Optional[bool]:  # noqa: D102
        if not tax_id.is_valid(pattern_text):
            return False
        return None if tax_id.is_drug_code(pattern_text) else True
