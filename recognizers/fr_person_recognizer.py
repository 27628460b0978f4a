"""Presidio recognizer for person names in French clinical text (rules of ``scanner.names``)."""

from typing import List, Optional

from presidio_analyzer import AnalysisExplanation, LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from scanner import name_words, names


class FrPersonRecognizer(LocalRecognizer):
    """Recognize PERSON after a title or cue ("Mme", "Dr", "née", "Patient :"), or as a
    listed first name beside an UPPER-CASE surname. The span never holds the title.

    >>> text = "Vu ce jour M. Jean-Luc N'DIAYE, fils de Mme Awa DIOP."
    >>> [(text[r.start:r.end], r.score) for r in FrPersonRecognizer().analyze(text, ["PERSON"])]
    [("Jean-Luc N'DIAYE", 0.9), ('Awa DIOP', 0.9)]
    """

    ENTITIES = ["PERSON"]

    def __init__(self, supported_language: str = "fr", name: Optional[str] = None):
        super().__init__(
            supported_entities=list(self.ENTITIES),
            supported_language=supported_language,
            name=name,
        )

    def load(self) -> None:
        """Read the first-name list now rather than on the first text."""
        name_words.first_names()

    def analyze(
        self, text: str, entities: List[str], nlp_artifacts: Optional[NlpArtifacts] = None
    ) -> List[RecognizerResult]:
        """One result per name found by :func:`scanner.names.find_names`."""
        if "PERSON" not in entities:
            return []
        return [
            RecognizerResult(
                entity_type="PERSON",
                start=match.start,
                end=match.end,
                score=match.score,
                analysis_explanation=AnalysisExplanation(
                    recognizer=self.name,
                    original_score=match.score,
                    textual_explanation=f"French person name ({match.rule} rule)",
                ),
                recognition_metadata={
                    RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                    RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                },
            )
            for match in names.find_names(text)
        ]
