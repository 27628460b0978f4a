"""Whether a capitalised drug name stands where a place or a person's name stands.

Brand names are also towns ("Créon", "Modane"), surnames and song titles ("Luiz
Melodia", "Sister Morphine"). Written in capitals at the place of a town or of a
surname, such a name is not a drug, unless a word of treatment stands nearby ("mg",
"sous", "cp": see ``CONTEXT_CUES`` in :mod:`scanner.terminology.matcher`).

>>> is_place_position("Né à Modane", 5), is_place_position("33670 Créon", 6)
(True, True)
>>> is_place_position("Il habite 3 rue de Créon", 19), is_place_position("Sous Créon", 5)
(True, False)
>>> is_place_position("associé à Epivir", 10)
False
>>> is_name_position("Mme Nora Efferalgan", 9, lambda word: False)
True
"""

from __future__ import annotations

from collections.abc import Callable

# Words before a town's or a street's name, lower case; "de", "du", "des" may follow
# them: "rue de Créon", "CH de Modane", "mairie de Créon".
PLACE_WORDS = frozenset(
    "rue avenue av bd boulevard place pl allée allee chemin impasse quai cours square route "
    "résidence residence lotissement hameau lieu dit faubourg fbg ch chu chr chi hôpital "
    "hopital clinique ehpad mairie ville commune canton gare aéroport aeroport".split()
)
PLACE_PREPOSITIONS = frozenset({"à", "a"})
# Words that make "à" introduce a town ("né à", "habite à", "hospitalisé à"), as prefixes;
# "associé à Epivir", "relatives à Zeffix" name a drug.
PLACE_VERBS = (
    "né", "ne", "habit", "domicil", "demeur", "résid", "resid", "vit", "vivant", "séjour",
    "sejour", "vacances", "install", "déménag", "demenag", "hospitalis", "transfér",
    "transfer", "travaill", "originaire", "mairie", "commune", "ville",
)
TITLES = frozenset(
    "m mr mme mmes mlle melle madame monsieur mademoiselle dr docteur pr professeur".split()
)
_DE = frozenset({"de", "du", "des", "d"})

_BLANKS = " \t\u00a0"


def _word_before(text: str, end: int) -> tuple[str, int]:
    """The word (letters, or digits) that ends, before blanks only, at ``end``, and where
    it starts; ("", end) when a line break or punctuation stands between. The dot of
    "M." or "Dr." is allowed."""
    i = end
    while i > 0 and text[i - 1] in _BLANKS:
        i -= 1
    if i == end:
        return "", end
    j = i - 1 if i > 0 and text[i - 1] == "." else i
    k = j
    if k > 0 and text[k - 1].isdigit():
        while k > 0 and text[k - 1].isdigit():
            k -= 1
    else:
        while k > 0 and text[k - 1].isalpha():
            k -= 1
    return text[k:j], k


def _words_before(text: str, start: int) -> tuple[str, str]:
    """The two words before ``start`` on its line, lower case ("" when there is none)."""
    first, first_start = _word_before(text, start)
    if not first:
        return "", ""
    second, _ = _word_before(text, first_start)
    return second.lower(), first.lower()


def is_place_position(text: str, start: int) -> bool:
    """Whether ``text[start:]`` follows "né à" (and the like), a postcode, a street
    word ("rue de") or a place ("CH de")."""
    second, first = _words_before(text, start)
    if len(first) == 5 and first.isdigit():
        return True
    if first in PLACE_PREPOSITIONS:
        return second.startswith(PLACE_VERBS)
    return first in PLACE_WORDS or (first in _DE and second in PLACE_WORDS)


def is_name_position(text: str, start: int, is_known_word: Callable[[str], bool]) -> bool:
    """Whether ``text[start:]`` follows a title or a capitalised word that is neither a
    common French word nor a term (``is_known_word``): a first name, as in "Luiz Melodia"."""
    word, _ = _word_before(text, start)
    if not word or word.isdigit():
        return False
    if word.lower() in TITLES:
        return True
    return word[:1].isupper() and not word.isupper() and not is_known_word(word)
