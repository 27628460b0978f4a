"""French identifiers, one module each with the python-stdnum API: compact, validate,
is_valid, format. Pure functions: no Presidio here.

>>> strip_separators("1 85.05-78", " .-")
'1850578'
"""

from collections.abc import Callable

import numpy as np
from stdnum.util import clean

_TABLES: dict[str, dict[int, None]] = {}

DIGIT_COUNTS = {"FR_SIRET": 14, "FR_SIREN": 9, "FR_TAX_ID": 13, "FR_RESIDENCE_PERMIT": 10, "FR_FINESS": 9, "FR_ADELI": 9}
"""The digit count of the identifiers that may start with 0, which an integer column drops."""


def strip_separators(number: str, separators: str) -> str:
    """``stdnum.util.clean``, with a fast path for plain ASCII (a table of millions of cells
    goes through here); other text goes through stdnum, which also maps Unicode digits."""
    if isinstance(number, str) and number.isascii():
        table = _TABLES.get(separators)
        if table is None:
            table = _TABLES[separators] = str.maketrans("", "", separators)
        return number.translate(table)
    return clean(number, separators)


def checked_many(
    numbers: list[str], width: int, columnar: Callable[[np.ndarray], np.ndarray], one: Callable[[str], bool]
) -> list[bool]:
    """``one(number)`` for each number, those of exactly ``width`` ASCII digits checked
    together: ``columnar`` gets their digits as a matrix (one row each) and returns one
    bool each. A table column of identifiers is checked in one pass.

    >>> checked_many(["12", "34", "5", "x"], 2, lambda d: d[:, 1] % 2 == 0, lambda n: n == "5")
    [True, True, True, False]
    """
    rows = [i for i, n in enumerate(numbers) if isinstance(n, str) and len(n) == width and n.isdigit() and n.isascii()]
    results = [None] * len(numbers)
    if rows:
        text = "".join([numbers[i] for i in rows]).encode("ascii")
        digits = np.frombuffer(text, dtype=np.uint8).reshape(len(rows), width).astype(np.int64) - 48
        for i, ok in zip(rows, columnar(digits).tolist()):
            results[i] = ok
    return [one(n) if ok is None else ok for n, ok in zip(numbers, results)]
