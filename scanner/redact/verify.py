"""What ``--verify`` checks a redacted output against: keyed digests of the values replaced
and written (``Digests``), the cells kept as written (``KeptCells``), and the findings of a
redacted type left in the output (``residual_findings``, reported as ``Residual``).
``pipeline.RedactRun.verify_file`` runs them over each output file."""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Container, Iterable, Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher

from scanner.detect import Detector
from scanner.models import Finding, Record
from scanner.readers.sql_dump import blank_dump_tool_comment
from scanner.redact.consistency import value_words
from scanner.redact.fields import FieldRedactor
from scanner.redact.keyed import short_digest
from scanner.redact.policy import RedactionPolicy
from scanner.redact.surrogates import alnum


@dataclass(frozen=True)
class Residual:
    """A value of a redacted type found again in the output (masked, never raw)."""

    source: str
    table: str | None
    record: str
    field: str
    entity_type: str
    masked: str
    line: int | None = None
    """For a value found by scanning the whole output as text: its line in the output."""

    def __str__(self) -> str:
        if self.line is not None:
            return f"{self.source}, line {self.line} of the output: {self.entity_type} {self.masked}"
        where = self.source if self.table is None else f"{self.source} [{self.table}]"
        return f"{where}, record {self.record}, field {self.field!r}: {self.entity_type} {self.masked}"


def value_digest(key: bytes, value: str) -> bytes | None:
    """The keyed digest ``--verify`` compares a value by (its letters and digits, casefolded),
    None for a value without any.

    >>> value_digest(bytes(32), "J.-M. Roy") == value_digest(bytes(32), "jm roy"), value_digest(bytes(32), " - ")
    (True, None)
    """
    body = alnum(value).casefold()
    return short_digest(key, "vigie-verify", body) if body else None


_LETTERS_AND_DIGITS = re.compile(r"[^\W_]+")
STRINGS_REMEMBERED = 1 << 16
"""Strings of replacements that ``Digests`` remembers having digested (the latest ones): the
words of replacements recur (street types, cities, first names), and ``--verify`` remembers
every word written."""
DIRECT_MATCH_WORDS = 144
"""Up to this product of the two lists' lengths, ``changed_runs`` compares every pair of
words; past it (a long note), difflib indexes the words first."""


class Digests:
    """Keyed digests of the original values replaced, of the replacements written and of
    the values a dump's statements keep as written on purpose (``kept``: the dates and the
    names without a cue of code and schema, see ``writers.sql``)."""

    def __init__(self, key: bytes, originals: set[bytes] | None = None, replacements: set[bytes] | None = None) -> None:
        self.key = key
        self.originals: set[bytes] = originals if originals is not None else set()
        self.replacements: set[bytes] = replacements if replacements is not None else set()
        self.kept: set[bytes] = set()
        self._digested: set[str] = set()
        """Replacements, words and runs whose digests ``replacements`` holds (the latest ones:
        what was written, never an original value)."""

    def add(self, target: set[bytes], value: str) -> None:
        d = value_digest(self.key, value)
        if d is not None:
            target.add(d)

    def add_replacement(self, value: str) -> None:
        """Remember a replacement, its words and the letter-and-digit runs of its words: a
        detector may find any of them alone in the output ("Denis" in "M. E'Denis").

        >>> digests = Digests(bytes(32)); digests.add_replacement("M. E'Denis")
        >>> [digests.has(digests.replacements, v) for v in ("M. E'Denis", "E'Denis", "Denis", "Dupont")]
        [True, True, True, False]
        """
        self.add_replacements((value,))

    def add_replacements(self, values: Iterable[str]) -> None:
        """``add_replacement`` of each of ``values`` (each string digested once)."""
        digested, replacements, key = self._digested, self.replacements, self.key
        for value in values:
            if value in digested:
                continue
            strings = {value}
            for word in value.split():
                strings.add(word)
                if not word.isalnum():
                    strings.update(_LETTERS_AND_DIGITS.findall(word))
            for string in strings - digested:
                if d := value_digest(key, string):
                    replacements.add(d)
            if len(digested) > STRINGS_REMEMBERED:
                digested.clear()
            digested |= strings

    def remember_replacements(
        self, redactor: FieldRedactor, record: Record, findings: list[Finding], replaced: list[Finding],
        changes: dict[str, str],
    ) -> None:
        """Remember each value written instead of a finding, alone and as written in its
        field (overlapping findings are replaced together, by one surrogate)."""
        self.remember_written(record, changes, replacements_written(redactor, record, findings, replaced))

    def remember_written(self, record: Record, changes: dict[str, str], written: list[str]) -> None:
        """``remember_replacements`` with the ``replacements_written`` already computed (by a
        worker); in each changed field, the runs of words that are not the field's old words
        (``changed_runs``), or its whole text when it shares no word with them."""
        texts = list(written)
        for name, new in changes.items():
            new_words = new.split()
            if not new_words:
                continue
            old_words = record.fields.get(name, "").split()
            if set(old_words).isdisjoint(new_words):
                texts.append(" ".join(new_words))
            else:
                texts.extend(" ".join(run) for run in changed_runs(old_words, new_words))
        self.add_replacements(texts)

    def has(self, target: set[bytes], value: str) -> bool:
        d = value_digest(self.key, value)
        return d is not None and d in target


