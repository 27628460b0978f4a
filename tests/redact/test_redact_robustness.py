"""Junk never breaks redaction: no exception, and never the input back (except ``keep``)."""

import random

import pytest

from scanner.models import Finding
from scanner.name_words import fold
from scanner.redact.fields import FieldRedactor
from scanner.redact.policy import DEFAULT_OPERATORS, RedactionPolicy
from scanner.redact.surrogates import SURROGATES, SurrogateError, surrogate

KEY = bytes(range(32))
ENTITY_TYPES = sorted(DEFAULT_OPERATORS) + ["UNKNOWN_TYPE"]
JUNK = [
    " ", "*&^%$", "0", "00000000000000", "1" * 40, "é", "ÉÉÉ", "-", "--", "\t\n", "@", "a@b",
    "@@.fr", "....", "2A", "FR", "FR00", "+33", "+33 (0)", "(0)", "1er", "31/02", "00/00/0000",
    "9999-99-99", "12 rue", "rue", "75000", "00000", "99999", "Dr", "M.", "de la", "O'", "'",
    "’", "l'", "J.", "jean", "Ω≈ç√", "\u200b", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "x" * 300, "185057800608491" * 3,
    "06 12 34 56 78 06 12 34 56 78", "FR76 3000 6000", "camille@", "@orange.fr",
    "1 85 05 78 006 084 9I", "2 95 10 99 126 111 93 extra",
]


def _random_values(n=150, seed=20240501):
    rng = random.Random(seed)
    alphabet = "0123456789 azAZéÉ-./@'’,()+:hT\n"
    return ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30))) for _ in range(n)]


VALUES = JUNK + _random_values()


@pytest.mark.parametrize("entity_type", sorted(SURROGATES) + ["UNKNOWN_TYPE"])
def test_surrogate_returns_a_different_value_or_raises_surrogate_error(entity_type):
    for value in VALUES:
        try:
            result = surrogate(entity_type, value, KEY, person_key="p")
        except SurrogateError:
            continue
        assert isinstance(result, str)
        assert result != value and fold(result) != fold(value), (entity_type, value, result)


@pytest.mark.parametrize("value", [None, 0, b"185057800608491", 1.5])
def test_surrogate_rejects_non_strings(value):
    with pytest.raises(SurrogateError):
        surrogate("FR_NIR", value, KEY)


@pytest.mark.parametrize("operator", ["pseudonym", "mask", "tag", "hash", "remove", "keep"])
def test_redact_text_never_raises_nor_leaks_junk(operator):
    redactor = FieldRedactor(RedactionPolicy(key=KEY, operators={e: operator for e in ENTITY_TYPES}))
    for entity_type in ENTITY_TYPES:
        for value in VALUES:
            text = f"<{value}>"
            found = Finding("x", None, "1", "f", entity_type, 1, 1 + len(value), 0.9, "t", value=value)
            out = redactor.redact_text(text, [found], "p")
            assert out.startswith("<") and out.endswith(">")
            replaced = out[1:-1]
            if operator == "keep":
                assert replaced == value
            elif operator == "remove":
                assert replaced == ""
            else:
                assert replaced != value, (operator, entity_type, value)


def test_a_whole_field_of_junk_findings_stays_consistent():
    rng = random.Random(7)
    redactor = FieldRedactor(RedactionPolicy(key=KEY))
    text = "".join(VALUES[:40])
    for _ in range(100):
        findings = []
        for _ in range(rng.randint(1, 8)):
            start = rng.randrange(len(text))
            end = min(len(text), start + rng.randint(1, 40))
            findings.append(Finding("x", None, "1", "f", rng.choice(ENTITY_TYPES), start, end,
                                    rng.random(), "t", value=text[start:end]))
        out = redactor.redact_text(text, findings, "p")
        assert isinstance(out, str)
        covered = sorted((f.start, f.end) for f in findings)
        # text outside every finding is untouched: the first and last characters, when free
        if covered[0][0] > 0:
            assert out.startswith(text[: covered[0][0]])
        last_end = max(e for _, e in covered)
        if last_end < len(text):
            assert out.endswith(text[last_end:])
