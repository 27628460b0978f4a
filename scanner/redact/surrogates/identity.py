"""One identity per person (issue 20): what a row or note says of the person its values
belong to (sex, birth date, postcode), so that their surrogates agree with each other."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from scanner.name_words import fold
from scanner.redact.surrogates.common import normalise


@dataclass(frozen=True)
class Identity:
    """What a row or note says about the person its values belong to, so that their
    surrogates agree with each other and with what redaction leaves as it is (titles,
    "né"/"née", a ``sexe`` column): see ``fields.identity_for``."""

    sex: str | None = None
    """``F`` or ``M``: the sex the output shows (titles, agreements, a sex column, the NIR)."""
    birth: datetime.date | None = None
    """The person's original birth date, written in the same row or note."""
    postcode: str | None = None
    """The record's original postcode: a city column gets the city of its surrogate."""
    titled: tuple[tuple[str, str], ...] = ()
    """(name as :func:`normalise` writes it, sex) of the names a title or agreement
    precedes in a note ("Mme Camille Roux"): each keeps its own sex."""

    def sex_of(self, name: str) -> str | None:
        """The sex a title gives ``name`` in the note, else None.

        >>> Identity(titled=(("camille roux", "F"),)).sex_of("Camille ROUX")
        'F'
        """
        return dict(self.titled).get(normalise("PERSON", name))


NO_IDENTITY = Identity()
"""What a builder reads when the record tells nothing of the person."""

SEX_WORDS = {
    **dict.fromkeys("m mr monsieur messieurs homme masculin h".split(), "M"),
    **dict.fromkeys("mme mmes madame mlle mlles melle mademoiselle femme feminin f docteure professeure".split(), "F"),
}
"""Folded title or sex-column value -> sex."""


def sex_of_word(word: str) -> str | None:
    """``F`` or ``M`` for a title, an agreement or a sex-column value, else None.

    >>> sex_of_word("Mme"), sex_of_word("M."), sex_of_word("née"), sex_of_word("né"), sex_of_word("Dr")
    ('F', 'M', 'F', 'M', None)
    """
    stripped = word.strip().rstrip(".").strip()
    if stripped.casefold() in ("né", "né"):  # "ne" alone is a negation, not an agreement
        return "M"
    folded = fold(stripped)
    return "F" if folded == "nee" else SEX_WORDS.get(folded)
