"""JSON Lines and JSON arrays, written back with the same keys, order and nesting.

A line or element without changes is copied byte for byte. A changed one is parsed again,
the new text put at each changed dotted path (``patient.nom``, ``tel.0``), and serialised
in the input's style (separators, indentation). A number, once redacted, stays a number
when its surrogate still reads as one, else becomes a string.

A key that holds an identifier (a NIR, phone, e-mail... as a key, nested ones too) is
replaced as a value of its type would be (``WriteOptions.rename``), the keys of each
object kept unique; the line or element is then serialised again.

Fail closed: a bad line or element is not written; an object whose dotted paths collide
(``{"a.b": ..., "a": {"b": ...}}``) or that repeats a key is not written either, since
the reader only ever scanned one of the values. A UTF-16/32 input is read as UTF-8 and
written back in its encoding, BOM included.

>>> obj = {"id": 7, "p": {"nom": "ROUX", "tel": ["06 12 34 56 78"]}}
>>> apply_changes(obj, {"p.nom": "DUPONT", "p.tel.0": "07 00 00 00 00"}); obj
{'id': 7, 'p': {'nom': 'DUPONT', 'tel': ['07 00 00 00 00']}}
>>> apply_changes(obj, {"id": "12"}); obj["id"]
12
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from scanner.models import ReadError, Record
from scanner.readers.decoding import decode, decode_lenient
from scanner.readers.json_array import TRAILING_CONTENT, ArrayElements, table_rows
from scanner.readers.jsonl import TOO_DEEP, flatten, is_too_deep, record_id, too_many_fields
from scanner.readers.sources import MAX_FIELDS, bounded_lines, too_long_line
from scanner.redact.writers import Unit, WideOutput

_INT = re.compile(r"-?(?:0|[1-9]\d*)")


class AmbiguousPath(ValueError):
    """Two values of one object flatten to the same dotted path."""


def leaf_slots(obj: object) -> dict[str, tuple[object, object]]:
    """``dotted path -> (container, key)`` for every leaf ``flatten`` reports (walked with a
    stack, in ``flatten``'s order).

    >>> list(leaf_slots({"p": {"nom": "ROUX", "tel": ["06"]}, "vu": True}))
    ['p.nom', 'p.tel.0']
    """
    slots: dict[str, tuple[object, object]] = {}
    stack: list[tuple[str, object]] = [("", obj)]
    while stack:
        prefix, value = stack.pop()
        items = value.items() if isinstance(value, dict) else enumerate(value)  # type: ignore[arg-type]
        nested = []
        for key, child in items:
            path = f"{prefix}.{key}" if prefix else str(key)
            if isinstance(child, (dict, list)):
                nested.append((path, child))
            elif not (isinstance(child, bool) or child is None):
                if path in slots:
                    raise AmbiguousPath(path)
                slots[path] = (value, key)
        stack.extend(reversed(nested))
    return slots


def typed(new: str, old: object) -> object:
    """``new`` with the JSON type of ``old`` when it still reads as one, else the string."""
    if isinstance(old, int) and not isinstance(old, bool) and _INT.fullmatch(new):
        return int(new)
    if isinstance(old, float):
        try:
            value = float(new)
        except ValueError:
            return new
        return value if repr(value) == new else new
    return new


def apply_changes(obj: object, changes: dict[str, str]) -> None:
    """Put each new text at its dotted path in ``obj`` (in place)."""
    slots = leaf_slots(obj)
    for path, text in changes.items():
        container, key = slots[path]
        container[key] = typed(text, container[key])  # type: ignore[index]


def renamed_keys(value: object, rename: Callable[[Sequence[str]], list[str]]) -> tuple[object, bool]:
    """``value`` with the keys of each object, nested ones too, given by ``rename`` (the
    keys of one object -> their new names), and whether any key changed.

    >>> renamed_keys({"a": {"b": 1}, "l": [{"c": 2}]}, lambda keys: [k.upper() for k in keys])
    ({'A': {'B': 1}, 'L': [{'C': 2}]}, True)
    """
    if isinstance(value, dict):
        keys = list(value)
        names = rename(keys)
        changed = names != keys
        new = {}
        for name, child in zip(names, value.values()):
            new[name], child_changed = renamed_keys(child, rename)
            changed = changed or child_changed
        return (new, True) if changed else (value, False)
    if isinstance(value, list):
        items = [renamed_keys(child, rename) for child in value]
        if any(changed for _, changed in items):
            return [child for child, _ in items], True
    return value, False


def _reject_duplicates(pairs: list[tuple[str, object]]) -> dict:
    obj = dict(pairs)
    if len(obj) != len(pairs):
        seen = set()
        for key, _ in pairs:
            if key in seen:
                raise AmbiguousPath(key)
            seen.add(key)
    return obj


def parse_object(text: str) -> dict:
    """The object, refusing repeated keys and colliding dotted paths (AmbiguousPath)."""
    obj = json.loads(text, object_pairs_hook=_reject_duplicates)
    if isinstance(obj, dict):
        leaf_slots(obj)
    return obj


def _style(raw: str) -> dict:
    """json.dumps arguments that reproduce the input's separators and escaping."""
    compact = '": ' not in raw and '":' in raw
    return {
        "ensure_ascii": "\\u00" in raw and raw.isascii(),
        "separators": (",", ":") if compact else (", ", ": "),
    }


def _indent_of(raw: str) -> int | None:
    lines = raw.splitlines()
    if len(lines) < 2:
        return None
    second = lines[1]
    return len(second) - len(second.lstrip(" ")) or None


class JsonlWriter(WideOutput):
    def units(self) -> Iterator[Unit]:
        opened = self._open()
        if isinstance(opened, ReadError):
            yield Unit(errors=[opened])
            return
        fp, encoding = opened
        self.encoding = encoding
        with fp:
            for number, raw in enumerate(bounded_lines(fp), start=1):
                if isinstance(raw, int):
                    yield Unit(errors=[ReadError(self.source, number, too_long_line(raw) + "; line dropped")])
                    continue
                line = decode(raw, encoding, first_line=number)
                if isinstance(line, ReadError):
                    yield Unit(errors=[ReadError(self.source, number, line.message)])
                    continue
                if not line.strip():
                    yield Unit(payload=raw)  # a blank line: copied
                    continue
                if is_too_deep(line):
                    yield Unit(errors=[ReadError(self.source, number, TOO_DEEP.replace("record skipped", "line dropped"))])
                    continue
                try:
                    obj = parse_object(line)
                except json.JSONDecodeError as error:
                    yield Unit(errors=[ReadError(self.source, number, f"invalid JSON ({error.msg}, column {error.colno})")])
                    continue
                except AmbiguousPath as error:
                    yield Unit(errors=[ReadError(self.source, number, f"field {str(error)!r} appears twice; line dropped")])
                    continue
                if not isinstance(obj, dict):
                    yield Unit(errors=[ReadError(self.source, number, f"expected a JSON object, found {type(obj).__name__}")])
                    continue
                fields = flatten(obj)
                if len(fields) > MAX_FIELDS:
                    yield Unit(errors=[ReadError(self.source, number, too_many_fields(fields))])
                    continue
                record = Record(
                    source=self.source, table=None, record=record_id(obj, number),
                    fields=fields, line=number,
                )
                yield Unit(record, payload=(raw, line, obj))

    def emit(self, unit: Unit, changes: dict[str, str] | None) -> str | None:
        if unit.record is None:
            if not unit.errors and isinstance(unit.payload, bytes):
                self.out.write(unit.payload)
            return None
        if changes is None:
            return None
        raw, line, obj = unit.payload  # type: ignore[misc]
        self.written += 1
        if changes:
            apply_changes(obj, changes)
        obj, renamed = renamed_keys(obj, self.options.rename) if self.options.rename else (obj, False)
        if not changes and not renamed:
            self.out.write(raw)
            return None
        ending = raw[len(raw.rstrip(b"\r\n")):]
        text = json.dumps(obj, **_style(line))
        self.out.write(text.encode(self.encoding) + ending)
        return None


_SPACE = rb"[ \t\r\n]*"
_FRAMING = {  # (in an array?, place) -> the framing bytes copied from the input
    (True, "start"): re.compile(rb"(?:\xef\xbb\xbf)?" + _SPACE + rb"\[" + _SPACE),
    (True, "between"): re.compile(_SPACE + rb"," + _SPACE),
    (True, "end"): re.compile(_SPACE + rb"\]" + _SPACE),
    (True, "empty"): re.compile(rb"(?:\xef\xbb\xbf)?" + _SPACE + rb"\[" + _SPACE + rb"\]" + _SPACE),
    (False, "start"): re.compile(rb"(?:\xef\xbb\xbf)?" + _SPACE),
    (False, "between"): re.compile(_SPACE),
    (False, "end"): re.compile(_SPACE),
    (False, "empty"): re.compile(rb"(?:\xef\xbb\xbf)?" + _SPACE),
}
_CANONICAL = {
    (True, "start"): b"[\n", (True, "between"): b",\n", (True, "end"): b"\n]\n", (True, "empty"): b"[\n]\n",
    (False, "start"): b"", (False, "between"): b"\n", (False, "end"): b"\n", (False, "empty"): b"\n",
}


def framing(in_array: bool, place: str, copied: bytes | None) -> bytes:
    r"""The input's bytes around elements when they are only what ``place`` allows
    (whitespace, a BOM, ``[``, ``,``, ``]``), else the canonical ones: never a value.

    >>> framing(True, "start", b"[\n  "), framing(True, "between", b" ,"), framing(True, "between", b",,")
    (b'[\n  ', b' ,', b',\n')
    """
    if copied is not None and _FRAMING[in_array, place].fullmatch(copied):
        return copied
    return _CANONICAL[in_array, place]


@dataclass
class _TableDocument:
    """A top-level object of arrays of objects, written once its last row is emitted."""

    raw: bytes
    text: str
    value: dict
    gap: bytes | None
    pending: int
    """Rows not emitted yet."""
    dropped: set[tuple[str, int]] = field(default_factory=set)
    changed: bool = False


@dataclass(frozen=True)
class _TableRow:
    document: _TableDocument
    table: str
    index: int


class JsonArrayWriter(WideOutput):
    """A JSON array of objects (or a stream of top-level objects), element by element.

    The framing (``[``, separators, indentation, ``]``, a BOM) is copied from the input,
    so that an unchanged document comes out byte for byte; around a dropped element, or
    where the input's framing is broken, canonical framing is written. A document of
    tables (a top-level object of arrays of objects) gives a unit per row and is written
    whole, in its own layout, after its last row; a dropped row is left out of its array.
    """

    def units(self) -> Iterator[Unit]:
        opened = self._open()
        if isinstance(opened, ReadError):
            yield Unit(errors=[opened])
            return
        fp, self.encoding = opened
        self.first = True
        self.in_array = True
        self.start: bytes | None = None
        self.seen = False
        with fp:
            elements = ArrayElements(fp, self.source)
            for item in elements:
                self.in_array = elements.in_array
                if isinstance(item, ReadError):
                    if item.message == TRAILING_CONTENT:
                        item = ReadError(item.source, item.line, TRAILING_CONTENT + "; not copied")
                    yield Unit(errors=[item])
                else:
                    index, line, raw = item
                    if not self.seen:
                        self.start, self.seen = elements.gap, True
                    yield from self._element(raw, index, line, elements.gap)
            self.in_array = elements.in_array
            self.trailer = elements.trailer

    def _element(self, raw: bytes, index: int, line: int, gap: bytes | None) -> Iterator[Unit]:
        text, problem = decode_lenient(raw, self.encoding)
        if problem:
            yield Unit(errors=[ReadError(self.source, line, problem + "; element dropped")])
            return
        if is_too_deep(text):
            yield Unit(errors=[ReadError(self.source, line, TOO_DEEP.replace("record skipped", "element dropped"))])
            return
        try:
            value = parse_object(text)
        except json.JSONDecodeError as error:
            yield Unit(errors=[ReadError(self.source, line + error.lineno - 1, f"invalid JSON ({error.msg}, column {error.colno})")])
            return
        except AmbiguousPath as error:
            yield Unit(errors=[ReadError(self.source, line, f"field {str(error)!r} appears twice; element dropped")])
            return
        if not isinstance(value, dict):
            yield Unit(errors=[ReadError(self.source, line, f"expected a JSON object, found {type(value).__name__}")])
            return
        rows = None if self.in_array else table_rows(value, text, line)
        if rows is not None:
            yield from self._table_units(_TableDocument(raw, text, value, gap, pending=len(rows)), rows)
            return
        fields = flatten(value)
        if len(fields) > MAX_FIELDS:
            yield Unit(errors=[ReadError(self.source, line, too_many_fields(fields))])
            return
        record = Record(
            source=self.source, table=None, record=record_id(value, index),
            fields=fields, line=line,
        )
        yield Unit(record, payload=(raw, text, value, gap))

    def _table_units(self, document: _TableDocument, rows: list[tuple[str, int, int, dict]]) -> Iterator[Unit]:
        for table, number, line, row in rows:
            place = _TableRow(document, table, number - 1)
            fields = flatten(row)
            if len(fields) > MAX_FIELDS:
                yield Unit(errors=[ReadError(self.source, line, too_many_fields(fields))], payload=place)
                continue
            record = Record(
                source=self.source, table=table, record=record_id(row, number),
                fields=fields, line=line,
            )
            yield Unit(record, payload=place)

    def _emit_row(self, place: _TableRow, changes: dict[str, str] | None) -> None:
        document = place.document
        rows = document.value[place.table]
        if changes is None:
            document.dropped.add((place.table, place.index))
            document.changed = True
        else:
            row = rows[place.index]
            if changes:
                apply_changes(row, changes)
            rows[place.index], renamed = renamed_keys(row, self.options.rename) if self.options.rename else (row, False)
            document.changed = document.changed or bool(changes) or renamed
            self.written += 1
        document.pending -= 1
        if document.pending:
            return
        value = {
            table: [row for index, row in enumerate(rows) if (table, index) not in document.dropped]
            for table, rows in document.value.items()
        }
        if self.options.rename:
            names = self.options.rename(list(value))
            document.changed = document.changed or names != list(value)
            value = dict(zip(names, value.values()))
        raw = self._serialised(document.text, value) if document.changed else document.raw
        self._write_element(raw, document.gap)

    def _serialised(self, text: str, value: object) -> bytes:
        """``value`` written in the layout of ``text`` (indentation, separators, escaping)."""
        indent = _indent_of(text)
        style = _style(text)
        if indent:
            style["separators"] = (",", ": ")
        return json.dumps(value, indent=indent, **style).encode(self.encoding)

    def _write_element(self, raw: bytes, gap: bytes | None) -> None:
        if self.first:
            self.out.write(framing(self.in_array, "start", self.start))
            self.first = False
        else:
            self.out.write(framing(self.in_array, "between", gap))
        self.out.write(raw)


    def emit(self, unit: Unit, changes: dict[str, str] | None) -> str | None:
        if isinstance(unit.payload, _TableRow):
            self._emit_row(unit.payload, changes)
            return None
        if unit.record is None or changes is None:
            return None
        raw, text, value, gap = unit.payload  # type: ignore[misc]
        if changes:
            apply_changes(value, changes)
        value, renamed = renamed_keys(value, self.options.rename) if self.options.rename else (value, False)
        if changes or renamed:
            raw = self._serialised(text, value)
        self._write_element(raw, gap)
        self.written += 1
        return None

    def close(self) -> None:
        trailer = getattr(self, "trailer", None)
        if self.first:
            self.out.write(framing(self.in_array, "empty", None if self.seen else trailer))
        else:
            self.out.write(framing(self.in_array, "end", trailer))
        super().close()
