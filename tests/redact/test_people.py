"""The shortcuts of the surrogate builders (an e-mail's separator and digits found by a
regex, a bare RPPS returned without writing it back over its layout) agree with the general
steps they skip."""

from __future__ import annotations

import random

import pytest

from scanner.redact.surrogates import health_ids, people
from scanner.redact.surrogates.common import reapply

LOCAL_PARTS = ["camille.roux", "c_roux-2", "roux", "jean-marie.dupont", "-x", "a١b", "é.x²", "x.y_z-"]


def _random_locals(count: int) -> list[str]:
    rng = random.Random(5)
    return ["".join(rng.choices("abé._-0٣² ", k=rng.randint(1, 12))) for _ in range(count)]


@pytest.mark.parametrize("locals_", [LOCAL_PARTS, _random_locals(3000)], ids=["table", "random"])
def test_email_separator_and_digits_as_the_general_steps(locals_):
    for local in locals_:
        separator = (people._EMAIL_SEPARATOR.search(local) or ".")[0]
        assert separator == next((c for c in local if c in "._-"), "."), local
        if local.isascii():
            assert bool(people._ASCII_DIGIT.search(local)) == any(map(str.isdigit, local)), local


@pytest.mark.parametrize("value", ["10000000009", "810000000009", "1000 0000 009", "10000-000009"])
def test_rpps_written_back_as_the_general_path(value):
    key = bytes(range(32))
    digits = "".join(filter(str.isalnum, value))
    new = health_ids.surrogate_rpps(value, key)
    assert new == reapply(value, "".join(filter(str.isalnum, new)))
    assert health_ids.surrogate_rpps(digits, key) == "".join(filter(str.isalnum, new))
