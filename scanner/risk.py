"""Re-identification risk of a table: k-anonymity, uniqueness and l-diversity over its
quasi-identifiers, and the generalisation that would reach a target k.

Streaming: records are counted into equivalence classes (records sharing the same
quasi-identifier values), so memory grows with the number of distinct combinations, not
with the rows. Values live in memory only; nothing here returns or prints one.

>>> rows = [{"ddn": "1948-07-20", "sexe": "F", "cp": "75012", "diag": "asthme"},
...         {"ddn": "1948-03-02", "sexe": "F", "cp": "75011", "diag": "diabète"},
...         {"ddn": "1950-01-09", "sexe": "M", "cp": "13008", "diag": "asthme"}]
>>> table = measure_rows(rows, sensitive=["diag"], k=2)
>>> table.quasi_identifiers, table.figures.k_min, table.figures.unique_records, table.figures.l_diversity
(['ddn', 'sexe', 'cp'], 1, 3, 1)
>>> table.suggestion.levels, table.suggestion.k_min
({'ddn': 'year', 'cp': 'department'}, 1)
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path

from scanner.columns import column_words, header_entity
from scanner.errors import UsageError
from scanner.generalize import AGE_LEVELS, DATE_LEVELS, POSTCODE_LEVELS, SUPPRESS, generalize
from scanner.masking import mask_name
from scanner.models import ReadError, Record
from scanner.readers import Format, find_input_files, read_records
from scanner.report import SCHEMA_VERSION, vigie_version

DEFAULT_K = 5


class QuasiKind(str, Enum):
    """What a quasi-identifier column holds, which says how it can be generalised."""

    BIRTH_DATE = "birth_date"
    AGE = "age"
    SEX = "sex"
    POSTCODE = "postcode"
    COMMUNE = "commune"
    DEPARTMENT = "department"
    NATIONALITY = "nationality"
    OTHER = "other"


LADDERS = {
    QuasiKind.BIRTH_DATE: DATE_LEVELS, QuasiKind.AGE: AGE_LEVELS, QuasiKind.POSTCODE: POSTCODE_LEVELS,
    QuasiKind.COMMUNE: (SUPPRESS,),
}
"""The generalisation levels of each kind, finest first; a commune has no coarser name
here, it is suppressed (the postcode's department says as much)."""

_BIRTH_WORDS = frozenset("dob ddn birthdate datenaissance datenais".split())
_SEX_WORDS = frozenset("sexe sex genre gender civilite".split())
_COMMUNE_WORDS = frozenset("ville commune city localite".split())
_DEPARTMENT_WORDS = frozenset("departement department dept dep".split())
_NATIONALITY_WORDS = frozenset("nationalite nationality citoyennete citizenship".split())
_SENSITIVE_PREFIXES = ("diag", "patho", "malad", "cim", "icd", "antecedent", "atcd")


def quasi_kind(column: str) -> QuasiKind | None:
    """The quasi-identifier a column's name announces, or None.

    >>> [quasi_kind(c) for c in ("date_naissance", "DateOfBirth", "age", "sexe", "code_postal", "ville", "nom")]
    [<QuasiKind.BIRTH_DATE: 'birth_date'>, <QuasiKind.BIRTH_DATE: 'birth_date'>, <QuasiKind.AGE: 'age'>, <QuasiKind.SEX: 'sex'>, <QuasiKind.POSTCODE: 'postcode'>, <QuasiKind.COMMUNE: 'commune'>, None]
    >>> quasi_kind("lieu_naissance"), quasi_kind("date_consultation"), quasi_kind("nationalite")
    (<QuasiKind.COMMUNE: 'commune'>, None, <QuasiKind.NATIONALITY: 'nationality'>)
    """
    words = column_words(column.rsplit(".", 1)[-1])
    born = any(w.startswith(("nais", "birth", "born")) for w in words)
    if not _BIRTH_WORDS.isdisjoint(words) or (born and ("date" in words or "of" in words or "dt" in words)):
        return QuasiKind.BIRTH_DATE
    if born and ("lieu" in words or "place" in words or not _COMMUNE_WORDS.isdisjoint(words)):
        return QuasiKind.COMMUNE
    if "age" in words:
        return QuasiKind.AGE
    if not _SEX_WORDS.isdisjoint(words):
        return QuasiKind.SEX
    if header_entity(column) == "ADDRESS":
        return QuasiKind.POSTCODE
    if words and words[-1] in _COMMUNE_WORDS:
        return QuasiKind.COMMUNE
    if not _DEPARTMENT_WORDS.isdisjoint(words):
        return QuasiKind.DEPARTMENT
    if not _NATIONALITY_WORDS.isdisjoint(words):
        return QuasiKind.NATIONALITY
    return None


def is_sensitive_column(column: str) -> bool:
    """A column whose name says it holds diagnoses: the sensitive attribute by default.

    >>> is_sensitive_column("diagnostic_principal"), is_sensitive_column("code_cim10"), is_sensitive_column("patient_id")
    (True, True, False)
    """
    return any(w.startswith(_SENSITIVE_PREFIXES) for w in column_words(column.rsplit(".", 1)[-1]))


@dataclass
class EquivalenceClasses:
    """Records counted by their quasi-identifier values, with the distinct values of each
    sensitive attribute per class (for l-diversity)."""

    counts: dict[tuple, int] = field(default_factory=dict)
    sensitive: dict[tuple, tuple[set, ...]] = field(default_factory=dict)

    def add(self, key: tuple, sensitive_values: tuple = ()) -> None:
        self.counts[key] = self.counts.get(key, 0) + 1
        if sensitive_values:
            seen = self.sensitive.get(key)
            if seen is None:
                seen = self.sensitive[key] = tuple(set() for _ in sensitive_values)
            for values, value in zip(seen, sensitive_values):
                values.add(value)

    def pad(self, quasi: int, sensitive: int) -> None:
        """Add ``quasi`` quasi-identifiers and ``sensitive`` attributes, empty for the
        records counted so far."""
        self.counts = {key + ("",) * quasi: count for key, count in self.counts.items()}
        self.sensitive = {
            key + ("",) * quasi: values + tuple({""} for _ in range(sensitive))
            for key, values in self.sensitive.items()
        }
        if sensitive:
            for key in self.counts.keys() - self.sensitive.keys():
                self.sensitive[key] = tuple({""} for _ in range(sensitive))

    def generalized(self, levels: Sequence[str | None]) -> EquivalenceClasses:
        """The classes once each quasi-identifier is generalised to its level (None: as is);
        a value unreadable at its level falls in one suppressed class (``""``)."""
        merged = EquivalenceClasses()
        for key, count in self.counts.items():
            wider = tuple(v if level is None else generalize(v, level) or "" for v, level in zip(key, levels))
            merged.counts[wider] = merged.counts.get(wider, 0) + count
            if key in self.sensitive:
                seen = merged.sensitive.setdefault(wider, tuple(set() for _ in self.sensitive[key]))
                for values, more in zip(seen, self.sensitive[key]):
                    values.update(more)
        return merged

    def figures(self, k: int) -> Figures:
        """k-anonymity, uniqueness and l-diversity of these classes."""
        sizes = self.counts.values()
        records = sum(sizes)
        below = sum(size for size in sizes if size < k)
        return Figures(
            records=records,
            classes=len(self.counts),
            k_min=min(sizes, default=0),
            unique_records=sum(1 for size in sizes if size == 1),
            records_below_k=below,
            l_diversity=min((len(values) for seen in self.sensitive.values() for values in seen), default=None),
        )


@dataclass(frozen=True)
class Figures:
    """``k_min``: the smallest class; ``records_below_k``: records in classes smaller than
    the target k; ``l_diversity``: fewest distinct sensitive values in a class (None
    without a sensitive attribute)."""

    records: int
    classes: int
    k_min: int
    unique_records: int
    records_below_k: int
    l_diversity: int | None


@dataclass(frozen=True)
class Suggestion:
    """The least generalisation found that reaches the target k (``reached``), or the most
    there is when none does; ``levels`` maps a column to its level."""

    levels: dict[str, str]
    figures: Figures
    reached: bool

    @property
    def k_min(self) -> int:
        return self.figures.k_min


def suggest_generalization(classes: EquivalenceClasses, columns: Sequence[str], kinds: Sequence[QuasiKind],
                           k: int) -> Suggestion | None:
    """Try each combination of levels, fewest steps first (ties: largest k_min), and
    return the first that reaches ``k``; None when no column can be generalised."""
    ladders = [(None, *LADDERS.get(kind, ())) for kind in kinds]
    if all(len(ladder) == 1 for ladder in ladders):
        return None
    combos = sorted(
        itertools.product(*(range(len(ladder)) for ladder in ladders)), key=lambda steps: (sum(steps), steps)
    )[1:]
    best: Suggestion | None = None
    for steps_taken, group in itertools.groupby(combos, key=sum):
        tried = []
        for steps in group:
            levels = [ladder[step] for ladder, step in zip(ladders, steps)]
            figures = classes.generalized(levels).figures(k)
            tried.append(Suggestion({c: lv for c, lv in zip(columns, levels) if lv}, figures, figures.k_min >= k))
        best = max(tried, key=lambda s: (s.figures.k_min, -s.figures.records_below_k))
        if best.reached:
            return best
    return best


@dataclass
class TableRisk:
    """The risk figures of one table (one file, or one table of a dump)."""

    source: str
    table: str | None
    quasi_identifiers: list[str]
    kinds: list[QuasiKind]
    sensitive: list[str]
    figures: Figures
    suggestion: Suggestion | None

    def to_dict(self) -> dict:
        return {
            "source": self.source, "table": self.table,
            "quasi_identifiers": self.quasi_identifiers, "kinds": [kind.value for kind in self.kinds],
            "sensitive": self.sensitive, **_figures_dict(self.figures),
            "suggestion": None if self.suggestion is None else {
                "generalize": self.suggestion.levels, "reached": self.suggestion.reached,
                **_figures_dict(self.suggestion.figures),
            },
        }


def _figures_dict(figures: Figures) -> dict:
    share = figures.records_below_k / figures.records if figures.records else 0.0
    return {
        "records": figures.records, "classes": figures.classes, "k_min": figures.k_min,
        "unique_records": figures.unique_records, "records_below_k": figures.records_below_k,
        "records_below_k_share": round(share, 4), "l_diversity": figures.l_diversity,
    }


SensitiveOf = Callable[[Mapping[str, str | None], Sequence[str]], tuple]
"""The sensitive value(s) of a record found by detection, its quasi-identifier columns
left out (used when no sensitive column is named)."""


@dataclass
class _TableCounter:
    """One table's classes; its columns grow as records show them (readers leave empty
    cells out of a record, so a column may first appear in a later record: the records
    before had it empty)."""

    source: str
    table: str | None
    quasi: list[str] = field(default_factory=list)
    sensitive: list[str] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)
    classes: EquivalenceClasses = field(default_factory=EquivalenceClasses)

    def widen(self, fields: Mapping[str, object], quasi: Sequence[str] | None, sensitive: Sequence[str] | None,
              detecting: bool) -> None:
        """Take in the quasi-identifier and sensitive columns of ``fields`` not seen yet."""
        new = [name for name in fields if name not in self.seen]
        self.seen.update(new)
        more_quasi = _pick(new, quasi, quasi_kind)
        more_sensitive = [] if detecting and self.classes.counts else _pick(new, sensitive, is_sensitive_column)
        if not more_quasi and not more_sensitive:
            return
        self.quasi += more_quasi
        self.sensitive += more_sensitive
        self.classes.pad(len(more_quasi), len(more_sensitive))


