"""The terminology table: the data files compiled into plain lists and dicts.

Building the keys from the data files (folding the lexicon, adding plurals) takes half a
second to a second; the compiled table, ``data/terms.pickle.gz``, loads in a tenth of a
second. It holds lists, dicts, tuples, strings, numbers and None only, and is read by an
unpickler that refuses any class. It records a digest of the files it was compiled from: when they no longer
match, the table is built from them instead, so an edit of the data is never ignored.

Refresh it after editing the data::

    python -m scanner.terminology.build_data --table-only
"""

from __future__ import annotations

import csv
import functools
import gzip
import hashlib
import io
import logging
import pickle
from pathlib import Path
from typing import NamedTuple

from scanner.terminology.normalize import normalize_term
from scanner.terminology.procedures import is_procedure_code

logger = logging.getLogger(__name__)

DATA_DIR = Path(__file__).parent / "data"
SOURCES = ("lexicon.tsv", "procedure_terms.tsv", "diagnosis_terms.tsv.gz", "medication_terms.tsv.gz")
CURATED = ("lexicon.tsv", "procedure_terms.tsv")
"""The hand-written term files, read first: a spelling they share with a derived term is theirs."""
COMPILED = "terms.pickle.gz"
TABLE_FIELDS = {"sources", "terms", "index"}

DIAGNOSIS = "DIAGNOSIS"
MEDICATION = "MEDICATION"
SENSITIVE_TRAIT = "SENSITIVE_TRAIT"
PROCEDURE = "PROCEDURE"
# A lexicon phrase that holds a term but reveals no health ("Assurance Maladie"): as the
# longer match it hides the term inside it, and it is never reported itself.
NON_CLINICAL = "NON_CLINICAL"


class Term(NamedTuple):
    """A dictionary entry; ``surfaces`` are the lexicon's spellings (for the "U" rule)."""

    entity_type: str
    category: str
    code: str | None
    rule: str
    surfaces: tuple[str, ...] = ()


def plural_variants(folded: str) -> set[str]:
    """Return plural spellings of a folded term: every word, and the first word only.

    >>> sorted(plural_variants("insuffisance renale"))
    ['insuffisances renale', 'insuffisances renales']
    >>> sorted(plural_variants("trouble mental"))
    ['troubles mental', 'troubles mentaux']
    """
    words = folded.split(" ")
    variants = {" ".join(map(_plural, words)), " ".join([_plural(words[0]), *words[1:]])}
    variants.discard(folded)
    return variants


@functools.lru_cache(maxsize=None)
def _plural(word: str) -> str:
    """The plural of one folded word (memoised: 180,000 words, 20,000 distinct, per build)."""
    if len(word) < 3 or word[-1] in "sxz" or word.isdigit() or not word.isalpha():
        return word
    if word.endswith("al"):
        return word[:-2] + "aux"
    if word.endswith(("eau", "eu")):
        return word + "x"
    return word + "s"


def read_tsv(path: Path) -> list[dict[str, str]]:
    """The rows of a terminology TSV file (gzipped or not), ``#`` comment lines skipped.

    >>> read_tsv(DATA_DIR / "lexicon.tsv")[0].keys() >= {"term"}
    True
    """
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    lines = (line for line in io.StringIO(raw.decode("utf-8")) if not line.startswith("#"))
    return list(csv.DictReader(lines, delimiter="\t"))


def _dotted(code: str) -> str:
    return code if len(code) <= 3 else f"{code[:3]}.{code[3:]}"


def read_terms(data_dir: Path = DATA_DIR) -> dict[str, Term]:
    """Every term of the data files, by folded spelling (the curated files first)."""
    terms: dict[str, Term] = {}
    for row in (row for name in CURATED for row in read_tsv(data_dir / name)):
        folded = normalize_term(row["term"])
        if not folded:
            continue
        old = terms.get(folded)
        if old is not None:
            if old.entity_type == row["entity"]:
                terms[folded] = old._replace(surfaces=tuple(sorted({*old.surfaces, row["term"]})))
            continue
        terms[folded] = Term(row["entity"], row["category"], row["code"] or None, row["rule"], (row["term"],))
    for row in read_tsv(data_dir / "diagnosis_terms.tsv.gz"):
        if not row["code"] and row["term"][-1:] in ("s", "x") and row["term"][:-1] in terms:
            continue  # a lone plural head ("accouchements") is the plural of a curated term
        entity_type = PROCEDURE if is_procedure_code(row["code"]) else DIAGNOSIS
        code = _dotted(row["code"]) if row["code"] else None  # lone heads, ADICAP morphologies: none
        terms.setdefault(row["term"], Term(entity_type, row["category"], code, row["rule"]))
    for row in read_tsv(data_dir / "medication_terms.tsv.gz"):
        atc = row["atc"].split("|", 1)[0] or None
        terms.setdefault(row["term"], Term(MEDICATION, row["category"], atc, row["rule"]))
    return terms


