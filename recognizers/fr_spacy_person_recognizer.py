"""spaCy's PER guesses for French clinical text, trimmed and filtered by ``scanner.names``."""

from typing import List, Optional

from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import SpacyRecognizer

from scanner import name_words, names


class FrSpacyPersonRecognizer(SpacyRecognizer):
    """Presidio's SpacyRecognizer for PERSON, minus what ``fr_core_news_sm`` gets wrong on
    clinical text: titles are cut off ("Mme Camille ROUX" -> "Camille ROUX"); headings,
    roles, months, acronyms, drug and disease names and lone common words are dropped
    (see :func:`scanner.names.clean_ner_span`). A span split by a line break may give two.
    """

    def __init__(self, supported_language: str = "fr", ner_strength: float = 0.85, **kwargs):
        super().__init__(
            supported_language=supported_language,
            supported_entities=["PERSON"],
            ner_strength=ner_strength,
            **kwargs,
        )

    def analyze(
        self, text: str, entities: List[str], nlp_artifacts: Optional[NlpArtifacts] = None
    ) -> List[RecognizerResult]:
        """spaCy's PERSON results, each replaced by its cleaned parts."""
        results = []
        for result in super().analyze(text, entities, nlp_artifacts):
            for start, end in names.clean_ner_span(
                text,
                result.start,
                result.end,
                is_common_word=name_words.is_common_french_word,
                is_clinical_term=name_words.is_clinical_term,
            ):
                results.append(
                    RecognizerResult(
                        entity_type=result.entity_type,
                        start=start,
                        end=end,
                        score=result.score,
                        analysis_explanation=result.analysis_explanation,
                        recognition_metadata=dict(result.recognition_metadata or {}),
                    )
                )
        return results
