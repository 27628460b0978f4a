"""JSON nested deeper than ``MAX_DEPTH``: the record is refused with a one-line error, the
others are read (scan) or written (redact); never a RecursionError."""

from __future__ import annotations

import json

import pytest

from scanner.models import ReadError, Record
from scanner.readers import read_records
from scanner.readers.jsonl import MAX_DEPTH, flatten
from scanner.redact.pipeline import redact_path
from scanner.redact.policy import RedactionPolicy


def nested(depth: int, kind: str) -> str:
    """A value ``depth`` objects or arrays deep around the name ROUX."""
    if kind == "object":
        return '{"a": ' * depth + '"ROUX"' + "}" * depth
    return "[" * depth + '"ROUX"' + "]" * depth


def middle_line(name: str) -> int:
    return 2 if name.endswith(".jsonl") else 3  # a JSON array opens on its own line


def document(name: str, middle: str) -> str:
    records = ['{"id": 1, "nom": "DURAND"}', '{"id": 2, "x": ' + middle + "}", '{"id": 3, "nom": "MARTIN"}']
    if name.endswith(".jsonl"):
        return "\n".join(records) + "\n"
    return "[\n" + ",\n".join(records) + "\n]\n"


CASES = [  # (depth of the middle record's value, kind, refused)
    (MAX_DEPTH - 2, "object", False),
    (MAX_DEPTH - 2, "array", False),
    (MAX_DEPTH + 1, "object", True),
    (1_500, "object", True),
    (1_500, "array", True),
    (100_000, "array", True),
]


@pytest.mark.parametrize("name", ["deep.jsonl", "deep.json"])
@pytest.mark.parametrize(("depth", "kind", "refused"), CASES)
def test_deep_json_is_refused_record_by_record(tmp_path, name, depth, kind, refused):
    path = tmp_path / name
    path.write_text(document(name, nested(depth, kind)), encoding="utf-8")
    items = list(read_records(path))
    errors = [i for i in items if isinstance(i, ReadError)]
    records = [i.record for i in items if isinstance(i, Record)]
    if refused:
        assert records == ["1", "3"]
        assert [(e.line, e.message) for e in errors] == [(middle_line(name), f"JSON nested deeper than {MAX_DEPTH} levels; record skipped")]
    else:
        assert records == ["1", "2", "3"] and not errors


def test_flatten_walks_deep_values_without_recursion():
    value = json.loads(nested(MAX_DEPTH - 2, "array"))
    assert flatten({"x": value}) == {"x" + ".0" * (MAX_DEPTH - 2): "ROUX"}


@pytest.mark.parametrize("name", ["deep.jsonl", "deep.json"])
def test_redact_drops_a_record_nested_too_deep(tmp_path, detector, name):
    source = tmp_path / "in" / name
    source.parent.mkdir()
    source.write_text(document(name, nested(1_500, "object")), encoding="utf-8")
    errors: list[ReadError] = []
    redact_path(source, tmp_path / name, RedactionPolicy(key=b"k" * 32), detector=detector, on_error=errors.append)
    written = (tmp_path / name).read_text(encoding="utf-8")
    assert '"id": 2' not in written and '"id": 3' in written and "ROUX" not in written
    assert [e.line for e in errors] == [middle_line(name)] and "nested deeper than" in errors[0].message
