"""``Digests.remember_written`` (``remember_replacements`` once the replacements are known)
remembers what a word-by-word comparison of each changed field gives, whether the shortcut
for fields that share no word with their new text is taken or not (the set of digests is what
``--verify`` accepts)."""

from difflib import SequenceMatcher

import pytest

from scanner.models import Record
from scanner.redact.verify import Digests

KEY = bytes(range(32))

CASES = [
    ("06 23 91 34 33", "06 45 12 88 90"),  # a word in common: the matcher's path
    ("185057800608491", "291107512345618"),
    ("80 boulevard Victor Hugo", "12 rue des Lilas"),
    ("80 boulevard Victor Hugo", "80 boulevard Jean Jaurès"),
    ("Jean DUPONT", "Marc DUPONT"),
    ("", "Lucie Garnier"),
    ("Lucie Garnier", ""),
    ("M. E'Denis", "M. O'Brien-Roux"),
    ("vu le 12/03/2020 par Dr Roy", "vu le 02/05/2020 par Dr Blanc"),
    ("lucas.lambert0@example.fr", "paul.martin@example.com"),
]


def matcher_digests(old: str, new: str) -> set[bytes]:
    """What remembering ``new`` for ``old`` gives, every field through the matcher."""
    digests = Digests(KEY)
    old_words, new_words = old.split(), new.split()
    for tag, _, _, start, end in SequenceMatcher(None, old_words, new_words, autojunk=False).get_opcodes():
        if tag != "equal":
            digests.add(digests.replacements, " ".join(new_words[start:end]))
            for word in new_words[start:end]:
                digests.add(digests.replacements, word)
                for part in ("".join(c if c.isalnum() else " " for c in word)).split():
                    digests.add(digests.replacements, part)
    return digests.replacements


@pytest.mark.parametrize(("old", "new"), CASES)
def test_remembered_replacements_are_those_of_the_word_matcher(old, new):
    digests = Digests(KEY)
    digests.remember_written(Record("t.csv", None, "1", {"f": old}), {"f": new}, [])
    assert digests.replacements == matcher_digests(old, new)
