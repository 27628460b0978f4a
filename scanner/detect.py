"""Detection: findings in every field of a record, column-aware.

Each column (a field name within one source and table) is classified once, from its
name and the values of the first batch it appears in (``scanner.columns``):

- free-text columns go through the full pipeline, spaCy included, in batches;
- name and address columns are findings as whole cells (``nom``, ``adresse``, ``cp``...);
- other columns are checked with the pattern recognizers only (no spaCy), the column
  name serving as their context words (a ``nir`` column boosts NIR-shaped values).

>>> resolve_overlaps([_Span(0, 10, 0.6), _Span(2, 8, 1.0), _Span(12, 15, 0.5)])
[_Span(start=2, end=8, score=1.0), _Span(start=12, end=15, score=0.5)]
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from presidio_analyzer import AnalyzerEngine, RecognizerResult
from presidio_analyzer.predefined_recognizers import SpacyRecognizer

from scanner.columns import ColumnKind, classify_column, column_words
from scanner.engine import CONTEXT_BOOST, LANGUAGE, MIN_SCORE_WITH_CONTEXT, SCORE_THRESHOLD, get_analyzer
from scanner.identifiers import postcode
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


def _fold(word: str) -> str:
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode().lower()


def whole_cell(text: str, entity_type: str, score: float, recognizer: str) -> list[RecognizerResult]:
    """One result covering the cell without its surrounding blanks, if it holds a letter.

    >>> [(r.start, r.end) for r in whole_cell("  DUPONT ", "PERSON", 0.9, "column")]
    [(2, 8)]
    >>> whole_cell(" - ", "PERSON", 0.9, "column")
    []
    """
    stripped = text.strip()
    if not any(c.isalpha() for c in stripped) and not postcode.is_valid(stripped):
        return []
    start = text.index(stripped)
    return [
        RecognizerResult(
            entity_type, start, start + len(stripped), score,
            recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: recognizer},
        )
    ]


BATCH_SIZE = 64
"""Texts per spaCy ``nlp.pipe`` batch."""

COLUMN_SCORES = {ColumnKind.PERSON_NAME: ("PERSON", 0.85), ColumnKind.ADDRESS: ("ADDRESS", 0.85)}
COLUMN_RECOGNIZER = "ColumnNameRecognizer"


class Detector:
    """Turns records into findings with one shared analyzer engine."""

    def __init__(self, analyzer: AnalyzerEngine | None = None) -> None:
        self.analyzer = analyzer or get_analyzer()
        self.columns: dict[tuple[str, str | None, str], ColumnKind] = {}
        self._pattern_recognizers = [
            (recognizer, {_fold(w) for w in recognizer.context or ()})
            for recognizer in self.analyzer.registry.recognizers
            if not isinstance(recognizer, SpacyRecognizer)
        ]

    def analyze_texts(self, texts: list[str]) -> list[list[RecognizerResult]]:
        """Full-pipeline results for each free text, non-overlapping, in reading order."""
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

    def analyze_structured(self, text: str, context: set[str]) -> list[RecognizerResult]:
        """Pattern-recognizer results for a short cell, with ``context`` words (no spaCy).

        A context word shared with a recognizer lifts its result as Presidio's context
        enhancer would (+0.35, at least 0.4).
        """
        if not text.strip():
            return []
        results = []
        for recognizer, recognizer_context in self._pattern_recognizers:
            for result in recognizer.analyze(text, recognizer.supported_entities, None):
                if result.score < SCORE_THRESHOLD and context & recognizer_context:
                    result.score = max(result.score + CONTEXT_BOOST, MIN_SCORE_WITH_CONTEXT)
                if result.score >= SCORE_THRESHOLD:
                    results.append(result)
        return resolve_overlaps(results)

    def column_kind(self, records: list[Record], record: Record, field: str) -> ColumnKind:
        """The kind of ``field`` in ``record``'s table, decided on first sight from this batch."""
        key = (record.source, record.table, field)
        if key not in self.columns:
            sample = [r.fields[field] for r in records if r.table == record.table and field in r.fields]
            self.columns[key] = classify_column(field, sample)
        return self.columns[key]

    def detect_batch(self, records: list[Record]) -> list[list[Finding]]:
        """All findings in all fields of each record, one list per record."""
        cells = [(i, name, text) for i, record in enumerate(records) for name, text in record.fields.items()]
        analyzed: list[list[RecognizerResult]] = [[] for _ in cells]
        free_text = []
        for n, (i, name, text) in enumerate(cells):
            kind = self.column_kind(records, records[i], name)
            if kind is ColumnKind.FREE_TEXT:
                free_text.append(n)
            elif kind in COLUMN_SCORES:
                entity_type, score = COLUMN_SCORES[kind]
                analyzed[n] = whole_cell(text, entity_type, score, COLUMN_RECOGNIZER)
            else:
                analyzed[n] = self.analyze_structured(text, set(column_words(name)))
        for n, results in zip(free_text, self.analyze_texts([cells[n][2] for n in free_text])):
            analyzed[n] = results

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
                        recognizer=metadata.get(RecognizerResult.RECOGNIZER_NAME_KEY, ""),
                        category=metadata.get("category"),
                        qualifier=metadata.get("qualifier"),
                        value=text[result.start : result.end],
                    )
                )
        return findings

    def detect(self, record: Record) -> list[Finding]:
        """All findings in all fields of ``record``."""
        return self.detect_batch([record])[0]
