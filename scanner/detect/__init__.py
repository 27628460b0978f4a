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

This package: the ``Detector`` facade and the blocks of a batch (here), column plans and
the filters they apply (``plans``), cell checks without spaCy (``cells``), free-text
windows and batches (``windows``), span overlaps (``spans``).

>>> [block] = blocks_of([Record("a.csv", None, "1", {"nom": "ROUX", "cp": "75011"})])
>>> block.source, block.names, block.cells
('a.csv', ['nom', 'cp'], [['ROUX'], ['75011']])
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable

from scanner.compat.presidio_import import import_presidio

import_presidio()  # before Presidio's first import, here and in .cells: see compat.presidio_import

from presidio_analyzer import AnalyzerEngine, RecognizerResult
from presidio_analyzer.predefined_recognizers import SpacyRecognizer

from scanner.columns import (
    ColumnKind, absent_types, classify_column, header_context, header_entity, header_shaped, header_digits,
    holds_health_terms, holds_personal_dates, is_ins_column, is_ins_oid_column, name_trust, zero_padded,
)
from scanner.compat.fast_patterns import FastPatternRunner
from scanner.detect.cells import as_hits, cell_checker, cell_shape, char_counts, whole_cell, with_context
from scanner.detect.plans import (
    COLUMN_RECOGNIZER, COLUMN_SCORE, COLUMN_SCORES, ColumnPlan, PlanSpec, as_ins, unpadded, with_trusted_names,
    without_dates, without_health_terms, without_types,
)
from scanner.detect.spans import is_alnum_covered, resolve_overlaps
from scanner.detect.windows import WINDOW_OVERLAP, WINDOW_SIZE, batches, text_windows
from scanner.engine import LANGUAGE, SCORE_THRESHOLD, get_analyzer
from scanner.models import Block, FieldHit, Finding, Hit, Record


def _fold(word: str) -> str:
    return unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode().lower()


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


def field_hits_of(records: list[Record], blocks: list[Block]) -> list[list[FieldHit]]:
    """``findings_of`` as ``FieldHit`` tuples: the same spans in the same order, without a
    ``Finding`` object each (a redaction's first pass only keeps and learns from them).

    >>> rows = [Record("a.csv", None, "7", {"nom": "ROUX", "cp": "-"})]
    >>> [block] = blocks_of(rows); block.hits = [[(Hit("PERSON", 0, 4, 0.85, "column"),)], [()]]
    >>> field_hits_of(rows, [block])
    [[('nom', 'PERSON', 0, 4, 0.85, 'column', None, None)]]
    """
    found: list[list[FieldHit]] = [[] for _ in records]
    for block in blocks:
        names, columns, every = block.names, block.hits, range(len(block.names))
        for i, row in enumerate(block.rows):
            record_hits = found[row]
            for j in block.orders.get(i, every):
                hits = columns[j][i]
                if hits:
                    name = names[j]
                    record_hits += [(name, *hit) for hit in hits]
    return found


CACHE_LIMIT = 50_000
"""Distinct values remembered per column (cities, postcodes, dates repeat)."""
CACHE_MIN_HITS = CACHE_LIMIT // 10
"""A column whose cache was reused fewer times than this before filling up is not cached
any more (identifiers never repeat: remembering them only costs memory)."""
EXPECTED_SHARE = 0.8
"""A recognizer that alone explains this share of a column's sample is tried first."""


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
        for batch in batches(pieces, lambda piece: piece[1].end - piece[1].start):
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
            shape = cell_shape(text, digits, has_letter, patterns_only)
            checkers = self._checkers_by_shape.get(shape)
            if checkers is None:
                checkers = self._checkers_by_shape[shape] = [
                    c for c in (self._pattern_checkers if patterns_only else self._cell_checkers)
                    if c[0].can_match(text, digits, has_letter)
                ]
        results = []
        for checker, recognizer_context in checkers:
            for result in checker.analyze(text):
                result.score = with_context(result.score, context, recognizer_context)
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
                score = with_context(score, plan.context, recognizer_context) if score > 0 else 0.0
                if score < SCORE_THRESHOLD:
                    return None
                return (Hit(checker.entity_type, 0, len(text), score, checker.recognizer.name),)
            spans = checker.spans(text)
            if len(spans) != 1:
                return self._expected_results(plan, text) if spans else None
            start, end, score = spans[0]
            score = with_context(score, plan.context, recognizer_context)
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
                self._add_plan(key, ColumnPlan.of(spec))

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

    def detect_field_hits(self, records: list[Record]) -> list[list[FieldHit]]:
        """``detect_batch`` as ``FieldHit`` tuples (``field_hits_of``)."""
        return field_hits_of(records, self.detect_blocks(records))

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
            elif text.isdigit() and text.isascii() and by_shape.get(cell_shape(text, len(text), False, patterns_only)) == []:
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
                    if with_context(usual, context, recognizer_context) >= SCORE_THRESHOLD}
        return {
            text: (Hit(entity_type, 0, len(text), score, recognizer),)
            for text, usual in scores.items()
            if (score := usual if usual >= SCORE_THRESHOLD else with_context(usual, context, recognizer_context))
            >= SCORE_THRESHOLD
        }

    def detect(self, record: Record) -> list[Finding]:
        """All findings in all fields of ``record``."""
        return self.detect_batch([record])[0]