@dataclass
class RiskReport:
    """The risk of every table read; the figures of a whole export are its worst table's
    (smallest k_min and l-diversity) and the sums of records."""

    k: int
    tables: list[TableRisk]
    unparsed: int = 0

    @property
    def measured(self) -> list[TableRisk]:
        """The tables with quasi-identifiers."""
        return [table for table in self.tables if table.quasi_identifiers]

    @property
    def k_min(self) -> int | None:
        return min((table.figures.k_min for table in self.measured if table.figures.records), default=None)

    def to_dict(self) -> dict:
        measured = [table.figures for table in self.measured]
        ls = [figures.l_diversity for figures in measured if figures.l_diversity is not None]
        records = sum(figures.records for figures in measured)
        below = sum(figures.records_below_k for figures in measured)
        return {
            "quasi_identifiers": sorted({c for table in self.measured for c in table.quasi_identifiers}),
            "k": self.k,
            "records": records,
            "k_min": self.k_min,
            "unique_records": sum(figures.unique_records for figures in measured),
            "records_below_k": below,
            "records_below_k_share": round(below / records, 4) if records else 0.0,
            "l_diversity": min(ls, default=None),
            "unparsed": self.unparsed,
            "tables": [table.to_dict() for table in self.tables],
        }


class UnknownColumnError(UsageError):
    """A column named by ``--quasi`` or ``--sensitive`` is in no table read."""


