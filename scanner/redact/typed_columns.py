"""A value is replaced only by one its column accepts (types from ``readers.sql_types``).

- numeric, boolean and ``ENUM``/``SET`` columns are never rewritten as names, phone
  numbers, dates or addresses: ``0.05`` in a ``real`` discount column stays ``0.05``, an
  enum member stays a member; a number is replaced only when it is an identifier of a
  person (NIR, patient number, RPPS, ADELI, FINESS), by a number of the same form;
- a value written into ``varchar(n)``/``char(n)`` is cut to ``n`` characters (without a
  trailing space or hyphen), so that a longer surrogate city or name still loads.

>>> from scanner.readers.sql_types import ColumnType
>>> fit_to_columns({"ville": "Saint-Jean-de-Luz"}, {"ville": ColumnType("text", 11)})
{'ville': 'Saint-Jean'}
"""

from __future__ import annotations

from collections.abc import Mapping

from scanner.models import Finding
from scanner.readers.sql_types import NUMBER, ColumnType

PERSON_IDENTIFIERS = frozenset({"FR_NIR", "FR_PATIENT_ID", "FR_RPPS", "FR_ADELI", "FR_FINESS"})
"""Entity types that are numbers identifying a person: replaced even in a numeric column."""


def accepted_findings(findings: list[Finding], types: Mapping[str, ColumnType]) -> list[Finding]:
    """The findings whose column may take a replacement of their type.

    >>> from scanner.readers.sql_types import ColumnType
    >>> found = [Finding("d", "t", "1", f, e, 0, 4, 1.0, "r") for f, e in
    ...          (("remise", "PHONE_NUMBER"), ("nir", "FR_NIR"), ("genre", "PERSON"), ("nom", "PERSON"))]
    >>> types = {"remise": ColumnType("number"), "nir": ColumnType("number"), "genre": ColumnType("choice")}
    >>> [(f.field, f.entity_type) for f in accepted_findings(found, types)]
    [('nir', 'FR_NIR'), ('nom', 'PERSON')]
    """
    if not types:
        return findings
    return [f for f in findings if _accepts(types.get(f.field), f.entity_type)]


def _accepts(column: ColumnType | None, entity_type: str) -> bool:
    if column is None or column.holds_text:
        return True
    return column.kind == NUMBER and entity_type in PERSON_IDENTIFIERS


def fit_to_columns(changes: dict[str, str], types: Mapping[str, ColumnType]) -> dict[str, str]:
    """``changes`` with each new text cut to its column's ``varchar(n)``/``char(n)`` length."""
    fitted = dict(changes)
    for name, text in changes.items():
        column = types.get(name)
        if column is not None and column.length is not None and len(text) > column.length:
            fitted[name] = text[:column.length].rstrip(" -'") or text[:column.length]
    return fitted
