"""Dictionary matcher over folded text: one Aho-Corasick automaton for every term.

Keys are folded terms padded with one space on each side, and the folded note is padded
the same way, so every automaton hit is already on whole words. Plural forms (trailing
``s``/``x``, ``-al`` -> ``-aux``) are added as extra keys. Hits are then filtered by the
term's case rule and reduced to the longest non-overlapping ones.

Case rules (``rule`` column of the data files):

- ``""``: any case, accents optional ("Diabète", "DIABETE", "diabete");
- ``"U"``: capitals only, or the exact spelling of the lexicon ("TS", "FA", "PrEP");
- ``"C"``: capitals, or a cue word of the entity type within a few words ("néo",
  "Huntington", "Ixel").
"""

from __future__ import annotations

import csv
import functools
import gzip
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import ahocorasick

from scanner.terminology.normalize import normalize, normalize_term

DATA_DIR = Path(__file__).parent / "data"

DIAGNOSIS = "DIAGNOSIS"
MEDICATION = "MEDICATION"
SENSITIVE_TRAIT = "SENSITIVE_TRAIT"

# Prefixes of folded words that make an ambiguous ("C") term clinical.
CONTEXT_CUES = {
    DIAGNOSIS: (
        "atcd", "antecedent", "diagnost", "suivi", "traite", "ttt", "hospit", "patho",
        "malad", "connu", "episode", "bilan", "consult", "pec", "symptom", "clinique",
        "medecin", "docteur", "cim", "sevr", "consomm", "dependan", "addict", "chronique",
        "aigu", "stade", "metasta", "oncolog", "tumeur", "chimio", "biopsie", "enceinte",
        "grossesse", "sa", "terme", "accouch", "gyneco", "contracep", "porteu", "test",
        "mutation", "gene", "depist", "serolog", "infect", "vaccin", "crise", "prescri",
    ),
    MEDICATION: (
        "sous", "traite", "ttt", "mg", "cp", "comprime", "gelule", "posolog", "prescri",
        "ordonnance", "introduction", "introduit", "arret", "dose", "matin", "soir", "midi",
        "ml", "ui", "inject", "sachet", "ampoule", "patch", "relais", "augment", "diminu",
        "substitution", "medicament",
    ),
    SENSITIVE_TRAIT: (
        "religi", "foi", "culte", "confession", "croyan", "pratiq", "messe", "eglise",
        "mosquee", "synagogue", "temple", "priere", "compagnon", "partenaire", "conjoint",
        "couple", "orientation", "sexuel", "rapports", "relation", "catholi", "musulman",
        "juif", "juive", "protestant", "chretien", "evangelique", "islam", "judaisme",
    ),
}
CONTEXT_WINDOW_WORDS = 6


@dataclass(frozen=True)
class Term:
    entity_type: str
    category: str
    code: str | None
    rule: str
    surfaces: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    term: Term


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
    """The plural of one folded word (memoised: 180,000 words, 20,000 distinct, at start-up)."""
    if len(word) < 3 or word[-1] in "sxz" or word.isdigit() or not word.isalpha():
        return word
    if word.endswith("al"):
        return word[:-2] + "aux"
    if word.endswith(("eau", "eu")):
        return word + "x"
    return word + "s"


def _read_tsv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    lines = (line for line in io.StringIO(raw.decode("utf-8")) if not line.startswith("#"))
    return list(csv.DictReader(lines, delimiter="\t"))


class TermMatcher:
    """All terms of one data directory, compiled once."""

    def __init__(self, data_dir: Path = DATA_DIR):
        self._terms: dict[str, Term] = {}
        for row in _read_tsv(data_dir / "lexicon.tsv"):
            folded = normalize_term(row["term"])
            if not folded:
                continue
            old = self._terms.get(folded)
            if old is not None:
                if old.entity_type == row["entity"]:
                    self._terms[folded] = Term(
                        old.entity_type, old.category, old.code, old.rule,
                        old.surfaces | {row["term"]},
                    )
                continue
            self._terms[folded] = Term(
                row["entity"], row["category"], row["code"] or None, row["rule"],
                frozenset({row["term"]}),
            )
        for row in _read_tsv(data_dir / "diagnosis_terms.tsv.gz"):
            self._terms.setdefault(
                row["term"], Term(DIAGNOSIS, row["category"], _dotted(row["code"]), row["rule"])
            )
        for row in _read_tsv(data_dir / "medication_terms.tsv.gz"):
            atc = row["atc"].split("|", 1)[0]
            self._terms.setdefault(row["term"], Term(MEDICATION, row["category"], atc, row["rule"]))

        automaton = ahocorasick.Automaton()
        for folded, term in self._terms.items():
            automaton.add_word(f" {folded} ", (len(folded), term))
        for folded, term in list(self._terms.items()):
            for variant in plural_variants(folded):
                if variant not in self._terms:
                    automaton.add_word(f" {variant} ", (len(variant), term))
        automaton.make_automaton()
        _plural.cache_clear()
        self._automaton = automaton

    def __len__(self) -> int:
        return len(self._terms)

    def term(self, text: str) -> Term | None:
        """Return the term entry for ``text`` (any spelling), if any."""
        return self._terms.get(normalize_term(text))

    def find(self, text: str) -> list[Hit]:
        """Return the longest non-overlapping term hits of ``text`` that pass their rule."""
        folded, offsets = normalize(text)
        if not folded:
            return []
        candidates = []
        for end_index, (length, term) in self._automaton.iter(f" {folded} "):
            # Padded key " term " ends at end_index; the term is folded[start:start + length].
            start = end_index - length - 1
            candidates.append((start, start + length, term))
        candidates.sort(key=lambda c: (c[0], -(c[1] - c[0])))
        hits = []
        last_end = -1
        for start, end, term in candidates:
            if start < last_end:
                continue
            original_start = offsets[start]
            original_end = _extend_marks(text, offsets[end - 1] + 1)
            if not _passes_rule(term, text[original_start:original_end], folded, start, end):
                continue
            hits.append(Hit(original_start, original_end, term))
            last_end = end
        return hits


def _dotted(code: str) -> str:
    return code if len(code) <= 3 else f"{code[:3]}.{code[3:]}"


def _extend_marks(text: str, end: int) -> int:
    while end < len(text) and unicodedata.combining(text[end]):
        end += 1
    return end


_HAS_LOWER = re.compile(r"[^\W\d_]", re.UNICODE)


def is_capitals(surface: str) -> bool:
    """Return whether ``surface`` is written in capitals ("TS", "VIH+", "K7").

    >>> is_capitals("TS"), is_capitals("Ts"), is_capitals("ts")
    (True, False, False)
    """
    letters = [c for c in surface if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _has_cue(entity_type: str, folded: str, start: int, end: int) -> bool:
    before = folded[:start].split()[-CONTEXT_WINDOW_WORDS:]
    after = folded[end:].split()[:CONTEXT_WINDOW_WORDS]
    cues = CONTEXT_CUES[entity_type]
    return any(word.startswith(cues) for word in before + after)


def _passes_rule(term: Term, surface: str, folded: str, start: int, end: int) -> bool:
    if not term.rule:
        return True
    if is_capitals(surface) and len(surface) > 1:
        return True
    if term.rule == "U":
        return any(surface.startswith(s) for s in term.surfaces) or surface in term.surfaces
    return _has_cue(term.entity_type, folded, start, end)
