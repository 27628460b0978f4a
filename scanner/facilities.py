"""Health facility names in French text: a facility word, then its name.

Pure functions, no Presidio import. Two kinds of evidence:

- a facility word or acronym right before a capitalised name: "Hôpital Robert Debré",
  "l'hôpital de la Croix-Rousse", "CHU de Bordeaux", "Centre hospitalier Prince William",
  "Clinique Val d'Ouest", "GH ARMAND TROUSSEAU", "EHPAD Les Tilleuls", "Institut Curie",
  "CMP de Belleville", an English "Jefferson University Hospital". The span is the name
  only (the facility word says nothing about anyone), except in the English form;
- a well-known hospital written alone after "à", "au" or in brackets ("vue à Bichat",
  "(St Louis)"): the main hospitals of the Paris, Lyon and Marseille public hospital
  groups and the cancer centres, a short hand-written list of public facts
  (``KNOWN_HOSPITALS``).

A psychiatric or addiction facility reveals health data, so its match carries a category
(``mental_health``, ``addiction``, ``hiv_sti``), as terms do.

>>> text = "Transféré à l'Hôpital Européen Georges-Pompidou, puis suivi au CMP de Belleville."
>>> [(text[m.start:m.end], m.category) for m in find_facilities(text)]
[('Européen Georges-Pompidou', None), ('Belleville', 'mental_health')]
>>> text = "Vue à Bichat le 3 mai (CHU de Lille). Hôpital de jour le 4."
>>> [text[m.start:m.end] for m in find_facilities(text)]
['Bichat', 'Lille']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from scanner.name_words import NOT_NAMES, fold

HEAD_SCORE = 0.95
"""A name after a facility word: stronger than a person guess on the same words, which it
replaces ("Hôpital Robert Debré" is a place)."""
KNOWN_SCORE = 0.7
"""A listed hospital written alone after "à", "au" or an opening bracket."""

_BLANKS = r"[ \t\u00a0\u202f]+"
_APOSTROPHE = "['’]"

# Facility words (any case) and acronyms (upper case), with the category they reveal; the
# longer forms first, so that "centre de santé mentale" is one facility word.
_MENTAL = "mental_health"
_HEAD_FORMS = [
    (r"(?i:h[ôo]pital|clinique)" + _BLANKS + r"(?i:psychiatrique)", _MENTAL),
    (r"(?i:centre" + _BLANKS + r"hospitalier" + _BLANKS + r"sp[ée]cialis[ée])", _MENTAL),
    (r"(?i:centre" + _BLANKS + r"m[ée]dico-psychologique)", _MENTAL),
    (r"(?i:centre" + _BLANKS + r"de" + _BLANKS + r"sant[ée]" + _BLANKS + r"mentale)", _MENTAL),
    (r"(?i:h[ôo]pital|h[ôo]p\.|polyclinique|clinique)", None),
    (r"(?i:centre" + _BLANKS + r"hospitalier(?:" + _BLANKS
     + r"(?:universitaire|r[ée]gional|intercommunal|d[ée]partemental|g[ée]n[ée]ral))*)", None),
    (r"(?i:groupe(?:ment)?" + _BLANKS + r"hospitalier(?:" + _BLANKS + r"universitaire)?)", None),
    (r"(?i:hospices" + _BLANKS + r"civils)", None),
    (r"(?i:(?:centre|maison)" + _BLANKS + r"de" + _BLANKS + r"sant[ée]|centre" + _BLANKS + r"m[ée]dical)", None),
    (r"(?i:institut)", None),
    (r"CHS|EPSM|CMPP|CMP|CATTP|CAMSP", _MENTAL),
    (r"CSAPA|CAARUD", "addiction"),
    (r"CeGIDD|CEGIDD", "hiv_sti"),
    (r"CHU|CHRU|CHR|CHI|CHG|CH|GHU|GH|HIA|HOP|EHPAD", None),
]
_HEAD = re.compile(
    r"(?=[cCeEgGhHiImMpP])(?<![\w.])(?:" + "|".join(f"(?P<h{i}>{form})" for i, (form, _) in enumerate(_HEAD_FORMS)) + r")(?![\w])"
)
"""Any facility word; the group that matched (``h`` and its index) gives its category. The
first look-ahead (the letters facility words start with) skips other positions at once."""


def _head_category(head: re.Match) -> str | None:
    return _HEAD_FORMS[int(head.lastgroup[1:])][1]


AMBIGUOUS_HEADS = frozenset({"institut"})
"""Heads whose name must not open with an institutional adjective (``INSTITUTIONAL``):
"Institut National de la Statistique" is no health facility, "Institut Curie" is one."""
INSTITUTIONAL = frozenset(
    "national nationale francais francaise europeen europeenne international internationale "
    "superieur superieure universitaire regional regionale technologique catholique "
    "polytechnique federal federale".split()
)

# What may stand between the facility word and its name: qualifiers, "de", an article.
_QUALIFIERS = (
    r"(?:(?i:europ[ée]en(?:ne)?|universitaire|priv[ée]e?|psychiatrique|p[ée]diatrique|"
    r"g[ée]riatrique|militaire|d['’]instruction" + _BLANKS + r"des" + _BLANKS + r"arm[ée]es|"
    r"intercommunal|d[ée]partemental|r[ée]gional|local|mutualiste)" + _BLANKS + ")*"
)
_OF = rf"(?:(?:de|du|des)(?:{_BLANKS}(?:la|l{_APOSTROPHE}))?{_BLANKS}|d{_APOSTROPHE}[ \t]?)"
_ARTICLE = rf"(?i:la{_BLANKS}|le{_BLANKS}|les{_BLANKS}|l{_APOSTROPHE}[ \t]?)"
_NAME_WORD = r"(?:St\.?|Ste\.?|[A-ZÀ-Ý](?:\.[A-ZÀ-Ý])?[\w'’]+(?:-[\w'’]+)*)"
_NAME_LINK = rf"(?:{_BLANKS}|-|{_BLANKS}(?:de|du|des|d{_APOSTROPHE}|la|le|les|l{_APOSTROPHE}|sur|en|lès|et){_BLANKS}|{_BLANKS}d{_APOSTROPHE}|{_BLANKS}(?:de|du){_BLANKS}(?:la|l{_APOSTROPHE}){_BLANKS}?)"
_NAMES = rf"{_NAME_WORD}(?:{_NAME_LINK}{_NAME_WORD}){{0,5}}"
_NAME = re.compile(
    rf"{_BLANKS}(?P<qualified>{_QUALIFIERS})(?:{_OF}|(?P<article>{_ARTICLE}))?(?P<name>{_NAMES})"
)
"""The name after a facility word: qualifiers and an article belong to it ("Hôpital
européen Georges-Pompidou", "Hôpital la Timone"), "de" does not ("CHU de Lille")."""
_NEXT_LINE_NAME = re.compile(rf"[ \t]*\n[ \t]*(?P<name>{_NAMES})[ \t]*(?=\n|$)")
"""A letterhead: "GROUPE HOSPITALIER" on its line, then the name on the next ones."""

_ENGLISH = re.compile(
    r"(?<![\w-])(?:[A-Z][\w'’-]+[ \t]+){1,3}(?:(?i:university|general|memorial|children['’]s)[ \t]+)*"
    r"(?i:hospital|medical[ \t]+cent(?:er|re))(?![\w])"
)

# Well-known hospitals written alone (public facts; folded, hyphens as blanks).
KNOWN_HOSPITALS = frozenset(
    """
    ambroise pare|antoine beclere|armand trousseau|avicenne|beaujon|bicetre|bichat|
    bichat claude bernard|bretonneau|broca|charles foix|cochin|corentin celton|emile roux|
    georges pompidou|hegp|henri mondor|mondor|hotel dieu|jean verdier|joffre dupuytren|
    lariboisiere|louis mourier|necker|necker enfants malades|paul brousse|
    pitie salpetriere|pitie|salpetriere|
    raymond poincare|rene muret|robert debre|rothschild|saint antoine|saint louis|
    sainte perine|tenon|vaugirard|fernand widal|albert chenevier|georges clemenceau|
    edouard herriot|croix rousse|lyon sud|timone|conception|
    sainte marguerite|gustave roussy|leon berard|paoli calmettes|oscar lambret|bergonie|
    foch|quinze vingts|sainte anne|pellegrin|purpan|rangueil|kremlin bicetre
    """.replace("\n", "").replace("    ", "").split("|")
)
_KNOWN_WORDS = max(len(name.split()) for name in KNOWN_HOSPITALS)
_KNOWN_CUE = re.compile(
    rf"(?=[àaAvV(])(?:(?<![\w])(?:[àa]|au|vers){_BLANKS}(?:l{_APOSTROPHE}[ \t]?|la{_BLANKS})?|\([ \t]*)"
    rf"(?P<name>{_NAME_WORD}(?:(?:{_BLANKS}|-){_NAME_WORD}){{0,{_KNOWN_WORDS - 1}}})"
)
_FOLD_SEPARATORS = re.compile(r"[\s\-'’.]+")


@dataclass(frozen=True)
class FacilityMatch:
    """A facility name at ``[start, end)`` of the text, with the category it reveals."""

    start: int
    end: int
    score: float
    category: str | None


def known_key(name: str) -> str:
    """The key of a hospital name in ``KNOWN_HOSPITALS``: folded, "St" as "saint".

    >>> known_key("St-Louis"), known_key("Pitié-Salpêtrière")
    ('saint louis', 'pitie salpetriere')
    """
    words = _FOLD_SEPARATORS.sub(" ", fold(name)).split()
    return " ".join({"st": "saint", "ste": "sainte"}.get(w, w) for w in words)


def _name_words(name: str) -> list[str]:
    return [w for w in re.split(r"[\s\-]+", name) if w]


_TRAILING_LINK = re.compile(
    rf"(?i:(?:{_BLANKS}|-)(?:de|du|des|d{_APOSTROPHE}|la|le|les|l{_APOSTROPHE}|sur|en|lès|et)?[ \t]*)$"
)


def _trim_name(text: str, start: int, end: int) -> int:
    """Where the name ``text[start:end]`` ends once words that are no part of a name are cut:
    a service or a heading word ("Hôpital Bichat Service de pneumologie"), then the
    particles left at its end."""
    for word in re.finditer(r"[^\s\-]+", text[start:end]):
        if word.start() and fold(word.group()).strip(".") in NOT_NAMES:
            end = start + word.start()
            break
    while (trailing := _TRAILING_LINK.search(text, start, end)) is not None and trailing.start() < end:
        end = trailing.start()
    return end


def _is_name(text: str, start: int, end: int, head: str) -> bool:
    """``text[start:end]`` can name a facility: it opens with no clinical or administrative
    word, and after an ambiguous head ("Institut") with no institutional adjective."""
    words = _name_words(text[start:end])
    if not words or fold(words[0]).strip(".") in NOT_NAMES:
        return False
    return not (fold(head) in AMBIGUOUS_HEADS and fold(words[0]) in INSTITUTIONAL)


_CLINIC_DETERMINERS = frozenset("la une cette sa notre votre leur en a".split())
"""Words before "clinique" the noun; not "de": "chef de clinique" is a title."""


def _is_clinic_noun(text: str, head: re.Match) -> bool:
    """"clinique" is the noun (a clinic), not the adjective ("examen clinique"): capitalised
    at a line start, or after an article or preposition ("à la clinique", "en clinique")."""
    before = text[: head.start()].rstrip(" \t\u00a0")
    if not before or before.endswith("\n"):
        return True
    previous = re.search(r"[\w'’]+$", before)
    return previous is not None and fold(previous.group()).split("'")[-1] in _CLINIC_DETERMINERS


def _after_head(text: str, head: re.Match, category: str | None) -> list[FacilityMatch]:
    """The name after the facility word ``head`` (and, in a letterhead, the names on the
    following upper-case lines)."""
    if fold(head.group()).endswith("clinique") and not _is_clinic_noun(text, head):
        return []
    found = _NAME.match(text, head.end())
    if found is None:
        if head.group().isupper():
            return _letterhead(text, head.end(), category)
        return []
    after_of = found.end("qualified") < found.start("name") and not found.group("article")
    start = found.start("name") if after_of else found.start("qualified")
    end = _trim_name(text, found.start("name"), found.end("name"))
    if end <= found.start("name") or not _is_name(text, found.start("name"), end, head.group()):
        return []
    if "psychiatr" in fold(text[head.start() : end]):
        category = _MENTAL
    return [FacilityMatch(start, end, HEAD_SCORE, category)]


def _letterhead(text: str, position: int, category: str | None) -> list[FacilityMatch]:
    """Upper-case names alone on the lines after an upper-case facility word."""
    matches: list[FacilityMatch] = []
    while len(matches) < 3 and (line := _NEXT_LINE_NAME.match(text, position)) is not None:
        start, end = line.start("name"), line.end("name")
        if not text[start:end].isupper() or _trim_name(text, start, end) < end or not _is_name(text, start, end, ""):
            break
        matches.append(FacilityMatch(start, end, HEAD_SCORE, category))
        position = line.end()
    return matches


def _known_alone(text: str) -> list[FacilityMatch]:
    matches = []
    for cue in _KNOWN_CUE.finditer(text):
        words = list(re.finditer(r"[^\s\-]+", cue.group("name")))
        for count in range(len(words), 0, -1):  # the longest listed name first
            end = cue.start("name") + words[count - 1].end()
            if known_key(text[cue.start("name") : end]) in KNOWN_HOSPITALS:
                matches.append(FacilityMatch(cue.start("name"), end, KNOWN_SCORE, None))
                break
    return matches


def find_facilities(text: str) -> list[FacilityMatch]:
    """Health facility names in ``text``, in reading order, without overlaps."""
    found: list[FacilityMatch] = []
    for head in _HEAD.finditer(text):
        found.extend(_after_head(text, head, _head_category(head)))
    if "ospital" in text or "edical" in text:
        found.extend(FacilityMatch(m.start(), m.end(), HEAD_SCORE, None) for m in _ENGLISH.finditer(text))
    found.extend(_known_alone(text))
    kept: list[FacilityMatch] = []
    for match in sorted(found, key=lambda m: (-m.score, -(m.end - m.start), m.start)):
        if all(match.end <= k.start or match.start >= k.end for k in kept):
            kept.append(match)
    return sorted(kept, key=lambda m: m.start)
