"""ICD-10 (CIM-10) codes written in free text, checked against the real CIM-10 FR list.

A dotted code (``E11.9``, ``F32.1``) is reported when the list has it. An undotted one
(``E119``, ``B20``) looks like many other things (a bus line, a room, a product
reference), so it is reported only with a coding cue just before it ("CIM-10", "code",
"DP", "diagnostic"...) or when it is the whole text (a diagnosis column cell).

>>> [m.code for m in find_icd10_codes("DP : E11.9 ; DAS F32.1")]
['E11.9', 'F32.1']
>>> find_icd10_codes("Code E99.9")  # E99 does not exist
[]
>>> find_icd10_codes("Prendre le bus B20")
[]
>>> [m.code for m in find_icd10_codes("B20")]
['B20']
"""

from __future__ import annotations

import csv
import gzip
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from scanner.terminology.categories import category_for_icd10
from scanner.terminology.normalize import normalize

DATA_DIR = Path(__file__).parent / "data"

_CODE = re.compile(
    r"(?<![A-Za-z0-9.])([A-Z])(\d{2})(?:(\.)(\d{1,2})|(\d{1,2}))?(?![A-Za-z0-9]|\.\d)"
)
CODE_CUES = frozenset(
    {"cim", "cim10", "cim 10", "icd", "icd10", "code", "codes", "codage", "code", "dp",
     "dr", "das", "diagnostic", "diag", "dg", "diagnostics"}
)
_CUE_WINDOW = 30


@dataclass(frozen=True)
class CodeMatch:
    start: int
    end: int
    code: str
    category: str


@lru_cache(maxsize=1)
def icd10_codes() -> frozenset[str]:
    """Return the set of CIM-10 FR codes, compact form (``E119``)."""
    raw = gzip.decompress((DATA_DIR / "icd10_fr.tsv.gz").read_bytes()).decode("utf-8")
    rows = csv.reader(io.StringIO(raw), delimiter="\t")
    next(rows)
    return frozenset(row[0] for row in rows)


def is_icd10_code(code: str) -> bool:
    """Return whether ``code`` (``E11.9`` or ``E119``) is in the CIM-10 FR list."""
    return code.replace(".", "").strip().upper() in icd10_codes()


def to_dotted(compact: str) -> str:
    """Return ``E11.9`` for ``E119`` (and ``B20`` unchanged)."""
    return compact if len(compact) == 3 else f"{compact[:3]}.{compact[3:]}"


def _has_cue_before(text: str, start: int) -> bool:
    words = normalize(text[max(0, start - _CUE_WINDOW) : start])[0].split()
    tail = words[-4:]
    return any(w in CODE_CUES for w in tail) or " ".join(tail[-2:]) in CODE_CUES


def find_icd10_codes(text: str) -> list[CodeMatch]:
    """Return the valid ICD-10 codes written in ``text``."""
    codes = icd10_codes()
    whole = text.strip()
    found = []
    for match in _CODE.finditer(text):
        letter, digits, dot, after_dot, compact_tail = match.groups()
        compact = letter + digits + (after_dot or compact_tail or "")
        if compact not in codes:
            continue
        if not dot and match.group() != whole and not _has_cue_before(text, match.start()):
            continue
        found.append(CodeMatch(match.start(), match.end(), to_dotted(compact), category_for_icd10(compact)))
    return found
