"""Person names in French clinical text: cue-based rules and a filter for NER guesses.

Pure functions, no Presidio import; the words they look up are in ``scanner.name_words``.
Three kinds of evidence, strongest first:

- a title or cue right before the name ("M.", "Mme", "Dr", "Pr", "Docteur", "née",
  "épouse", "fils de", "Patient :", "IDE :"...): the span covers the name only;
- a first name from INSEE's list (``data/first_names_fr.tsv``, see ``data/SOURCES.md``)
  beside an UPPER-CASE surname: "Prénom NOM", "NOM Prénom";
- spaCy's PER guesses, which ``clean_ner_span`` trims (titles) or rejects (clinical
  headings, drug names, months, acronyms, common words).

>>> text = "Je vous adresse Mme Camille ROUX, née LE GOFF, vue par le Dr. Texier."
>>> [(text[m.start:m.end], m.rule) for m in find_names(text)]
[('Camille ROUX', 'title'), ('LE GOFF', 'relation'), ('Texier', 'title')]
>>> text = "Ce jour, DUPONT Jean-Pierre, 54 ans. Revu le 3 mai."
>>> [text[m.start:m.end] for m in find_names(text)]
['DUPONT Jean-Pierre']
>>> find_names("Adressée par la pharmacie. Email envoyé. N° SS en attente. RAS.")
[]
>>> text = "Mme Chloé MARTIN\\nRésultats"
>>> [text[s:e] for s, e in clean_ner_span(text, 0, len(text))]
['Chloé MARTIN']
>>> clean_ner_span("Traitement", 0, 10)
[]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from scanner.name_words import (
    COUNTRIES, DOCTOR_TITLES, EPONYM_NOUNS, NOT_NAMES, PARTICLES, PLACE_WORDS, RELATION_CUE_PAIRS, RELATION_CUES,
    ROLE_CUES, ROLE_QUALIFIERS, SAINT_WORDS, STREET_SUFFIXES, TITLES, first_names, fold, is_capitalised,
    is_clinical_term, is_common_french_word, is_first_name, is_upper_name, letters_of,
)

CUE_SCORE = 0.9
"""A title, relation or role cue followed by name-shaped words."""
LIST_SCORE = 0.85
"""A listed first name beside an UPPER-CASE surname."""
WEAK_LIST_SCORE = 0.6
"""A listed first name beside a capitalised word, or two UPPER-CASE words."""

MAX_NAME_WORDS = 4
"""Name words after a cue (particles not counted): "Jean-Pierre DE LA TOUR" is two."""


# What a place word may carry before it: "l'Hôpital Henri Mondor".
_ELIDED = ("l'", "d'")
# Between "de" elided and the name: "manœuvre d' Heimlich" in tokenised text.
_ELISION_GAP = re.compile(r"['’][ \t\u00a0]?")

# Legal forms and company words: "Eli Lilly and Company Ltd", "Valeant Pharma Kft",
# "MediLink A / S", "Medical Intertrade d . o . o .". A person span holding one, or followed
# by one on its line, is a company. Dots and spaces may stand between letters (S . p . A .).
_DOTTED = r"[ \t\u00a0]?\.?[ \t\u00a0]?"
_COMPANY_FORMS = "|".join(
    [_DOTTED.join(form) for form in ("SA", "SAS", "BV", "NV", "SpA", "AG", "AB")]
    + [f"(?i:{_DOTTED.join(form)})" for form in ("srl", "sro", "doo")]
)
_COMPANY_CUE = re.compile(
    rf"(?<![^\W\d_])(?:{_COMPANY_FORMS}|A[ \t\u00a0]?/[ \t\u00a0]?S|Ltd|Limited|GmbH|Inc|Corp|Company|"
    r"LLC|SARL|Kft|SIA|UAB|OÜ|Oy|ApS|ASA|Lda|Co|"
    r"(?i:plc|pharma\w*|farma\w*|laboratoires?|laborator(?:y|ies)|healthcare|industries|operations))"
    r"(?![^\W\d_])"
)
# How far after a span its company word may stand: "Eli Lilly Regional] Operations GmbH".
_COMPANY_REACH = 40
_CLAUSE_END = re.compile(r"[\n,;]")


_WORD = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*")
_BLANK = re.compile(r"[ \t\u00a0\u202f]{1,3}")
_CUE_GAP = re.compile(r"[ \t\u00a0\u202f]{0,3}")


@dataclass(frozen=True)
class NameMatch:
    """One person name in a text: ``text[start:end]`` is the name without its title."""

    start: int
    end: int
    score: float
    rule: str


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    word: str

    @property
    def key(self) -> str:
        return fold(self.word)


def _tokens(text: str) -> list[_Token]:
    return [_Token(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


def _blank_between(text: str, left: _Token, right: _Token) -> bool:
    """Only spaces (no line break, no punctuation) between two words."""
    return _BLANK.fullmatch(text, left.end, right.start) is not None


def _is_name_word(token: _Token) -> bool:
    return (is_capitalised(token.word) or is_upper_name(token.word)) and token.key not in NOT_NAMES


def _is_particle(token: _Token) -> bool:
    return token.key in PARTICLES and (token.word.islower() or token.word.istitle() or token.word.isupper())


_INITIAL_WORD = re.compile(r"[A-Z][a-z]?(?:-[A-Z][a-z]?)?")


def _is_initial(text: str, token: _Token) -> bool:
    """An initial with its dot: "J.", "Ph.", "P-A." (titles are cues, checked before)."""
    return _INITIAL_WORD.fullmatch(token.word) is not None and text[token.end : token.end + 1] == "."


def _is_bare_initial(text: str, tokens: list[_Token], k: int) -> bool:
    """A capital letter without its dot, a blank, then a name word: "A" in "Dr A Belmont"."""
    token = tokens[k]
    return (
        len(token.word) == 1
        and token.word.isupper()
        and k + 1 < len(tokens)
        and _blank_between(text, token, tokens[k + 1])
        and _is_name_word(tokens[k + 1])
    )


def _take_name(text: str, tokens: list[_Token], i: int, after: int) -> tuple[int, int, int] | None:
    """The name starting at ``tokens[i]`` (``after``: where the cue ends; only blanks between).

    Returns ``(start, end, next_index)`` or None when no name-shaped word follows.
    """
    if i >= len(tokens) or not _CUE_GAP.fullmatch(text, after, tokens[i].start):
        return None
    if tokens[i].word.islower() and tokens[i].key not in ("de", "du", "des", "d"):
        return None  # "Monsieur le Maire": a lower-case article, not a particle
    words, end, k, last = 0, None, i, None
    while k < len(tokens) and words < MAX_NAME_WORDS:
        token = tokens[k]
        if last is not None:
            gap_ok = _BLANK.fullmatch(text, last.end, token.start) or (
                _is_initial(text, last) and text[last.end : token.start].startswith(". ")
                and _BLANK.fullmatch(text, last.end + 1, token.start)
            )
            if not gap_ok:
                break
        if _is_name_word(token):
            words += 1
            end = token.end
        elif (_is_initial(text, token) or _is_bare_initial(text, tokens, k)) and k + 1 < len(tokens):
            pass  # "Dr J. Dupont", "Dr A Belmont": the initial joins only if a name follows
        elif not (_is_particle(token) and k + 1 < len(tokens)):
            break
        last = token
        k += 1
    if end is None:
        return None
    # Trailing particles or initials are not part of the name.
    while k > i and tokens[k - 1].end > end:
        k -= 1
    return tokens[i].start, end, k


def _cue_end(text: str, tokens: list[_Token], i: int) -> tuple[int, str] | None:
    """If a cue starts at ``tokens[i]``, where it ends and its rule name."""
    token, key = tokens[i], tokens[i].key
    if key in TITLES and (not token.word.islower() or key in ("dr", "pr", "prof", "mme", "mlle")):
        end = token.end
        if text[end : end + 1] == ".":
            end += 1
        elif key == "m":
            return None
        return end, "title"
    if key in RELATION_CUES:
        return token.end, "relation"
    if i + 1 < len(tokens) and (key, tokens[i + 1].key) in RELATION_CUE_PAIRS:
        if _BLANK.fullmatch(text, token.end, tokens[i + 1].start):
            return tokens[i + 1].end, "relation"
    if key in ROLE_CUES and (i == 0 or "\n" in text[tokens[i - 1].end : token.start]
                             or text[tokens[i - 1].end : token.start].strip() in (".", ",", ";", "-", "")):
        end, j = token.end, i + 1
        while j < len(tokens) and tokens[j].key in ROLE_QUALIFIERS and _BLANK.fullmatch(text, end, tokens[j].start):
            end, j = tokens[j].end, j + 1
        colon = re.compile(r"[ \t\u00a0]*:[ \t\u00a0]*").match(text, end)
        if colon:
            return end + colon.group().index(":") + 1, "role"
    return None


def _is_after_place(text: str, tokens: list[_Token], i: int) -> bool:
    """The word before ``tokens[i]`` (same line, blanks only; "de", "du" skipped) names a
    place or a street: "rue Paul Bert", "CHU de Villeurbanne"; or an eponym noun, also with
    one lower-case word between ("fixateur externe d'Hoffmann") or as the second of a pair
    ("myopathies de Duchenne et de Becker")."""
    i = i % len(tokens)
    if _is_second_eponym(text, tokens, i):
        return True
    if tokens[i].key.startswith(("saint-", "sainte-")):
        return True
    if tokens[i].key.startswith("d'") and i > 0 and _place_key(tokens[i - 1]) in PLACE_WORDS:
        return _blank_between(text, tokens[i - 1], tokens[i])  # "manœuvre d'Heimlich"
    k, after_de = i - 1, False
    if k > 0 and tokens[k].key in ("de", "du", "des", "d") and (
        _blank_between(text, tokens[k], tokens[i])
        or tokens[k].key == "d" and _ELISION_GAP.fullmatch(text, tokens[k].end, tokens[i].start)
    ):
        k, i, after_de = k - 1, k, True
    if k < 0 or not _blank_between(text, tokens[k], tokens[i]):
        return False
    if _place_key(tokens[k]) in PLACE_WORDS or after_de and _is_disorder_word(tokens[k]):
        return True
    # "fixateur externe d'Hoffmann", "modèle de mortalité de Brass": a word between
    return (
        after_de and k > 0 and tokens[k].word.islower() and tokens[k].key not in PARTICLES
        and _blank_between(text, tokens[k - 1], tokens[k])
        and (tokens[k - 1].key in EPONYM_NOUNS or tokens[k - 1].key in ("de", "d") and k > 1
             and tokens[k - 2].key in EPONYM_NOUNS and _blank_between(text, tokens[k - 2], tokens[k - 1]))
    )


def _is_second_eponym(text: str, tokens: list[_Token], i: int) -> bool:
    """``tokens[i]`` follows "et de" after a name that follows an eponym noun: "Becker" in
    "myopathies de Duchenne et de Becker"."""
    if i < 3 or tokens[i - 1].key not in ("de", "d") or tokens[i - 2].key != "et":
        return False
    previous = i - 3
    return _is_name_word(tokens[previous]) and _blank_between(text, tokens[previous], tokens[i - 2]) and (
        _is_after_place(text, tokens, previous)
    )


# Endings of disorder and procedure nouns: "myotonie", "neurophacomatose", "lymphome".
_DISORDER_ENDING = re.compile(
    r"(?:pathie|tonie|trophie|plasie|algie|emie|ectomie|otomie|plastie|scopie|graphie|"
    r"omatose|ose|ome|oma)s?$"
)


def _is_disorder_word(token: _Token) -> bool:
    """A lower-case disorder, procedure or drug word before "de": "myotonie de Steinert".

    >>> [_is_disorder_word(_Token(0, 0, w)) for w in ("myotonie", "lymphome", "fils", "visite")]
    [True, True, False, False]
    """
    word = token.word
    if not word.islower() or len(word) < 7:
        return False
    return _DISORDER_ENDING.search(token.key) is not None or is_clinical_term(word)


def _is_after_drug(text: str, tokens: list[_Token], is_clinical_term: Callable[[str], bool]) -> bool:
    """The last word follows a drug name: a maker's name ("Pramipexole Teva"), not a person."""
    return (
        len(tokens) > 1
        and len(tokens[-2].word) > 4
        and _blank_between(text, tokens[-2], tokens[-1])
        and is_clinical_term(tokens[-2].word)
    )


