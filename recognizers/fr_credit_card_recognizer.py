"""Presidio's CREDIT_CARD for French text: card numbers of the known networks only."""

from typing import Optional

from presidio_analyzer import Pattern

from recognizers._pattern import FrenchPatternRecognizer, number_end
from scanner.identifiers import payment_card

_START = r"(?<!\d)(?<!\d[ .\-])"
_END = number_end(r" .\-")


class FrCreditCardRecognizer(FrenchPatternRecognizer):
    """Recognize a payment card number ('4970 1012 3456 7893'), as Presidio's
    ``CreditCardRecognizer`` does, with French context words and the networks' prefixes
    and lengths (``payment_card.network``): Presidio's pattern also takes 13- and
    14-digit numbers and any prefix, which a SIRET or a NIR with a lucky key would pass.

    ``validate_result`` policy: True (score 1.0) for a known network's prefix and
    length with a valid Luhn key, False (dropped) otherwise.
    """

    ENTITY = "CREDIT_CARD"
    MIN_DIGITS = 15
    PATTERNS = [
        Pattern("Card (groups of 4)", rf"{_START}\b\d{{4}}(?:[ .\-]?\d{{4}}){{3}}(?:[ .\-]?\d{{3}})?\b{_END}", 0.3),
        Pattern("Card (Amex 4-6-5)", rf"{_START}\b3[47]\d{{2}}[ .\-]?\d{{6}}[ .\-]?\d{{5}}\b{_END}", 0.3),
    ]
    CONTEXT = [
        "carte", "cb", "bancaire", "visa", "mastercard", "amex", "crédit", "credit", "card", "paiement",
        "payé", "réglé", "débit",
    ]

    def validate_result(self, pattern_text: str) -> Optional[bool]:  # noqa: D102
        return payment_card.is_valid(pattern_text)
