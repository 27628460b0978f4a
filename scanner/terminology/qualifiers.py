"""Cheap window rules that qualify a term: negated, hypothetical, or about a relative.

A qualified finding is still sensitive (a negated HIV test still says the person was
tested); the qualifier only tells the reader how the term was used. The rules look at
a few words before the term and a few characters after it, inside one sentence.

>>> text = "Pas de diabète connu."
>>> qualifier_for(text, 7, 14)
'negated'
>>> text = "ATCD familiaux : mère diabétique."
>>> qualifier_for(text, 22, 32)
'family'
>>> qualifier_for("Suspicion de SEP.", 13, 16)
'hypothetical'
>>> qualifier_for("Diabète de type 2.", 0, 17) is None
True
"""

from __future__ import annotations

import re

from scanner.terminology.normalize import normalize

_SENTENCE_END = re.compile(r"[.;!\n]|\?(?=\s)")
WINDOW_WORDS = 6
_BEFORE_CHARS = 80
_AFTER_CHARS = 40

FAMILY_CUES = (
    "mere", "pere", "frere", "freres", "soeur", "soeurs", "fils", "fille", "filles",
    "oncle", "tante", "cousin", "cousine", "grand mere", "grand pere", "grands parents",
    "parents", "familiaux", "familial", "familiale", "famille", "jumeau", "jumelle",
    "epoux", "epouse", "mari", "conjoint", "conjointe", "neveu", "niece", "maternel",
    "maternelle", "paternel", "paternelle",
)
NEGATION_CUES = (
    "pas de", "pas d", "pas", "absence de", "absence d", "absence", "aucun", "aucune",
    "nie", "niant", "nier", "sans", "ni", "non", "jamais", "exclu", "exclue", "ecarte",
    "ecartee", "negatif", "negative",
)
NEGATION_AFTER_CUES = ("negatif", "negative", "negatifs", "exclu", "exclue", "ecarte", "ecartee")
HYPOTHESIS_CUES = (
    "suspicion de", "suspicion d", "suspicion", "suspecte", "suspect", "probable",
    "possible", "eventuel", "eventuelle", "serait", "seraient", "pourrait", "evocateur",
    "evocatrice", "evoque", "evoquant", "hypothese", "doute", "a eliminer", "a exclure",
    "rechercher", "recherche de", "risque de", "depistage", "bilan de",
)
HYPOTHESIS_AFTER_CUES = ("probable", "possible", "a eliminer", "a confirmer", "non confirme", "suspecte")


def _cue_pattern(cues) -> re.Pattern:
    alternatives = sorted(cues, key=len, reverse=True)
    return re.compile(r"(?:^| )(?:" + "|".join(re.escape(c) for c in alternatives) + r")(?= |$)")


_FAMILY = _cue_pattern(FAMILY_CUES)
_NEGATION = _cue_pattern(NEGATION_CUES)
_NEGATION_AFTER = _cue_pattern(NEGATION_AFTER_CUES)
_HYPOTHESIS = _cue_pattern(HYPOTHESIS_CUES)
_HYPOTHESIS_AFTER = _cue_pattern(HYPOTHESIS_AFTER_CUES)


def _window_before(text: str, start: int) -> str:
    before = text[max(0, start - _BEFORE_CHARS) : start]
    cut = None
    for cut in _SENTENCE_END.finditer(before):
        pass
    if cut is not None:
        before = before[cut.end() :]
    words = normalize(before)[0].split()
    return " ".join(words[-WINDOW_WORDS:])


def _window_after(text: str, end: int) -> tuple[str, bool]:
    after = text[end : end + _AFTER_CHARS]
    question = after.lstrip().startswith("?")
    cut = _SENTENCE_END.search(after)
    if cut is not None:
        after = after[: cut.start()]
    return normalize(after)[0], question


def qualifier_for(text: str, start: int, end: int) -> str | None:
    """Return 'family', 'negated', 'hypothetical' or None for ``text[start:end]``."""
    before = _window_before(text, start)
    after, question = _window_after(text, end)
    if _FAMILY.search(before):
        return "family"
    if _NEGATION.search(before) or _NEGATION_AFTER.search(after):
        return "negated"
    if question or _HYPOTHESIS.search(before) or _HYPOTHESIS_AFTER.search(after):
        return "hypothetical"
    return None
