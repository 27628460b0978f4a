"""Every identifier module's is_valid returns False on junk and never raises."""

import pytest

from scanner.identifiers import (
    adeli, cni, driving_licence, finess, ins, nir, passport, payment_card, phone, postcode, residence_permit, rpps,
    siren, siret, tax_id, vat,
)

MODULES = [nir, rpps, finess, adeli, phone, postcode, cni, passport, residence_permit, driving_licence, ins,
           tax_id, siren, siret, vat, payment_card]
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


def _column(seed: int) -> list:
    """A column of cells as a dump has them: bare identifiers of every length, valid keys or
    not, spaced and dotted forms, Unicode digits, junk."""
    import random

    from stdnum import luhn

    rng = random.Random(seed)
    cells = list(JUNK)
    for _ in range(3000):
        body = "".join(rng.choice("0123456789") for _ in range(rng.choice([9, 10, 12, 13, 14])))
        form = rng.random()
        if form < 0.3:  # a NIR, its month or department sometimes impossible, its key sometimes wrong
            nir_body = f"{rng.choice('123785')}{body[:2]}{rng.randint(0, 99):02d}{rng.randint(0, 99):02d}{body[2:8]}"
            key = 97 - int(nir_body) % 97 if rng.random() < 0.7 else rng.randint(0, 99)
            cells.append(f"{nir_body}{key:02d}")
        elif form < 0.5:
            cells.append(body[:10] + luhn.calc_check_digit(body[:10]))  # an RPPS with a right key
        elif form < 0.7:
            cells.append("0" + rng.choice("123456789") + rng.choice(["", " ", ".", "-"]).join(body[i:i + 2] for i in range(0, 8, 2)))
        elif form < 0.8:
            cells.append(" ".join([body[:1], body[1:3], body[3:5], body[5:7], body[7:10], body[10:]]))
        elif form < 0.9:
            cells.append(body.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")))
        else:
            cells.append(body + rng.choice(["", "2A", "x", "+33 "]))
    return cells


@pytest.mark.parametrize(
    ("many", "one"),
    [(nir.are_valid, nir.is_valid), (nir.are_plausible, nir.is_plausible), (rpps.are_valid, rpps.is_valid),
     (phone.are_valid, phone.is_valid), (phone.are_plausible, phone.is_plausible)],
    ids=lambda f: f"{f.__module__.rsplit('.', 1)[-1]}.{f.__name__}",
)
def test_checks_of_a_whole_column_are_the_checks_of_each_cell(many, one):
    for seed in range(3):
        cells = _column(seed)
        assert many(cells) == [one(cell) for cell in cells]
    assert many([]) == []
