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


BATCH_SIZE = 64
"""Texts per spaCy ``nlp.pipe`` batch."""


class Detector:
    """Turns records into findings with one shared analyzer engine.

    Texts go through spaCy in batches (``nlp.pipe``), then through the recognizers.
    """

    def __init__(self, analyzer: AnalyzerEngine | None = None) -> None:
        self.analyzer = analyzer or get_analyzer()

    def analyze_texts(self, texts: list[str]) -> list[list[RecognizerResult]]:
        """Non-overlapping analyzer results for each text, in reading order."""
        results: list[list[RecognizerResult]] = [[] for _ in texts]
        todo = [i for i, text in enumerate(texts) if text.strip()]
        artifacts = self.analyzer.nlp_engine.process_batch(
            [texts[i] for i in todo], LANGUAGE, batch_size=BATCH_SIZE
        )
        for i, (_, nlp_artifacts) in zip(todo, artifacts):
            results[i] = resolve_overlaps(
                self.analyzer.analyze(text=texts[i], language=LANGUAGE, nlp_artifacts=nlp_artifacts)
            )
        return results

    def detect_batch(self, records: list[Record]) -> list[list[Finding]]:
        """All findings in all fields of each record, one list per record."""
        cells = [(i, name, text) for i, record in enumerate(records) for name, text in record.fields.items()]
        analyzed = self.analyze_texts([text for _, _, text in cells])
        findings: list[list[Finding]] = [[] for _ in records]
        for (i, field_name, text), results in zip(cells, analyzed):
            record = records[i]
            for result in results:
                metadata = result.recognition_metadata or {}
                findings[i].append(
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

    def detect(self, record: Record) -> list[Finding]:
        """All findings in all fields of ``record``."""
        return self.detect_batch([record])[0]