def changed_runs(old: list[str], new: list[str]) -> list[list[str]]:
    """The runs of ``new`` that a word-by-word comparison with ``old`` does not match: the
    ranges of ``difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()`` other
    than ``equal``, not empty (for lists of a few words, the same matching blocks found
    directly: a field's words, where building a ``SequenceMatcher`` costs most).

    >>> changed_runs("81 impasse des Roses".split(), "69 impasse de la Gare".split())
    [['69'], ['de', 'la', 'Gare']]
    """
    if len(old) * len(new) > DIRECT_MATCH_WORDS:
        return [new[start:end] for tag, _, _, start, end in
                SequenceMatcher(None, old, new, autojunk=False).get_opcodes() if tag != "equal" and start < end]
    matched, pending = [], [(0, len(old), 0, len(new))]
    while pending:
        low, high, new_low, new_high = pending.pop()
        i, j, size = _longest_match(old, new, low, high, new_low, new_high)
        if size:
            matched.append((j, size))
            if low < i and new_low < j:
                pending.append((low, i, new_low, j))
            if i + size < high and j + size < new_high:
                pending.append((i + size, high, j + size, new_high))
    runs, start = [], 0
    for j, size in sorted(matched):
        if start < j:
            runs.append(new[start:j])
        start = j + size
    if start < len(new):
        runs.append(new[start:])
    return runs


def _longest_match(old: list[str], new: list[str], low: int, high: int, new_low: int, new_high: int) -> tuple[int, int, int]:
    """``SequenceMatcher.find_longest_match`` without junk: the longest common run of
    ``old[low:high]`` and ``new[new_low:new_high]`` as ``(i, j, size)``, the first in ``old``
    then in ``new`` of those as long."""
    best = (low, new_low, 0)
    for i in range(low, high):
        word = old[i]
        for j in range(new_low, new_high):
            if new[j] == word:
                size = 1
                while i + size < high and j + size < new_high and old[i + size] == new[j + size]:
                    size += 1
                if size > best[2]:
                    best = (i, j, size)
    return best


def replacements_written(
    redactor: FieldRedactor, record: Record, findings: list[Finding], replaced: list[Finding],
) -> list[str]:
    """The value written instead of each of ``replaced`` (the record's ``findings`` that
    its redaction replaces), each alone.

    >>> from scanner.redact.policy import RedactionPolicy
    >>> redactor = FieldRedactor(RedactionPolicy(key=b"k" * 32, operators={"PHONE_NUMBER": "tag"}))
    >>> record = Record("c.csv", None, "1", {"tel": "appeler le 06 12 34 56 78"})
    >>> phone = Finding("c.csv", None, "1", "tel", "PHONE_NUMBER", 11, 25, 1.0, "r")
    >>> replacements_written(redactor, record, [phone], [phone])
    ['<PHONE_NUMBER>']
    """
    person_key, identity = redactor.person_of(record, findings)
    written = []
    for finding in replaced:
        text = record.fields[finding.field]
        new = redactor.redact_text(text, [finding], person_key, field=finding.field, identity=identity)
        written.append(new[finding.start:len(new) - (len(text) - finding.end)])
    return written


class KeptCells:
    """Cells of an output whose column keeps values of some types by its meaning (a
    composer "Page, Jones", a district), by the output line their record starts on: the
    text pass of ``--verify`` does not report a value there as left, though the same value
    was replaced elsewhere (a customer Jones). A line of the text belongs to the last record
    that starts on it or before (a record written over several lines, a JSON object); a
    record without a line (a SQLite database's row) to every line.

    >>> kept = KeptCells()
    >>> kept.add(Record("o.json", "Track", "1", {"Composer": "Page, Jones"}, line=7), lambda field: {"PERSON"})
    >>> kept.add(Record("o.json", "Customer", "1", {"LastName": "Jones"}, line=12), lambda field: ())
    >>> kept.holds(9, "PERSON", "Jones"), kept.holds(9, "PERSON", "Emma Jones"), kept.holds(12, "PERSON", "Jones")
    (True, False, False)
    """

    def __init__(self) -> None:
        self._starts: list[int] = []
        self._cells: dict[int | None, list[tuple[Container[str], tuple[str, ...]]]] = {}

    def add(self, record: Record, kept: Callable[[str], Container[str]]) -> None:
        """Note the cells of ``record`` whose column keeps values of types ``kept(field)``
        (records in the order of the output)."""
        cells = [(types, value_words("", text)) for name, text in record.fields.items() if text and (types := kept(name))]
        if record.line is None or self._starts and self._starts[-1] >= record.line:
            if cells:
                self._cells.setdefault(record.line if record.line is None else self._starts[-1], []).extend(cells)
        elif cells or self._starts and self._starts[-1] in self._cells:  # a record without such cells ends the last one
            self._starts.append(record.line)
            if cells:
                self._cells[record.line] = cells

    def holds(self, line: int, entity_type: str, value: str) -> bool:
        """Whether ``value`` is whole words of a cell of the record of ``line`` that keeps its type."""
        words = value_words(entity_type, value)
        index = bisect.bisect_right(self._starts, line) - 1
        cells = self._cells.get(None, []) + (self._cells.get(self._starts[index], []) if index >= 0 else [])
        n = len(words)
        return bool(words) and any(
            entity_type in types and any(cell[i:i + n] == words for i in range(len(cell) - n + 1))
            for types, cell in cells
        )