def measure_records(
    records: Iterable[Record | ReadError],
    quasi: Sequence[str] | None = None,
    sensitive: Sequence[str] | None = None,
    k: int = DEFAULT_K,
    sensitive_of: SensitiveOf | None = None,
    on_error: Callable[[ReadError], None] | None = None,
) -> RiskReport:
    """The risk of each table among ``records``; quasi-identifier and sensitive columns are
    the ones named (case-insensitive) or, when not named, found from the column names
    (``quasi_kind``, ``is_sensitive_column``), else ``sensitive_of`` the record.

    >>> rows = [Record("t.csv", None, str(i), {"age": a, "sexe": "F"}) for i, a in enumerate(["31", "34", "38"], 1)]
    >>> report = measure_records(rows, k=3)
    >>> report.k_min, report.tables[0].suggestion.levels
    (1, {'age': '10years'})
    >>> measure_records(rows, quasi=["age", "cp"])
    Traceback (most recent call last):
        ...
    scanner.risk.UnknownColumnError: --quasi: no column 'cp' in the input (a column whose cells are all empty is not seen)
    """
    counters: dict[tuple[str, str | None], _TableCounter] = {}
    unparsed = 0
    for item in records:
        if isinstance(item, ReadError):
            unparsed += 1
            if on_error:
                on_error(item)
            continue
        where, fields = (item.source, item.table), item.fields
        counter = counters.get(where)
        if counter is None:
            counter = counters[where] = _TableCounter(item.source, item.table)
        detecting = sensitive_of is not None and sensitive is None and not counter.sensitive
        if not counter.seen.issuperset(fields):
            counter.widen(fields, quasi, sensitive, detecting)
            detecting = detecting and not counter.sensitive
        if not counter.quasi:
            continue
        key = tuple(_folded(fields.get(c)) for c in counter.quasi)
        if counter.sensitive:
            values = tuple(_folded(fields.get(c)) for c in counter.sensitive)
        elif detecting:
            values = (sensitive_of(fields, counter.quasi),)
        else:
            values = ()
        counter.classes.add(key, values)
    _check_named(quasi, counters.values(), "quasi", "--quasi")
    _check_named(sensitive, counters.values(), "sensitive", "--sensitive")
    return RiskReport(k, [_table_risk(counter, k, sensitive_of is not None and sensitive is None) for counter in counters.values()], unparsed)