def _place_key(token: _Token) -> str:
    """The folded word without an elided article: "l'Hôpital" -> "hopital"."""
    key = token.key
    return key[2:] if key.startswith(_ELIDED) else key


def is_company(text: str, start: int, end: int) -> bool:
    """The span holds a company word or legal form, or one follows it on its line before a
    comma.

    >>> t = "Titulaire : Eli Lilly and Company Ltd, Basingstoke"
    >>> is_company(t, 12, 21), is_company("Vu par Léa Martin, laboratoire Cerba", 7, 17)
    (True, False)
    """
    stop = _CLAUSE_END.search(text, end, end + _COMPANY_REACH)
    reach = min(end + _COMPANY_REACH, len(text)) if stop is None else stop.start()
    return _COMPANY_CUE.search(text, start, reach) is not None


def _find_cued(text: str, tokens: list[_Token]) -> list[NameMatch]:
    matches, i = [], 0
    while i < len(tokens):
        cue = _cue_end(text, tokens, i)
        if cue is None:
            i += 1
            continue
        cue_end, rule = cue
        j = next((k for k in range(i + 1, len(tokens)) if tokens[k].start >= cue_end), len(tokens))
        # "Monsieur le Docteur X", "Mme Dr X": the inner title is the cue; but after a
        # doctor's title "M." is an initial: "Dr M. LEROY".
        if (
            j < len(tokens)
            and _cue_end(text, tokens, j)
            and _CUE_GAP.fullmatch(text, cue_end, tokens[j].start)
            and not (tokens[i].key in DOCTOR_TITLES and tokens[j].word == "M" and j + 1 < len(tokens))
        ):
            i = j
            continue
        name = _take_name(text, tokens, j, cue_end) if j < len(tokens) else None
        if name is None:
            i = j if j > i else i + 1
            continue
        start, end, i = name
        matches.append(NameMatch(start, end, CUE_SCORE, rule))
    return matches


