"""French clinical terminology: diagnoses, procedures, medications and GDPR art. 9 traits in free text.

Pure functions, no Presidio import. ``find_terms`` folds case and accents, matches
a dictionary built from CIM-10 FR labels, Romedi drug names (both shipped by edsnlp, see
``data/SOURCES.md``) and a curated lexicon of clinical abbreviations, finds drugs no list
names by their INN stem ("zalcitabine") or the dose after them ("Reconcile 8 mg"),
checks ICD-10 codes against the real CIM-10 FR list, and tags each match with a
category and a qualifier.

>>> [(m.text, m.entity_type, m.category) for m in find_terms("ATCD : HTA, DT2. Sous Truvada.")]
[('HTA', 'DIAGNOSIS', 'other_health'), ('DT2', 'DIAGNOSIS', 'other_health'), ('Truvada', 'MEDICATION', 'hiv_sti')]
>>> m = find_terms("Pas de tentative de suicide.")[0]
>>> (m.text, m.category, m.qualifier)
('tentative de suicide', 'mental_health', 'negated')
>>> [(m.text, m.entity_type) for m in find_terms("Hémodialyse depuis 2019, cholécystectomie.")]
[('Hémodialyse', 'PROCEDURE'), ('cholécystectomie', 'PROCEDURE')]
>>> find_terms("Le patient habite rue de la Paix.")
[]
>>> find_terms("Carte d'Assurance Maladie à jour.")
[]
>>> [m.text for m in find_terms("Vu par le Dr Goutte pour une crise de goutte.")]
['goutte']
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from functools import lru_cache

from scanner.terminology.categories import HEALTH_CATEGORIES, TRAIT_CATEGORIES
from scanner.terminology.codes import find_icd10_codes, is_icd10_code
from scanner.terminology.disorder_rules import find_disorders, qualified_end
from scanner.terminology.matcher import (
    DIAGNOSIS, MEDICATION, PROCEDURE, SENSITIVE_TRAIT, Hit, TermMatcher, has_cue, is_clinical_text,
)
from scanner.terminology.normalize import normalize
from scanner.terminology.procedures import find_procedure_words
from scanner.terminology.qualifiers import qualifier_for
from scanner.terminology.sense import is_near_term, is_proper_noun_position
from scanner.terminology.table import NON_CLINICAL

__all__ = [
    "DIAGNOSIS",
    "HEALTH_CATEGORIES",
    "MEDICATION",
    "PROCEDURE",
    "SENSITIVE_TRAIT",
    "TRAIT_CATEGORIES",
    "TermMatch",
    "find_terms",
    "get_matcher",
    "is_icd10_code",
]


@dataclass(frozen=True)
class TermMatch:
    """One term found in a text; ``code`` is an ICD-10 code (DIAGNOSIS) or ATC code
    (MEDICATION) when known."""

    start: int
    end: int
    entity_type: str
    category: str
    code: str | None
    qualifier: str | None
    text: str


@lru_cache(maxsize=1)
def get_matcher() -> TermMatcher:
    """Return the process-wide matcher, built on first use."""
    return TermMatcher()


def find_terms(text: str, entities: frozenset[str] | set[str] | None = None) -> list[TermMatch]:
    """Return the diagnoses, procedures, medications and sensitive traits found in ``text``.

    ``entities`` restricts the result to some entity types; overlaps are resolved
    before that filter, so a longer term of another type still wins. A term in a person's
    name ("M. Gay", "Pierre Goutte") or a street's ("rue Lupus") is left out
    (``scanner.terminology.sense``).
    """
    if not text or not text.strip():
        return []
    return [m for m in _all_terms(text) if entities is None or m.entity_type in entities]


def _is_dosed_drug(hit: Hit, normalized: tuple[str, list[int]]) -> bool:
    """A drug with a word of treatment near it ("Mme Nora Efferalgan 1 g matin et soir"):
    a drug, even where a surname or a street could stand."""
    if hit.term.entity_type != MEDICATION:
        return False
    folded, offsets = normalized
    return has_cue(MEDICATION, folded, bisect_left(offsets, hit.start), bisect_left(offsets, hit.end))


@lru_cache(maxsize=1)
def _all_terms(text: str) -> tuple[TermMatch, ...]:
    """Every term of ``text``, overlaps resolved; the last text's are kept, since each
    terminology recognizer asks for its own entity types of the same text in turn."""
    spans: list[tuple[int, int, str, str, str | None]] = []
    for code in find_icd10_codes(text):
        spans.append((code.start, code.end, DIAGNOSIS, code.category, code.code))
    taken = [(s[0], s[1]) for s in spans]
    normalized = normalize(text)
    uncued: list = []
    hits = get_matcher().find(text, normalized, uncued)
    for hit in hits:
        if any(hit.start < end and start < hit.end for start, end in taken):
            continue
        if is_proper_noun_position(text, hit.start, hit.end) and not _is_dosed_drug(hit, normalized):
            continue
        end = qualified_end(text, normalized, hit.end) if hit.term.entity_type == DIAGNOSIS else hit.end
        spans.append((hit.start, end, hit.term.entity_type, hit.term.category, hit.term.code))
        taken.append((hit.start, end))  # "Cancer du sein métastatique": "métastatique" is inside
    words = find_procedure_words(text)
    if words:
        covered = [(s[0], s[1]) for s in spans]
        spans.extend(
            (word.start, word.end, PROCEDURE, word.category, None) for word in words
            if not any(word.start < end and start < word.end for start, end in covered)
        )
    if uncued and spans:
        found = [(s[0], s[1]) for s in spans]
        spans.extend(
            (hit.start, hit.end, hit.term.entity_type, hit.term.category, hit.term.code) for hit in uncued
            if not any(hit.start < end and start < hit.end for start, end in found)
            and is_near_term(text, hit.start, hit.end, found)
            and not is_proper_noun_position(text, hit.start, hit.end)
        )
    clinical = is_clinical_text(
        text[hit.start : hit.end].lower() for hit in hits if hit.term.entity_type == DIAGNOSIS and not hit.term.rule
    )
    for start, end in find_disorders(text, normalized, clinical):
        inside = [s for s in spans if start < s[1] and s[0] < end]
        if all(s[2] == DIAGNOSIS and start <= s[0] and s[1] <= end for s in inside):
            # a rule span grows a dictionary disorder over its complement ("maladie de Kaposi")
            category, code = (inside[0][3], inside[0][4]) if len(inside) == 1 else ("other_health", None)
            spans = [s for s in spans if s not in inside] + [(start, end, DIAGNOSIS, category, code)]
    spans.sort()
    return tuple(
        TermMatch(start, end, entity, category, code, qualifier_for(text, start, end), text[start:end])
        for start, end, entity, category, code in spans
        if entity != NON_CLINICAL
    )
