"""Presidio's URL for French text: a bare domain needs context."""

from typing import Optional

from presidio_analyzer import Pattern
from presidio_analyzer.predefined_recognizers import UrlRecognizer

from recognizers._pattern import FrenchPatternRecognizer

_DOMAIN = UrlRecognizer.BASE_URL_REGEX
"""Presidio's URL: a host ending in a listed top-level domain, then a path. Offline: the
list is in the pattern (no tldextract)."""
_START = r"(?<![\w.\x40\-/])"  # \x40: "@" (a pattern with "@" is taken for an e-mail one)
_END = r"(?<![.,;:!?])(?![\w\x40\-])"
"""Not glued to a word, an e-mail or a hyphen; a sentence's last dot or comma is not the URL's."""


class FrUrlRecognizer(FrenchPatternRecognizer):
    """Recognize a URL with Presidio's host pattern, in three forms:

    * with a scheme ('https://...') or 'www.': score 0.6, reported;
    * a bare domain ('doctolib.fr/...'): score 0.2, reported only with a context word
      ("url", "lien", "web"...): French notes glue sentences ('patient.Il', 'J15.Le' end
      in the top-level domains of Israel and Lebanon), and an e-mail's domain is part of
      the e-mail.

    ``validate_result`` is Presidio's (none): every match keeps its pattern score.
    """

    ENTITY = "URL"
    NEEDS_LETTER = True
    NEEDS_NON_DIGIT = True
    TEXT_NEEDS = r"[a-z0-9.\-][.][^\W\d_]"
    """The dot before the top-level domain (every pattern holds the host): a letter after it."""
    PATTERNS = [
        Pattern("URL with scheme", rf"{_START}(?:https?|ftp)://{_DOMAIN}{_END}", 0.6),
        Pattern("URL www", rf"{_START}(?=www\d{{0,3}}\.){_DOMAIN}{_END}", 0.6),
        Pattern("Bare domain", rf"{_START}{_DOMAIN}{_END}", 0.2),
    ]
    CONTEXT = ["url", "lien", "web", "internet", "link", "website"]

    def validate_result(self, pattern_text: str) -> Optional[bool]:  # noqa: D102
        return None
