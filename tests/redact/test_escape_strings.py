"""A PostgreSQL ``E'..'`` literal is written back as an ``E'..'`` literal, line breaks escaped.

A value replaced in ``E'appel de Mme L\\'Hermite :\\nrappeler au 06 12 34 56 78'`` came
back as a standard ``'..'`` literal holding a raw line break: the same value once loaded,
but not in the escaping style it came in, and one line of the dump became two.
"""

from __future__ import annotations

import pytest

from scanner.models import Record
from scanner.readers import read_records
from scanner.redact.pipeline import redact_path
from scanner.redact.policy import RedactionPolicy

KEY = b"escape-strings-test-key-0123456789abcdef"
HEAD = "SET standard_conforming_strings = on;\nCREATE TABLE public.journal (id integer, action text);\n"


@pytest.mark.parametrize("statement, prefix", [
    ("INSERT INTO public.journal VALUES (1, E'appel de Mme L\\'Hermite :\\nrappeler au 06 12 34 56 78');", "E'"),
    ("INSERT INTO public.journal VALUES (1, e'appel de M. Jean Dupont\\r\\nau 06 12 34 56 78');", "e'"),
    ("INSERT INTO public.journal VALUES (1, E'vu le 12/03/2024\\tM. Paul Martin, 06 12 34 56 78');", "E'"),
    ("COMMENT ON TABLE public.journal IS E'tenu par Mme L''Hermite\\n(06 12 34 56 78)';", "E'"),
])
def test_escape_string_literals_keep_their_style(tmp_path, detector, statement, prefix):
    source, output = tmp_path / "dump.sql", tmp_path / "redacted.sql"
    source.write_text(HEAD + statement + "\n", encoding="utf-8")
    summary = redact_path(source, output, RedactionPolicy(key=KEY), detector=detector)
    assert summary.unparsed == 0 and summary.records_dropped == 0
    lines = output.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 3 and lines[:2] == HEAD.splitlines()
    written = lines[2]
    assert written != statement and "06 12 34 56 78" not in written
    assert f", {prefix}" in written or f" IS {prefix}" in written
    if written.startswith("INSERT"):
        values = [item.fields["action"] for item in read_records(output) if isinstance(item, Record)]
        assert len(values) == 1 and values[0].count("\n") == statement.count("\\n")
