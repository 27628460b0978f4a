"""Generalisation of quasi-identifiers: a value replaced by the period, area or band it
falls in, nothing finer.

A birth date becomes the first day of its month or year (same format, so it still fits a
DATE column), a postcode its department, an age (0 to 130) the first age of its 5- or
10-year band; any column can be suppressed (emptied).
A value that cannot be read at the asked level gives ``None``: callers suppress it rather
than keep something finer.

>>> generalize("1948-07-20", "month"), generalize("20/07/1948", "year")
('1948-07-01', '01/01/1948')
>>> generalize("75012", "department"), generalize("20167", "department"), generalize("97411", "department")
('75', '2A', '974')
>>> generalize("47", "10years"), generalize("47", "5years"), generalize("juillet 1948", "year") is None
('40', '45', True)
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping

DATE_LEVELS = ("month", "year")
POSTCODE_LEVELS = ("department",)
AGE_LEVELS = ("5years", "10years")
SUPPRESS = "suppress"
"""The last level of any column: its cells emptied."""
LEVELS = DATE_LEVELS + POSTCODE_LEVELS + AGE_LEVELS + (SUPPRESS,)
"""Every generalisation level, each one coarser than the previous of its kind."""

COARSENED_ENTITIES = {"month": {"DATE_TIME"}, "year": {"DATE_TIME"}, "department": {"ADDRESS"}}
"""The entity types a level coarsens; a cell holding a finding of any other redacted type (a
NIR in an age column) is not generalised: its pseudonymised text is written instead."""

_YEAR_FIRST_DATE = re.compile(r"(\d{4})([-/.])(\d{1,2})(?:\2\d{1,2})?(?:[ T].*)?")
_FRENCH_DATE = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4})(?: .*)?")
_YEAR = re.compile(r"\d{4}")
_POSTCODE = re.compile(r"\d{5}")
_AGE = re.compile(r"(\d{1,3})(?:[.,]\d+)?")
OLDEST_AGE = 130
"""Above it a number in an age column is not an age (an identifier, a phone number)."""
CORSICA_2B_FROM = 20200
"""Corsican postcodes from 20200 up are Haute-Corse (2B), below Corse-du-Sud (2A)."""


def generalize(value: str, level: str) -> str | None:
    """``value`` at ``level`` (one of ``LEVELS``), or None when it cannot be read so.

    >>> generalize("1948-07-20 08:30", "year"), generalize("1948-07", "year"), generalize("1948", "year")
    ('1948-01-01', '1948-01-01', '1948')
    >>> generalize("", "year") is None, generalize("75 012", "department"), generalize("7501", "department") is None
    (True, '75', True)
    >>> generalize("Bastia", "suppress")
    ''
    """
    value = value.strip()
    if level == SUPPRESS:
        return ""
    if level in DATE_LEVELS:
        return _date_at(value, level)
    if level in POSTCODE_LEVELS:
        return department_of(value)
    if level in AGE_LEVELS:
        return _age_band(value, 5 if level == "5years" else 10)
    raise ValueError(f"unknown generalisation level {level!r}; use one of {', '.join(LEVELS)}")


def _date_at(value: str, level: str) -> str | None:
    if year_first := _YEAR_FIRST_DATE.fullmatch(value):
        year, sep, month = year_first.groups()
        if not 1 <= int(month) <= 12:
            return None
        return f"{year}{sep}{int(month) if level == 'month' else 1:02d}{sep}01"
    if french := _FRENCH_DATE.fullmatch(value):
        _, sep, month, year = french.groups()
        if not 1 <= int(month) <= 12:
            return None
        return f"01{sep}{int(month) if level == 'month' else 1:02d}{sep}{year}"
    if level == "year" and _YEAR.fullmatch(value):
        return value
    return None


def department_of(postcode: str) -> str | None:
    """The department code of a French postcode: two digits, three overseas, 2A/2B in Corsica.

    >>> department_of("13008"), department_of("20200"), department_of("97100"), department_of("F-75")
    ('13', '2B', '971', None)
    """
    digits = postcode.replace(" ", "")
    if not _POSTCODE.fullmatch(digits):
        return None
    if digits.startswith("97") or digits.startswith("98"):
        return digits[:3]
    if digits.startswith("20"):
        return "2B" if int(digits) >= CORSICA_2B_FROM else "2A"
    return digits[:2]


def _age_band(value: str, width: int) -> str | None:
    if not (age_text := _AGE.fullmatch(value)) or (age := int(age_text.group(1))) > OLDEST_AGE:
        return None
    return str(age - age % width)


def parse_generalization(spec: str) -> dict[str, str]:
    """``COLUMN=LEVEL,...`` as a dict; a ValueError names what is wrong.

    >>> parse_generalization("date_naissance=year, cp=department")
    {'date_naissance': 'year', 'cp': 'department'}
    >>> parse_generalization("cp=region")
    Traceback (most recent call last):
        ...
    ValueError: cp=region: unknown level 'region'; use one of month, year, department, 5years, 10years, suppress
    """
    levels = {}
    for item in filter(None, (part.strip() for part in spec.split(","))):
        column, sep, level = (part.strip() for part in item.partition("="))
        if not sep or not column:
            raise ValueError(f"{item!r}: expected COLUMN=LEVEL, e.g. date_naissance=year")
        if level not in LEVELS:
            raise ValueError(f"{item}: unknown level {level!r}; use one of {', '.join(LEVELS)}")
        levels[column] = level
    return levels


def generalized_fields(
    fields: Mapping[str, str | None], levels: Mapping[str, str],
    found: Mapping[str, Collection[str]] | None = None, redacted: Mapping[str, str] | None = None,
) -> dict[str, str]:
    """The cells of ``fields`` named in ``levels`` (case-insensitive), generalised; a cell
    that cannot be read at its level is emptied, never kept as it is. Empty cells and SQL
    NULLs are left alone. A cell where ``found`` (field -> redacted entity types detected in
    it) lists a type its level does not coarsen gets its ``redacted`` text, or is emptied.

    >>> generalized_fields({"CP": "75012", "ddn": "20/07/1948", "nom": "X"}, {"cp": "department", "ddn": "year"})
    {'CP': '75', 'ddn': '01/01/1948'}
    >>> generalized_fields({"ddn": "vers 1950", "cp": None}, {"ddn": "year", "cp": "department"})
    {'ddn': ''}
    >>> generalized_fields({"age": "47", "cp": "06 12 34 56 78"}, {"age": "10years", "cp": "department"},
    ...                    {"cp": {"PHONE_NUMBER"}}, {"cp": "06 98 76 54 32"})
    {'age': '40', 'cp': '06 98 76 54 32'}
    """
    wanted = {column.casefold(): level for column, level in levels.items()}
    found, redacted = found or {}, redacted or {}
    changed = {}
    for name, value in fields.items():
        level = wanted.get(name.casefold())
        if level is None or value is None or not value.strip():
            continue
        if level != SUPPRESS and set(found.get(name, ())) - COARSENED_ENTITIES.get(level, set()):
            changed[name] = redacted.get(name, "")
        else:
            changed[name] = generalize(value, level) or ""
    return changed
