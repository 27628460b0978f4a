"""Product names that no list holds yet, recognised by the dose written after them.

"Reconcile 8 mg", "Refludan 50 mg", "ETONERCEPT 20 mg/1ml": a word followed by an
amount and a unit of dose is the name of a product; every other mention of it in the
same text is then one too ("Reconcile est utilisé chez le chien"). A lab result is no
dose: "Ferritine 300 µg/l", "Glycémie 1,2 g/l" (a unit per litre) are left out; so are
a common word ("Injection 3 mg") and a word in lower case ("ne pas dépasser 21 µg"),
which are for the caller to say (see :func:`is_product_name`).

>>> find_dosed_words("reconcile 8 mg comprimes et refludan 50mg")
[(0, 9), (28, 36)]
>>> find_dosed_words("ferritine 300 ug l glycemie 1 2 g l")
[]
"""

from __future__ import annotations

import re

# On folded text: a word of four letters or more, an amount ("0 75" is "0,75"), a unit of
# dose, and not "/l", "/dl" or "/min" after it (a lab result, a clearance).
_DOSED_WORD = re.compile(
    r"(?<![a-z0-9])([a-z]{4,}) \d+(?: \d+)? ?(?:mg|mcg|ug|µg|μg|g|ml|ui|u)(?![a-z0-9])(?! (?:d?l|min)(?![a-z0-9]))"
)


def find_dosed_words(folded: str) -> list[tuple[int, int]]:
    """Return the spans of the folded words that a dose follows."""
    return [match.span(1) for match in _DOSED_WORD.finditer(folded)]


# Endings of French verbs at the start of a sentence: "Prendre 150 mg", "Administrer 2 g".
_VERB_ENDINGS = ("er", "ir", "re", "ez")


def is_product_name(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]``, a word a dose follows, is written as a product name:
    capitalised or in capitals, and no verb opening a sentence.

    >>> is_product_name("Reconcile 8 mg", 0, 9), is_product_name("ne pas dépasser 21 µg", 7, 15)
    (True, False)
    >>> is_product_name("Prendre 150 mg le matin.", 0, 7), is_product_name("puis Prendre 150 mg", 5, 12)
    (False, True)
    """
    word = text[start:end]
    if not word[:1].isupper():
        return False
    opens_sentence = not text[:start].rstrip(" \t\u00a0")[-1:].isalnum()
    return not (opens_sentence and word.lower().endswith(_VERB_ENDINGS) and not word.isupper())
