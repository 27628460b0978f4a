"""Presidio recognizer for French postal addresses in free text."""

import re
import unicodedata
from pathlib import Path
from typing import Optional

from presidio_analyzer import Pattern

from recognizers._pattern import FrenchPatternRecognizer
from scanner.identifiers import postcode

_SPELLED_NUMBER = r"(?:un|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize)"
_NUMBER = rf"(?:\d{{1,4}}|{_SPELLED_NUMBER})(?:\s?(?:bis|ter|quater|[a-d]))?,?"
_STREET_TYPE = (
    r"(?:rue|avenue|av\.?|ave\.?|boulevard|bd|bld|bvd|chemin|chem\.|ch\.|impasse|imp\.?|all[ée]e|all\.|place|pl\.|"
    r"route|rte|quai|cours|square|sq\.|r[ée]sidence|r[ée]s\.|lotissement|lot\.|lieu[- ]dit|hameau|"
    r"passage|sentier|voie|cit[ée]|faubourg|fbg|fg|esplanade|promenade|parvis|rond[- ]point|"
    r"clos|domaine|villa|mont[ée]e|traverse|chauss[ée]e|ruelle|venelle|carrefour)"
)
_NAME_WORD = r"(?:d[’']|l[’'])?[^\W\d_][\w’'\-.]*"
_STREET = rf"\b{_NUMBER}\s+{_STREET_TYPE}\s+{_NAME_WORD}(?:[ \t]+(?:{_NAME_WORD}|\d{{1,4}}\b)){{0,6}}"
# A flat, building or post-office box between the street and the postcode: "APPT 188", "BP 12".
_COMPLEMENT = r"(?:[ \t]*,?[ \t]*(?:appt?|appartement|b[âa]t(?:iment)?|esc(?:alier)?|bp)\.?[ \t]*\w{1,4}\b)?"
_POSTCODE_TEXT = r"(?:\d{5}|\d{2} \d{3})\b"
# A city starts with a capital letter (as written on an envelope, or all in capitals).
_CITY_WORD = r"(?-i:[A-ZÀ-ÖØ-Þ])[\w’'\-]*+"
"""A capitalised word of a place name, hyphens and apostrophes included; possessive, so that
the hyphens it holds are never also tried as separators between words (linear time)."""
_CITY = (
    rf"{_CITY_WORD}(?:[ \t\-]+(?:sur|sous|en|l[èe]s|lez|le|la|les|de|du|d[’'])?[ \t]*{_CITY_WORD}){{0,3}}"
    r"(?:\s+cedex(?:\s+\d{1,2})?|[ \t]+\d{1,2}(?:e|[èe]me|er)?\b)?"
)
# A person's city after a cue: "habite à Lyon", "née le 03/05/1950 à Brest", "la ville de Caen",
# "natif du Lonzac", "la périphérie de Tarbes".
# Fixed-width lookbehinds, one per cue, so that Python's ``re`` runs it too (``scanner.compat.fast_patterns``),
# after a check of how every cue ends ("à ", "dans ", "de ", "du ", "d'"), which most places fail, cheaply.
_RESIDENCE_CUES = (
    "habite", "habitait", "habitant", "habitante", "domicilié", "domiciliée", "domicilie", "domiciliee",
    "réside", "reside", "résidant", "residant", "résidante", "residante", "demeure", "demeurant", "demeurante",
    "vit", "vivant", "vivante",
)
_PLACE_CUES = ("originaire", "natif", "native", "ville", "commune", "région", "périphérie", "banlieue", "quartier")
_BIRTH_CUES = ("né", "née", "né le \\d\\d/\\d\\d/\\d{4}", "née le \\d\\d/\\d\\d/\\d{4}")
_CITY_CUE = r"(?<=[àseu]\s|d[’'])(?:" + "|".join(
    [rf"(?<=\b{cue}[ \t]à\s)" for cue in _RESIDENCE_CUES]
    + [rf"(?<=\b{cue}[ \t]{to}\s)" for cue in _BIRTH_CUES for to in ("à", "dans")]
    + [rf"(?<=\b{cue}[ \t]{of}\s)" for cue in _PLACE_CUES for of in ("de", "du")]
    + [rf"(?<=\b{cue}[ \t]d[’'])" for cue in _PLACE_CUES]
) + ")"
TOWNS_FILE = Path(__file__).resolve().parent.parent / "scanner" / "data" / "cities_geonames_fr.tsv"
"""French towns of 5,000 inhabitants or more (GeoNames, see ``scanner/data/SOURCES.md``)."""


def town_pattern(names: list[str]) -> str:
    """An alternation of town names, longest first, as people write them: a hyphen or a
    blank between the words, with or without accents, either apostrophe.

    >>> re.fullmatch(town_pattern(["Nogent-sur-Marne", "Besançon"]), "Nogent sur Marne") is not None
    True
    >>> re.fullmatch(town_pattern(["Nogent-sur-Marne", "Besançon"]), "Besancon") is not None
    True
    """
    spellings = set()
    for name in names:
        spellings.add(name)
        spellings.add("".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)))
    escaped = (
        re.escape(name).replace(r"\-", r"[\- ]").replace(r"\ ", r"[\- ]").replace("'", "['’]")
        for name in sorted(spellings, key=len, reverse=True)
    )
    return "(?:" + "|".join(escaped) + ")"