def _runs(text: str, tokens: list[_Token]) -> Iterable[list[_Token]]:
    """Maximal runs of name-shaped words (particles inside) separated by blanks only;
    runs right after a place word ("rue Paul Bert") are skipped."""
    run: list[_Token] = []
    blocked = False
    for k, token in enumerate(tokens):
        if run and not _blank_between(text, run[-1], token):
            if not blocked:
                yield run
            run, blocked = [], False
        if _is_name_word(token):
            if not run:
                blocked = _is_after_place(text, tokens, k)
            run.append(token)
        elif run and _is_particle(token):
            run.append(token)
        elif run:
            if not blocked:
                yield run
            run, blocked = [], False
    if run and not blocked:
        yield run


def _stretches(words: list[_Token], fits: Callable[[_Token], bool]) -> Iterable[list[_Token]]:
    """Maximal stretches of ``words`` that ``fits`` (particles inside, never at the ends)."""
    current: list[_Token] = []
    for token in [*words, None]:
        if token is not None and (fits(token) or (current and _is_particle(token))):
            current.append(token)
            continue
        while current and _is_particle(current[-1]):
            current.pop()
        if current:
            yield current
        current = []


def _find_listed(text: str, tokens: list[_Token], names: frozenset[str]) -> list[NameMatch]:
    """"Prénom NOM", "NOM Prénom" (strong); "Prénom Nom" and "PRÉNOM NOM" (weak)."""
    matches = []
    for run in _runs(text, tokens):
        names_in_run = {id(t) for t in run if is_first_name(t.word, names)}

        def strong(t: _Token) -> bool:
            return id(t) in names_in_run or is_upper_name(t.word)

        for part in _stretches(run, strong):
            if any(id(t) in names_in_run for t in part) and any(is_upper_name(t.word) for t in part):
                matches.append(NameMatch(part[0].start, part[-1].end, LIST_SCORE, "first_name"))
                break
        else:
            words = [t for t in run if not _is_particle(t)]
            if 2 <= len(words) <= 3 and all(is_upper_name(t.word) for t in words):
                if any(fold(t.word) in names for t in words):
                    matches.append(NameMatch(run[0].start, run[-1].end, WEAK_LIST_SCORE, "upper_pair"))
            elif 2 <= len(words) <= 3 and id(words[0]) in names_in_run:
                if all(is_capitalised(t.word) for t in words):
                    matches.append(NameMatch(run[0].start, run[-1].end, WEAK_LIST_SCORE, "first_name"))
    return matches


