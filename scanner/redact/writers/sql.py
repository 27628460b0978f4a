"""MySQL and PostgreSQL dumps: the input copied byte for byte, changed values replaced.

The dump is parsed as the reader does (``sql_text.PositionedParser``: where each statement
starts and ends, where each row lies, ``(`` to ``)`` of an INSERT tuple or the line of a
COPY row; ``with_text_parts``: the text that is not rows). The writer copies the input
through, and:

- replaces only the value tokens whose text changed, re-quoted with the dialect's escaping
  (``sql_dialects``: ``mysql_dump.quote_string``; standard ``'...'`` or ``E'...'`` for
  PostgreSQL; COPY cells with ``escape_copy``); a number stays a bare number when its
  surrogate is one;
- copies schema and session statements (CREATE, SET, ALTER, DROP, LOCK...), comments and
  the non-row parts of INSERTs (``ON DUPLICATE KEY UPDATE``, ``ON CONFLICT``) after
  scanning them too: their text (``read_pieces``: literals decoded, comments, numbers, the
  SQL inside ``/*!...*/``) is one unit, field ``text`` for a statement, ``comment`` between
  statements; a value of a redacted type is replaced in place with the run's redactor (the
  same surrogate as in rows): in a comment as text (never closing it), in a literal
  re-quoted (a ``$$`` body keeps its tag), in a number only by a number. Literals joined
  by ``||``, ``CONCAT`` or adjacency become one literal. A value that cannot be rewritten
  so (it spans two literals, a replacement would need a quote inside a function body...)
  leaves its statement out (its rows already written are closed with ``;``), or its
  comments; findings on SQL keywords and names alone are not values;
- replaces the identifiers (NIR, phone, e-mail...) found in a table or column name or in
  schema text wherever they occur, names included (``sql_copy.SqlNames``), so that every CREATE,
  INSERT, COPY, index and comment names the same redacted table;

and, failing closed, never writes:

- a row the parser reported as unreadable (it is cut out of its extended INSERT with its
  comma; an INSERT left without rows disappears);
- the rest of a statement after a syntax error (the rows before it are closed with ``;``);
- a statement that may hold data but is not read as rows (UPDATE, DELETE, INSERT ...
  SELECT, COPY ... CSV/BINARY, unknown words): reported and left out;
- anything after a truncation (an INSERT or COPY cut by the end of file is closed after
  its last complete row).

A changed value that is not a plain literal (an expression such as ``CONCAT(...)``, a
signed number) cannot be replaced in place: its row is dropped and reported.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from scanner.detect.plans import is_cued_name
from scanner.models import Finding, ReadError, Record
from scanner.readers.decoding import resolve_wide, to_utf8
from scanner.readers.sources import open_binary
from scanner.readers.sql_dump import (
    UTF8_BOM, Dialect, Piece, Problem, Row, Token, code_literals, escape_copy, unescape_copy,
)
from scanner.readers.sql_text import (
    End, Placed, PositionedLexer, PositionedParser, Start, StatementProblem, TextPart, Truncated, open_second,
    with_text_parts,
)
from scanner.redact.fields import FieldRedactor, person_key_for
from scanner.redact.typed_columns import accepted_findings, column_widths, dates_within_ranges, fit_to_columns
from scanner.redact.writers import Unit, WideOutput
from scanner.redact.writers.sql_copy import DumpCopier, SqlNames

SCHEMA_WORDS = frozenset(
    b"CREATE DROP ALTER SET LOCK UNLOCK USE BEGIN START COMMIT END ROLLBACK SAVEPOINT RELEASE SELECT "
    b"COMMENT GRANT REVOKE DELIMITER REFRESH ANALYZE VACUUM REINDEX CLUSTER CHECKPOINT RESET PRAGMA".split()
)
"""Statements copied as they are: schema and session, no rows."""
DATA_WORDS = frozenset({b"INSERT", b"REPLACE", b"COPY"})
_NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_COPY_BLOCK_END = b"\\."



@dataclass
class _Statement:
    start: int
    word: bytes
    kept: int = 0
    dropped: int = 0
    first_open: int | None = None
    last_kept_end: int = 0
    drop_whole: bool = False
    drop_rest: bool = False


@dataclass
class _Segment:
    """A text part of the dump and the rewrites of its values once redacted."""

    part: TextPart
    rewrites: list[tuple[int, int, bytes]] | None = None


_VALUE_KINDS = frozenset({"literal", "comment", "number"})
_KEPT_IN_CODE = frozenset({"DATE_TIME", "PERSON"})


def _kept_in_code(finding: Finding, code: str, at: int) -> bool:
    """A finding at ``at`` in ``code`` (a literal of code) that is kept as written: a date
    (an example call in a routine's comment too), a name without a cue outside the comments
    of a routine's body (a note there names whom it likes).

    >>> name = Finding("d.sql", None, "1", "text", "PERSON", 0, 4, 0.85, "FrSpacyPersonRecognizer")
    >>> body = "RAISE 'Key (id)'; -- Jean"
    >>> _kept_in_code(name, body, 7), _kept_in_code(name, body, 21)
    (True, False)
    """
    if finding.entity_type == "DATE_TIME":
        return True
    return (finding.entity_type == "PERSON" and not is_cued_name(finding.recognizer, finding.score)
            and not _in_comment_of_code(code, at))


def _in_comment_of_code(code: str, at: int) -> bool:
    r"""Whether ``at`` lies in a ``--`` or ``/* */`` comment of ``code`` (quotes not read).

    >>> body = "x := 1; -- Jean\n/* Marie */ y := 'Paul';"
    >>> [_in_comment_of_code(body, body.index(name)) for name in ("Jean", "Marie", "Paul")]
    [True, True, False]
    """
    if "--" in code[code.rfind("\n", 0, at) + 1:at]:
        return True
    return code.rfind("/*", 0, at) > code.rfind("*/", 0, at)


def _left_out(word: bytes) -> bool:
    """Statements that may hold data but are not read as rows: not written at all."""
    return word not in SCHEMA_WORDS | DATA_WORDS | {b"\\", UTF8_BOM}  # a BOM: its own problem


class UnwritableValue(Exception):
    """A changed value that cannot be written back in place: its row, statement or comments are left out."""


class DumpWriter(WideOutput):
    """A dump's redacted copy; a UTF-16/32 dump is read as UTF-8 and written back in its
    own encoding (``wide``)."""

    dialect: Dialect

    def _parser(self, fp) -> PositionedParser:
        return PositionedParser(PositionedLexer(fp, self.dialect), self._encoding, tables=self.options.tables)

    @property
    def _encoding(self) -> str | None:
        """What the parser decodes with: UTF-8 for a wide dump (read through ``to_utf8``)."""
        return "utf-8" if self.wide else self.options.encoding

    def _open_as_utf8(self):  # noqa: ANN202 - a binary stream
        return to_utf8(open_binary(self.path), self.wide or self.options.encoding)[0]

    def units(self) -> Iterator[Unit]:
        source = self.source
        self.names = SqlNames(self.options.rename) if self.options.rename else None
        self._learned: set[str] = set()
        with open_binary(self.path) as head:
            self.wide = resolve_wide(self.options.encoding, head.read(64))
        self._src = self._open_as_utf8()
        self.copier: DumpCopier | None = None
        self.statement: _Statement | None = None
        self.finished = False
        with self._open_as_utf8() as fp, open_second(self.path, self.wide or self.options.encoding) as text:
            parser = self._parser(fp)
            for event in with_text_parts(parser, text, _left_out):
                if isinstance(event, TextPart):
                    errors = [ReadError(source, event.line, event.problem + "; left out")] if event.problem else []
                    record = None if event.problem else Record(
                        source=source, table=None, record=str(event.line), fields={event.field: event.view},
                        line=event.line,
                    )
                    yield Unit(record, errors, payload=_Segment(event), counted=False)
                elif isinstance(event, Start):
                    errors = []
                    if _left_out(event.word):
                        name = event.word.decode("ascii", "replace") or "unrecognised"
                        errors.append(ReadError(
                            source, event.line,
                            f"{name} statement not read as rows: left out of the output (it may hold data)",
                        ))
                    yield Unit(errors=errors, payload=event)
                elif isinstance(event, Placed) and isinstance(event.item, Row):
                    record, errors = self._record(event.item)
                    yield Unit(record, errors, payload=(event, parser.encoding))
                elif isinstance(event, Placed):
                    yield Unit(errors=[ReadError(source, event.item.line, event.item.message)], payload=event)
                elif isinstance(event, StatementProblem):
                    yield Unit(errors=[ReadError(source, event.problem.line, event.problem.message + "; statement left out")], payload=event)
                elif isinstance(event, Truncated):
                    errors = [] if event.problem is None else [
                        ReadError(source, event.problem.line, event.problem.message + "; rest of the dump left out")
                    ]
                    yield Unit(errors=errors, payload=event)
                elif isinstance(event, Problem):  # a block the parser skips (COPY ... CSV)
                    yield Unit(errors=[ReadError(source, event.line, event.message + "; left out")], payload=event)
                else:
                    yield Unit(payload=event)

    def _record(self, row: Row) -> tuple[Record, list[ReadError]]:
        errors: list[ReadError] = []
        fields: dict[str, str] = {}
        for column, value in zip(row.columns, row.values):
            if value.problem:
                errors.append(ReadError(self.source, row.line, f"{row.table.name}, column {column!r}: {value.problem}; row dropped"))
            if value.text is not None:
                fields[column] = value.text
        if len(set(row.columns)) != len(row.columns):
            errors.append(ReadError(self.source, row.line, f"{row.table.name}: a column is named twice; row dropped"))
        record = str(row.number)
        key = row.table.primary_key
        if key and all(column in fields for column in key):
            record = ",".join(fields[column] for column in key)
        return Record(source=self.source, table=row.table.name, record=record, fields=fields, line=row.line), errors

    # -- writing
    def emit(self, unit: Unit, changes: dict[str, str] | None) -> str | None:
        if self.copier is None:
            self.copier = DumpCopier(self._src, self.out, self.names)
        copier, event = self.copier, unit.payload
        statement = self.statement
        if isinstance(event, _Segment):
            return self._emit_segment(event, unit, changes)
        if isinstance(event, Start):
            copier.copy_to(event.offset, learn=True)  # comments and the statements before
            self.statement = _Statement(event.offset, event.word, drop_whole=bool(unit.errors))
        elif isinstance(event, End):
            assert statement is not None
            if statement.drop_whole or (statement.kept == 0 and (statement.dropped or statement.drop_rest)):
                copier.skip_to(event.offset)
            elif statement.drop_rest:
                copier.copy_to(statement.last_kept_end)
                copier.write(b";")
                copier.skip_to(event.offset)
            else:  # rows copied without learning: their values are not names
                copier.copy_to(event.offset, learn=statement.word not in DATA_WORDS)
            self.statement = None
        elif isinstance(event, tuple):  # a row: (Placed, encoding)
            placed, encoding = event
            assert statement is not None
            self._learn_names(placed.item)
            if statement.drop_whole:
                return f"{placed.item.table.name}, line {placed.item.line}: row left out with its statement"
            if changes is not None:
                try:
                    edits = self._edits(placed, changes, encoding)
                except UnwritableValue as error:
                    self._drop(placed)
                    return str(error)
                self._keep(placed, edits)
            else:
                self._drop(placed)
        elif isinstance(event, Placed):  # a row problem
            self._drop(event)
        elif isinstance(event, StatementProblem):
            assert statement is not None
            statement.drop_rest = True
        elif isinstance(event, Truncated):
            if statement is not None and not statement.drop_whole:
                if statement.word in (b"INSERT", b"REPLACE") and statement.kept:
                    copier.copy_to(statement.last_kept_end)
                    copier.write(b";\n")
                elif event.copy_resume is not None:
                    copier.copy_to(event.copy_resume)
                    copier.write(_COPY_BLOCK_END + b"\n")
            copier.skip_to(None)
            self.statement = None
            self.finished = True
        elif isinstance(event, Problem):  # COPY block not read: the whole statement goes
            assert statement is not None
            statement.drop_whole = True
        return None

    def _learn_names(self, row: Row) -> None:
        """Teach the copier the identifiers in a row's table and column names before the
        statement that names them is copied."""
        if self.names is not None:
            for name in (row.table.name, *row.columns):
                if name not in self._learned:
                    self._learned.add(name)
                    self.names.learn(name)

    # -- statements and comments: values replaced in place, or the statement left out
    def redact(self, unit: Unit, findings: list[Finding], redactor: FieldRedactor) -> tuple[dict[str, str], list[Finding]]:
        segment = unit.payload
        if isinstance(segment, tuple):  # a row (Placed, encoding): values its columns accept
            table = segment[0].item.table
            assert unit.record is not None
            acted = accepted_findings(findings, table.types)
            changes = redactor.redact_record(unit.record, acted, column_widths(table.types))
            ranges = {column: table.date_ranges(column) for column in changes}
            changes = dates_within_ranges(changes, unit.record.fields, ranges)
            return fit_to_columns(changes, table.types), acted
        if not isinstance(segment, _Segment):
            return super().redact(unit, findings, redactor)
        record = unit.record
        assert record is not None
        view = record.fields[segment.part.field]
        acted, by_piece = self._place(segment, view, findings, redactor.policy)
        person_key = person_key_for(record, acted)
        if person_key.startswith("record:"):  # no NIR nor name: one date shift for the whole dump,
            person_key = f"dump:{record.source}"  # so partition bounds and ranges stay in order
        rewrites, new_view, done = [], [], 0
        for index, piece_findings in sorted(by_piece.items()):
            piece = segment.part.pieces[index]
            offset = sum(len(p.text) for p in segment.part.pieces[:index])
            local = [replace(f, start=f.start - offset, end=f.end - offset) for f in piece_findings]
            text = redactor.redact_text(piece.text, local, person_key)
            new_view.append(view[done:offset] + text)
            done = offset + len(piece.text)
            if text != piece.text:
                rewrites.append(self._rewrite(segment, piece, text))
        segment.rewrites = rewrites
        return ({segment.part.field: "".join(new_view) + view[done:]} if rewrites else {}), acted

    def _place(self, segment: _Segment, view: str, findings: list[Finding], policy):
        """The findings to act on (a value of a redacted type in a literal, comment or number;
        those that only cover SQL keywords and names are not values), clipped to their
        piece, grouped by piece index; UnwritableValue when one straddles two values. Code and
        schema (``code_literals``: routine bodies, ``CHECK`` and partition bounds...) keep
        their dates and the names found there without a cue ("Key (payment_id)")."""
        code = (code_literals(segment.part.pieces, one_statement=segment.part.in_statement)
                if any(f.entity_type in _KEPT_IN_CODE for f in findings) else set())
        bounds, at = [], 0
        for piece in segment.part.pieces:
            bounds.append((at, at + len(piece.text)))
            at += len(piece.text)
        acted: list[Finding] = []
        by_piece: dict[int, list[Finding]] = {}
        for finding in findings:
            if policy.operator_for(finding.entity_type) == "keep":
                continue
            touched = [i for i, (a, b) in enumerate(bounds) if a < finding.end and finding.start < b
                       and segment.part.pieces[i].kind in _VALUE_KINDS]
            if not touched or (touched[0] in code and _kept_in_code(
                    finding, segment.part.pieces[touched[0]].text, finding.start - bounds[touched[0]][0])):
                continue
            if len(touched) > 1:
                raise UnwritableValue(f"a {finding.entity_type} value spans several SQL values and cannot be "
                                  f"rewritten; {self._what(segment)} left out")
            a, b = bounds[touched[0]]
            start, end = max(a, finding.start), min(b, finding.end)
            clipped = replace(finding, start=start, end=end, value=view[start:end])
            acted.append(clipped)
            by_piece.setdefault(touched[0], []).append(clipped)
        return acted, by_piece

    @staticmethod
    def _what(segment: _Segment) -> str:
        return "statement" if segment.part.in_statement else "comments"

    def _rewrite(self, segment: _Segment, piece: Piece, text: str) -> tuple[int, int, bytes]:
        """The bytes that replace ``piece`` once its text is ``text``; UnwritableValue when
        they could not be read back as the same kind of piece."""
        what = self._what(segment)
        raw = segment.part.data[piece.start - segment.part.start:piece.end - segment.part.start]
        if "\ufffd" in piece.text:
            raise UnwritableValue(f"text not in the dump's encoding cannot be rewritten; {what} left out")
        if piece.kind == "comment":
            data = text.encode(segment.part.encoding)
            if raw.startswith(b"/*"):
                safe = data.startswith(b"/*") and data.endswith(b"*/") and b"*/" not in data[2:-2]
            else:
                safe = b"\n" not in data and b"\r" not in data
        elif piece.kind == "number":
            data = text.encode("ascii", errors="replace")
            safe = bool(re.fullmatch(r"\d+", text) if piece.text.isdigit() else _NUMBER.fullmatch(text))
        elif piece.token == "dollar":
            tag = raw[:raw.index(b"$", 1) + 1]
            body = text.encode(segment.part.encoding)
            data = tag + body + tag
            safe = tag not in body and all(text.count(c) == piece.text.count(c) for c in "'\"\\$")
        else:
            data = self._quote_like(piece.token, raw, text, segment.part.encoding)
            kind = "estring" if data[:1] in (b"E", b"e") else "string"
            check = self.dialect.decode_literal(Token(kind, data, 0, 0))
            safe = check is not None and check.decode(segment.part.encoding, errors="replace") == text
        if piece.in_comment and b"*/" in data:  # would close the conditional comment
            safe = False
        if not safe:
            raise UnwritableValue(f"a value cannot be rewritten in place; {what} left out")
        return piece.start, piece.end, data

    def _emit_segment(self, segment: _Segment, unit: Unit, changes: dict[str, str] | None) -> str | None:
        copier = self.copier
        assert copier is not None
        if changes is not None and (segment.rewrites is not None or not changes):
            for rewrite in segment.rewrites or ():
                copier.rewrite(*rewrite)
            return None
        if segment.part.in_statement:
            statement = self.statement
            assert statement is not None
            if statement.kept:
                statement.drop_rest = True
            else:
                statement.drop_whole = True
        else:
            copier.rewrite(segment.part.start, segment.part.end, b"\n")
        if changes is not None:  # redacted without the writer (another engine): fail closed
            return f"line {unit.record.line if unit.record else '?'}: statement text redacted elsewhere cannot be placed; left out"
        return None

    def _keep(self, placed: Placed, edits: list[tuple[int, int, bytes]]) -> None:
        copier, statement = self.copier, self.statement
        assert copier is not None and statement is not None
        if placed.copy_line is None:  # an INSERT tuple
            if statement.kept == 0 and statement.first_open is not None:
                copier.copy_to(statement.first_open)
                copier.skip_to(placed.start)
            if statement.first_open is None:
                statement.first_open = placed.start
            statement.kept += 1
            statement.last_kept_end = placed.end
        for start, end, data in edits:
            copier.copy_to(start)
            copier.write(data)
            copier.skip_to(end)
        self.written += 1

    def _drop(self, placed: Placed) -> None:
        copier, statement = self.copier, self.statement
        assert copier is not None and statement is not None
        if placed.copy_line is not None:
            copier.copy_to(placed.start)
            copier.skip_to(placed.end)
            return
        if statement.first_open is None:
            statement.first_open = placed.start
        if statement.kept:
            copier.copy_to(statement.last_kept_end)
            copier.skip_to(placed.end)
        statement.dropped += 1

    def _edits(self, placed: Placed, changes: dict[str, str], encoding: str) -> list[tuple[int, int, bytes]]:
        """(start, end, new bytes) for each changed value, or UnwritableValue."""
        row = placed.item
        assert isinstance(row, Row)
        if not changes:
            return []
        index = {column: i for i, column in enumerate(row.columns)}
        if placed.copy_line is not None:
            cells = placed.copy_line.split(b"\t")
            if len(cells) != len(row.values):
                raise UnwritableValue(f"{row.table.name}, line {row.line}: COPY row cannot be rewritten; row dropped")
            for column, text in changes.items():
                cell = escape_copy(text, encoding)
                if unescape_copy(cell).decode(encoding, errors="replace") != text:
                    raise UnwritableValue(f"{row.table.name}, line {row.line}: column {column!r} cannot be re-escaped; row dropped")
                cells[index[column]] = cell
            return [(placed.start, placed.start + len(placed.copy_line), b"\t".join(cells))]
        edits = []
        for column, text in changes.items():
            value = row.values[index[column]]
            token = value.token
            if token is None or (token.kind == "number" and value.text != token.raw.decode("ascii", "replace")):
                raise UnwritableValue(
                    f"{row.table.name}, line {row.line}: column {column!r} holds an expression that cannot be "
                    "replaced in place; row dropped"
                )
            end = value.end if value.end is not None else token.offset + len(token.raw)
            edits.append((token.offset, end, self._literal(token, value.text, text, encoding, row, column)))
        return sorted(edits)

    def _literal(self, token: Token, old: str | None, text: str, encoding: str, row: Row, column: str) -> bytes:
        if token.kind == "number" and _NUMBER.fullmatch(text):
            return text.encode("ascii")
        if token.kind == "hex":
            data = text.encode("utf-8").hex().upper().encode("ascii")
            return (b"0x" + data) if token.raw[:2].lower() == b"0x" else (b"X'" + data + b"'")
        if token.kind not in ("string", "dstring", "estring", "ustring", "dollar", "number", "concat"):
            raise UnwritableValue(f"{row.table.name}, line {row.line}: column {column!r} ({token.kind}) cannot be rewritten; row dropped")
        data = self.dialect.decode_literal(token)
        if data is not None and old is not None and data.decode(encoding, errors="replace") != old:
            encoding = "utf-8"  # a ``_binary`` / charset-introduced string, read as UTF-8 text
        literal = self._quote_like(token.kind, token.raw, text, encoding)
        kind = "estring" if literal[:1] in (b"E", b"e") else "string"
        check = self.dialect.decode_literal(Token(kind, literal, 0, 0))
        if check is None or check.decode(encoding, errors="replace") != text:
            raise UnwritableValue(f"{row.table.name}, line {row.line}: column {column!r} cannot be re-quoted; row dropped")
        return literal

    def _quote(self, text: str, encoding: str) -> bytes:  # pragma: no cover - per dialect
        raise NotImplementedError

    def _quote_like(self, kind: str, raw: bytes, text: str, encoding: str) -> bytes:
        """``text`` quoted as the literal ``raw`` (a token of ``kind``) it replaces, when the
        dialect has several styles; else with ``_quote``."""
        return self._quote(text, encoding)

    def close(self) -> None:
        if self.copier is None:
            self.copier = DumpCopier(self._src, self.out, self.names)
        if not self.finished:
            self.copier.copy_to(None)
        self._src.close()
        super().close()

    def abort(self) -> None:
        src = getattr(self, "_src", None)
        if src is not None:
            src.close()
        super().abort()
