"""Dictionary matcher over folded text: every term looked up by its words.

A folded note is a sequence of words separated by single spaces. A term is a run of
whole words, so the candidates are found by looking up, from each word, runs of one,
two, three... words, for as long as the run starts some term. Plural forms
(trailing ``s``/``x``, ``-al`` -> ``-aux``) are extra keys. Hits are then filtered by the
term's case rule and reduced to the longest non-overlapping ones.

The keys come from ``data/terms.pickle.gz``, compiled from the data files (see
:mod:`scanner.terminology.table`).

Case rules (``rule`` column of the data files):

- ``""``: any case, accents optional ("Diabète", "DIABETE", "diabete");
- ``"U"``: capitals only, or the exact spelling of the lexicon ("TS", "FA", "PrEP");
- ``"C"``: capitals, or a cue word of the entity type within a few words ("néo",
  "Huntington", "Ixel"). A common French word in capitals ("COMA", "RAGE", "GOUTTE": a
  title, a heading, a surname) needs its cue too; a cue of three letters or fewer ("sa",
  "mg") is a whole word, not a prefix ("Sahara" is no cue). A disorder also passes in a
  clinical text, one that already names disorders no rule holds back ("Effets
  indésirables : vertiges, insomnie, confusion"), as a clinician reads it.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from scanner.terminology.dosage import find_dosed_words, is_product_name
from scanner.terminology.drug_sense import is_name_position, is_place_position
from scanner.terminology.inn_stems import find_inn_words
from scanner.terminology.normalize import normalize
from scanner.terminology.procedures import PROCEDURE_CUES
from scanner.terminology.table import DATA_DIR, DIAGNOSIS, MEDICATION, PROCEDURE, SENSITIVE_TRAIT, Term, load_table

__all__ = [
    "DATA_DIR", "DIAGNOSIS", "MEDICATION", "PROCEDURE", "SENSITIVE_TRAIT", "Hit", "Term", "TermMatcher",
    "is_clinical_text",
]

# Prefixes of folded words that make an ambiguous ("C") term clinical.
CONTEXT_CUES = {
    DIAGNOSIS: (
        "atcd", "antecedent", "diagnost", "suivi", "traite", "ttt", "hospit", "patho",
        "malad", "connu", "episode", "bilan", "consult", "pec", "symptom", "clinique",
        "medecin", "docteur", "cim", "sevr", "consomm", "dependan", "addict", "chronique",
        "aigu", "stade", "metasta", "oncolog", "tumeur", "chimio", "biopsie", "enceinte",
        "grossesse", "sa", "terme", "cas", "accouch", "gyneco", "contracep", "porteu", "test",
        "mutation", "gene", "depist", "serolog", "infect", "vaccin", "crise", "prescri",
    ),
    MEDICATION: (
        "sous", "traite", "ttt", "mg", "cp", "comprime", "gelule", "posolog", "prescri",
        "ordonnance", "introduction", "introduit", "arret", "dose", "matin", "soir", "midi",
        "ml", "ui", "inject", "sachet", "ampoule", "patch", "relais", "augment", "diminu",
        "substitution", "medicament", "allerg", "intoler", "passage", "switch",
    ),
    SENSITIVE_TRAIT: (
        "religi", "foi", "culte", "confession", "croyan", "pratiq", "messe", "eglise",
        "mosquee", "synagogue", "temple", "priere", "compagnon", "partenaire", "conjoint",
        "couple", "orientation", "sexuel", "rapports", "relation", "catholi", "musulman",
        "juif", "juive", "protestant", "chretien", "evangelique", "islam", "judaisme",
    ),
    PROCEDURE: PROCEDURE_CUES,
}
CONTEXT_WINDOW_WORDS = 6
SHORT_CUE_LENGTH = 3
"""Cues of at most this many letters match whole words only."""
_CUE_WORDS = {t: frozenset(c for c in cues if len(c) <= SHORT_CUE_LENGTH) for t, cues in CONTEXT_CUES.items()}
_CUE_PREFIXES = {t: tuple(c for c in cues if len(c) > SHORT_CUE_LENGTH) for t, cues in CONTEXT_CUES.items()}
# Distinct disorders of the "" rule that make a text clinical for the ambiguous ones.
CLINICAL_TEXT_DISORDERS = 2


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    term: Term


class TermMatcher:
    """All terms of one data directory, loaded once."""

    def __init__(self, data_dir: Path = DATA_DIR):
        table = load_table(data_dir)
        self._terms: list[Term] = table["terms"]
        self._index: dict[str, int] = table["index"]

    def __len__(self) -> int:
        return len(self._terms)

    def candidates(self, folded: str) -> list[tuple[int, int, Term]]:
        """Every key of ``folded`` on whole words, as ``(start, end, term)``: by start,
        longest first.

        >>> [(s, e, t.code) for s, e, t in TermMatcher().candidates("atcd psy diabete de type 2")]
        [(0, 8, None), (9, 26, 'E11'), (9, 16, 'E14')]
        """
        words = folded.split(" ")
        index, terms = self._index, self._terms
        candidates = []
        start = 0
        for i, word in enumerate(words):
            code = index.get(word)
            if code is not None:
                found = []
                gram, j = word, i + 1
                while True:
                    if code > 1:
                        found.append((start, start + len(gram), terms[code // 2 - 1]))
                    if not code & 1 or j == len(words):
                        break
                    gram = f"{gram} {words[j]}"
                    j += 1
                    code = index.get(gram)
                    if code is None:
                        break
                candidates.extend(reversed(found))
            start += len(word) + 1
        return candidates

    def find(
        self, text: str, normalized: tuple[str, list[int]] | None = None, uncued: list[Hit] | None = None
    ) -> list[Hit]:
        """Return the longest non-overlapping term hits of ``text`` that pass their rule and
        their sense, and the drugs no list names (by INN stem or dose) where none stands;
        ``normalized`` is ``normalize(text)`` when the caller has it already. The ambiguous
        terms that only lack a cue word go to ``uncued`` when given (another health term
        nearby may be their cue)."""
        folded, offsets = normalized or normalize(text)
        if not folded:
            return []
        hits = []
        last_end = -1
        candidates = self.candidates(folded)
        clinical = is_clinical_text(_outermost_sure_disorders(folded, candidates))
        for start, end, term in candidates:
            if start < last_end:
                continue
            original_start = offsets[start]
            original_end = _extend_marks(text, offsets[end - 1] + 1)
            surface = text[original_start:original_end]
            if not _passes_rule(term, surface, folded, start, end, clinical):
                if uncued is not None and term.rule == "C":
                    uncued.append(Hit(original_start, original_end, term))
                continue
            if term.entity_type == MEDICATION and self._is_place_or_name(text, original_start, surface):
                if not has_cue(MEDICATION, folded, start, end):
                    continue
            hits.append(Hit(original_start, original_end, term))
            last_end = end
        return self._with_unlisted_names(text, folded, offsets, hits)

    def _with_unlisted_names(self, text: str, folded: str, offsets: list[int], hits: list[Hit]) -> list[Hit]:
        """``hits`` and the drugs no list names, where no hit stands: substances by their
        INN stem ("zalcitabine"), products by the dose after one of their mentions
        ("Reconcile 8 mg", not a common French word: "Injection 3 mg")."""
        found = [span for span in find_inn_words(folded) if not self._is_term(folded[span[0] : span[1]])]
        dosed = {
            folded[start:end]
            for start, end in find_dosed_words(folded)
            if not self._is_known_word(text[offsets[start] : offsets[end - 1] + 1])
            and is_product_name(text, offsets[start], offsets[end - 1] + 1)
        }
        if dosed:
            found.extend(_word_spans(folded, dosed, "other_health"))
        for start, end, category in sorted(found):
            original_start, original_end = offsets[start], _extend_marks(text, offsets[end - 1] + 1)
            if not any(hit.start < original_end and original_start < hit.end for hit in hits):
                hits.append(Hit(original_start, original_end, Term(MEDICATION, category, None, "")))
        return sorted(hits, key=lambda hit: hit.start)

    def _is_place_or_name(self, text: str, start: int, surface: str) -> bool:
        """A capitalised drug name where a town or a surname stands ("né à Modane",
        "Luiz Melodia"); see :mod:`scanner.terminology.drug_sense`."""
        if not surface[:1].isupper():
            return False
        return is_place_position(text, start) or is_name_position(text, start, self._is_known_word)

    def _is_known_word(self, word: str) -> bool:
        from scanner.name_words import is_common_french_word  # scanner.name_words uses this module

        return self._is_term(normalize(word)[0]) or is_common_french_word(word)

    def _is_term(self, folded_word: str) -> bool:
        return self._index.get(folded_word, 0) > 1  # 1: only the start of longer terms


def _word_spans(folded: str, words: set[str], category: str) -> list[tuple[int, int, str]]:
    """``(start, end, category)`` of every mention of ``words`` in ``folded``."""
    spans, start = [], 0
    for word in folded.split(" "):
        if word in words:
            spans.append((start, start + len(word), category))
        start += len(word) + 1
    return spans


def _extend_marks(text: str, end: int) -> int:
    while end < len(text) and unicodedata.combining(text[end]):
        end += 1
    return end


def is_capitals(surface: str) -> bool:
    """Return whether ``surface`` is written in capitals ("TS", "VIH+", "K7").

    >>> is_capitals("TS"), is_capitals("Ts"), is_capitals("ts")
    (True, False, False)
    """
    letters = [c for c in surface if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def has_cue(entity_type: str, folded: str, start: int, end: int) -> bool:
    """A cue word of ``entity_type`` within ``CONTEXT_WINDOW_WORDS`` of ``folded[start:end]``.

    >>> has_cue("DIAGNOSIS", "crise de goutte", 9, 15), has_cue("DIAGNOSIS", "mad cow sahara rage", 15, 19)
    (True, False)
    """
    before = folded[:start].split()[-CONTEXT_WINDOW_WORDS:]
    after = folded[end:].split()[:CONTEXT_WINDOW_WORDS]
    return any(is_cue_word(entity_type, word) for word in before + after)


def is_cue_word(entity_type: str, folded_word: str) -> bool:
    """``folded_word`` is a cue of ``entity_type``: a short cue whole, a longer one as a prefix.

    >>> is_cue_word("DIAGNOSIS", "sa"), is_cue_word("DIAGNOSIS", "salariale"), is_cue_word("DIAGNOSIS", "suivie")
    (True, False, True)
    """
    return folded_word in _CUE_WORDS[entity_type] or folded_word.startswith(_CUE_PREFIXES[entity_type])


@functools.lru_cache(maxsize=1024)
def is_common_word(surface: str) -> bool:
    """A word of everyday French, whatever its case: "COMA" is, "EMLA" is not.

    >>> is_common_word("COMA"), is_common_word("EMLA")
    (True, False)
    """
    from scanner.name_words import is_common_french_word

    return is_common_french_word(surface.lower())


def is_clinical_text(sure_disorders: Iterable[str]) -> bool:
    """A text that names ``sure_disorders`` (folded, of the "" rule) is clinical when it
    names at least ``CLINICAL_TEXT_DISORDERS`` different ones.

    >>> is_clinical_text(["vertiges", "insomnie", "vertiges"]), is_clinical_text(["vertiges"])
    (True, False)
    """
    seen: set[str] = set()
    for disorder in sure_disorders:
        seen.add(disorder)
        if len(seen) >= CLINICAL_TEXT_DISORDERS:
            return True
    return False


def _outermost_sure_disorders(folded: str, candidates: list[tuple[int, int, Term]]) -> Iterable[str]:
    """The sure disorders among ``candidates`` (by start, longest first), each outermost term
    once: "diabete de type 2" is one disorder, not also "diabete"."""
    last_end = -1
    for start, end, term in candidates:
        if start >= last_end:
            last_end = end
            if term.entity_type == DIAGNOSIS and not term.rule:
                yield folded[start:end]


def _passes_rule(term: Term, surface: str, folded: str, start: int, end: int, clinical: bool) -> bool:
    if not term.rule:
        return True
    if is_capitals(surface) and len(surface) > 1 and (
        term.rule == "U" or not (is_common_word(surface) or any(map(is_common_word, term.surfaces)))
    ):
        return True
    if term.rule == "U":
        return any(surface.startswith(s) for s in term.surfaces) or surface in term.surfaces
    return (clinical and term.entity_type == DIAGNOSIS) or has_cue(term.entity_type, folded, start, end)
