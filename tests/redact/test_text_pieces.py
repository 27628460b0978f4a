"""A big text note is redacted piece by piece and written back byte for byte but the values."""

from __future__ import annotations

import re

import pytest

from scanner.readers import text as text_reader
from scanner.redact.pipeline import redact_path
from scanner.redact.policy import DEFAULT_OPERATORS, RedactionPolicy
from tests.hostile.harness import nir_with_key

KEY = b"text-pieces-test-key-0123456789abcdef"
TAG_ALL = {entity: "tag" for entity in DEFAULT_OPERATORS}
NOTE = (
    "Consultation du {d:02d}/03/2024.\n"
    "Mme Camille ROUX, née le 12/0{m}/1961, tél 06 12 34 56 7{m}.\n"
    "NIR {nir}\n"
    "Poursuite du traitement habituel, état stable.\n\n"
)


def _note(n: int) -> str:
    return NOTE.format(d=n % 28 + 1, m=n % 9 + 1, nir=nir_with_key(f"26303971543{n % 90 + 10:02d}"))


# (name, bytes of the input, piece size)
CASES = [
    ("lines", "".join(_note(n) for n in range(40)).encode(), 300),
    ("crlf and BOM", b"\xef\xbb\xbf" + "".join(_note(n) for n in range(40)).replace("\n", "\r\n").encode(), 300),
    ("cp1252", "".join(_note(n) for n in range(40)).encode("cp1252"), 300),
    ("one long line", "".join(_note(n).replace("\n", " ") for n in range(40)).encode(), 500),
]


@pytest.mark.parametrize(("name", "content", "size"), CASES)
def test_text_redaction_by_pieces_changes_only_the_values(tmp_path, monkeypatch, detector, name, content, size):
    monkeypatch.setattr(text_reader, "RECORD_BYTES", size)
    source, target = tmp_path / "notes.txt", tmp_path / "out" / "notes.txt"
    source.write_bytes(content)
    target.parent.mkdir()
    encoding = "cp1252" if name == "cp1252" else None
    summary = redact_path(source, target, RedactionPolicy(key=KEY, operators=TAG_ALL),
                          encoding=encoding, detector=detector)
    assert summary.errors == [] and summary.records_dropped == 0
    assert summary.records_read > len(content) // size  # pieces, not one record
    output = target.read_bytes()
    assert output.startswith(b"\xef\xbb\xbf") == content.startswith(b"\xef\xbb\xbf")
    # Everything between the tags is the input's bytes, in order; the tags stand for values.
    parts = re.split(rb"<[A-Z_0-9]+>", output)
    pattern = b"(.+?)".join(re.escape(part) for part in parts)
    match = re.fullmatch(pattern, content, re.DOTALL)
    assert match is not None
    replaced = [value.decode(encoding or "utf-8") for value in match.groups()]
    assert len(replaced) >= 40 * 4
    for n in range(40):
        assert nir_with_key(f"26303971543{n % 90 + 10:02d}") in replaced
    assert b"ROUX" not in output and b"06 12 34" not in output
