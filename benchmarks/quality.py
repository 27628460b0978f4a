"""Detection quality on the labelled synthetic notes: per-entity precision and recall,
and record-class accuracy.

Usage: python -m benchmarks.quality [--notes fixtures/notes.jsonl] [--json]

A predicted span counts as a true positive when it overlaps a labelled span of the
same entity type that no other prediction has claimed (one-to-one, in reading order).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@dataclass
class EntityScore:
    true_positives: int = 0
    false_positives: int = 0
    false_negatives: int = 0

    @property
    def precision(self) -> float:
        found = self.true_positives + self.false_positives
        return self.true_positives / found if found else 1.0

    @property
    def recall(self) -> float:
        expected = self.true_positives + self.false_negatives
        return self.true_positives / expected if expected else 1.0


@dataclass
class QualityReport:
    entities: dict[str, EntityScore] = field(default_factory=dict)
    records: int = 0
    class_correct: int = 0
    class_confusion: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    @property
    def class_accuracy(self) -> float:
        return self.class_correct / self.records if self.records else 1.0

    def score(self, entity_type: str) -> EntityScore:
        return self.entities.setdefault(entity_type, EntityScore())

    def to_dict(self) -> dict:
        return {
            "entities": {
                name: {
                    "precision": round(s.precision, 4),
                    "recall": round(s.recall, 4),
                    "tp": s.true_positives,
                    "fp": s.false_positives,
                    "fn": s.false_negatives,
                }
                for name, s in sorted(self.entities.items())
            },
            "records": self.records,
            "class_accuracy": round(self.class_accuracy, 4),
            "seconds": round(self.seconds, 2),
        }


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def match_spans(report: QualityReport, predicted: list[tuple[str, int, int]], expected: list[tuple[str, int, int]]) -> None:
    """Add one record's predicted and labelled spans to the per-entity counts."""
    claimed: set[int] = set()
    for entity_type, start, end in predicted:
        match = next(
            (
                i
                for i, (t, s, e) in enumerate(expected)
                if i not in claimed and t == entity_type and _overlaps((start, end), (s, e))
            ),
            None,
        )
        if match is None:
            report.score(entity_type).false_positives += 1
        else:
            claimed.add(match)
            report.score(entity_type).true_positives += 1
    for i, (entity_type, _, _) in enumerate(expected):
        if i not in claimed:
            report.score(entity_type).false_negatives += 1


def evaluate(notes: Path = FIXTURES / "notes.jsonl", truth: Path | None = None) -> QualityReport:
    """Scan ``notes`` with vigie's detector and compare with the ``.truth.jsonl`` beside it."""
    from scanner.classify import classify
    from scanner.detect import Detector
    from scanner.readers import read_records

    truth = truth or notes.with_name(notes.name.replace(".jsonl", ".truth.jsonl"))
    labels = {
        row["id"]: row
        for row in map(json.loads, truth.read_text(encoding="utf-8").splitlines())
    }
    detector = Detector()
    report = QualityReport()
    started = time.perf_counter()
    for record in read_records(notes):
        findings = [f for f in detector.detect(record) if f.field == "text"]
        expected = labels[record.record]
        match_spans(
            report,
            [(f.entity_type, f.start, f.end) for f in findings],
            [(s["entity_type"], s["start"], s["end"]) for s in expected["spans"]],
        )
        predicted_class = classify(findings)[0].value
        report.records += 1
        report.class_correct += predicted_class == expected["class"]
        report.class_confusion[(expected["class"], predicted_class)] += 1
    report.seconds = time.perf_counter() - started
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=Path, default=FIXTURES / "notes.jsonl")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args(argv)
    report = evaluate(args.notes)
    if args.json:
        print(json.dumps(report.to_dict(), indent=2))
        return 0
    print(f"{'entity':<16}{'precision':>10}{'recall':>8}{'tp':>6}{'fp':>6}{'fn':>6}")
    for name, s in sorted(report.entities.items()):
        print(f"{name:<16}{s.precision:>10.3f}{s.recall:>8.3f}{s.true_positives:>6}{s.false_positives:>6}{s.false_negatives:>6}")
    print(f"\nrecords: {report.records}  record-class accuracy: {report.class_accuracy:.3f}  ({report.seconds:.1f} s)")
    wrong = {k: v for k, v in report.class_confusion.items() if k[0] != k[1]}
    if wrong:
        print("class errors (expected -> predicted):", ", ".join(f"{a}->{b}: {n}" for (a, b), n in sorted(wrong.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
