"""JSON Lines and JSON arrays, written back with the same keys, order and nesting.

A line or element without changes is copied byte for byte. A changed one is parsed again,
the new text put at each changed dotted path (``patient.nom``, ``tel.0``), and serialised
in the input's style (separators, indentation). A number, once redacted, stays a number
when its surrogate still reads as one, else becomes a string.

Fail closed: a bad line or element is not written; an object whose dotted paths collide
(``{"a.b": ..., "a": {"b": ...}}``) or that repeats a key is not written either, since
the reader only ever scanned one of the values.

>>> obj = {"id": 7, "p": {"nom": "ROUX", "tel": ["06 12 34 56 78"]}}
>>> apply_changes(obj, {"p.nom": "DUPONT", "p.tel.0": "07 00 00 00 00"}); obj
{'id': 7, 'p': {'nom': 'DUPONT', 'tel': ['07 00 00 00 00']}}
>>> apply_changes(obj, {"id": "12"}); obj["id"]
12
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from scanner.models import ReadError, Record
from scanner.readers.decoding import decode, decode_lenient
from scanner.readers.json_array import TRAILING_CONTENT, ArrayElements
from scanner.readers.jsonl import flatten, too_many_fields
from scanner.readers.sources import MAX_FIELDS, open_binary
from scanner.redact.writers import Unit, Writer

_INT = re.compile(r"-?(?:0|[1-9]\d*)")


class AmbiguousPath(ValueError):
    """Two values of one object flatten to the same dotted path."""


def _slots(value: object, prefix: str, slots: dict) -> None:
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = enumerate(value)
    else:
        return
    for key, child in items:
        path = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(child, (dict, list)):
            _slots(child, path, slots)
        elif isinstance(child, bool) or child is None:
            continue
        else:
            if path in slots:
                raise AmbiguousPath(path)
            slots[path] = (value, key)


def leaf_slots(obj: object) -> dict[str, tuple[object, object]]:
    """``dotted path -> (container, key)`` for every leaf ``flatten`` reports."""
    slots: dict[str, tuple[object, object]] = {}
    _slots(obj, "", slots)
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


class JsonlWriter(Writer):
    def units(self) -> Iterator[Unit]:
        encoding = self.options.encoding or "utf-8"
        self.encoding = encoding
        with open_binary(self.path) as fp:
            for number, raw in enumerate(fp, start=1):
                line = decode(raw, encoding, first_line=number)
                if isinstance(line, ReadError):
                    yield Unit(errors=[ReadError(self.source, number, line.message)])
                    continue
                if not line.strip():
                    yield Unit(payload=raw)  # a blank line: copied
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
                record_id = obj.get("id")
                record = Record(
                    source=self.source, table=None,
                    record=str(record_id) if record_id not in (None, "") else str(number),
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
        if not changes:
            self.out.write(raw)
            return None
        apply_changes(obj, changes)
        ending = raw[len(raw.rstrip(b"\r\n")):]
        text = json.dumps(obj, **_style(line))
        self.out.write(text.encode(self.encoding) + ending)
        return None


class JsonArrayWriter(Writer):
    """A JSON array of objects (or a stream of top-level objects), element by element."""

    def units(self) -> Iterator[Unit]:
        encoding = self.options.encoding or "utf-8"
        self.encoding = encoding
        self.first = True
        self.in_array = True
        with open_binary(self.path) as fp:
            elements = ArrayElements(fp, self.source)
            for item in elements:
                self.in_array = elements.in_array
                if isinstance(item, ReadError):
                    if item.message == TRAILING_CONTENT:
                        item = ReadError(item.source, item.line, TRAILING_CONTENT + "; not copied")
                    yield Unit(errors=[item])
                else:
                    index, line, raw = item
                    yield self._element(raw, index, line)
            self.in_array = elements.in_array

    def _element(self, raw: bytes, index: int, line: int) -> Unit:
        text, problem = decode_lenient(raw, self.encoding)
        if problem:
            return Unit(errors=[ReadError(self.source, line, problem + "; element dropped")])
        try:
            value = parse_object(text)
        except json.JSONDecodeError as error:
            return Unit(errors=[ReadError(self.source, line + error.lineno - 1, f"invalid JSON ({error.msg}, column {error.colno})")])
        except AmbiguousPath as error:
            return Unit(errors=[ReadError(self.source, line, f"field {str(error)!r} appears twice; element dropped")])
        if not isinstance(value, dict):
            return Unit(errors=[ReadError(self.source, line, f"expected a JSON object, found {type(value).__name__}")])
        fields = flatten(value)
        if len(fields) > MAX_FIELDS:
            return Unit(errors=[ReadError(self.source, line, too_many_fields(fields))])
        record_id = value.get("id")
        record = Record(
            source=self.source, table=None,
            record=str(record_id) if record_id not in (None, "") else str(index),
            fields=fields, line=line,
        )
        return Unit(record, payload=(raw, text, value))

    def emit(self, unit: Unit, changes: dict[str, str] | None) -> str | None:
        if unit.record is None or changes is None:
            return None
        raw, text, value = unit.payload  # type: ignore[misc]
        if changes:
            apply_changes(value, changes)
            indent = _indent_of(text)
            style = _style(text)
            if indent:
                style["separators"] = (",", ": ")
            raw = json.dumps(value, indent=indent, **style).encode(self.encoding)
        if self.first:
            self.out.write(b"[\n" if self.in_array else b"")
            self.first = False
        else:
            self.out.write(b",\n" if self.in_array else b"\n")
        self.out.write(raw)
        self.written += 1
        return None

    def close(self) -> None:
        if self.first:
            self.out.write(b"[" if self.in_array else b"")
        self.out.write(b"\n]\n" if self.in_array else b"\n")
        super().close()
