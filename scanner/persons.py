"""Distinct persons: a person key per record, counted as keyed hashes, never stored raw.

A record's person key is, in this order of preference:

1. ``nir``: its NIR, from the first ``FR_NIR`` (or ``FR_INS``: a NIR or NIA with its OID)
   finding of a structured column (a ``nir`` or ``num_secu`` column), else the first one in
   free text; any such finding counts
   (a valid key, or a wrong key next to NIR context), normalised with ``nir.compact``
   (no separators, upper-case 2A/2B);
2. ``name_birthdate``: a normalised name and a normalised birth date, both required:

   - table rows: the name columns (``nom``, ``prenom``, ``nom_naissance``, ``lastName``...,
     not a ``nom_medecin``) joined, and the birth-date column (a name with ``naissance``,
     ``birth``, ``ddn`` or ``dob``);
   - free text (notes): the first ``PERSON`` finding, and the first ``DATE_TIME`` finding
     that follows a birth cue ("né le", "née le", "naissance", "DDN") within 20 characters;

3. none: the record names nobody in a way that can be told apart (it is not counted).

Names are normalised to their accent-free, lower-case letter words, civil titles removed
(M., Mme, Dr...), sorted (``ROUX Camille`` == ``Camille Roux``); dates to ``YYYY-MM-DD``.
The key is ``HMAC-SHA256(salt, material)`` truncated to 8 bytes, with a random salt per
run: the report cannot be joined with another run or reversed by hashing a list of NIRs.

>>> normalize_name("Mme Camille  ROUX"), normalize_name("roux, CAMILLE")
('camille roux', 'camille roux')
>>> normalize_date("12/03/1965"), normalize_date("1965-03-12"), normalize_date("1er mars 1965")
('1965-03-12', '1965-03-12', '1965-03-01')
>>> seen = KeySet()
>>> seen.update([12345, 12345]); seen.update([99]); len(seen)
2
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
import unicodedata
from array import array
from collections import Counter
from collections.abc import Callable, Iterable

import numpy as np

from scanner.columns import ColumnKind, column_words
from scanner.identifiers import nir
from scanner.models import Finding, Record

TITLES = frozenset(
    "m mr mme mlle melle monsieur madame mademoiselle dr docteur pr professeur me".split()
)
"""Civil and professional titles dropped from names (folded, without the dot)."""

NIR_ENTITY_TYPES = frozenset({"FR_NIR", "FR_INS"})
"""Entity types whose value is a NIR (an INS's matricule is the patient's NIR or NIA)."""

BIRTH_CUE = re.compile(r"(?:\bn[ée]e?s?\b|\bn[ée]\(e\)|\bnaissance\b|\bddn\b)[^\n]{0,20}$", re.IGNORECASE)
_NAME_COLUMN_WORDS = frozenset({"nom", "noms", "prenom", "prenoms", "name", "firstname", "lastname",
                                "surname", "patronyme", "first", "last", "given", "family",
                                "naissance", "usage", "jeune", "fille", "patient"})
_BIRTH_COLUMN = re.compile(r"\b(naissance|birth|birthdate|ddn|dob|datenaissance)\b")
_MONTHS = {m: i for i, m in enumerate(
    "janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre".split(), 1)}
_DMY = re.compile(r"^(\d{1,2})[/.\- ](\d{1,2})[/.\- ](\d{4}|\d{2})$")
_YMD = re.compile(r"^(\d{4})[/.\-](\d{1,2})[/.\-](\d{1,2})(?:[ T].*)?$")
_D_MONTH_Y = re.compile(r"^(\d{1,2}|1er) ([a-z]+)\.? (\d{4}|\d{2})$")


def fold(text: str) -> str:
    """Lower-case, accent-free text."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


def name_tokens(text: str) -> list[str]:
    """The folded letter words of a name, titles removed.

    >>> name_tokens("Dr Jean-Pierre D'ANGELO")
    ['jean', 'pierre', 'd', 'angelo']
    """
    return [w for w in re.split(r"[^a-z]+", fold(text)) if w and w not in TITLES]


def normalize_name(text: str) -> str:
    """Sorted folded name words: the same for any order, case or accents."""
    return " ".join(sorted(name_tokens(text)))


