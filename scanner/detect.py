"""Detection: run the French analyzer over every field of a record.

>>> resolve_overlaps([_Span(0, 10, 0.6), _Span(2, 8, 1.0), _Span(12, 15, 0.5)])
[_Span(start=2, end=8, score=1.0), _Span(start=12, end=15, score=0.5)]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from presidio_analyzer import AnalyzerEngine, RecognizerResult

from scanner.engine import LANGUAGE, get_analyzer
from scanner.models import Finding, Record


class _HasSpan(Protocol):
    start: int
    end: int
    score: float


S = TypeVar("S", bound=_HasSpan)


@dataclass(frozen=True)
class _Span:
    start: int
    end: int
    score: float


def resolve_overlaps(spans: Iterable[S]) -> list[S]:
    """Keep one span per overlapping group: highest score, then longest, then first."""
    ranked = sorted(spans, key=lambda s: (-s.score, -(s.end - s.start), s.start))
    kept: list[S] = []
    for span in ranked:
        if all(span.end <= k.start or span.start >= k.end for k in kept):
            kept.append(span)
    return sorted(kept, key=lambda s: s.start)


class Detector:
    """Turns records into findings with one shared analyzer engine."""

    def __init__(self, analyzer: AnalyzerEngine | None = None) -> None:
        self.analyzer = analyzer or get_analyzer()

    def analyze_text(self, text: str) -> list[RecognizerResult]:
        """Non-overlapping analyzer results for one text, in reading order."""
        if not text or not text.strip():
            return []
        return resolve_overlaps(self.analyzer.analyze(text=text, language=LANGUAGE))

    def detect(self, record: Record) -> list[Finding]:
        """All findings in all fields of ``record``."""
        findings = []
        for field_name, text in record.fields.items():
            for result in self.analyze_text(text):
                metadata = result.recognition_metadata or {}
                findings.append(
                    Finding(
                        source=record.source,
                        table=record.table,
                        record=record.record,
                        field=field_name,
                        entity_type=result.entity_type,
                        start=result.start,
                        end=result.end,
                        score=result.score,
                        recognizer=metadata.get("recognizer_name", ""),
                        category=metadata.get("category"),
                        qualifier=metadata.get("qualifier"),
                        value=text[result.start : result.end],
                    )
                )
        return findings
