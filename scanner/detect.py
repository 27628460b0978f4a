"""Detection: findings in every field of a record, column-aware.

Each column (a field name within one source and table) is classified once, from its
name and the values of the first batch it appears in (``scanner.columns``):

- free-text columns go through the full pipeline, spaCy included, in batches;
- name and address columns are findings as whole cells (``nom``, ``adresse``, ``cp``...);
- other columns are checked with the pattern recognizers only (no spaCy), the column
  name serving as their context words (a ``nir`` column boosts NIR-shaped values);
- health terms are kept only in columns that can hold them (``holds_health_terms``): a
  film title "COMA" or a state code "OH" is no diagnosis;
- names are kept as the column's ``NameTrust`` says (``name_trust``): none in a title or
  a track's name ("Mr. Crowley"), only cued ones in a film's description; a column of
  titles or of places that designate no one keeps its places and dates too (``absent_types``);
- dates are kept in free text and in columns of a person's dates only
  (``holds_personal_dates``): a birth or consultation date, not a ``last_update``;
- a postal-code or phone column makes each cell of that shape an address or a phone
  number, whatever its country (``header_entity``): "T6G 2C7", "14033335568".

A free text longer than ``WINDOW_SIZE`` is analysed in overlapping windows
(``text_windows``), so its cost grows with its length and spaCy never sees more than a
window at once.

>>> resolve_overlaps([ScoredSpan(0, 10, 0.6), ScoredSpan(2, 8, 1.0), ScoredSpan(12, 15, 0.5)])
[ScoredSpan(start=2, end=8, score=1.0), ScoredSpan(start=12, end=15, score=0.5)]
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Protocol, TypeVar

from scanner.compat.presidio_import import import_presidio

import_presidio()  # before Presidio's first import: see scanner.compat.presidio_import

from presidio_analyzer import AnalyzerEngine, PatternRecognizer, RecognizerResult
from presidio_analyzer.predefined_recognizers import SpacyRecognizer

from scanner.classify import is_sensitive
from scanner.columns import (
    ColumnKind, NameTrust, absent_types, classify_column, header_context, header_entity, header_shaped,
    header_digits, holds_health_terms, holds_personal_dates, is_ins_column, is_ins_oid_column, name_trust,
    zero_padded,
)
from scanner.compat.fast_patterns import FastPatternRunner
from scanner.engine import CONTEXT_BOOST, LANGUAGE, MIN_SCORE_WITH_CONTEXT, SCORE_THRESHOLD, get_analyzer
from scanner.identifiers import postcode
from scanner.models import Block, Finding, Hit, Record
from scanner.names import LIST_SCORE


class _HasSpan(Protocol):
    start: int
    end: int
    score: float


S = TypeVar("S", bound=_HasSpan)
T = TypeVar("T")


@dataclass(frozen=True)
class ScoredSpan:
    """The least a span needs for ``resolve_overlaps``: where it is and its score."""

    start: int
    end: int
    score: float


def resolve_overlaps(spans: Iterable[S]) -> list[S]:
    """Keep one span per overlapping group: highest score, then longest, then first.

    The spans kept so far are disjoint, so they stay sorted by start and end at once: a
    candidate is checked against its two neighbours only, not all of them (a long note has
    thousands of spans).
    """
    ranked = sorted(spans, key=lambda s: (-s.score, -(s.end - s.start), s.start))
    keys: list[tuple[int, int]] = []
    kept: list[S] = []
    for span in ranked:
        key = (span.start, span.end)
        i = bisect.bisect_right(keys, key)
        if (i == 0 or kept[i - 1].end <= span.start) and (i == len(kept) or span.end <= kept[i].start):
            keys.insert(i, key)
            kept.insert(i, span)
    return kept


_NOT_DIGITS = str.maketrans("", "", "0123456789")
_ASCII_LETTER = re.compile(r"[A-Za-z]")


def char_counts(text: str) -> tuple[int, bool]:
    """The number of digits in ``text`` and whether it holds a letter (Unicode-aware).

    >>> char_counts("06 12 34 56 78"), char_counts("2A 004"), char_counts("n° ١٢")
    ((10, False), (4, True), (2, True))
    """
    if text.isascii():
        return len(text) - len(text.translate(_NOT_DIGITS)), _ASCII_LETTER.search(text) is not None
    digits = sum(c.isdigit() for c in text)
    return digits, digits < len(text) and any(c.isalpha() for c in text)


def _shape(text: str, digits: int, has_letter: bool, patterns_only: bool) -> tuple:
    """What ``can_match`` looks at in a cell (with ``char_counts``' digits and letter): the
    key of ``Detector._checkers_by_shape``.

    >>> _shape("12345", 5, False, True)
    (True, 5, False, False, True)
    """
    return (patterns_only, digits, has_letter, "@" in text, digits == len(text))


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


_NAME_KEY = RecognizerResult.RECOGNIZER_NAME_KEY


def as_hits(results: list[RecognizerResult]) -> tuple[Hit, ...]:
    """Presidio results as hits.

    >>> as_hits([RecognizerResult("FR_NIR", 0, 15, 1.0, recognition_metadata={"recognizer_name": "FrNirRecognizer"})])
    (Hit(entity_type='FR_NIR', start=0, end=15, score=1.0, recognizer='FrNirRecognizer', category=None, qualifier=None),)
    """
    hits = []
    for r in results:
        metadata = r.recognition_metadata or {}
        hits.append(Hit(r.entity_type, r.start, r.end, r.score, metadata.get(_NAME_KEY, ""),
                        metadata.get("category"), metadata.get("qualifier")))
    return tuple(hits)


def blocks_of(records: list[Record]) -> list[Block]:
    """``records`` grouped into one block per table (no hits yet), in the order each table
    first appears.

    >>> rows = [Record("a.csv", None, "1", {"nom": "ROUX", "cp": "75011"}), Record("b.jsonl", None, "1", {"cp": "1"}),
    ...         Record("a.csv", None, "2", {"cp": "69001", "ville": "Lyon"}), Record("b.jsonl", None, "2", {"x": "", "cp": "2"})]
    >>> [(b.source, b.names, b.rows, b.orders, b.cells) for b in blocks_of(rows)]
    [('a.csv', ['nom', 'cp', 'ville'], [0, 2], {}, [['ROUX', None], ['75011', '69001'], [None, 'Lyon']]), \
('b.jsonl', ['cp', 'x'], [1, 3], {1: [1, 0]}, [['1', '2'], [None, '']])]
    """
    blocks: dict[tuple[str, str | None], Block] = {}
    layouts: dict[tuple, tuple[Block, list[int] | None]] = {}  # a table's list of fields -> its block, its order
    for i, record in enumerate(records):
        names = tuple(record.fields)
        key = (record.source, record.table, names)
        layout = layouts.get(key)
        if layout is None:
            block = blocks.get(key[:2])
            if block is None:
                block = blocks[key[:2]] = Block(record.source, record.table)
            layout = layouts[key] = (block, block.place(i, names))
        block, order = layout
        if order is not None:
            block.orders[len(block.rows)] = order
        block.rows.append(i)
    for block in blocks.values():
        fields = [records[i].fields for i in block.rows]
        if len(block.field_lists) == 1 and block.names:  # every record has every field, in order
            block.cells = [list(column) for column in zip(*[row.values() for row in fields])]
        else:
            block.cells = [[row.get(name) for row in fields] for name in block.names]
    return list(blocks.values())


def findings_of(records: list[Record], blocks: list[Block]) -> list[list[Finding]]:
    """The findings of each record from the hits of its block, in field order.

    >>> rows = [Record("a.csv", None, "7", {"nom": "ROUX", "cp": "-"})]
    >>> [block] = blocks_of(rows); block.hits = [[(Hit("PERSON", 0, 4, 0.85, "column"),)], [()]]
    >>> [(f.record, f.field, f.entity_type, f.value) for f in findings_of(rows, [block])[0]]
    [('7', 'nom', 'PERSON', 'ROUX')]
    """
    findings: list[list[Finding]] = [[] for _ in records]
    for block in blocks:
        for i, row in enumerate(block.rows):
            findings[row] = block.findings(records[row], i)
    return findings


def _batches(items: list[T], size_of: Callable[[T], int]) -> Iterator[list[T]]:
    """``items`` in consecutive batches of at most ``BATCH_SIZE`` items and ``BATCH_CHARS``
    characters (a single bigger item makes a batch of its own).

    >>> [len(b) for b in _batches(["a" * 150_000, "b" * 60_000, "c", "d"], len)]
    [1, 3]
    """
    batch: list[T] = []
    chars = 0
    for item in items:
        size = size_of(item)
        if batch and (len(batch) == BATCH_SIZE or chars + size > BATCH_CHARS):
            yield batch
            batch, chars = [], 0
        batch.append(item)
        chars += size
    if batch:
        yield batch


class _RecognizerCall:
    """A recognizer that is not a plain pattern recognizer, called as Presidio would.

    Every such recognizer here needs a letter: names and terms obviously, and an IBAN
    starts with its country code.
    """

    def __init__(self, recognizer) -> None:
        self.recognizer = recognizer
        self.needs_digit = "IBAN_CODE" in recognizer.supported_entities

    def can_match(self, text: str, digits: int, has_letter: bool) -> bool:
        return (digits or not self.needs_digit) and has_letter

    def analyze(self, text: str) -> list[RecognizerResult]:
        return self.recognizer.analyze(text, self.recognizer.supported_entities, None)


def cell_checker(recognizer) -> FastPatternRunner | _RecognizerCall:
    """The cheapest faithful way to run ``recognizer`` on a short cell.

    >>> from presidio_analyzer import Pattern
    >>> checker = cell_checker(PatternRecognizer("FR_X", patterns=[Pattern("x", r"\\d{4}", 0.6)]))
    >>> type(checker).__name__, [(r.start, r.end) for r in checker.analyze("n 1234")]
    ('FastPatternRunner', [(2, 6)])
    """
    if isinstance(getattr(recognizer, "runner", None), FastPatternRunner):  # FrenchPatternRecognizer, e-mail
        return recognizer.runner
    if isinstance(recognizer, PatternRecognizer) and type(recognizer).analyze is PatternRecognizer.analyze:
        return FastPatternRunner(recognizer)
    return _RecognizerCall(recognizer)


BATCH_SIZE = 256
"""Texts per spaCy ``nlp.pipe`` batch: the notes of a whole chunk at once (about 15% faster
per note than batches of 64)."""
BATCH_CHARS = 64_000
"""At most this many characters per spaCy batch (one text may pass it): spaCy's memory
grows with the characters of a batch (about 100 MB per 100,000), and a chunk may hold long
notes. 256 notes of the usual 250 characters still make one batch."""

WINDOW_SIZE = 10_000
"""A free text longer than this is analysed in windows of at most this many characters
(``text_windows``): spaCy refuses a text of over a million characters, and the cost of one
text grew faster than its length (context lookups, overlap resolution)."""
WINDOW_OVERLAP = 500
"""Characters a window reads beyond the part it answers for, on each side: an entity on a
cut is found whole, with the context words before it (up to half this before and after
the cut, whatever the cut)."""


@dataclass(frozen=True, slots=True)
class Window:
    """``text[start:end]`` is analysed; its results that start in ``[own_start, own_end)``
    are kept (the parts windows answer for cover the text once)."""

    start: int
    end: int
    own_start: int
    own_end: int


def _cut(text: str, position: int, lowest: int) -> int:
    """Where to cut ``text`` at or before ``position`` (not before ``lowest``): after the
    last line break, else sentence end, else blank, else at ``position``.

    >>> _cut("Vu ce jour. Mme ROUX va bien", 20, 5), _cut("Vu ce jour. Mme ROUX va bien", 20, 13)
    (12, 16)
    """
    for separator in ("\n", ". ", " "):
        found = text.rfind(separator, lowest, position)
        if found >= 0:
            return found + len(separator)
    return position


def text_windows(text: str, size: int = WINDOW_SIZE, overlap: int = WINDOW_OVERLAP) -> list[Window]:
    """The windows ``text`` is analysed in: one for a text of at most ``size`` characters,
    else windows of at most ``size`` characters, cut at line breaks, sentence ends or blanks
    where possible, each reading ``overlap / 2`` to ``overlap`` characters beyond its part.

    >>> text_windows("court")
    [Window(start=0, end=5, own_start=0, own_end=5)]
    >>> note = "Vu ce jour. Mme ROUX, NIR 2 63 03 97 154 375 14.\\nRDV le 3 mars." * 3
    >>> [(w.start, w.end, w.own_start, w.own_end) for w in text_windows(note, size=80, overlap=20)]
    [(0, 49, 0, 37), (26, 94, 37, 75), (58, 132, 75, 112), (100, 171, 112, 152), (138, 189, 152, 189)]
    """
    half = overlap // 2
    bounds = [0]
    while len(text) - bounds[-1] > (size - overlap if bounds[-1] else size):  # the last reads back
        target = bounds[-1] + size - 2 * overlap
        bounds.append(_cut(text, target, target - (size - 2 * overlap) // 4))
    bounds.append(len(text))
    return [
        Window(
            0 if own_start == 0 else _cut(text, own_start - half, own_start - overlap),
            len(text) if own_end == len(text) else _cut(text, own_end + overlap, own_end + half),
            own_start,
            own_end,
        )
        for own_start, own_end in zip(bounds, bounds[1:])
    ]

COLUMN_SCORE = 0.85
COLUMN_SCORES = {ColumnKind.PERSON_NAME: ("PERSON", COLUMN_SCORE), ColumnKind.ADDRESS: ("ADDRESS", COLUMN_SCORE)}
COLUMN_RECOGNIZER = "ColumnNameRecognizer"
CACHE_LIMIT = 50_000
"""Distinct values remembered per column (cities, postcodes, dates repeat)."""
CACHE_MIN_HITS = CACHE_LIMIT // 10
"""A column whose cache was reused fewer times than this before filling up is not cached
any more (identifiers never repeat: remembering them only costs memory)."""
EXPECTED_SHARE = 0.8
"""A recognizer that alone explains this share of a column's sample is tried first."""


def without_health_terms(hits: tuple[Hit, ...]) -> tuple[Hit, ...]:
    """``hits`` without those that would make a record sensitive (``classify.is_sensitive``).

    >>> [hit.entity_type for hit in without_health_terms((Hit("DIAGNOSIS", 0, 4, 0.9, "t", "other_health"), Hit("PERSON", 5, 9, 0.85, "p")))]
    ['PERSON']
    """
    if not any(is_sensitive(hit.entity_type, hit.category) for hit in hits):
        return hits
    return tuple(hit for hit in hits if not is_sensitive(hit.entity_type, hit.category))


def without_dates(hits: tuple[Hit, ...]) -> tuple[Hit, ...]:
    """``hits`` without DATE_TIME ones (a column of bookkeeping dates: no person's dates).

    >>> [hit.entity_type for hit in without_dates((Hit("DATE_TIME", 0, 10, 0.95, "d"), Hit("PHONE_NUMBER", 11, 25, 0.9, "p")))]
    ['PHONE_NUMBER']
    """
    return tuple(hit for hit in hits if hit.entity_type != "DATE_TIME")


CUED_NAME_RECOGNIZER = "FrPersonRecognizer"
"""The recognizer of names after a cue (``scanner.names``); from ``LIST_SCORE`` up, a title,
a relation or a listed first name beside an UPPER-CASE surname vouches for the name."""


def is_cued_name(recognizer: str, score: float) -> bool:
    """A PERSON found after a cue (a title, a relation...), not on its looks alone.

    >>> is_cued_name(CUED_NAME_RECOGNIZER, 0.9), is_cued_name("FrSpacyPersonRecognizer", 0.9)
    (True, False)
    """
    return recognizer == CUED_NAME_RECOGNIZER and score >= LIST_SCORE


def with_trusted_names(hits: tuple[Hit, ...], trust: NameTrust) -> tuple[Hit, ...]:
    """``hits`` without the PERSON ones that a column of this ``trust`` does not keep.

    >>> hits = (Hit("PERSON", 0, 6, 0.85, "FrSpacyPersonRecognizer"), Hit("PERSON", 12, 22, 0.9, "FrPersonRecognizer"))
    >>> [hit.start for hit in with_trusted_names(hits, NameTrust.CUED)], with_trusted_names(hits, NameTrust.NONE)
    ([12], ())
    """
    if trust is NameTrust.ALL or not any(hit.entity_type == "PERSON" for hit in hits):
        return hits
    return tuple(
        hit for hit in hits
        if hit.entity_type != "PERSON"
        or trust is NameTrust.CUED and is_cued_name(hit.recognizer, hit.score)
    )


def without_types(hits: tuple[Hit, ...], absent: frozenset[str]) -> tuple[Hit, ...]:
    """``hits`` without those of the entity types a column holds none of.

    >>> [hit.entity_type for hit in without_types((Hit("ADDRESS", 0, 8, 0.85, "c"), Hit("EMAIL_ADDRESS", 9, 20, 1.0, "e")), frozenset({"ADDRESS"}))]
    ['EMAIL_ADDRESS']
    """
    if not absent or not any(hit.entity_type in absent for hit in hits):
        return hits
    return tuple(hit for hit in hits if hit.entity_type not in absent)


def is_alnum_covered(text: str, spans: list[tuple[int, int]]) -> bool:
    """True when every letter and digit of ``text`` lies inside some ``(start, end)`` span.

    >>> is_alnum_covered(" 06 12 34 56 78.", [(1, 15)]), is_alnum_covered("tel 06 12 34 56 78", [(4, 18)])
    (True, False)
    """
    if len(spans) == 1:  # the usual cell
        [(start, end)] = spans
        return not (_has_alnum(text[:start]) or _has_alnum(text[end:]))
    position = 0
    for start, end in sorted(spans):
        if _has_alnum(text[position:start]):
            return False
        position = max(position, end)
    return not _has_alnum(text[position:])


def _with_context(score: float, context: frozenset[str], recognizer_context: set[str]) -> float:
    """A score below the threshold lifted as Presidio's context enhancer would (+0.35, at
    least 0.4) when the column's words hold one of the recognizer's context words.

    >>> _with_context(0.4, frozenset({"rpps"}), {"rpps", "dr"}), _with_context(0.4, frozenset(), {"rpps"})
    (0.75, 0.4)
    """
    if score < SCORE_THRESHOLD and context & recognizer_context:
        return max(score + CONTEXT_BOOST, MIN_SCORE_WITH_CONTEXT)
    return score


def as_ins(column: list[tuple[Hit, ...]]) -> list[tuple[Hit, ...]]:
    """The hits of an INS column, its NIRs as FR_INS (the matricule of an INS is a NIR or NIA).

    >>> as_ins([(Hit("FR_NIR", 0, 15, 1.0, "FrNirRecognizer"),), ()])
    [(Hit(entity_type='FR_INS', start=0, end=15, score=1.0, recognizer='FrNirRecognizer', category=None, qualifier=None),), ()]
    """
    return [
        tuple(hit._replace(entity_type="FR_INS") if hit.entity_type == "FR_NIR" else hit for hit in hits)
        if hits else hits
        for hits in column
    ]


def unpadded(hits: tuple[Hit, ...], padded: str, text: str) -> tuple[Hit, ...]:
    """The hits in ``zero_padded(text)`` moved back onto ``text``: a hit of the whole padded
    number covers the cell's digits.

    >>> unpadded((Hit("FR_TAX_ID", 0, 13, 1.0, "r"),), "0701987765493", "701987765493.0")
    (Hit(entity_type='FR_TAX_ID', start=0, end=12, score=1.0, recognizer='r', category=None, qualifier=None),)
    """
    zeros = len(padded) - len(text.removesuffix(".0"))
    return tuple(hit._replace(start=max(0, hit.start - zeros), end=hit.end - zeros) for hit in hits if hit.end > zeros)


def _has_alnum(text: str) -> bool:
    return bool(text) and any(c.isalnum() for c in text)


@dataclass
class ColumnPlan:
    """How one column's cells are checked, decided once from its name and first values."""

    kind: ColumnKind
    context: frozenset[str]
    expected: int | None = None
    health_terms: bool = True
    """Whether the column's health terms are health data (else they are dropped)."""
    names: NameTrust = NameTrust.ALL
    """Which of the column's PERSON findings are kept."""
    dates: bool = True
    """Whether the column's dates are a person's (else they are dropped)."""
    absent: frozenset[str] = frozenset()
    """Entity types the column holds none of (``columns.absent_types``)."""
    shaped: str | None = None
    """The entity type of a cell of the right shape, from the header (``columns.header_entity``)."""
    ins: bool = False
    """Whether the column's NIRs are INS (``as_ins``): its header says so, or a column of its
    table holds INS OIDs alone."""
    digits: int | None = None
    """The digit count of the identifier the header names (``columns.header_digits``): an
    integer cell with fewer is checked with its lost leading zeros."""
    cache: dict[str, tuple[Hit, ...]] = field(default_factory=dict)
    cache_hits: int = 0
    cached: bool = True

    @property
    def spec(self) -> PlanSpec:
        return PlanSpec(self.kind, self.context, self.expected, self.health_terms, self.names, self.dates,
                        self.absent, self.shaped, self.ins, self.digits)


@dataclass(frozen=True)
class PlanSpec:
    """What a worker needs of a column plan (no cache)."""

    kind: ColumnKind
    context: frozenset[str]
    expected: int | None
    health_terms: bool = True
    names: NameTrust = NameTrust.ALL
    dates: bool = True
    absent: frozenset[str] = frozenset()
    shaped: str | None = None
    ins: bool = False
    digits: int | None = None


class Detector:
    """Turns records into findings with one shared analyzer engine."""

    def __init__(self, analyzer: AnalyzerEngine | None = None) -> None:
        self.analyzer = analyzer or get_analyzer()
        self.columns: dict[tuple[str, str | None, str], ColumnPlan] = {}
        self._kinds: dict[tuple[str, str | None], dict[str, ColumnKind]] = {}
        self._cell_checkers = [
            (cell_checker(recognizer), {_fold(w) for w in recognizer.context or ()})
            for recognizer in self.analyzer.registry.recognizers
            if not isinstance(recognizer, SpacyRecognizer)
        ]
        self._pattern_checkers = [c for c in self._cell_checkers if isinstance(c[0], FastPatternRunner)]
        self._checkers_by_shape: dict[tuple, list] = {}
        """The checkers that can match a cell, by what ``can_match`` looks at in it."""
        self._ins_tables: dict[tuple[str, str | None], bool] = {}
        """Whether a column of each table holds INS OIDs alone (``_has_ins_oids``)."""
        self._checker_by_name = {
            checker.recognizer.name: i for i, (checker, _) in enumerate(self._cell_checkers)
        }

    def analyze_texts(self, texts: list[str]) -> list[list[RecognizerResult]]:
        """Full-pipeline results for each free text, non-overlapping, in reading order.

        A long text is analysed window by window (``text_windows``): each window's results
        that start in its own part are moved to their offsets in the whole text.
        """
        found: list[list[RecognizerResult]] = [[] for _ in texts]
        pieces = [
            (i, window) for i, text in enumerate(texts) if text.strip()
            for window in text_windows(text, WINDOW_SIZE, WINDOW_OVERLAP)
        ]
        for batch in _batches(pieces, lambda piece: piece[1].end - piece[1].start):
            windows = [texts[i] if w.end - w.start == len(texts[i]) else texts[i][w.start : w.end] for i, w in batch]
            artifacts = self.analyzer.nlp_engine.process_batch(windows, LANGUAGE, batch_size=len(batch))
            for (i, window), (text, nlp_artifacts) in zip(batch, artifacts):
                results = self.analyzer.analyze(text=text, language=LANGUAGE, nlp_artifacts=nlp_artifacts)
                if window.start:
                    for result in results:
                        result.start += window.start
                        result.end += window.start
                found[i].extend(r for r in results if window.own_start <= r.start < window.own_end)
        return [resolve_overlaps(results) for results in found]

    def analyze_structured(
        self, text: str, context: frozenset[str], only: int | None = None, patterns_only: bool = False
    ) -> list[RecognizerResult]:
        """Pattern-recognizer results for a short cell, with ``context`` words (no spaCy).

        A context word shared with a recognizer lifts its result as Presidio's context
        enhancer would (+0.35, at least 0.4). ``only`` restricts to one checker;
        ``patterns_only`` to identifier patterns (no terms, no names: for key columns).
        """
        if not text.strip():
            return []
        if only is not None:
            checkers = (self._cell_checkers[only],)
        else:
            digits, has_letter = char_counts(text)
            shape = _shape(text, digits, has_letter, patterns_only)
            checkers = self._checkers_by_shape.get(shape)
            if checkers is None:
                checkers = self._checkers_by_shape[shape] = [
                    c for c in (self._pattern_checkers if patterns_only else self._cell_checkers)
                    if c[0].can_match(text, digits, has_letter)
                ]
        results = []
        for checker, recognizer_context in checkers:
            for result in checker.analyze(text):
                result.score = _with_context(result.score, context, recognizer_context)
                if result.score >= SCORE_THRESHOLD:
                    results.append(result)
        return resolve_overlaps(results) if len(results) > 1 else results

    def analyze_cell(self, plan: ColumnPlan, text: str) -> tuple[Hit, ...]:
        """Hits in one cell of a column that is not free text, cached per value: a name
        or address column gives the whole cell (or, for a cell without a letter, what every
        recognizer finds in it); others the column's usual recognizer first, and all of them
        when it does not explain the whole cell. An integer cell short of the digits its
        header names is checked with its leading zeros back (``columns.zero_padded``)."""
        cached = plan.cache.get(text)
        if cached is not None:
            plan.cache_hits += 1
            return cached
        padded = zero_padded(text, plan.digits) if plan.digits else text
        hits = self._cell_hits(plan, text) if padded == text else unpadded(self._cell_hits(plan, padded), padded, text)
        if plan.cached:
            if len(plan.cache) >= CACHE_LIMIT:
                plan.cache.clear()
                plan.cached = plan.cache_hits >= CACHE_MIN_HITS
                plan.cache_hits = 0
            if plan.cached:
                plan.cache[text] = hits
        return hits

    def _cell_hits(self, plan: ColumnPlan, text: str) -> tuple[Hit, ...]:
        """``analyze_cell``'s hits, not cached."""
        if plan.kind in COLUMN_SCORES:
            entity_type, score = COLUMN_SCORES[plan.kind]
            hits = as_hits(whole_cell(text, entity_type, score, COLUMN_RECOGNIZER))
            if not hits:  # no letter: not a name, but it may be a phone or a NIR typed there
                hits = as_hits(self.analyze_structured(text, plan.context))
        else:
            hits = self._expected_hits(plan, text) if plan.expected is not None else None
            if hits is None:
                results = self.analyze_structured(text, plan.context, patterns_only=plan.kind is ColumnKind.KEY)
                hits = as_hits(results)
        if plan.shaped is not None and not hits and header_shaped(plan.shaped, text):
            start = len(text) - len(text.lstrip())
            hits = (Hit(plan.shaped, start, start + len(text.strip()), COLUMN_SCORE, COLUMN_RECOGNIZER),)
        if not plan.health_terms:
            hits = without_health_terms(hits)
        hits = without_types(with_trusted_names(hits, plan.names), plan.absent)
        if not plan.dates:
            hits = without_dates(hits)
        return hits

    def _expected_hits(self, plan: ColumnPlan, text: str) -> tuple[Hit, ...] | None:
        """The hits of the column's usual recognizer alone, when they explain every letter
        and digit of the cell; None when all recognizers must look at it.

        The common cases, a cell in the recognizer's usual form or one pattern result
        covering the cell, are worked out on plain spans (``FastPatternRunner``); any other
        goes through ``analyze_structured``.
        """
        checker, recognizer_context = self._cell_checkers[plan.expected]
        if isinstance(checker, FastPatternRunner):
            score = checker.usual_score(text)
            if score is not None:  # one span, the whole cell, or none (then all recognizers look)
                score = _with_context(score, plan.context, recognizer_context) if score > 0 else 0.0
                if score < SCORE_THRESHOLD:
                    return None
                return (Hit(checker.entity_type, 0, len(text), score, checker.recognizer.name),)
            spans = checker.spans(text)
            if len(spans) != 1:
                return self._expected_results(plan, text) if spans else None
            start, end, score = spans[0]
            score = _with_context(score, plan.context, recognizer_context)
            if score < SCORE_THRESHOLD or not is_alnum_covered(text, [(start, end)]):
                return None
            return (Hit(checker.entity_type, start, end, score, checker.recognizer.name),)
        return self._expected_results(plan, text)

    def _expected_results(self, plan: ColumnPlan, text: str) -> tuple[Hit, ...] | None:
        results = self.analyze_structured(text, plan.context, only=plan.expected)
        if not results or not is_alnum_covered(text, [(r.start, r.end) for r in results]):
            return None
        return as_hits(results)

    def _learn_expected(self, plan: ColumnPlan, sample: list[str]) -> None:
        """Find the recognizer that alone explains most of the sampled cells, if any."""
        explained: dict[int, int] = {}
        cells = [value for value in sample if value.strip()]
        for value in cells:
            hits = self.analyze_cell(plan, value)
            names = {hit.recognizer for hit in hits}
            if len(names) == 1 and is_alnum_covered(value, [(hit.start, hit.end) for hit in hits]):
                index = self._checker_by_name.get(names.pop())
                if index is not None:
                    explained[index] = explained.get(index, 0) + 1
        if cells and explained:
            best, count = max(explained.items(), key=lambda item: (item[1], -item[0]))
            if count >= EXPECTED_SHARE * len(cells):
                plan.expected = best

    def prepare(self, records: list[Record]) -> dict[tuple, PlanSpec]:
        """Decide the plan of every column in ``records`` (learning new ones); return them."""
        specs = {}
        seen: dict[tuple[str, str | None], set[str]] = {}  # field names done, per table
        for record in records:
            names = seen.setdefault((record.source, record.table), set())
            if names >= record.fields.keys():
                continue
            for name in record.fields:
                if name not in names:
                    specs[(record.source, record.table, name)] = self.column_plan(records, record, name).spec
                    names.add(name)
        return specs

    def plans_of(self, source: str, table: str | None, names: Iterable[str]) -> dict[tuple, PlanSpec] | None:
        """The plans of the columns ``names`` of one table, or None while one has none yet."""
        specs = {}
        for name in names:
            plan = self.columns.get((source, table, name))
            if plan is None:
                return None
            specs[(source, table, name)] = plan.spec
        return specs

    def install(self, specs: dict[tuple, PlanSpec]) -> None:
        """Use plans decided elsewhere (by the parent process) for columns not seen yet."""
        for key, spec in specs.items():
            if key not in self.columns:
                self._add_plan(key, ColumnPlan(spec.kind, spec.context, spec.expected, spec.health_terms, spec.names,
                                               spec.dates, spec.absent, spec.shaped, spec.ins, spec.digits))

    def absent_of(self, source: str, table: str | None) -> Callable[[str], frozenset[str]]:
        """``absent_of(source, table)(field)``: the entity types a column of one table holds
        none of (``ColumnPlan.absent``; none for a column not seen yet)."""
        def absent(name: str) -> frozenset[str]:
            plan = self.columns.get((source, table, name))
            return plan.absent if plan is not None else frozenset()
        return absent

    def kind_of(self, source: str, table: str | None) -> Callable[[str], ColumnKind | None]:
        """``kind_of(field)``: how each column of one table was classified (None if unseen),
        kept up to date as new columns are seen."""
        return self._kinds.setdefault((source, table), {}).get

    def _add_plan(self, key: tuple[str, str | None, str], plan: ColumnPlan) -> None:
        self.columns[key] = plan
        source, table, name = key
        self._kinds.setdefault((source, table), {})[name] = plan.kind

    def column_plan(self, records: list[Record], record: Record, field_name: str) -> ColumnPlan:
        """The plan for ``field_name`` in ``record``'s table, decided on first sight from this batch."""
        key = (record.source, record.table, field_name)
        plan = self.columns.get(key)
        if plan is None:
            sample = [r.fields[field_name] for r in records if r.table == record.table and field_name in r.fields]
            kind = classify_column(field_name, sample, record.table)
            names = name_trust(field_name, record.table, kind)
            plan = ColumnPlan(kind, header_context(field_name),
                              health_terms=holds_health_terms(field_name, record.table, sample), names=names,
                              absent=absent_types(field_name, record.table, names), shaped=header_entity(field_name),
                              ins=is_ins_column(field_name) or self._has_ins_oids(records, record),
                              digits=header_digits(field_name))
            self._add_plan(key, plan)
            if plan.kind in (ColumnKind.STRUCTURED, ColumnKind.KEY):
                self._learn_expected(plan, sample)  # with its dates: a date column settles fast
            plan.dates = holds_personal_dates(field_name, record.table, kind)
            if not plan.dates:
                plan.cache.clear()  # hits cached while learning hold the dates
        return plan

    def _has_ins_oids(self, records: list[Record], record: Record) -> bool:
        """Whether a column of ``record``'s table holds INS OIDs alone (``is_ins_oid_column``),
        decided on first sight of the table from this batch."""
        key = (record.source, record.table)
        found = self._ins_tables.get(key)
        if found is None:
            rows = [r for r in records if r.source == record.source and r.table == record.table]
            names = {name for r in rows for name in r.fields}
            found = self._ins_tables[key] = any(
                is_ins_oid_column([r.fields[name] for r in rows if name in r.fields]) for name in names
            )
        return found

    def detect_batch(self, records: list[Record]) -> list[list[Finding]]:
        """All findings in all fields of each record, one list per record, in field order."""
        return findings_of(records, self.detect_blocks(records))

    def detect_blocks(self, records: list[Record]) -> list[Block]:
        """The hits of every cell of ``records``, column by column, in the blocks of
        ``blocks_of`` (one per table).

        Identifier columns in their usual form are settled for the whole batch at once
        (``_settled``); other structured cells are checked as they come (each distinct value
        of a column once, ``analyze_cell``); the non-blank free texts of the whole batch go
        through spaCy together."""
        blocks = blocks_of(records)
        free_text = []  # (column of hits, row in the block, text)
        for block in blocks:
            source, table = block.source, block.table
            first = records[block.rows[0]]
            for name, cells in zip(block.names, block.cells):
                plan = self.columns.get((source, table, name)) or self.column_plan(records, first, name)
                if plan.kind is ColumnKind.FREE_TEXT:
                    column = [()] * len(cells)
                    free_text.extend((column, i, text, plan)
                                     for i, text in enumerate(cells) if text and not text.isspace())
                else:
                    batch = self._settled(plan, cells)
                    column = list(map((plan.cache if batch is None else batch).get, cells))
                    misses = [i for i, hits in enumerate(column) if hits is None]
                    if batch is None:
                        plan.cache_hits += len(cells) - len(misses)
                    self._fill_misses(plan, cells, column, misses)
                    if plan.ins:
                        column = as_ins(column)
                block.hits.append(column)
        if free_text:
            results = self.analyze_texts([text for _, _, text, _ in free_text])
            for (column, i, _, plan), found in zip(free_text, results):
                hits = as_hits(found)
                hits = with_trusted_names(hits if plan.health_terms else without_health_terms(hits), plan.names)
                hits = without_types(hits, plan.absent)
                column[i] = hits if plan.dates else without_dates(hits)
        return blocks

    def _fill_misses(self, plan: ColumnPlan, cells: list[str | None], column: list, misses: list[int]) -> None:
        """Put the hits of the cells ``misses`` in ``column``: none for a field the record
        lacks, nor for a number no recognizer can match in a column without a usual
        recognizer (a row id: its shape's checkers, remembered by ``analyze_structured``,
        are none); ``analyze_cell`` for the others."""
        by_shape = ({} if plan.expected is not None or plan.kind in COLUMN_SCORES or plan.shaped or plan.digits
                    else self._checkers_by_shape)
        patterns_only = plan.kind is ColumnKind.KEY
        for i in misses:
            text = cells[i]
            if text is None:
                column[i] = ()
            elif text.isdigit() and text.isascii() and by_shape.get(_shape(text, len(text), False, patterns_only)) == []:
                column[i] = ()
            else:
                column[i] = self.analyze_cell(plan, text)

    def _settled(self, plan: ColumnPlan, cells: list[str | None]) -> dict[str, tuple[Hit, ...]] | None:
        """For an identifier column whose usual recognizer has usual forms, the hits of its
        cells in such a form, worked out for the whole column at once
        (``FastPatternRunner.usual_scores_many``): the same hits as ``analyze_cell``. None
        for other columns; a cell left out (below the threshold) is for all recognizers."""
        if plan.expected is None:
            return None
        checker, recognizer_context = self._cell_checkers[plan.expected]
        if getattr(checker, "usual_form", None) is None or checker.entity_type in plan.absent:
            return None
        scores = checker.usual_scores_many(filter(None, cells))
        context = plan.context if plan.context & recognizer_context else frozenset()
        entity_type, recognizer = checker.entity_type, checker.recognizer.name
        if entity_type == "DATE_TIME" and not plan.dates:  # a column of dates that are no person's
            return {text: () for text, usual in scores.items()
                    if _with_context(usual, context, recognizer_context) >= SCORE_THRESHOLD}
        return {
            text: (Hit(entity_type, 0, len(text), score, recognizer),)
            for text, usual in scores.items()
            if (score := usual if usual >= SCORE_THRESHOLD else _with_context(usual, context, recognizer_context))
            >= SCORE_THRESHOLD
        }

    def detect(self, record: Record) -> list[Finding]:
        """All findings in all fields of ``record``."""
        return self.detect_batch([record])[0]
