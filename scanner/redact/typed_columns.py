"""A value is replaced only by one its column accepts (types from ``readers.sql_types``).

- numeric, boolean and ``ENUM``/``SET`` columns are never rewritten as names, phone
  numbers, dates or addresses: ``0.05`` in a ``real`` discount column stays ``0.05``, an
  enum member stays a member; a number is replaced only when it is an identifier of a
  person (NIR, patient number, RPPS, ADELI, FINESS), by a number of the same form;
- a value written into ``varchar(n)``/``char(n)`` fits in ``n`` characters: the redactor
  is given the widths (``column_widths``) and picks a shorter surrogate of the same kind
  (``surrogates.surrogate``'s ``max_length``); an e-mail, phone number or identifier with
  none short enough is masked. Only a name or address with no listed one short enough (or
  a tag) is cut to ``n`` characters (without a trailing space or hyphen), a last resort;
- a shifted date stays in the range its column accepts (its range partition, its
  ``CHECK``): when the shift would take it out, it moves by the same number of days the
  other way, and when that leaves the range too it wraps round inside it. The shift stays
  keyed and deterministic; only the distance between two dates of one person in a short
  range is lost, never the row (``dates_within_ranges``).

>>> from scanner.readers.sql_types import ColumnType
>>> fit_to_columns({"ville": "Saint-Jean-de-Luz"}, {"ville": ColumnType("text", 11)})
{'ville': 'Saint-Jean'}
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from scanner.models import Finding
from scanner.readers.sql_types import NUMBER, ColumnType, DateBounds
from scanner.redact.dates import DateFormatError, parse_date, shift_date

PERSON_IDENTIFIERS = frozenset({"FR_NIR", "FR_PATIENT_ID", "FR_RPPS", "FR_ADELI", "FR_FINESS",
                                "FR_INS", "FR_CNI", "FR_RESIDENCE_PERMIT", "FR_DRIVING_LICENCE",
                                "FR_TAX_ID", "FR_SIREN", "FR_SIRET", "CREDIT_CARD"})
"""Entity types that are numbers identifying a person or a business (their surrogates are
digits, as they are): replaced even in a numeric column."""


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


def column_widths(types: Mapping[str, ColumnType]) -> dict[str, int]:
    """The ``varchar(n)``/``char(n)`` length of each column that has one.

    >>> column_widths({"ville": ColumnType("text", 8), "note": ColumnType("other")})
    {'ville': 8}
    """
    return {name: column.length for name, column in types.items() if column.length is not None}


def fit_to_columns(changes: dict[str, str], types: Mapping[str, ColumnType]) -> dict[str, str]:
    """``changes`` with each new text cut to its column's ``varchar(n)``/``char(n)`` length
    (the last resort: the redactor already chose surrogates that fit when it could)."""
    fitted = dict(changes)
    for name, text in changes.items():
        column = types.get(name)
        if column is not None and column.length is not None and len(text) > column.length:
            fitted[name] = text[:column.length].rstrip(" -'") or text[:column.length]
    return fitted


def dates_within_ranges(
    changes: dict[str, str], old: Mapping[str, str], ranges: Mapping[str, list[DateBounds]],
) -> dict[str, str]:
    """``changes`` with each shifted date kept in the range of its column that holds the
    original date (``ranges``: per column, as ``sql_dump.Table.date_ranges`` gives them).

    >>> import datetime as dt
    >>> january = [DateBounds(dt.date(2007, 1, 1), dt.date(2007, 1, 31))]
    >>> dates_within_ranges({"paid": "2007-02-03 10:00:00"}, {"paid": "2007-01-24 10:00:00"}, {"paid": january})
    {'paid': '2007-01-14 10:00:00'}
    >>> dates_within_ranges({"paid": "2006-10-30"}, {"paid": "2007-01-24"}, {"paid": january})
    {'paid': '2007-01-31'}
    >>> dates_within_ranges({"paid": "2007-02-24"}, {"paid": "2007-01-24"}, {"paid": january})
    {'paid': '2007-01-25'}
    """
    fitted = dict(changes)
    for column, new in changes.items():
        if not ranges.get(column) or column not in old:
            continue
        try:
            before, after = parse_date(old[column]), parse_date(new)
        except DateFormatError:
            continue
        bounds = next((r for r in ranges[column] if before in r), None)
        if bounds is None or after in bounds:
            continue
        days = (after - before).days
        if before - (after - before) in bounds:
            fitted[column] = shift_date(old[column], -days)
        elif bounds.first is not None and bounds.last is not None:
            width = (bounds.last - bounds.first).days + 1
            if days % width == 0:  # a whole turn would give the date back: one day more
                days += 1
            target = bounds.first + datetime.timedelta(days=((before - bounds.first).days + days) % width)
            fitted[column] = shift_date(old[column], (target - before).days)
    return fitted
