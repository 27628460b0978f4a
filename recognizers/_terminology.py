"""Shared Presidio adapter over :func:`scanner.terminology.find_terms` (no matching logic here)."""

from typing import List, Optional

from presidio_analyzer import AnalysisExplanation, LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from scanner import terminology


class TerminologyRecognizer(LocalRecognizer):
    """Report the terminology matches of some entity types with one fixed score.

    ``recognition_metadata`` carries ``category`` (see
    :mod:`scanner.terminology.categories`), ``qualifier`` (None, "negated",
    "hypothetical" or "family": still reported, a qualified mention is sensitive) and
    ``code`` (ICD-10 or ATC, or None), next to Presidio's recognizer name and id.
    """

    ENTITIES: List[str] = []
    SCORE = 0.9

    def __init__(
        self,
        supported_entities: Optional[List[str]] = None,
        supported_language: str = "fr",
        name: Optional[str] = None,
        score: Optional[float] = None,
    ):
        self.score = self.SCORE if score is None else score
        super().__init__(
            supported_entities=supported_entities or list(self.ENTITIES),
            supported_language=supported_language,
            name=name,
        )

    def load(self) -> None:
        """Build the process-wide terminology matcher now rather than on the first text."""
        terminology.get_matcher()

    def analyze(
        self, text: str, entities: List[str], nlp_artifacts: Optional[NlpArtifacts] = None
    ) -> List[RecognizerResult]:
        """Return one result per term of a requested entity type."""
        wanted = set(self.supported_entities)
        if entities:
            wanted &= set(entities)
        if not wanted:
            return []
        return [self._to_result(match) for match in terminology.find_terms(text, wanted)]

    def _to_result(self, match: "terminology.TermMatch") -> RecognizerResult:
        explanation = AnalysisExplanation(
            recognizer=self.name,
            original_score=self.score,
            textual_explanation=f"French terminology match ({match.category})",
        )
        return RecognizerResult(
            entity_type=match.entity_type,
            start=match.start,
            end=match.end,
            score=self.score,
            analysis_explanation=explanation,
            recognition_metadata={
                RecognizerResult.RECOGNIZER_NAME_KEY: self.name,
                RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: self.id,
                "category": match.category,
                "qualifier": match.qualifier,
                "code": match.code,
            },
        )
