"""Presidio recognizer for health facility names (rules of ``scanner.facilities``)."""

from typing import List, Optional

from presidio_analyzer import AnalysisExplanation, LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from scanner import facilities


class FrHealthFacilityRecognizer(LocalRecognizer):
    """Recognize HEALTH_FACILITY: a name after a facility word ("Hôpital", "CHU de",
    "Clinique", "EHPAD", "CMP de"...) or a well-known hospital alone after "à". The span
    is the name, not the facility word. ``recognition_metadata`` carries the ``category``
    a psychiatric or addiction facility reveals (else None).

    >>> text = "Transférée à l'hôpital Henri Mondor, suivie au CMPP de Créteil."
    >>> [(text[r.start:r.end], r.recognition_metadata["category"])
    ...  for r in FrHealthFacilityRecognizer().analyze(text, ["HEALTH_FACILITY"])]
    [('Henri Mondor', None), ('Créteil', 'mental_health')]
    """

    ENTITIES = ["HEALTH_FACILITY"]

    def __init__(self, supported_language: str = "fr", name: Optional[str] = None):
        super().__init__(
            supported_entities=list(self.ENTITIES),
            supported_language=supported_language,
            name=name,
        )

    def load(self) -> None:  # noqa: D102 - nothing to load: the rules are compiled on import
        pass

    def analyze(
        self, text: str, entities: List[str], nlp_artifacts: Optional[NlpArtifacts] = None
    ) -> List[RecognizerResult]:
        """One result per facility found by :func:`scanner.facilities.find_facilities`."""
        if "HEALTH_FACILITY" not in entities:
            return []
        return [
            RecognizerResult(
                entity_type="HEALTH_FACILITY",
                start=match.start,
                end=match.end,
                score=match.score,
                analysis_explanation=AnalysisExplanation(
                    recognizer=self.name,
                    original_score=match.score,
                    textual_explanation="French health facility name",
                ),
                recognition_metadata={
                    RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                    RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                    "category": match.category,
                },
            )
            for match in facilities.find_facilities(text)
        ]
