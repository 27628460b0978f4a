"""scanner.redact.policy.build_operators: the operator configuration, without the CLI."""

from __future__ import annotations

import pytest

from scanner.errors import UsageError
from scanner.redact.policy import DEFAULT_OPERATORS, build_operators


@pytest.mark.parametrize(
    "toml, overrides, expected",
    [
        (None, [], {}),
        (None, ["FR_NIR=mask"], {"FR_NIR": "mask"}),
        (None, [" PERSON = remove ", "PERSON=tag"], {"PERSON": "tag"}),  # the last one wins
        ('[operators]\nFR_NIR = "hash"\nDIAGNOSIS = "tag"\n', [], {"FR_NIR": "hash", "DIAGNOSIS": "tag"}),
        ('[operators]\nFR_NIR = "hash"\n', ["FR_NIR=keep"], {"FR_NIR": "keep"}),  # flags after the file
        ("", [], {}),
    ],
)
def test_build_operators_applies_file_then_flags(tmp_path, toml, overrides, expected):
    config = None
    if toml is not None:
        config = tmp_path / "vigie.toml"
        config.write_text(toml, encoding="utf-8")
    assert build_operators(config, overrides) == {**DEFAULT_OPERATORS, **expected}


@pytest.mark.parametrize(
    "toml, overrides, message",
    [
        (None, ["FR_NIR=scramble"], "--operator: unknown operator 'scramble' for FR_NIR"),
        (None, ["NIR=mask"], "--operator: unknown entity type 'NIR'"),
        (None, ["FR_NIR"], "expected ENTITY=OPERATOR"),
        ('[operators]\nFR_NIR = 3\n', [], "the operator for FR_NIR must be a string"),
        ('[operators]\nFR_NIR = "scramble"\n', [], "vigie.toml: unknown operator 'scramble'"),
        ('[other]\nFR_NIR = "mask"\n', [], "expected only an operators table"),
        ("operators = 'mask'\n", [], "expected only an operators table"),
        ("[operators\n", [], "not valid TOML"),
        (b"\xff\xfe[operators]", [], "not valid TOML"),
    ],
)
def test_build_operators_refuses_unusable_configuration(tmp_path, toml, overrides, message):
    config = None
    if toml is not None:
        config = tmp_path / "vigie.toml"
        config.write_bytes(toml if isinstance(toml, bytes) else toml.encode())
    with pytest.raises(UsageError, match=message.replace("[", r"\[")):
        build_operators(config, overrides)


def test_build_operators_reports_a_missing_file(tmp_path):
    with pytest.raises(UsageError, match="cannot read .*missing.toml"):
        build_operators(tmp_path / "missing.toml", [])
