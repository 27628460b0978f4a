"""One pseudonym per value in a run: a value replaced in one place is replaced wherever it
occurs, in every table, column and file of the run.

Detection decides cell by cell: a name found in a customer table may go unseen in an
invoice's comment, an address redacted in one table stay in clear in another. ``SeenValues``
remembers the values of contact and identity types that redaction replaces, learned in a
first pass over the whole run (``pipeline``: detection once per record, findings kept in a
``spool.FindingsSpool``), and finds them again in every row or record the second pass
writes, before or after the value's first replacement: the occurrence becomes a finding of
the same type, so the keyed operator gives it the same surrogate, and joins on copied
values survive.

What propagates (``propagates``): a ``PERSON``, ``EMAIL_ADDRESS``, ``PHONE_NUMBER`` or
``ADDRESS`` whose operator is not ``keep``, of at least two words and six letters or digits
(a lone first name, a city found once as a person, a genre "Rock" that is also a surname
never spreads). Values are compared by their words, case- and accent-folded, blanks and
punctuation between words ignored (at most three characters, no line break); an occurrence
is whole words. Values are held in memory only, as keyed digests (never in clear, never
written): a million values take about 150 MB.

>>> from scanner.models import Record
>>> from scanner.redact.policy import RedactionPolicy
>>> seen = SeenValues(RedactionPolicy(key=b"k" * 32))
>>> seen.learn("PERSON", "Jean-Marc DUPONT"), seen.learn("PERSON", "Paris")
(True, False)
>>> note = Record("d.sql", "invoice", "7", {"comment": "Livré à jean marc Dupont, Paris."})
>>> [(f.entity_type, f.value) for f in seen.findings(note, [])]
[('PERSON', 'jean marc Dupont')]
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Container, Iterable

from scanner.models import FieldHit, Finding, Record, field_hits
from scanner.name_words import TITLES, fold
from scanner.redact.fields import name_role_for
from scanner.redact.policy import RedactionPolicy
from scanner.redact.surrogates import FIRST, LAST

PROPAGATED = frozenset({"PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER", "ADDRESS"})
"""Entity types whose values are made consistent across the run (not dates: a date is
shifted per person, so the same day may rightly become two different ones)."""
MIN_WORDS = 2
MIN_CHARACTERS = 6
MAX_WORDS = 12
MAX_GAP = 3
"""Characters between two words of a value in an occurrence (", ", " - ", "@")."""
RECOGNIZER = "SameValueElsewhere"
Learnt = tuple[bytes, str, bytes, int]
"""What ``SeenValues`` keeps of a value: digest of its words, its type, digest of its first
word, its word count."""
SCORE = 0.85
WORD_MEMO = 4096
"""Words whose digest ``SeenValues`` keeps at most (a memo, see ``_word_digest``)."""

_WORD = re.compile(r"[^\W_]+")


def value_words(entity_type: str, value: str) -> tuple[str, ...]:
    """The folded words a value is compared by (a person's titles left out).

    >>> value_words("PERSON", "M. Jean-Marc DUPONT"), value_words("EMAIL_ADDRESS", "J.Roy@Mail.fr")
    (('jean', 'marc', 'dupont'), ('j', 'roy', 'mail', 'fr'))
    """
    ascii_value = value.isascii()  # then fold is lower, and lowering moves no word boundary
    words = _WORD.findall(value.lower()) if ascii_value else [fold(word) for word in _WORD.findall(value)]
    if entity_type == "PERSON":
        while words and words[0] in TITLES:
            del words[0]
    return tuple(words)


def propagates(entity_type: str, words: tuple[str, ...]) -> bool:
    """Whether a value of these words is looked for elsewhere (see the module doc).

    >>> propagates("PERSON", ("jean", "dupont")), propagates("PERSON", ("rock",)), propagates("PERSON", ("a", "b"))
    (True, False, False)
    """
    return (entity_type in PROPAGATED and MIN_WORDS <= len(words) <= MAX_WORDS
            and sum(map(len, words)) >= MIN_CHARACTERS)


class SeenValues:
    """The values replaced so far in a run, as keyed digests, and their occurrences in records."""

    def __init__(self, policy: RedactionPolicy) -> None:
        self.policy = policy
        key = hashlib.blake2b(policy.key, digest_size=32, person=b"vigie-same").digest()
        self._keyed = hashlib.blake2b(key=key, digest_size=16)
        """The digests' keyed start, copied for each digest (the key is not hashed again)."""
        self._learnt_types = frozenset(t for t in PROPAGATED if policy.operator_for(t) != "keep")
        self._replaced_types: dict[str, bool] = {}
        self._types: dict[bytes, str] = {}
        self._lengths: dict[bytes, frozenset[int]] = {}
        """Digest of a value's first word -> the word counts of the values starting with it."""
        self._word_digests: dict[str, bytes] = {}
        """Recent single words -> their digest (``WORD_MEMO`` at most; see ``_word_digest``)."""

    def __len__(self) -> int:
        return len(self._types)

    def _digest(self, words: Iterable[str]) -> bytes:
        keyed = self._keyed.copy()
        keyed.update("\x1f".join(words).encode("utf-8", "surrogatepass"))
        return keyed.digest()

    def _word_digest(self, word: str) -> bytes:
        """``_digest((word,))``, memoised: first words repeat ("06" of phones, street numbers,
        first names). The memo holds words in clear, in this process's memory only (never
        written, like a record while it is handled and the surrogate cache's values), and at
        most ``WORD_MEMO`` of them: emptied when full."""
        memo = self._word_digests
        digest = memo.get(word)
        if digest is None:
            if len(memo) >= WORD_MEMO:
                memo.clear()
            digest = memo[word] = self._digest((word,))
        return digest

    def learn(self, entity_type: str, value: str) -> bool:
        """Remember a replaced value when it propagates; True when it does."""
        learnt = self.learnable(entity_type, value)
        if learnt is not None:
            self.remember([learnt])
        return learnt is not None

    def learnable(self, entity_type: str, value: str) -> Learnt | None:
        """What ``learn`` remembers of a value (keyed digests of its words and first word,
        its word count), else None: worked out where the value was found."""
        if entity_type not in self._learnt_types or value.isalnum() or len(value) < MIN_CHARACTERS and value.isascii():
            return None  # not propagated, or one word (isalnum is _WORD's class), or too short
        words = value_words(entity_type, value)
        if not propagates(entity_type, words):
            return None
        return self._digest(words), entity_type, self._word_digest(words[0]), len(words)

    def remember(self, learnt: Iterable[Learnt]) -> None:
        """Keep ``learnable``s, in the order they were found (a value's first type stays)."""
        types, lengths_of = self._types, self._lengths
        for words, entity_type, first, count in learnt:
            types.setdefault(words, entity_type)
            lengths = lengths_of.get(first)
            if lengths is None or count not in lengths:
                lengths_of[first] = (lengths or frozenset()) | {count}

    def knows(self, entity_type: str, value: str) -> bool:
        """Whether ``value`` was learned already (as a value of any type).

        >>> seen = SeenValues(RedactionPolicy(key=b"k" * 32)); _ = seen.learn("PERSON", "Jean Roy")
        >>> seen.knows("PERSON", "JEAN ROY"), seen.knows("PERSON", "Jean Rey")
        (True, False)
        """
        return self._digest(value_words(entity_type, value)) in self._types

    def learn_findings(self, record: Record, findings: Iterable[Finding]) -> None:
        """``learn`` the value of each finding of ``record``, and the full name its first-name
        and surname columns make, in both orders ("Jean Roy", "Roy Jean").

        >>> from scanner.redact.policy import RedactionPolicy
        >>> seen = SeenValues(RedactionPolicy(key=b"k" * 32))
        >>> row = Record("c.sql", "client", "1", {"prenom": "Lucie", "nom": "Garnier"})
        >>> seen.learn_findings(row, [Finding("c.sql", "client", "1", f, "PERSON", 0, len(row.fields[f]), 0.9, "r")
        ...                           for f in ("prenom", "nom")])
        >>> [f.value for f in seen.findings(Record("c.sql", "note", "1", {"t": "vu GARNIER Lucie"}), [])]
        ['GARNIER Lucie']
        """
        self.remember(self.learnables(record, findings))

    def learnables(self, record: Record, findings: Iterable[Finding]) -> list[Learnt]:
        """What ``learn_findings`` remembers of a record, in order (see ``learnable``,
        ``learnables_of``): the findings of a type the policy keeps are left out here, the
        caller need not."""
        return self.learnables_of([(record, field_hits(findings))])

    def learnables_of(self, scanned: Iterable[tuple[Record, Iterable[FieldHit]]]) -> list[Learnt]:
        """The ``learnables`` of records and their findings (``FieldHit``s: a value is its
        field's text at its offsets), one record after the other, each value of a type once:
        addresses and full names repeat in a table, and what a repeat teaches was learned
        already. The values met are kept in clear for this call only, in this process's memory.

        >>> seen = SeenValues(RedactionPolicy(key=b"k" * 32))
        >>> rows = [Record("c.csv", None, n, {"adresse": "3 rue des Lilas"}) for n in "12"]
        >>> len(seen.learnables_of([(row, [("adresse", "ADDRESS", 0, 15)]) for row in rows]))
        1
        """
        learnable, learnt = self.learnable, []
        met: dict[str, set[str]] = {entity_type: set() for entity_type in self._learnt_types}
        """Per type, the values met so far."""
        persons = met.get("PERSON", set())
        for record, hits in scanned:
            fields = record.fields
            firsts, lasts = [], []
            for hit in hits:
                values = met.get(hit[1])
                if values is None:
                    continue
                field = hit[0]
                text = fields.get(field, "")
                value = text[hit[2]:hit[3]]
                if value not in values:
                    values.add(value)
                    if (found := learnable(hit[1], value)) is not None:
                        learnt.append(found)
                if values is persons and (role := name_role_for(field)) is not None and value == text.strip():
                    (firsts if role == FIRST else lasts).append(value)
            if len(firsts) == 1 and len(lasts) == 1:
                first, last = firsts[0], lasts[0]
                for value in (f"{first} {last}", f"{last} {first}"):
                    if value not in persons:
                        persons.add(value)
                        if (found := learnable("PERSON", value)) is not None:
                            learnt.append(found)
        return learnt

    def findings(
        self, record: Record, findings: list[Finding], absent: Callable[[str], Container[str]] = lambda field: (),
    ) -> list[Finding]:
        """New findings for the occurrences of known values in ``record``'s fields that
        ``findings`` do not already cover (whole words, longest value first), except in a
        field that holds no values of their type (``absent(field)``: a composer column
        gets no customer's name, a district no customer's city)."""
        if not self._types:
            return []
        added = []
        fields, replaced_types = record.fields, self._replaced_types
        whole: set[str] = set()  # fields one finding holds whole: nothing more to find there
        replaced: dict[str, list[tuple[int, int]]] = {}
        for f in findings:
            kind = f.entity_type
            if (replaces := replaced_types.get(kind)) is None:
                replaces = replaced_types[kind] = self.policy.operator_for(kind) != "keep"
            if not replaces:
                continue
            if f.start == 0 and f.end == len(fields.get(f.field, "")):
                whole.add(f.field)
            else:
                replaced.setdefault(f.field, []).append((f.start, f.end))
        for name, text in fields.items():
            if not text or len(text) < MIN_CHARACTERS or name in whole:
                continue
            covered = replaced.get(name, ())
            if any(not _WORD.search(text, 0, a) and not _WORD.search(text, b) for a, b in covered):
                continue  # one finding holds all its words: it holds every occurrence too
            excluded = absent(name)
            for entity_type, start, end in self._occurrences(text):
                if entity_type not in excluded and not any(a <= start and end <= b for a, b in covered):
                    added.append(Finding(record.source, record.table, record.record, name, entity_type,
                                         start, end, SCORE, RECOGNIZER, value=text[start:end]))
        return added

    def _occurrences(self, text: str) -> Iterable[tuple[str, int, int]]:
        matches = list(_WORD.finditer(text))
        words = _WORD.findall(text.lower()) if text.isascii() else [fold(m.group()) for m in matches]
        i = 0
        while i < len(matches):
            lengths = self._lengths.get(self._word_digest(words[i]))
            found = None
            for n in sorted(lengths or (), reverse=True):
                if i + n <= len(matches) and self._joined(text, matches, i, n):
                    entity_type = self._types.get(self._digest(words[i:i + n]))
                    if entity_type is not None:
                        found = (entity_type, matches[i].start(), matches[i + n - 1].end())
                        i += n
                        break
            if found is None:
                i += 1
            else:
                yield found

    @staticmethod
    def _joined(text: str, matches: list[re.Match], i: int, n: int) -> bool:
        """Whether words ``i`` to ``i + n`` are close enough to be one value."""
        for left, right in zip(matches[i:i + n - 1], matches[i + 1:i + n]):
            gap = text[left.end():right.start()]
            if len(gap) > MAX_GAP or "\n" in gap:
                return False
        return True