class RecordLines:
    """The lines of a file that records were read from, in ranges (records in file order):
    ``blanked`` gives the file's text with those lines read as empty lines, so that a text
    pass scans only the rest (a CSV's header, what the reader skipped), lines kept.

    >>> import io
    >>> lines = RecordLines()
    >>> for line, cell in ((2, "a"), (3, "b\\nc"), (6, "d")):
    ...     lines.add(Record("t.csv", None, str(line), {"x": cell}, line=line))
    >>> lines.ranges
    [[2, 4], [6, 6]]
    >>> lines.blanked(io.StringIO("nom\\na\\n\\"b\\nc\\"\\n\\nd\\nJean\\n")).read(100)
    'nom\\n\\n\\n\\n\\n\\nJean\\n'
    >>> lines.blanked(io.StringIO("nom\\r\\na\\r\\n\\"b\\rx\\r\\nc\\"\\r\\n\\r\\nd\\r\\nJean\\r\\n", newline="")).read(100)
    'nom\\r\\n\\n\\n\\n\\r\\n\\nJean\\r\\n'
    """

    def __init__(self) -> None:
        self.ranges: list[list[int]] = []
        """``[first, last]`` line numbers, merged when they touch."""

    def add(self, record: Record) -> None:
        """Note the lines of ``record`` (its first, then one more per line break in its cells)."""
        if record.line is None:
            return
        last = record.line + sum(value.count("\n") for value in record.fields.values() if isinstance(value, str))
        if self.ranges and self.ranges[-1][1] + 1 >= record.line >= self.ranges[-1][0]:
            self.ranges[-1][1] = max(self.ranges[-1][1], last)
        else:
            self.ranges.append([record.line, last])

    def blanked(self, fp) -> "_LinesBlanked":
        """``fp`` (a text stream of the file) with the records' lines read as empty lines."""
        return _LinesBlanked(fp, self.ranges)


class _LinePieces:
    """A text stream read back in bounded pieces of its lines, each as ``piece`` rewrites it
    (lines numbered at each ``\\n``, as the readers number them: a lone ``\\r`` ends none)."""

    def __init__(self, fp) -> None:
        self.fp, self.pending, self.line, self.at_line_start = fp, "", 1, True

    def piece(self, text: str) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def read(self, size: int) -> str:
        pieces, length = [self.pending], len(self.pending)
        while length < size:
            piece = self.fp.readline(max(size, 1 << 16))
            if not piece:
                break
            new = self.piece(piece)
            ends_line = piece.endswith("\n")
            self.line, self.at_line_start = self.line + ends_line, ends_line
            pieces.append(new)
            length += len(new)
        text = "".join(pieces)
        text, self.pending = text[:size], text[size:]
        return text


class _LinesBlanked(_LinePieces):
    """A text stream whose lines in ``ranges`` read as empty lines."""

    def __init__(self, fp, ranges: list[list[int]]) -> None:
        super().__init__(fp)
        self.ranges, self.index = ranges, 0

    def piece(self, text: str) -> str:
        while self.index < len(self.ranges) and self.ranges[self.index][1] < self.line:
            self.index += 1
        if self.index < len(self.ranges) and self.ranges[self.index][0] <= self.line:
            return "\n" if text.endswith("\n") else ""
        return text


class DumpToolCommentsBlanked(_LinePieces):
    """A dump's text whose comment lines written by pg_dump or mysqldump (object names,
    versions, the dump date: ``DUMP_TOOL_COMMENT``) read as spaces, lines kept."""

    def piece(self, text: str) -> str:
        return blank_dump_tool_comment(text) if self.at_line_start else text


def residual_findings(
    detector: Detector, policy: RedactionPolicy, digests: Digests, records: list[Record],
    originals_only: bool = False,
) -> Iterator[tuple[Record, Finding]]:
    """The findings in redacted ``records`` that redaction should have replaced: a value its
    operator changes that was never written as a replacement (for a pseudonym, or whatever
    the operator with ``originals_only``: an original value that was replaced elsewhere and
    is not also a replacement)."""
    for record, findings in zip(records, detector.detect_batch(records)):
        for finding in findings:
            operator = policy.operator_for(finding.entity_type)
            if operator == "keep":
                continue
            value = finding.value
            if operator == "pseudonym" or originals_only:
                leaked = digests.has(digests.originals, value) and not digests.has(digests.replacements, value)
            else:
                leaked = not digests.has(digests.replacements, value)
            if leaked:
                yield record, finding
