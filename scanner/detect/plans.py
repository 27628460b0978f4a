"""Column plans: how one column's cells are checked, decided once from its name and first
values (``ColumnPlan``; ``PlanSpec``, what a worker needs of it), and the filters a plan
applies to a cell's hits (health terms, names, dates, absent types, INS, lost zeros).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from scanner.classify import is_sensitive
from scanner.columns import ColumnKind, NameTrust
from scanner.models import Hit
from scanner.names import LIST_SCORE


COLUMN_SCORE = 0.85
COLUMN_SCORES = {ColumnKind.PERSON_NAME: ("PERSON", COLUMN_SCORE), ColumnKind.ADDRESS: ("ADDRESS", COLUMN_SCORE)}
COLUMN_RECOGNIZER = "ColumnNameRecognizer"


def without_health_terms(hits: tuple[Hit, ...]) -> tuple[Hit, ...]:
    """``hits`` without those that would make a record sensitive (``classify.is_sensitive``).

    >>> [hit.entity_type for hit in without_health_terms((Hit("DIAGNOSIS", 0, 4, 0.9, "t", "other_health"), Hit("PERSON", 5, 9, 0.85, "p")))]
    ['PERSON']
    """
    if not any(is_sensitive(hit.entity_type, hit.category) for hit in hits):
        return hits
    return tuple(hit for hit in hits if not is_sensitive(hit.entity_type, hit.category))


def without_dates(hits: tuple[Hit, ...]) -> tuple[Hit, ...]:
    """``hits`` without DATE_TIME ones (a column of bookkeeping dates: no person's dates).

    >>> [hit.entity_type for hit in without_dates((Hit("DATE_TIME", 0, 10, 0.95, "d"), Hit("PHONE_NUMBER", 11, 25, 0.9, "p")))]
    ['PHONE_NUMBER']
    """
    return tuple(hit for hit in hits if hit.entity_type != "DATE_TIME")


CUED_NAME_RECOGNIZER = "FrPersonRecognizer"
"""The recognizer of names after a cue (``scanner.names``); from ``LIST_SCORE`` up, a title,
a relation or a listed first name beside an UPPER-CASE surname vouches for the name."""


def is_cued_name(recognizer: str, score: float) -> bool:
    """A PERSON found after a cue (a title, a relation...), not on its looks alone.

    >>> is_cued_name(CUED_NAME_RECOGNIZER, 0.9), is_cued_name("FrSpacyPersonRecognizer", 0.9)
    (True, False)
    """
    return recognizer == CUED_NAME_RECOGNIZER and score >= LIST_SCORE


def with_trusted_names(hits: tuple[Hit, ...], trust: NameTrust) -> tuple[Hit, ...]:
    """``hits`` without the PERSON ones that a column of this ``trust`` does not keep.

    >>> hits = (Hit("PERSON", 0, 6, 0.85, "FrSpacyPersonRecognizer"), Hit("PERSON", 12, 22, 0.9, "FrPersonRecognizer"))
    >>> [hit.start for hit in with_trusted_names(hits, NameTrust.CUED)], with_trusted_names(hits, NameTrust.NONE)
    ([12], ())
    """
    if trust is NameTrust.ALL or not any(hit.entity_type == "PERSON" for hit in hits):
        return hits
    return tuple(
        hit for hit in hits
        if hit.entity_type != "PERSON"
        or trust is NameTrust.CUED and is_cued_name(hit.recognizer, hit.score)
    )


def without_types(hits: tuple[Hit, ...], absent: frozenset[str]) -> tuple[Hit, ...]:
    """``hits`` without those of the entity types a column holds none of.

    >>> [hit.entity_type for hit in without_types((Hit("ADDRESS", 0, 8, 0.85, "c"), Hit("EMAIL_ADDRESS", 9, 20, 1.0, "e")), frozenset({"ADDRESS"}))]
    ['EMAIL_ADDRESS']
    """
    if not absent or not any(hit.entity_type in absent for hit in hits):
        return hits
    return tuple(hit for hit in hits if hit.entity_type not in absent)


def as_ins(column: list[tuple[Hit, ...]]) -> list[tuple[Hit, ...]]:
    """The hits of an INS column, its NIRs as FR_INS (the matricule of an INS is a NIR or NIA).

    >>> as_ins([(Hit("FR_NIR", 0, 15, 1.0, "FrNirRecognizer"),), ()])
    [(Hit(entity_type='FR_INS', start=0, end=15, score=1.0, recognizer='FrNirRecognizer', category=None, qualifier=None),), ()]
    """
    return [
        tuple(hit._replace(entity_type="FR_INS") if hit.entity_type == "FR_NIR" else hit for hit in hits)
        if hits else hits
        for hits in column
    ]


def unpadded(hits: tuple[Hit, ...], padded: str, text: str) -> tuple[Hit, ...]:
    """The hits in ``zero_padded(text)`` moved back onto ``text``: a hit of the whole padded
    number covers the cell's digits.

    >>> unpadded((Hit("FR_TAX_ID", 0, 13, 1.0, "r"),), "0701987765493", "701987765493.0")
    (Hit(entity_type='FR_TAX_ID', start=0, end=12, score=1.0, recognizer='r', category=None, qualifier=None),)
    """
    zeros = len(padded) - len(text.removesuffix(".0"))
    return tuple(hit._replace(start=max(0, hit.start - zeros), end=hit.end - zeros) for hit in hits if hit.end > zeros)


@dataclass
class PlanSpec:
    """How one column's cells are checked, decided once from its name and first values: what
    a worker needs of a column plan (``ColumnPlan`` adds its cache)."""

    kind: ColumnKind
    context: frozenset[str]
    expected: int | None = None
    health_terms: bool = True
    """Whether the column's health terms are health data (else they are dropped)."""
    names: NameTrust = NameTrust.ALL
    """Which of the column's PERSON findings are kept."""
    dates: bool = True
    """Whether the column's dates are a person's (else they are dropped)."""
    absent: frozenset[str] = frozenset()
    """Entity types the column holds none of (``columns.absent_types``)."""
    shaped: str | None = None
    """The entity type of a cell of the right shape, from the header (``columns.header_entity``)."""
    ins: bool = False
    """Whether the column's NIRs are INS (``as_ins``): its header says so, or a column of its
    table holds INS OIDs alone."""
    digits: int | None = None
    """The digit count of the identifier the header names (``columns.header_digits``): an
    integer cell with fewer is checked with its lost leading zeros."""


_SPEC_FIELDS = tuple(f.name for f in fields(PlanSpec))


@dataclass
class ColumnPlan(PlanSpec):
    """A column's ``PlanSpec`` and the hits of the cells already checked.

    >>> plan = ColumnPlan.of(PlanSpec(ColumnKind.FREE_TEXT, frozenset(), dates=False))
    >>> plan.dates, plan.cache, plan.spec == PlanSpec(ColumnKind.FREE_TEXT, frozenset(), dates=False)
    (False, {}, True)
    """

    cache: dict[str, tuple[Hit, ...]] = field(default_factory=dict)
    cache_hits: int = 0
    cached: bool = True

    @classmethod
    def of(cls, spec: PlanSpec) -> ColumnPlan:
        """A new plan of ``spec``, with an empty cache."""
        return cls(**{name: getattr(spec, name) for name in _SPEC_FIELDS})

    @property
    def spec(self) -> PlanSpec:
        return PlanSpec(**{name: getattr(self, name) for name in _SPEC_FIELDS})