# What follows a name in a patient line: ", né le", ", 45 ans", " (45 ans)", ", fille de".
_AFTER_NAME = re.compile(
    r"[ \t\u00a0]*(?:,[ \t\u00a0]*(?:n[ée]e?[ \t\u00a0]+le\b|\d{1,3}[ \t\u00a0]*ans\b|fils de\b|fille de\b)"
    r"|\([ \t\u00a0]*\d{1,3}[ \t\u00a0]*ans[ \t\u00a0]*\))"
)


def _find_before_age(text: str, tokens: list[_Token], names: frozenset[str]) -> list[NameMatch]:
    """"DUPONT Jean, 67 ans", "Léa Martin (8 ans)", "Paul, fils de": up to three name words
    right before an age, a birth date or a parent."""
    matches = []
    for k, token in enumerate(tokens):
        if not _AFTER_NAME.match(text, token.end):
            continue
        words = []
        i = k
        while i >= 0 and len(words) < 3 and _is_name_word(tokens[i]):
            if words and not _blank_between(text, tokens[i], words[0]):
                break
            words.insert(0, tokens[i])
            i -= 1
        if not words or _is_after_place(text, tokens, i + 1):  # words[0] is tokens[i + 1]
            continue
        if any(is_upper_name(t.word) for t in words) or len(words) >= 2 or is_first_name(words[0].word, names):
            matches.append(NameMatch(words[0].start, words[-1].end, LIST_SCORE, "before_age"))
    return matches


