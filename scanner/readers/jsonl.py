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
from scanner.readers.decoding import decode
from scanner.readers.sources import MAX_FIELDS, open_input


def flatten(value: object, prefix: str = "") -> dict[str, str]:
    """Scalar leaves of a JSON value as ``{dotted.path: text}``; booleans and nulls dropped."""
    if isinstance(value, dict):
        items = value.items()
    elif isinstance(value, list):
        items = ((str(i), v) for i, v in enumerate(value))
    elif isinstance(value, bool) or value is None:
        return {}
    else:
        return {prefix: value if isinstance(value, str) else str(value)}
    flat: dict[str, str] = {}
    for key, child in items:
        flat.update(flatten(child, f"{prefix}.{key}" if prefix else str(key)))
    return flat


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
    fp = open_input(path)
    if isinstance(fp, ReadError):
        yield fp
        return
    with fp:
        for number, raw in enumerate(fp, start=1):
            line = decode(raw, encoding, first_line=number)
            if isinstance(line, ReadError):
                yield ReadError(source, number, line.message)
                continue
            if not line.strip():
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
            record_id = obj.get("id")
            yield Record(
                source=source,
                table=None,
                record=str(record_id) if record_id not in (None, "") else str(number),
                fields=fields,
                line=number,
            )
