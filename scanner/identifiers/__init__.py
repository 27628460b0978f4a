"""French identifiers, one module each with the python-stdnum API: compact, validate,
is_valid, format. Pure functions: no Presidio here.

>>> strip_separators("1 85.05-78", " .-")
'1850578'
"""

from stdnum.util import clean

_TABLES: dict[str, dict[int, None]] = {}


def strip_separators(number: str, separators: str) -> str:
    """``stdnum.util.clean``, with a fast path for plain ASCII (a table of millions of cells
    goes through here); other text goes through stdnum, which also maps Unicode digits."""
    if isinstance(number, str) and number.isascii():
        table = _TABLES.get(separators)
        if table is None:
            table = _TABLES[separators] = str.maketrans("", "", separators)
        return number.translate(table)
    return clean(number, separators)
