"""EMAIL_ADDRESS for French text, validated without any network access.

Presidio's ``EmailRecognizer`` validates the domain with ``tldextract.extract``,
whose default extractor downloads the public suffix list on first use. This
adapter keeps Presidio's pattern and uses the suffix-list snapshot that ships
inside the tldextract package instead (``suffix_list_urls=()``, no cache dir).

Policy: ``validate_result`` is True when the domain ends in a known public
suffix (score 1.0), False otherwise (dropped).

>>> OfflineEmailRecognizer().validate_result("camille.roux@orange.fr")
True
>>> OfflineEmailRecognizer().validate_result("note@interne.localdomain")
False
"""

import tldextract
from presidio_analyzer.predefined_recognizers import EmailRecognizer

_OFFLINE_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


class OfflineEmailRecognizer(EmailRecognizer):
    """Presidio's email pattern with an offline public-suffix check."""

    CONTEXT = ["email", "mail", "courriel", "adresse", "contact"]

    def __init__(self) -> None:
        super().__init__(context=self.CONTEXT, supported_language="fr")

    def validate_result(self, pattern_text: str) -> bool:
        return _OFFLINE_EXTRACT(pattern_text).suffix != ""