# One item of a list of people by initial: "R. Poumonet", "J.-P. MOREL", "L.\nHespadon".
_INITIAL_ITEM = re.compile(
    r"(?<![^\W\d_.])[A-Z][a-z]?\.(?:-[A-Z][a-z]?\.)?[ \t\u00a0]*\n?[ \t\u00a0]*"
    r"([^\W\d_]+(?:['’\-][^\W\d_]+)*)"
)
_LIST_SEPARATOR = re.compile(r"[ \t\u00a0]*(?:[,;]|et\b)[ \t\u00a0]*\n?[ \t\u00a0]*")


def _find_initial_lists(text: str) -> list[NameMatch]:
    """Two or more "initial + name" in a row, comma-separated: "R. Poumonet, E. Fofolet"
    (one alone, "E. Coli", is not enough)."""
    items = []
    for item in _INITIAL_ITEM.finditer(text):
        word = item.group(1)
        if (is_capitalised(word) or is_upper_name(word)) and fold(word) not in NOT_NAMES:
            items.append(item)
    matches = []
    for k, item in enumerate(items):
        joined_before = k > 0 and _LIST_SEPARATOR.fullmatch(text, items[k - 1].end(), item.start())
        joined_after = k + 1 < len(items) and _LIST_SEPARATOR.fullmatch(text, item.end(), items[k + 1].start())
        if joined_before or joined_after:
            matches.append(NameMatch(item.start(), item.end(), LIST_SCORE, "initial_list"))
    return matches


def find_names(text: str, use_first_names: bool = True) -> list[NameMatch]:
    """Person names in ``text``, in reading order, without overlaps (cued ones first).

    ``use_first_names=False`` keeps only the rules that need no name list.
    """
    tokens = _tokens(text)
    names = first_names() if use_first_names else frozenset()
    found = _find_cued(text, tokens)
    for m in [
        *_find_initial_lists(text),
        *_find_before_age(text, tokens, names),
        *_find_listed(text, tokens, names),
    ]:
        if is_company(text, m.start, m.end):
            continue  # "Eli Lilly and Company Ltd": a first name is not enough
        if all(m.end <= f.start or m.start >= f.end for f in found):
            found.append(m)
    for m in _find_comma_neighbours(text, found, names):
        if all(m.end <= f.start or m.start >= f.end for f in found):
            found.append(m)
    return sorted((m for m in found if not is_no_living_person(text, m.start, m.end)), key=lambda m: m.start)


_COMMA = r"[ \t\u00a0]*,[ \t\u00a0]*"
# "MENARD, Julien": a first name after a name and a comma.
_AFTER_COMMA = re.compile(_COMMA + r"([^\W\d_]+(?:-[^\W\d_]+)*)(?![^\W\d_'’.])")
# "GOMAU, GOMAU FRANCISCO": an upper-case surname opening the line before a name.
_BEFORE_COMMA = re.compile(r"(?:^|(?<=\n))[ \t\u00a0]*([^\W\d_]+(?:['’\-][^\W\d_]+)*)" + _COMMA + r"$")


