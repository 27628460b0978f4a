"""Every identifier module's is_valid returns False on junk and never raises."""

import pytest

from scanner.identifiers import adeli, finess, nir, phone, postcode, rpps

MODULES = [nir, rpps, finess, adeli, phone, postcode]
JUNK = [
    None, "", " ", "   ", "*&^%$", 0, 1, -1, 3.14, b"185057800608491", [], {}, object(),
    "abc", "0" * 15, "0" * 9, "0" * 10, "\x00" * 15, "٣" * 15,
    "+", "+33", "()", "2A", "NIR", "é" * 9, "-" * 20, "9" * 200,
]


@pytest.mark.parametrize("module", MODULES, ids=lambda module: module.__name__.rsplit(".", 1)[-1])
@pytest.mark.parametrize("junk", JUNK, ids=repr)
def test_is_valid_returns_false_on_junk(module, junk):
    assert module.is_valid(junk) is False


@pytest.mark.parametrize("junk", JUNK, ids=repr)
def test_is_plausible_returns_false_on_junk(junk):
    assert nir.is_plausible(junk) is False


@pytest.mark.parametrize("module", MODULES, ids=lambda module: module.__name__.rsplit(".", 1)[-1])
def test_module_exports_the_stdnum_api(module):
    for name in ("compact", "validate", "is_valid", "format"):
        assert callable(getattr(module, name))
