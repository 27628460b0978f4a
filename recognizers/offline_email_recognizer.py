"""EMAIL_ADDRESS for French text, validated without any network access.

Presidio's ``EmailRecognizer`` validates the domain with ``tldextract.extract``,
whose default extractor downloads the public suffix list on first use. This
adapter keeps Presidio's pattern and uses the suffix-list snapshot that ships
inside the tldextract package instead (``suffix_list_urls=()``, no cache dir).

Besides Presidio's pattern, two forms people type: blanks around the "@" and the dots
(``tlabelle @ medimail . com``, also how tokenised text writes them), and an address
glued to the next word (``secretariat@aphp.frSmith Paul``: the lower-case suffix ends
where a capitalised word starts).

Policy: ``validate_result`` is True when the domain, blanks removed, ends in a known
public suffix (score 1.0), False otherwise (dropped).

>>> OfflineEmailRecognizer().validate_result("camille.roux@orange.fr")
True
>>> OfflineEmailRecognizer().validate_result("tlabelle @ medimail . com")
True
>>> OfflineEmailRecognizer().validate_result("note@interne.localdomain")
False
"""

import functools
import re
from typing import List, Optional

import tldextract
from presidio_analyzer import Pattern, PatternRecognizer
from presidio_analyzer.predefined_recognizers import EmailRecognizer
from tldextract.remote import lenient_netloc

from scanner.compat.fast_patterns import FastPatternRunner

_OFFLINE_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


PLAIN_EMAIL = EmailRecognizer.PATTERNS[0].regex.replace("{0,}", "{0,62}")
"""Presidio's pattern, its local part bounded to the 64 characters RFC 5321 allows: unbounded,
a long run of "a.a.a..." before an "@" costs quadratic time (a minute for 80,000 characters)."""
assert PLAIN_EMAIL.count("{0,62}") == 1, "Presidio's e-mail pattern changed: review PLAIN_EMAIL"
_BLANK = r"[ \t\u00a0]"
_LOCAL_WORD = r"[\w!#$%&'*+\-/=?^`{|}~]+"
_DOMAIN_WORD = r"\w+(?:-+\w+)*"
SPACED_EMAIL = (
    rf"(?<![\w.@]){_LOCAL_WORD}(?:{_BLANK}?\.{_BLANK}?{_LOCAL_WORD}){{0,4}}"
    rf"(?:{_BLANK}@{_BLANK}?|@{_BLANK})"
    rf"{_DOMAIN_WORD}(?:{_BLANK}?\.{_BLANK}?{_DOMAIN_WORD}){{0,4}}{_BLANK}?\.{_BLANK}?(?-i:[a-z]{{2,6}}|[A-Z]{{2,6}})\b"
)
"""An address with a blank on either side of its "@" (and maybe around its dots). The dotted
parts are bounded: a run of "a . a . a ..." before an "@" would cost quadratic time."""
GLUED_EMAIL = (
    rf"(?<![\w.@]){_LOCAL_WORD}(?:\.{_LOCAL_WORD}){{0,8}}@{_DOMAIN_WORD}(?:\.{_DOMAIN_WORD}){{0,8}}"
    r"\.(?-i:[a-z]{2,6})(?=(?-i:[A-Z][a-z]))"
)
"""An address whose lower-case suffix runs into a capitalised word ("...@aphp.frSmith")."""


@functools.lru_cache(maxsize=4096)
def _has_public_suffix(host: str) -> bool:
    """Whether ``host`` ends in a known public suffix (cached: a dump has few mail domains)."""
    return _OFFLINE_EXTRACT(host).suffix != ""