def _find_comma_neighbours(text: str, found: list[NameMatch], names: frozenset[str]) -> list[NameMatch]:
    """The other half of "NOM, Prénom" forms around a name already found: a listed first
    name after the comma, an UPPER-CASE surname opening the line before it."""
    extra = []
    for m in found:
        after = _AFTER_COMMA.match(text, m.end)
        if after and (is_capitalised(after.group(1)) or is_upper_name(after.group(1))):
            if is_first_name(after.group(1), names) and fold(after.group(1)) not in NOT_NAMES:
                extra.append(NameMatch(after.start(1), after.end(1), LIST_SCORE, "comma"))
        line_start = text.rfind("\n", 0, m.start) + 1
        before = _BEFORE_COMMA.search(text, line_start, m.start)
        if before and is_upper_name(before.group(1)):
            extra.append(NameMatch(before.start(1), before.end(1), LIST_SCORE, "comma"))
    return extra


# What follows a name that is no living person's: a lifespan ("Ivan Bertrand ( 1893 - 1965 )",
# "Arend Bouhuys. 18 octobre 1925 - 15 juin 1979"), a regnal number ("François Ier"), a
# journal citation ("Gynecol Obstet Fertil 2005 ; 33 : 416").
_LIFESPAN = re.compile(
    r"[ \t\u00a0]*[.,]?[ \t\u00a0]*\(?[ \t\u00a0]*(?:\d{1,2}[ \t\u00a0]+[^\W\d_]+[ \t\u00a0]+)?1[5-9]\d\d"
    r"[ \t\u00a0]*[-–][ \t\u00a0]*(?:\d{1,2}[ \t\u00a0]+[^\W\d_]+[ \t\u00a0]+)?(?:1[5-9]|20)\d\d\b"
)
_REGNAL = re.compile(r"[ \t\u00a0]+(?:Ier|Ire|I{1,3}|IV|VI{0,3}|IX|XI{0,3}|XIV|XV|XVI)\b(?![\w.])")
_REGNAL_END = re.compile(r"[ \t\u00a0](?:Ier|Ire)$")
"""A regnal number held in the span: "François Ier"."""
_CITATION = re.compile(
    r"[ \t\u00a0]*[.,]?[ \t\u00a0]*(?:19|20)\d\d[ \t\u00a0]*;[ \t\u00a0]*\d"  # a journal: "Fertil 2005 ; 33"
    r"|[ \t\u00a0]*,[ \t\u00a0]*1[6-9]\d\d[ \t\u00a0]*\)"  # a naturalist: "(Adler et Théodor, 1927)"
)
# Before a place name rather than a person: a postcode ("1030 Wien"), "Saint", "Santa".
_AFTER_POSTCODE = re.compile(r"(?<![\d.,])\d{4,5}[ \t\u00a0]+$")
_FOREIGN_POSTCODE = re.compile(r"[ \t\u00a0]*,?[ \t\u00a0]*(?:[^\W\d_]+[ \t\u00a0]+)?[A-Z]{1,2}\d[A-Z\d]?[ \t\u00a0]\d[A-Z]{2}\b")
_WORD_BEFORE = re.compile(r"([^\W\d_]+)[ \t\u00a0]+$")
# A Latin binomial: "Drosophila melanogaster", "Pseudomonas aeruginosa", "Tenebrio molitor".
_EPITHET = re.compile(r"[ \t\u00a0]+([a-z]{4,})\b")
_LATIN_ENDING = re.compile(r"(?:us|a|um|is|ae|ii|i|er|or|as|es|ix|ax|ens|oides|ensis)$")
_BINOMIAL_BEFORE = re.compile(r"(?<![^\W\d_])[A-Z][a-z]{3,}[ \t\u00a0]+([a-z]{4,})[ \t\u00a0]+$")


def is_latin_epithet(word: str) -> bool:
    """A lower-case word with a Latin ending that is no French word: the species of a
    binomial ("aeruginosa", "melanogaster"), not "hospitalisée".

    >>> is_latin_epithet("aeruginosa"), is_latin_epithet("molitor"), is_latin_epithet("hospitalisa")
    (True, True, False)
    """
    return _LATIN_ENDING.search(word) is not None and not is_common_french_word(word)