def measure_rows(rows: Iterable[Mapping[str, str | None]], quasi: Sequence[str] | None = None,
                 sensitive: Sequence[str] | None = None, k: int = DEFAULT_K) -> TableRisk:
    """The risk of one table given as dicts (column -> value)."""
    records = (Record("rows", None, str(i), dict(row)) for i, row in enumerate(rows, 1))
    return measure_records(records, quasi, sensitive, k).tables[0]


def _pick(columns: Sequence[str], named: Sequence[str] | None, found: Callable[[str], object]) -> list[str]:
    if named is None:
        return [name for name in columns if found(name)]
    by_fold = {name.casefold(): name for name in columns}
    return [by_fold[name.casefold()] for name in named if name.casefold() in by_fold]


def _folded(value: str | None) -> str:
    """The value as it is compared, interned: the classes share one copy of each value."""
    return "" if value is None else sys.intern(" ".join(value.split()).casefold())


def _check_named(named: Sequence[str] | None, counters: Iterable[_TableCounter], attribute: str, option: str) -> None:
    if not named:
        return
    found = {name.casefold() for counter in counters for name in getattr(counter, attribute)}
    missing = [name for name in named if name.casefold() not in found]
    if missing:
        raise UnknownColumnError(
            f"{option}: no column {', '.join(map(repr, missing))} in the input (a column whose cells are all empty is not seen)"
        )