def sources_digest(data_dir: Path = DATA_DIR) -> str:
    """SHA-256 of the data files the table is compiled from."""
    digest = hashlib.sha256()
    for name in SOURCES:
        digest.update(name.encode() + b"\0" + (data_dir / name).read_bytes())
    return digest.hexdigest()


def _plural_keys(terms: dict[str, int]) -> dict[str, int]:
    """Plural spellings that are not terms -> the index of the term they pluralise.

    A spelling two terms share goes to the one it changes fewest words of, then to the
    first: "troubles du sommeils" to "troubles du sommeil", not "trouble du sommeil".
    """
    claims: dict[str, tuple[int, int]] = {}
    for folded, i in terms.items():
        words = folded.split(" ")
        for variant in sorted(plural_variants(folded)):  # same order, same bytes, every run
            if variant not in terms:
                changed = sum(a != b for a, b in zip(words, variant.split(" ")))
                claims[variant] = min(claims.get(variant, (changed, i)), (changed, i))
    _plural.cache_clear()
    return {variant: i for variant, (_, i) in claims.items()}


def compile_table(data_dir: Path = DATA_DIR) -> dict:
    """The matcher's table, plain data: the terms, and an index of word runs.

    ``index`` maps every key (a folded spelling or a plural of one) and every run of
    words that starts a key to a code: ``2 * (term index + 1)`` for a key, 0 for a run
    that is only a start, plus 1 when a longer key starts with the run.

    >>> table = compile_table()
    >>> code = table["index"]["diabete"]
    >>> table["terms"][code // 2 - 1][:3], code % 2
    (('DIAGNOSIS', 'other_health', 'E14'), 1)
    """
    terms = read_terms(data_dir)
    keys = {folded: i for i, folded in enumerate(terms)}
    keys.update(_plural_keys(keys))
    index: dict[str, int] = {}
    for key, i in keys.items():
        index[key] = index.get(key, 0) | 2 * (i + 1)
        words = key.split(" ")
        for n in range(1, len(words)):
            run = " ".join(words[:n])
            index[run] = index.get(run, 0) | 1
    return {
        "sources": sources_digest(data_dir),
        "terms": [tuple(term) for term in terms.values()],
        "index": index,
    }


class _PlainData(pickle.Unpickler):
    """Unpickles lists, dicts, tuples, strings and numbers only: never a class."""

    def find_class(self, module: str, name: str):
        raise pickle.UnpicklingError(f"the terminology table names {module}.{name}: plain data only")


def load_table(data_dir: Path = DATA_DIR) -> dict:
    """The compiled table of ``data_dir`` if it matches its sources, else a new one.

    The ``terms`` of the result are :class:`Term` objects.
    """
    try:
        with gzip.open(data_dir / COMPILED) as fp:
            table = _checked(_PlainData(fp).load())
        if table["sources"] == sources_digest(data_dir):
            return table
        logger.info("%s does not match its sources: building the terminology from them", COMPILED)
    except Exception as exc:  # any damage: the data files are still there
        logger.warning("%s unusable (%s): building the terminology from its sources", COMPILED, exc)
    return _checked(compile_table(data_dir))


def _checked(table) -> dict:
    """``table`` with its terms as :class:`Term`, if it has the shape of a compiled table."""
    if type(table) is not dict or table.keys() != TABLE_FIELDS:
        raise ValueError("not a terminology table")
    terms, index = table["terms"], table["index"]
    if type(table["sources"]) is not str or type(terms) is not list or type(index) is not dict:
        raise ValueError("not a terminology table")
    terms = list(map(Term._make, terms))  # exactly its fields
    if not all(type(field) is str for term in terms for field in term[:2]):
        raise ValueError("a term without its entity type or category")
    codes = set(map(type, index.values())) | set(map(type, index))
    if codes != {int, str} or min(index.values(), default=1) < 1 or max(index.values(), default=1) > 2 * len(terms) + 1:
        raise ValueError("an index entry that names no term")
    return {**table, "terms": terms}


def write_table(data_dir: Path = DATA_DIR) -> Path:
    """Compile the table of ``data_dir`` into ``data_dir / COMPILED`` (same bytes for same data)."""
    path = data_dir / COMPILED
    payload = pickle.dumps(compile_table(data_dir), protocol=5)
    path.write_bytes(gzip.compress(payload, compresslevel=9, mtime=0))
    return path
