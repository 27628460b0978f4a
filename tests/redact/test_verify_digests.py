"""``Digests.remember_written`` (``remember_replacements`` once the replacements are known)
remembers what a word-by-word comparison of each changed field gives, whether the shortcut
for fields that share no word with their new text is taken or not (the set of digests is what
``--verify`` accepts)."""

import random
from difflib import SequenceMatcher

import pytest

from scanner.models import Record
from scanner.redact.verify import Digests, changed_runs

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


RUNS = [
    ("81 impasse des Roses", "69 impasse de la Gare", ["69", "de la Gare"]),
    ("Jean DUPONT", "Marc DUPONT", ["Marc"]),
    ("a b a b", "b a b a", ["b"]),  # "a b a" first in the old words wins over "b a b"
    ("a b c", "c b a", ["c b"]),
    ("x y", "x y z x y", ["z x y"]),
    ("", "Lucie Garnier", ["Lucie Garnier"]),
    ("Lucie Garnier", "", []),
    ("vu le 12/03/2020 par Dr Roy", "vu le 02/05/2020 par Dr Blanc", ["02/05/2020", "Blanc"]),
    ("| " * 400 + "Dupont", "| " * 400 + "Martin", ["Martin"]),  # a long note: difflib's index
]


def matcher_runs(old: list[str], new: list[str]) -> list[list[str]]:
    """The non-empty ranges of ``new`` that difflib's opcodes do not mark ``equal``."""
    return [new[start:end] for tag, _, _, start, end in
            SequenceMatcher(None, old, new, autojunk=False).get_opcodes() if tag != "equal" and start < end]


@pytest.mark.parametrize(("old", "new", "runs"), RUNS)
def test_changed_runs_are_the_word_matchers(old, new, runs):
    assert [" ".join(run) for run in changed_runs(old.split(), new.split())] == runs
    assert changed_runs(old.split(), new.split()) == matcher_runs(old.split(), new.split())


@pytest.mark.parametrize("words", [2, 4, 7])
def test_changed_runs_match_difflib_on_random_word_lists(words):
    """Few distinct words, so that lists repeat them and ties between matches are many."""
    rng = random.Random(words)
    vocabulary = [f"w{i}" for i in range(words)]
    for _ in range(3000):
        old = rng.choices(vocabulary, k=rng.randint(0, 20))  # past 12 x 12 words: difflib itself
        new = rng.choices(vocabulary, k=rng.randint(0, 20))
        assert changed_runs(old, new) == matcher_runs(old, new), (old, new)


@pytest.mark.parametrize(("old", "new"), CASES)
def test_strings_are_digested_once_with_the_same_result(old, new):
    """Remembering the same replacements twice, or after other values, changes nothing."""
    once, twice = Digests(KEY), Digests(KEY)
    once.remember_written(Record("t.csv", None, "1", {"f": old}), {"f": new}, [new])
    for _ in range(2):
        twice.add_replacements(["Dupont", new.upper()])
        twice.remember_written(Record("t.csv", None, "1", {"f": old}), {"f": new}, [new])
    twice_only = Digests(KEY)
    twice_only.add_replacements(["Dupont", new.upper()])
    assert twice.replacements == once.replacements | twice_only.replacements