def is_no_living_person(text: str, start: int, end: int) -> bool:
    """``text[start:end]``, a name, is no person to redact: a historical one (a lifespan or a
    regnal number after it), a journal in a citation, a place (after a postcode, before a
    foreign one, or a saint's name), a company after a country ("Ireland Eli Lilly"), a
    genus (a Latin epithet after it) or a naturalist after a binomial ("Eledone moschata
    Lamarck").

    >>> t = "Ivan Bertrand ( 1893 - 1965 ). Neurospora crassa. Kölblgasse 8, 1030 Wien Austria"
    >>> [is_no_living_person(t, t.index(w), t.index(w) + len(w)) for w in ("Ivan Bertrand", "Neurospora", "Wien")]
    [True, True, True]
    >>> t = "Mme Léa Martin, 1930 - vue en 2020 ; Paul Roux hospitalisé"
    >>> [is_no_living_person(t, t.index(w), t.index(w) + len(w)) for w in ("Léa Martin", "Paul Roux")]
    [False, False]
    """
    after = text[end : end + 60]
    if _LIFESPAN.match(after) or _REGNAL.match(after) or _CITATION.match(after) or _FOREIGN_POSTCODE.match(after):
        return True
    if _REGNAL_END.search(text, start, end):
        return True
    first = fold(text[start:end].split(None, 1)[0]) if text[start:end].strip() else ""  # not "Saint-Martin"
    if first in SAINT_WORDS:
        return True
    before = text[max(0, start - 40) : start]
    if _AFTER_POSTCODE.search(before):
        return True
    country = _WORD_BEFORE.search(before)
    if country and fold(country.group(1)) in COUNTRIES and not is_first_name(country.group(1)):
        return True  # a leaflet's list of local representatives: "Ireland Eli Lilly", "Eesti Richter Gedeon"
    binomial = _BINOMIAL_BEFORE.search(before)
    if binomial and is_latin_epithet(binomial.group(1)):
        return True
    epithet = _EPITHET.match(after)
    return " " not in text[start:end].strip() and epithet is not None and is_latin_epithet(epithet.group(1))


def clean_ner_span(
    text: str,
    start: int,
    end: int,
    is_common_word: Callable[[str], bool] | None = None,
    is_clinical_term: Callable[[str], bool] | None = None,
) -> list[tuple[int, int]]:
    """The parts of an NER person span that still look like a name, titles removed.

    Splits at line breaks, strips titles and clinical words at either end, and rejects
    parts with a digit, a lower-case word, a lone initial or acronym, a lone common word
    (``is_common_word``, on the lower-cased word) or a drug or disease name
    (``is_clinical_term``, on the whole part).

    >>> t = "Pt M. Salle Pasteur"
    >>> clean_ner_span(t, 0, len(t), is_common_word=lambda w: w == "pasteur")
    []
    >>> t = "Dr Jean-Marc N'DIAYE"
    >>> [t[s:e] for s, e in clean_ner_span(t, 0, len(t))]
    ["Jean-Marc N'DIAYE"]
    """
    kept = []
    for line in re.finditer(r"[^\n\r\t]+", text[start:end]):
        piece_start, piece_end = start + line.start(), start + line.end()
        if any(c.isdigit() for c in text[piece_start:piece_end]):
            continue
        words = _tokens(text[piece_start:piece_end])
        words = [_Token(w.start + piece_start, w.end + piece_start, w.word) for w in words]
        while words and (
            _is_edge_noise(words[0])
            or _is_country(words[0])
            or len(words) > 1 and _is_common_capitalised(words[0], is_common_word)
        ):
            words = words[1:]
        while words and (_is_edge_noise(words[-1]) or _is_particle(words[-1]) or _is_country(words[-1])):
            words = words[:-1]
        if words and (
            words[0].key in STREET_SUFFIXES
            or words[-1].key in STREET_SUFFIXES
            or is_company(text, words[0].start, words[-1].end)
        ):
            continue  # "Priory Street", "Eli Lilly and Company Ltd"
        if words:
            # The place word would be on the same line: words cannot run across a line break.
            line = text[text.rfind("\n", 0, words[0].start) + 1 : words[0].end]
            line_tokens = _tokens(line)
            if _is_after_place(line, line_tokens, -1):
                continue
            if is_clinical_term is not None and _is_after_drug(line, line_tokens, is_clinical_term):
                continue
        if not words or words[0].word.islower():
            continue
        if any(not (_is_name_word(w) or _is_particle(w) or _is_initial(text, w)) for w in words):
            continue  # "Pilulier préparé", "Pointe-à-Pitre"
        if any(w.key in NOT_NAMES for w in words if not _is_particle(w)):
            continue
        if len(words) == 1 and not _is_lone_name(words[0], is_common_word):
            continue
        if is_common_word is not None and _is_upper_heading(words, is_common_word):
            continue  # "MALFORMATION UTÉRINE", "ANTIBIOTHÉRAPIE LOCALE"
        if len(words) == 1 and _is_sentence_start(text, words[0]) and not (
            is_first_name(words[0].word) or is_upper_name(words[0].word)
        ):
            continue  # a title's first word: "Histogenèse ultrastructurale du myocarde"
        span_text = text[words[0].start : words[-1].end]
        if is_clinical_term is not None and is_clinical_term(span_text):
            continue
        if is_no_living_person(text, words[0].start, words[-1].end):
            continue  # "Ivan Bertrand (1893 - 1965)", "Drosophila melanogaster", "1030 Wien"
        kept.append((_initial_start(text, words[0].start), words[-1].end))
    return kept