def normalize_date(text: str) -> str | None:
    """``YYYY-MM-DD`` for the usual French and ISO forms (two-digit years kept as ``YY``)."""
    value = fold(text.strip())
    match = _DMY.match(value)
    if match:
        day, month, year = match.groups()
    elif match := _YMD.match(value):
        year, month, day = match.groups()
    elif match := _D_MONTH_Y.match(value):
        day, name, year = match.groups()
        if name not in _MONTHS:
            return None
        day, month = ("1" if day == "1er" else day), str(_MONTHS[name])
    else:
        return None
    if not (1 <= int(month) <= 12 and 1 <= int(day) <= 31):
        return None
    return f"{year}-{int(month):02d}-{int(day):02d}"


@functools.lru_cache(maxsize=4096)
def is_name_column(field: str) -> bool:
    """A patient name column (``nom``, ``prenom``...), not a practitioner's (``nom_medecin``)."""
    words = column_words(field.rsplit(".", 1)[-1])
    return bool(words) and set(words) <= _NAME_COLUMN_WORDS and bool(set(words) - {"patient", "naissance"})


@functools.lru_cache(maxsize=4096)
def is_birth_date_column(field: str) -> bool:
    """``date_naissance``, ``birthDate``, ``ddn``, ``dob``..."""
    return bool(_BIRTH_COLUMN.search(" ".join(column_words(field.rsplit(".", 1)[-1]))))


KindOf = Callable[[str], "ColumnKind | None"]


def row_name(record: Record, kind_of: KindOf) -> str:
    """The joined name columns of a table row ('' when it has none)."""
    return " ".join(
        value for field, value in record.fields.items()
        if kind_of(field) is ColumnKind.PERSON_NAME and is_name_column(field)
    )


def person_material(record: Record, findings: list[Finding], kind_of: KindOf) -> tuple[str, str] | None:
    """``(method, material)`` for the record's person key, or None (see module docstring)."""
    in_text = None  # the first NIR of a free-text field, if no structured column has one
    for f in findings:
        if f.entity_type in NIR_ENTITY_TYPES and f.value:
            if kind_of(f.field) is not ColumnKind.FREE_TEXT:
                return "nir", "nir:" + nir.compact(f.value)
            in_text = in_text or f
    if in_text:
        return "nir", "nir:" + nir.compact(in_text.value)
    name = normalize_name(row_name(record, kind_of))
    birth = None
    if name:
        birth = next(
            (normalize_date(v) for f, v in record.fields.items() if is_birth_date_column(f) and normalize_date(v)),
            None,
        )
    else:
        for finding in findings:
            if kind_of(finding.field) is not ColumnKind.FREE_TEXT:
                continue
            if finding.entity_type == "PERSON" and not name:
                name = normalize_name(finding.value)
            elif finding.entity_type == "DATE_TIME" and birth is None:
                before = record.fields.get(finding.field, "")[: finding.start]
                if BIRTH_CUE.search(before):
                    birth = normalize_date(finding.value)
    if name and birth:
        return "name_birthdate", f"nb:{name}|{birth}"
    return None


class KeySet:
    """A set of 64-bit keys: the distinct keys in one sorted numpy array, and the keys added
    since in a flat ``array('Q')``, merged into it when they are as many.

    Adding keys only appends 8 bytes each (a scan adds one per keyed record, and merges its
    workers' keys in bulk); the distinct keys are worked out by numpy when asked, and whenever the
    added keys outnumber them (each key is sorted a few times at most). 8 bytes per
    distinct key, 16 to 24 while merging, against 70 to 90 for a Python ``set`` of ints:
    15 million persons take 120 MB.

    >>> keys = KeySet(); keys.update([3, 5, 3]); keys.update([7]); len(keys), sorted(keys)
    (3, [3, 5, 7])
    """

    MIN_MERGE = 1 << 16
    """Added keys kept aside before the first merge."""

    def __init__(self) -> None:
        self._distinct = np.empty(0, dtype=np.uint64)
        self._added = array("Q")

    def __len__(self) -> int:
        self._merge()
        return len(self._distinct)

    @property
    def nbytes(self) -> int:
        return self._distinct.nbytes + self._added.itemsize * len(self._added)

    def update(self, keys: Iterable[int]) -> None:
        """Add every key of ``keys`` (another KeySet: a part's keys, merged into the whole scan's)."""
        if isinstance(keys, KeySet):
            self._added.extend(keys._added)
            if len(keys._distinct):
                self._distinct = np.union1d(self._distinct, keys._distinct)
        else:
            self._added.extend(keys)
        if len(self._added) >= max(self.MIN_MERGE, len(self._distinct)):
            self._merge()

    def __iter__(self):
        self._merge()
        return iter(self._distinct.tolist())

    def _merge(self) -> None:
        if self._added:
            self._distinct = np.union1d(self._distinct, np.frombuffer(self._added, dtype=np.uint64))
            self._added = array("Q")