_SENT_CUES = ("transmis", "transmise", "envoyé", "envoyée", "expédié", "expédiée", "posté", "postée")
_NOT_AFTER_SENT = "".join(rf"(?<!\b{cue}[ \t]à[ \t])" for cue in _SENT_CUES)
"""Where a letter or a sample was sent ("Courrier transmis à Rouen") locates no person."""
_TOWN = town_pattern(TOWNS_FILE.read_text(encoding="utf-8").splitlines()[1:])
_UNIT = r"(?:ui|mg|g|kg|ml|l|eur|euros?|patients?|cas)"
_FOREIGN_STREET = r"\b\w*(?:stra(?:ss|ß)e|str\.)(?:[ \t]+[\w.]+){0,4}?[ \t]+\d{1,4}[a-z]?"
_POSTCODE = re.compile(r"(?<!\d)\d{2} ?\d{3}(?!\d)")


class FrAddressRecognizer(FrenchPatternRecognizer):
    """Recognize a French postal address: number, street type and name, postcode, city.

    Also a person's city after a cue ("domiciliée à Brest"), a town of 5,000 inhabitants or
    more after "à" ("consultation à Nogent sur Marne"), a postcode after "dans le" ("dans
    le 75011"), a postcode and city on a line of their own (an envelope whose street is
    wrapped) and a German street with its postcode and city.

    ``validate_result`` policy:

    * None (score 0.85): a full address whose postcode is a French postcode;
      a street without postcode keeps 0.6 (reported, it locates a person), a city after a
      cue, a known town after "à", a postcode after "dans le" and a postcode and city on a
      line of their own 0.6;
    * False (dropped): the postcode is not French (e.g. 00xxx, 96xxx).

    >>> text = "Patiente domiciliée 2 CHEMIN DU LAC, 94 400, VILLEJUIF CEDEX"
    >>> [text[r.start:r.end] for r in FrAddressRecognizer().analyze(text, ["ADDRESS"])]
    ['2 CHEMIN DU LAC, 94 400, VILLEJUIF CEDEX']
    """

    ENTITY = "ADDRESS"
    MIN_DIGITS = 0  # a city after a cue has none
    NEEDS_LETTER = True
    PATTERNS = [
        Pattern(
            "Street, postcode and city",
            rf"{_STREET}{_COMPLEMENT}[ \t]*(?:,|\n|-)?\s*{_POSTCODE_TEXT},?\s+{_CITY}\b",
            0.85,
        ),
        Pattern(
            "Street and postcode",
            rf"{_STREET}{_COMPLEMENT}[ \t]*(?:,|-)?[ \t]*{_POSTCODE_TEXT}(?![ \t]*(?:[€$%]|(?:eur|euros?|mg|g|kg|ml|l)\b))",
            0.7,
        ),
        Pattern("Street and city", rf"{_STREET}[ \t]*,[ \t]*(?:à|a)[ \t]+{_CITY_WORD}\b", 0.7),
        Pattern("Street only", rf"{_STREET}\b", 0.6),
        Pattern(
            "City after a cue",
            rf"(?<=[\s’'])(?=(?-i:[A-ZÀ-ÖØ-Þ])){_CITY_CUE}{_CITY_WORD}"
            rf"(?:[ \t\-]+(?:sur|sous|en|l[èe]s|lez)[ \t\-]+{_CITY_WORD})?(?:,?[ \t]*{_POSTCODE_TEXT})?",
            0.6,
        ),
        Pattern(
            "Town after à",
            rf"(?<=\b[àÀ][ \t])(?=(?-i:[A-ZÀ-ÖØ-Þ])){_NOT_AFTER_SENT}{_TOWN}(?![\w\-’'])",
            0.6,
        ),
        Pattern(
            "Postcode after dans le",
            r"(?<=\bdans le )\d{5}\b(?![ \t]*(?:[€$%]|(?:eur|euros?|mg|g|kg|ml|l|ui|patients?|cas)\b))",
            0.6,
        ),
        Pattern(
            "Postcode and city on a line of their own",
            rf"(?:(?<![^\n])|(?<=\n )|(?<=\n  )|(?<=\n\t))\d{{5}}[ \t]+(?!{_UNIT}\b){_CITY}(?=[ \t]*(?:,|$))",
            0.6,
        ),
        Pattern("City with CEDEX", rf"\b{_CITY_WORD}(?:[ \t\-]+(?:sur|sous|en|l[èe]s|lez)?[ \t]*{_CITY_WORD}){{0,3}}[ \t]+(?-i:CEDEX)\b", 0.6),
        Pattern("German street, postcode and city", rf"{_FOREIGN_STREET},?[ \t]*\d{{4,5}}[ \t]+{_CITY_WORD}", 0.7),
    ]
    PATTERN_NEEDS = {
        name: rf"\s{_STREET_TYPE}\s"  # a street's type, between blanks: in a quarter of the notes
        for name in ("Street, postcode and city", "Street and postcode", "Street and city", "Street only")
    }
    CONTEXT = ["adresse", "domicile", "habiter", "demeurer", "résider", "domicilié"]

    def validate_result(self, pattern_text: str) -> Optional[bool]:  # noqa: D102
        codes = _POSTCODE.findall(pattern_text)
        return None if all(postcode.is_valid(code) for code in codes) else False