def _table_risk(counter: _TableCounter, k: int, detected: bool) -> TableRisk:
    kinds = [quasi_kind(column) or QuasiKind.OTHER for column in counter.quasi]
    sensitive = counter.sensitive or (["(detected diagnosis categories)"] if detected and counter.quasi else [])
    return TableRisk(
        counter.source, counter.table, counter.quasi, kinds, sensitive, counter.classes.figures(k),
        suggest_generalization(counter.classes, counter.quasi, kinds, k) if counter.quasi else None,
    )


def detected_categories(fields: Mapping[str, str | None], skip: Sequence[str]) -> str:
    """The diagnosis and sensitive-trait categories the terminology finds in a record's
    other cells, sorted and joined (``""`` when none): the sensitive attribute by default.

    >>> detected_categories({"cp": "75012", "motif": "suivi d'un cancer du sein"}, ["cp"])
    'oncology'
    """
    from scanner.terminology import find_terms  # loads the terminology: only when detecting

    found = {
        match.category
        for name, value in fields.items() if value and name not in skip
        for match in find_terms(value, {"DIAGNOSIS", "SENSITIVE_TRAIT"})
    }
    return ",".join(sorted(found))


def measure_paths(
    paths: Sequence[str | Path],
    quasi: Sequence[str] | None = None,
    sensitive: Sequence[str] | None = None,
    k: int = DEFAULT_K,
    detect_sensitive: bool = True,
    format: Format | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    on_error: Callable[[ReadError], None] | None = None,
) -> RiskReport:
    """The risk of every table of the files and directories in ``paths`` (one streaming
    pass); ``detect_sensitive`` finds diagnosis categories in the records when no sensitive
    column is named or found by name."""
    found = find_input_files(paths)
    for error in found.errors:
        if on_error:
            on_error(error)

    def records() -> Iterator[Record | ReadError]:
        for path in found.files:
            yield from read_records(path, format, encoding, delimiter)

    report = measure_records(
        records(), quasi, sensitive, k, detected_categories if detect_sensitive else None, on_error
    )
    report.unparsed += len(found.errors)
    return report


def risk_report(report: RiskReport, inputs: Sequence[str | Path]) -> dict:
    """The JSON report of ``vigie risk``: the ``risk`` object, file, table and column names
    masked (a NIR in a column name is not written out)."""
    risk = report.to_dict()
    risk["quasi_identifiers"] = masked_names(risk["quasi_identifiers"])
    for table in risk["tables"]:
        table["source"] = mask_name(table["source"])
        table["table"] = None if table["table"] is None else mask_name(table["table"])
        for key in ("quasi_identifiers", "sensitive"):
            table[key] = masked_names(table[key])
        if table["suggestion"] is not None:
            table["suggestion"]["generalize"] = masked_levels(table["suggestion"]["generalize"])
    return {
        "schema_version": SCHEMA_VERSION,
        "vigie_version": vigie_version(),
        "inputs": [mask_name(str(path)) for path in inputs],
        "risk": risk,
    }


def masked_names(columns: Sequence[str]) -> list[str]:
    """``columns`` with each identifier in their names masked.

    >>> masked_names(["cp", "ddn_147101350878060"])
    ['cp', 'ddn_147**********60']
    """
    return [mask_name(column) for column in columns]


def masked_levels(levels: Mapping[str, str]) -> dict[str, str]:
    """A suggestion's ``column -> level`` with each identifier in the column names masked.

    >>> masked_levels({"ddn_147101350878060": "year"})
    {'ddn_147**********60': 'year'}
    """
    return {mask_name(column): level for column, level in levels.items()}