# An initial right before a name: "A. Lemar", "Ph. Roux", "J.-P. Morel".
_INITIAL_BEFORE = re.compile(r"(?<![^\W\d_])([A-Z][a-z]?)\.(?:-[A-Z][a-z]?\.)?[ \t\u00a0]$")


def _initial_start(text: str, start: int) -> int:
    """Where a name starting at ``start`` starts once an initial before it is taken in (not
    a title: "M. Roux" stays "Roux").

    >>> _initial_start("Vu par Ph. Roux", 11), _initial_start("Vu par M. Roux", 10)
    (7, 10)
    """
    initial = _INITIAL_BEFORE.search(text, max(0, start - 8), start)
    if initial is None or fold(initial.group(1)) in TITLES:
        return start
    return initial.start()


def _is_upper_heading(words: list[_Token], is_common_word: Callable[[str], bool]) -> bool:
    """Upper-case common words, none a first name: a heading, not "LÉON GRIMBERT"."""
    words = [w for w in words if not _is_particle(w)]
    return all(
        w.word.isupper() and is_common_word(w.word.lower()) and not is_first_name(w.word)
        for w in words
    )


def _is_country(token: _Token) -> bool:
    return token.key in COUNTRIES and not is_first_name(token.word)


def _is_sentence_start(text: str, token: _Token) -> bool:
    """Only blanks since the start of the line or the end of a sentence (an initial's dot
    does not end one: "A. Lemar")."""
    before = text[: token.start].rstrip(" \t\u00a0")
    if re.search(r"(?<![^\W\d_])[A-Z]\.$", before):
        return False
    return before == "" or before[-1] in "\n\r.!?:;"


def _is_edge_noise(token: _Token) -> bool:
    """Words trimmed from the ends of an NER span: titles, clinical words, stop words."""
    from spacy.lang.fr.stop_words import STOP_WORDS

    return token.key in NOT_NAMES or token.key in TITLES or (
        token.word.lower() in STOP_WORDS and not _is_particle(token)
    )


def _is_common_capitalised(token: _Token, is_common_word: Callable[[str], bool] | None) -> bool:
    """"Syndrome" in "Syndrome de Parkinson": a capitalised common word, not a first name."""
    return (
        is_common_word is not None
        and is_capitalised(token.word)
        and not is_first_name(token.word)
        and is_common_word(token.word.lower())
    )


def _is_lone_name(token: _Token, is_common_word: Callable[[str], bool] | None) -> bool:
    letters = letters_of(token.word)
    if len(letters) <= 1 or (letters.isupper() and len(letters) <= 3):
        return False
    if letters.isupper() and not is_upper_name(token.word):
        return False
    if is_common_word is not None and is_common_word(token.word.lower()):
        return False  # "Claire amélioration", "Calme", "Pasteur"
    return True


