"""Counters over a scan and the JSON report built from them (pure, no terminal output)."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from scanner.masking import mask
from scanner.models import Finding, ReadError, RecordClass, RecordVerdict

SCHEMA_VERSION = 1

FAIL_ON = {
    "any": (RecordClass.SENSITIVE, RecordClass.ADMINISTRATIVE),
    "administrative": (RecordClass.SENSITIVE, RecordClass.ADMINISTRATIVE),
    "sensitive": (RecordClass.SENSITIVE,),
}
"""``--fail-on`` level -> record classes that meet it ("any" = any finding at all)."""


@dataclass
class ScanSummary:
    """Everything the report says, accumulated record by record."""

    files: int = 0
    records: int = 0
    classes: Counter = field(default_factory=Counter)
    entities: Counter = field(default_factory=Counter)
    categories: Counter = field(default_factory=Counter)
    errors: list[ReadError] = field(default_factory=list)
    examples: dict[str, str] = field(default_factory=dict)

    def add(self, findings: list[Finding], verdict: RecordVerdict) -> None:
        """Count one scanned record."""
        self.records += 1
        self.classes[verdict.record_class] += 1
        self.categories.update(verdict.categories)
        for finding in findings:
            self.entities[finding.entity_type] += 1
            self.examples.setdefault(finding.entity_type, mask(finding.value))

    def add_error(self, error: ReadError) -> None:
        """Count one part of the input that could not be read."""
        self.errors.append(error)

    @property
    def unparsed(self) -> int:
        return len(self.errors)

    def meets(self, fail_on: str | None) -> bool:
        """Whether the ``--fail-on`` threshold is met."""
        if fail_on is None:
            return False
        return any(self.classes[c] for c in FAIL_ON[fail_on])

    def to_report(self) -> dict:
        """The JSON report (schema documented in the README)."""
        return {
            "schema_version": SCHEMA_VERSION,
            "files": self.files,
            "records": {
                "total": self.records,
                **{c.value: self.classes[c] for c in RecordClass},
                "unparsed": self.unparsed,
            },
            "entities": dict(sorted(self.entities.items())),
            "categories": dict(sorted(self.categories.items())),
            "examples": dict(sorted(self.examples.items())),
            "errors": [
                {"source": e.source, "line": e.line, "message": e.message} for e in self.errors
            ],
        }


def write_report(summary: ScanSummary, path: str | Path) -> None:
    """Write the JSON report to ``path``."""
    Path(path).write_text(
        json.dumps(summary.to_report(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