class OfflineEmailRecognizer(EmailRecognizer):
    """Presidio's email pattern with an offline public-suffix check."""

    CONTEXT = ["email", "mail", "courriel", "adresse", "contact"]
    USUAL_FORMS = {"Email (Medium)": r"[a-z0-9]+(?:[._-][a-z0-9]+)*@[a-z0-9]+(?:-[a-z0-9]+)*(?:\.[a-z0-9]+)*\.[a-z]{2,}"}
    """A cell that Presidio's pattern matches as a whole and only once (``scanner.compat.fast_patterns``)."""

    PATTERNS = [
        Pattern("Email (Medium)", PLAIN_EMAIL, 0.5),
        Pattern("Email typed with blanks", SPACED_EMAIL, 0.5),
        Pattern("Email glued to the next word", GLUED_EMAIL, 0.5),
    ]

    def __init__(self) -> None:
        super().__init__(patterns=self.PATTERNS, context=self.CONTEXT, supported_language="fr")
        self.runner = FastPatternRunner(self)
        """The pattern loop on Python's ``re``, shared with the cell checks of ``scanner.detect``."""

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):
        """Presidio's pattern matching (``scanner.compat.fast_patterns``: the same results), and none in a
        text without "@": every pattern needs one, and trying the typed forms at each word of
        a note costs more than the rest of the e-mail check."""
        if "@" not in text:
            return []
        if regex_flags is not None and regex_flags != self.global_regex_flags:
            return super().analyze(text, entities, nlp_artifacts, regex_flags)
        return self.runner.matches(text)

    def validate_result(self, pattern_text: str) -> bool:
        return _has_public_suffix(lenient_netloc(re.sub(r"\s", "", pattern_text)))

    def validate_results(self, texts: List[str]) -> List[bool]:
        """``validate_result`` of each text (a column of addresses): the host of an address
        in the usual form is what follows its ``@``, as ``lenient_netloc`` finds it."""
        plain = _PLAIN_ADDRESS.fullmatch
        return [_has_public_suffix(text.rpartition("@")[2] if plain(text) else lenient_netloc(text)) for text in texts]


_PLAIN_ADDRESS = re.compile(OfflineEmailRecognizer.USUAL_FORMS["Email (Medium)"], re.ASCII)


_UNLISTED_SUFFIX = re.compile(r"[a-z]{2,12}", re.IGNORECASE)


class UnlistedSuffixEmailRecognizer(PatternRecognizer):
    """An address whose domain ends in no public suffix: a hospital's internal domain
    (``prenom.nom@chu.intra``, ``secretariat@hop.local``). It still names a person, but
    "x@y.zz" may be anything else, so it scores 0.3 and is reported only next to an e-mail
    cue ("mail", "courriel", "joignable", or an ``email`` column): 0.65.

    Policy: ``validate_result`` is None (the pattern score stands) when the last label is
    2 to 12 letters and no public suffix, False otherwise (a listed suffix is
    ``OfflineEmailRecognizer``'s).

    >>> UnlistedSuffixEmailRecognizer().validate_result("secretariat@hop.local")
    >>> UnlistedSuffixEmailRecognizer().validate_result("camille.roux@orange.fr")
    False
    """

    PATTERNS = [Pattern("Email, unlisted suffix", PLAIN_EMAIL, 0.3)]
    CONTEXT = [*OfflineEmailRecognizer.CONTEXT, "joignable", "joignables", "joindre", "écrire"]

    def __init__(self) -> None:
        super().__init__(
            supported_entity="EMAIL_ADDRESS", patterns=self.PATTERNS, context=self.CONTEXT, supported_language="fr"
        )
        self.runner = FastPatternRunner(self)
        """The pattern loop on Python's ``re``, shared with the cell checks of ``scanner.detect``."""

    def validate_result(self, pattern_text: str) -> Optional[bool]:
        host = lenient_netloc(pattern_text)
        if _UNLISTED_SUFFIX.fullmatch(host.rpartition(".")[2]) is None or _has_public_suffix(host):
            return False
        return None

    def analyze(self, text, entities, nlp_artifacts=None, regex_flags=None):
        """As ``OfflineEmailRecognizer.analyze``: nothing in a text without "@"."""
        if "@" not in text:
            return []
        if regex_flags is not None and regex_flags != self.global_regex_flags:
            return super().analyze(text, entities, nlp_artifacts, regex_flags)
        return self.runner.matches(text)
