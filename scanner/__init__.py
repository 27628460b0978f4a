"""vigie: find, size and redact personal and sensitive health data in French exports.

The library API; the ``vigie`` command (``scanner.cli``) only wraps it. Importing
``scanner`` changes nothing in the process (no import hook, no garbage-collector setting)
and loads neither spaCy nor Presidio: the names below are imported on first use, and the
French engine is built by the first call that needs it (a few seconds, once per process).

- ``analyze_text(text, *, field=None) -> list[Finding]``: the findings in one string;
- ``scan_records(records, config=ScanConfig()) -> ScanSummary``: dicts already in memory;
- ``scan_paths(paths, config=ScanConfig()) -> ScanSummary``: files and directories;
- ``redact_text(text, policy) -> str`` and ``redact_path(input, output, policy)``: a
  redacted string, a redacted copy of a file or a directory (``RedactSummary``);
- ``ScanConfig``, ``RedactionPolicy`` (operators per entity type and the key),
  ``Finding``, ``ScanSummary`` (``to_report()``: the JSON report).

>>> import scanner
>>> scanner.redact_text("Tel 06 12 34 56 78", scanner.RedactionPolicy(key=b"k" * 32, operators={"PHONE_NUMBER": "mask"}))
'Tel ** ** ** ** **'
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scanner.api import analyze_text, redact_text
    from scanner.models import Finding
    from scanner.redact.pipeline import redact_path
    from scanner.redact.policy import RedactionPolicy
    from scanner.report import ScanSummary
    from scanner.scan import ScanConfig, scan_paths, scan_records

__all__ = [
    "Finding",
    "RedactionPolicy",
    "ScanConfig",
    "ScanSummary",
    "analyze_text",
    "redact_path",
    "redact_text",
    "scan_paths",
    "scan_records",
]

_MODULES = {
    "Finding": "scanner.models",
    "RedactionPolicy": "scanner.redact.policy",
    "ScanConfig": "scanner.scan",
    "ScanSummary": "scanner.report",
    "analyze_text": "scanner.api",
    "redact_path": "scanner.redact.pipeline",
    "redact_text": "scanner.api",
    "scan_paths": "scanner.scan",
    "scan_records": "scanner.scan",
}
"""Where each public name is defined, imported on first use."""


def __getattr__(name: str):
    if name in _MODULES:
        return getattr(importlib.import_module(_MODULES[name]), name)
    raise AttributeError(f"module 'scanner' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