KEY_BYTES = 8


class PersonCounter:
    """Distinct persons and duplicates over a scan, from keyed hashes only."""

    def __init__(self, salt: bytes | None = None) -> None:
        salt = salt or os.urandom(32)
        # HMAC (RFC 2104) with the inner and outer SHA-256 states computed once: the same
        # digest as hmac.digest(salt, msg, "sha256"), about 4 times faster per call.
        block = salt.ljust(64, b"\0")
        self._inner = hashlib.sha256(bytes(b ^ 0x36 for b in block))
        self._outer = hashlib.sha256(bytes(b ^ 0x5C for b in block))
        self._start_counts()

    def _start_counts(self) -> None:
        self.keys = KeySet()
        self.keyed_records = 0
        self.by_method: dict[str, int] = {}

    def fresh(self) -> PersonCounter:
        """An empty counter with the same keys (same salt): a part of the scan to ``merge`` later.

        >>> whole = PersonCounter(); part = whole.fresh()
        >>> part.add("nir", "nir:1"); whole.add("nir", "nir:1")
        >>> whole.merge(part); whole.distinct, whole.duplicates
        (1, 1)
        """
        part = PersonCounter.__new__(PersonCounter)
        part._inner, part._outer = self._inner, self._outer
        part._start_counts()
        return part

    def __getstate__(self) -> dict:
        """Pickled (sent from a worker process) with its counts, never its salt."""
        return {k: v for k, v in self.__dict__.items() if k not in ("_inner", "_outer")}

    def merge(self, part: PersonCounter) -> None:
        """Add the records counted by ``part`` (made by ``fresh``)."""
        self.keyed_records += part.keyed_records
        for method, n in part.by_method.items():
            self.by_method[method] = self.by_method.get(method, 0) + n
        self.keys.update(part.keys)

    def key(self, material: str) -> int:
        """The keyed hash of ``material``: HMAC-SHA256 with the run's salt, first 8 bytes.

        >>> import hmac
        >>> PersonCounter(b"k" * 32).key("nir:1") == int.from_bytes(hmac.digest(b"k" * 32, b"nir:1", "sha256")[:8], "big")
        True
        """
        inner = self._inner.copy()
        inner.update(material.encode("utf-8"))
        outer = self._outer.copy()
        outer.update(inner.digest())
        return int.from_bytes(outer.digest()[:KEY_BYTES], "big")

    def add(self, method: str, material: str) -> None:
        """Count one keyed record."""
        self.add_all([(method, material)])

    def add_all(self, materials: list[tuple[str, str]]) -> None:
        """``add`` each ``(method, material)`` of a batch of keyed records."""
        self.keyed_records += len(materials)
        for method, count in Counter([method for method, _ in materials]).items():
            self.by_method[method] = self.by_method.get(method, 0) + count
        key = self.key
        self.keys.update([key(material) for _, material in materials])

    @property
    def distinct(self) -> int:
        return len(self.keys)

    @property
    def duplicates(self) -> int:
        """Keyed records whose person key had already been seen."""
        return self.keyed_records - self.distinct

    @property
    def method(self) -> str:
        """``nir``, ``name_birthdate``, ``nir+name_birthdate`` (both used) or ``none``."""
        used = [m for m in ("nir", "name_birthdate") if self.by_method.get(m)]
        return "+".join(used) or "none"

