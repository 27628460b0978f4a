"""JSON Lines: one object per line; nested objects flattened to dotted field paths.

The record id is the ``id`` field when present, else the 1-based line number.

>>> flatten({"id": 7, "patient": {"nom": "ROUX", "tel": ["06 12 34 56 78"]}, "vu": True})
{'id': '7', 'patient.nom': 'ROUX', 'patient.tel.0': '06 12 34 56 78'}
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

from scanner.models import ReadError, Record
from scanner.readers.decoding import decode, open_decoded
from scanner.readers.sources import MAX_FIELDS, bounded_lines, too_long_line


def record_id(obj: dict, number: int) -> str:
    """A JSON record's id: its ``id`` field when it has one, else its 1-based ``number``.

    >>> record_id({"id": 7, "nom": "x"}, 3), record_id({"id": ""}, 3), record_id({}, 3)
    ('7', '3', '3')
    """
    value = obj.get("id")
    return str(value) if value not in (None, "") else str(number)


def flatten(value: object, prefix: str = "") -> dict[str, str]:
    """Scalar leaves of a JSON value as ``{dotted.path: text}``; booleans and nulls dropped.

    Walked with a stack, not recursion: depth is bounded by ``MAX_DEPTH`` only.
    """
    flat: dict[str, str] = {}
    stack: list[tuple[str, object]] = [(prefix, value)]
    while stack:
        path, node = stack.pop()
        if isinstance(node, dict):
            items = node.items()
        elif isinstance(node, list):
            items = ((str(i), v) for i, v in enumerate(node))
        elif isinstance(node, bool) or node is None:
            continue
        else:
            flat[path] = node if isinstance(node, str) else str(node)
            continue
        stack.extend(reversed([(f"{path}.{key}" if path else str(key), child) for key, child in items]))
    return flat


MAX_DEPTH = 256
"""Deepest nesting of objects and arrays read: deeper records are refused (Python's parser
recurses, and no real export nests that deep)."""
TOO_DEEP = f"JSON nested deeper than {MAX_DEPTH} levels; record skipped"
_NESTING = re.compile(r'"(?:[^"\\]|\\.)*"|[][{}]')


def is_too_deep(text: str | bytes) -> bool:
    """Whether a JSON text nests objects and arrays deeper than ``MAX_DEPTH`` (strings aside).

    >>> is_too_deep('{"a": ' * 300 + '1' + '}' * 300), is_too_deep('{"a": "' + '[' * 300 + '"}')
    (True, False)
    """
    if isinstance(text, bytes):
        text = text.decode("utf-8", errors="replace")
    if text.count("{") + text.count("[") <= MAX_DEPTH:
        return False  # the common case, counted in C
    depth = 0
    for match in _NESTING.finditer(text):
        char = match.group()
        if char in "[{":
            depth += 1
            if depth > MAX_DEPTH:
                return True
        elif char in "]}":
            depth -= 1
    return False


def too_many_fields(fields: dict[str, str]) -> str:
    """The error of a record with more than ``MAX_FIELDS`` fields.

    >>> too_many_fields(dict.fromkeys(map(str, range(12_000)), "x"))
    '12,000 fields, more than 10,000; record skipped'
    """
    return f"{len(fields):,} fields, more than {MAX_FIELDS:,}; record skipped"


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F]")
LONE_SURROGATE = "a string escapes a lone surrogate (\\ud800 to \\udfff): not valid Unicode; record skipped"


def has_lone_surrogate(text: str, fields: dict[str, str]) -> bool:
    r"""Whether the JSON ``text``, flattened into ``fields``, escapes a lone surrogate
    (``"\udc80"``): such a string is not valid Unicode, and nothing can encode it (a pair,
    an emoji's ``"\ud83d\ude00"``, is one character).

    >>> has_lone_surrogate(r'{"a": "\udc80"}', {"a": chr(0xdc80)}), has_lone_surrogate(r'{"a": "\ud83d\ude00"}', {"a": "😀"})
    (True, False)
    """
    if _SURROGATE_ESCAPE.search(text) is None:
        return False
    try:
        for name, value in fields.items():
            name.encode("utf-8")
            value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def read_jsonl(path: Path, encoding: str) -> Iterator[Record | ReadError]:
    """Yield one record per non-blank line; a ReadError for each bad line."""
    source = str(path)
    opened = open_decoded(path, encoding)  # UTF-16/32 read as UTF-8
    if isinstance(opened, ReadError):
        yield opened
        return
    fp, encoding = opened
    with fp:
        for number, raw in enumerate(bounded_lines(fp), start=1):
            if isinstance(raw, int):
                yield ReadError(source, number, too_long_line(raw) + "; record skipped")
                continue
            line = decode(raw, encoding, first_line=number)
            if isinstance(line, ReadError):
                yield ReadError(source, number, line.message)
                continue
            if not line.strip():
                continue
            if is_too_deep(line):
                yield ReadError(source, number, TOO_DEEP)
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as error:
                yield ReadError(source, number, f"invalid JSON ({error.msg}, column {error.colno})")
                continue
            if not isinstance(obj, dict):
                yield ReadError(source, number, f"expected a JSON object, found {type(obj).__name__}")
                continue
            fields = flatten(obj)
            if len(fields) > MAX_FIELDS:
                yield ReadError(source, number, too_many_fields(fields))
                continue
            if has_lone_surrogate(line, fields):
                yield ReadError(source, number, LONE_SURROGATE)
                continue
            yield Record(
                source=source,
                table=None,
                record=record_id(obj, number),
                fields=fields,
                line=number,
            )
