"""The sense of a term from where it stands: a word in a person's name or in a street's
is no health data.

"M. Gay", "Dr CHRÉTIEN", "Pierre Goutte", "GOUTTE Marie", "Paul Melodia": a capitalised term
right after a title or a first name, or an UPPER-CASE one right before a first name, is a
surname. "rue Lupus", "allée du Zyrtec", "Lupus St": a capitalised term after a street word
(particles between) or before a street suffix is a street name.

>>> is_name_position("Vu M. Gay ce jour.", 6, 9), is_name_position("Crise de goutte.", 9, 15)
(True, False)
>>> is_name_position("GOUTTE Marie, 54 ans", 0, 6), is_name_position("ATCD : GOUTTE, HTA", 7, 13)
(True, False)
>>> is_street_position("12 rue du Lupus", 10, 15), is_street_position("24 Lupus St", 3, 8), is_street_position("un lupus", 3, 8)
(True, True, False)
"""

from __future__ import annotations

import re

from scanner.name_words import STREET_SUFFIXES, TITLES, fold, is_capitalised, is_first_name, is_upper_name

_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_WORD_AFTER = re.compile(rf"[ \t\u00a0]{{1,3}}({_WORD.pattern})(?![^\W\d_])")
_REACH = 40
"""Characters looked at before a term for the words before it (on its line)."""
_PARTICLES = frozenset("de du des d' la le les l'".split())
_COMPOUND_REST = re.compile(r"(?:-[^\W\d_]+)*")
_GLUED = re.compile(r"-[^\W\d_]")
STREET_WORDS = frozenset(
    "rue avenue av bd boulevard allee chemin impasse quai residence lotissement hameau lieu-dit "
    "ruelle parvis esplanade".split()
)
"""Words a street's name follows ("place", "cours", "route", "passage" are everyday words too)."""
STREET_AFTER_WORDS = STREET_SUFFIXES | {"st", "rd", "ave", "blvd", "sq"}


def is_proper_noun_position(text: str, start: int, end: int) -> bool:
    """``text[start:end]`` stands in a person's or a street's name (see below).

    >>> is_proper_noun_position("Mme Goutte", 4, 10), is_proper_noun_position("goutte", 0, 6)
    (True, False)
    """
    if not text[start].isupper():  # the usual term, in lower case: nothing more to look at
        return False
    surface = text[start:end]
    if not (is_upper_name(surface) if surface.isupper() else is_capitalised(surface)):
        return False
    word_end = _COMPOUND_REST.match(text, end).end()  # "GAY-PARA Julien": the name is the whole word
    before, after = _words_before(text, start), _word_after(text, word_end)
    return _is_in_name(surface, before, after) or _is_in_street(before, after)


def is_name_position(text: str, start: int, end: int) -> bool:
    """``text[start:end]``, a capitalised or UPPER-CASE word, comes after a title ("M." with
    its dot) or a listed first name, or is UPPER-CASE before a listed first name."""
    return _is_in_name(text[start:end], _words_before(text, start), _word_after(text, end))


def is_street_position(text: str, start: int, end: int) -> bool:
    """``text[start:end]``, a capitalised or UPPER-CASE word, comes after a street word,
    particles between ("rue de la", "allée du"), or before a street suffix ("St", "Street")."""
    return _is_in_street(_words_before(text, start), _word_after(text, end))


def _is_in_name(surface: str, before: list[str], after: str | None) -> bool:
    if any(c.isspace() for c in surface):
        return False
    if before and _is_name_before(before[-1], surface):
        return True
    # "NOM Prénom"; not "Pramipexole Teva", a maker
    return after is not None and is_upper_name(surface) and is_first_name(after)


def _is_in_street(before: list[str], after: str | None) -> bool:
    for word in reversed(before):
        key = fold(word.rstrip("."))
        if key not in _PARTICLES:
            if key in STREET_WORDS:
                return True
            break
    return after is not None and fold(after) in STREET_AFTER_WORDS


def _is_name_before(token: str, surface: str) -> bool:
    """``token`` (a word, maybe with its dot) before ``surface`` is a title ("M." with its
    dot), a listed first name, or a capitalised word that is no French word nor term before
    a capitalised ``surface`` (an unlisted first name: "Arnaude Chrétien")."""
    word = token.rstrip(".")
    dot = len(word) < len(token)
    if _WORD.fullmatch(word) is None:
        return False
    key = fold(word)
    if key in TITLES:
        return key != "m" or dot
    if dot:
        return False
    return is_first_name(word) or (is_capitalised(word) and is_capitalised(surface) and not _is_known_word(word))


def _is_known_word(word: str) -> bool:
    """A common French word or a term ("Kaletra Truvada": a drug before a drug is no name)."""
    from scanner.terminology import get_matcher  # the package imports this module

    return get_matcher()._is_known_word(word)


def _words_before(text: str, start: int) -> list[str]:
    """The blank-separated words of the line before ``start``, within ``_REACH`` characters,
    when blanks or an elided particle ("l'") stand right before ``start``; else none.

    >>> _words_before("Vu par M. Gay", 10), _words_before("rue de l'Abbaye", 9), _words_before("HTA,Goutte", 4)
    (['Vu', 'par', 'M.'], ['rue', 'de', "l'"], [])
    """
    if not start or not (text[start - 1] in " \t\u00a0'’"):
        return []
    line_start = text.rfind("\n", max(0, start - _REACH), start) + 1
    return text[max(line_start, start - _REACH) : start].split()


def _word_after(text: str, end: int) -> str | None:
    """The word after ``end`` on its line, one to three blanks away."""
    if end == len(text) or text[end] not in " \t\u00a0":
        return None
    after = _WORD_AFTER.match(text, end)
    return after.group(1) if after else None


NEAR_TERM_CHARS = 40
"""How far, on its line and in its sentence, another health term serves as an ambiguous
term's cue."""


def is_near_term(text: str, start: int, end: int, terms: list[tuple[int, int]]) -> bool:
    """Another health term stands within ``NEAR_TERM_CHARS`` of ``text[start:end]``, no
    line break or sentence end between: "hémicolectomie droite avec anastomose". A word
    glued into a compound ("goutte-à-goutte", "GAY-PARA") has no such cue.

    >>> t = "Hémicolectomie droite avec anastomose."
    >>> is_near_term(t, 27, 37, [(0, 14)]), is_near_term("Diabète. Film : La Rage", 19, 23, [(0, 7)])
    (True, False)
    >>> is_near_term("perfusion (goutte-à-goutte)", 11, 17, [(0, 9)])
    False
    """
    if _GLUED.match(text, end) or (start > 1 and text[start - 1] == "-" and text[start - 2].isalpha()):
        return False
    for other_start, other_end in terms:
        left, right = (other_end, start) if other_end <= start else (end, other_start)
        if 0 <= right - left <= NEAR_TERM_CHARS and not _SENTENCE_BREAK.search(text, left, right):
            return True
    return False


_SENTENCE_BREAK = re.compile(r"[\n.!?;]")
