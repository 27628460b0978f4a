"""Presidio-anonymizer operators for the policy's operator names.

=============  =================================  ==========================================
policy name    Presidio operator                  result for ``1 85 05 78 006 084 91``
=============  =================================  ==========================================
``pseudonym``  :class:`PseudonymOperator` (ours)  ``1 85 05 71 693 088 36`` (keyed surrogate)
``mask``       :class:`MaskOperator` (ours)       ``* ** ** ** *** *** **``
``tag``        built-in ``replace``               ``<FR_NIR>``
``hash``       :class:`KeyedHashOperator` (ours)  64 hex characters of HMAC-SHA256
``remove``     built-in ``redact``                (empty)
``keep``       built-in ``keep``                  unchanged
=============  =================================  ==========================================

Presidio's own ``hash`` is an unkeyed (or per-call salted) SHA: a NIR has about 10^13
possible values, so an unkeyed hash is reversed by hashing them all. Ours is an HMAC under
the redaction key, of the normalised value (so ``1 85 05...`` and ``18505...`` hash alike).

The key travels in the operator parameters (Presidio builds operators without arguments)
inside a :class:`Secret`, whose ``repr`` never shows it: Presidio logs ``OperatorConfig``
objects with their parameters.

>>> mask_text("2 85 05 78 006 084 59"), mask_text("Léa DURAND"), mask_text("--")
('* ** ** ** *** *** **', '*** ******', '**')
>>> Secret(b"k" * 32)
Secret(<hidden>)
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable
from functools import partial
from typing import Dict

from presidio_anonymizer.entities import InvalidParamError
from presidio_anonymizer.operators import Keep, Operator, OperatorType, Redact, Replace

from scanner.redact.keyed import keyed_hash
from scanner.redact.surrogates import Identity, SurrogateError, identity_reader, normalise, surrogate

PRESIDIO_OPERATORS = {
    "pseudonym": "vigie_pseudonym",
    "mask": "vigie_mask",
    "tag": "replace",
    "hash": "vigie_hash",
    "remove": "redact",
    "keep": "keep",
}
"""Policy operator name -> the name of the Presidio operator that carries it out."""

KEY = "key"
STATS = "stats"
PERSON_KEY = "person_key"
KEEP_BIRTH_MONTH = "keep_birth_month"
KEEP_DEPARTMENT = "keep_department"
NAME_ROLE = "name_role"
ROOM_LEFT = "room_left"
"""Characters a surrogate may add to its value's length (its column's ``varchar(n)``), or None."""
IDENTITY = "identity"
"""The record's :class:`~scanner.redact.surrogates.Identity` (sex, birth date, postcode), or None."""
KEEP_WEEKDAY = "keep_weekday"
SURROGATES = "surrogates"
"""The run's :class:`SurrogateCache` (optional: without it each surrogate is computed afresh)."""

SURROGATE_CACHE_SIZE = 1 << 20
"""Distinct values whose surrogates a run keeps (the oldest dropped first): about
the values of a 100,000-row table, so the second pass of a redaction finds those of the
first (a few hundred bytes each)."""
UNREPEATED_TRIAL = 4096
"""Surrogates of an entity type a :class:`SurrogateCache` computes before it judges whether
the type's values come back."""
UNREPEATED_HIT_SHARE = 1 / 16
"""Below this many look-ups found per surrogate computed, an entity type's values do not come
back (the NIRs, e-mail addresses and birth dates of a table of patients): its look-ups in the
large cache then cost more than they save (a surrogate computed about 10 µs, a look-up that
misses and its entry about 0.7 µs; a patient table's phone numbers, 8% found again, stay)."""
RECENT_SIZE = 4096
"""Surrogates of the types whose values do not come back a cache keeps (emptied when full):
the values of the last records, which ``--verify`` asks for again."""
_IDENTIFIERS_ALONE = frozenset({
    "FR_RPPS", "FR_FINESS", "FR_ADELI", "FR_PATIENT_ID", "PHONE_NUMBER", "EMAIL_ADDRESS", "IBAN_CODE",
    "FR_CNI", "FR_PASSPORT", "FR_RESIDENCE_PERMIT", "FR_DRIVING_LICENCE",
    "FR_TAX_ID", "FR_SIREN", "FR_SIRET", "FR_VAT", "CREDIT_CARD", "IP_ADDRESS", "URL",
})
PERSON_KEY_FREE = _IDENTIFIERS_ALONE | {"PERSON", "ADDRESS"}
"""Entity types whose surrogate does not depend on ``person_key`` (a date's and a NIR's do:
one offset per person), so :class:`SurrogateCache` shares it between people; any other type,
a new one included, is cached per person."""
IDENTITY_FREE = _IDENTIFIERS_ALONE | {"DATE_TIME"}
"""Entity types whose surrogate does not depend on the record's ``identity`` (a NIR, a
name and an address do: sex, birth date, place), so :class:`SurrogateCache` shares it
between records; any other type, a new one included, is cached per identity."""


@functools.cache
def _cache_key_parts(entity_type: str) -> tuple[bool, Callable[[Identity], object] | None]:
    """Whether the surrogate of ``entity_type`` depends on the person key, and what reads the
    part of the record's identity it depends on (``surrogates.identity_reader``; None: nothing).

    >>> _cache_key_parts("PHONE_NUMBER"), _cache_key_parts("DATE_TIME")[1]
    ((False, None), None)
    >>> _cache_key_parts("ADDRESS")[1](Identity(sex="F", postcode="69003"))
    '69003'
    """
    return entity_type not in PERSON_KEY_FREE, None if entity_type in IDENTITY_FREE else identity_reader(entity_type)


class SurrogateCache:
    """:func:`surrogates.surrogate` under one key, each distinct (entity type, value,
    options) computed once: a name, a city or a phone number met again (in the run's second
    pass, in another row) costs a dictionary look-up. Bounded to ``size`` entries (the
    oldest dropped first); a value with no surrogate raises :class:`SurrogateError` each
    time, as it would uncached. A worker process hands what it computed (``hand_over``)
    to the parent (``update``).

    >>> cache = SurrogateCache(b"k" * 32)
    >>> cache.get("FR_NIR", "185057800608491") == surrogate("FR_NIR", "185057800608491", b"k" * 32)
    True
    >>> _ = cache.get("FR_NIR", "185057800608491"); cache.hits, cache.misses
    (1, 1)
    >>> other = SurrogateCache(b"k" * 32); other.update(cache.hand_over()); len(other), len(cache)
    (1, 0)

    An entity type whose values do not come back (``UNREPEATED_HIT_SHARE`` of the first
    ``UNREPEATED_TRIAL`` computed) is kept apart, only for the last records (``RECENT_SIZE``):
    the large cache stays small and quick for the values that repeat, a cache that hands
    its entries over (``keep_all``) keeps every one.

    >>> cache = SurrogateCache(b"k" * 32)
    >>> for n in range(UNREPEATED_TRIAL): _ = cache.get("PHONE_NUMBER", f"06 12 34 {n // 100:02d} {n % 100:02d}")
    >>> _ = cache.get("PERSON", "Roy"), cache.get("PERSON", "Roy"); sorted(cache.unrepeated), len(cache)
    (['PHONE_NUMBER'], 1)
    """

    def __init__(self, key: bytes, size: int = SURROGATE_CACHE_SIZE) -> None:
        self._key = key
        self._size = size
        self._entries: dict[tuple, tuple[str | None, tuple]] = {}
        self._recent: dict[tuple, tuple[str | None, tuple]] = {}
        """The surrogates of the last values of the ``unrepeated`` types."""
        self._trials: dict[str, list[int]] = {}
        """Entity type -> surrogates computed and found since it was first computed, until judged."""
        self._judged: set[str] = set()
        self.unrepeated: set[str] = set()
        """The entity types whose values do not come back."""
        self._judges = True
        self.hits = self.misses = 0

    def keep_all(self) -> None:
        """Keep the surrogate of every value from now on (a cache that hands them over or is
        given them)."""
        self._judges = False
        self._trials.clear()
        self.unrepeated.clear()

    def __len__(self) -> int:
        return len(self._entries)

    def get(
        self, entity_type: str, value: str, person_key: str | None = None, keep_birth_month: bool = True,
        keep_department: bool = True, name_role: str | None = None, max_length: int | None = None,
        identity: Identity | None = None, keep_weekday: bool = False,
    ) -> str:
        """``surrogate(entity_type, value, key, ...)``, from the cache when it was computed (the
        options also in order: a cell's look-up without packing keywords)."""
        reads_person_key, read_identity = _cache_key_parts(entity_type)
        if not reads_person_key:
            person_key = None
        if read_identity is None:
            identity = None
        options = (entity_type, value, person_key, keep_birth_month, keep_department, name_role, max_length,
                   None if identity is None else read_identity(identity), keep_weekday)
        recent = entity_type in self.unrepeated
        entries = self._recent if recent else self._entries
        entry = entries.get(options)
        if entry is None:
            self.misses += 1
            try:
                entry = surrogate(
                    entity_type, value, self._key, person_key=person_key, keep_birth_month=keep_birth_month,
                    keep_department=keep_department, name_role=name_role, max_length=max_length,
                    identity=identity, keep_weekday=keep_weekday,
                ), ()
            except SurrogateError as error:
                entry = None, error.args
            if recent:
                if len(entries) >= RECENT_SIZE:
                    entries.clear()
                entries[options] = entry
            else:
                self._put(options, entry)
                if self._judges and entity_type not in self._judged:
                    self._judge(entity_type)
        else:
            self.hits += 1
            trial = self._trials.get(entity_type)
            if trial is not None:
                trial[1] += 1
        result, error_args = entry
        if result is None:
            raise SurrogateError(*error_args)
        return result

    def hand_over(self) -> dict[tuple, tuple[str | None, tuple]]:
        """All the entries (for another process's cache), removed from this one: a worker
        keeps only the surrogates of the unit it works on."""
        entries, self._entries = self._entries, {}
        return entries

    def update(self, entries: dict[tuple, tuple[str | None, tuple]]) -> None:
        """Add entries computed by another cache under the same key; a cache given entries
        keeps every value (``keep_all``): its look-ups are to find them."""
        if entries:
            self.keep_all()
        for options, entry in entries.items():
            if options not in self._entries:
                self._put(options, entry)

    def _judge(self, entity_type: str) -> None:
        """Count a surrogate of ``entity_type`` computed; at ``UNREPEATED_TRIAL`` of them,
        judge once whether its values come back."""
        trial = self._trials.setdefault(entity_type, [0, 0])
        trial[0] += 1
        if trial[0] < UNREPEATED_TRIAL:
            return
        del self._trials[entity_type]
        self._judged.add(entity_type)
        computed, found = trial
        if found < UNREPEATED_HIT_SHARE * computed:  # its entries move to the recent ones
            self.unrepeated.add(entity_type)
            kept, moved = {}, self._recent
            for options, entry in self._entries.items():
                (moved if options[0] == entity_type else kept)[options] = entry
            self._entries = kept

    def _put(self, options: tuple, entry: tuple[str | None, tuple]) -> None:
        """Add an entry, the oldest dropped when the cache is full."""
        if len(self._entries) >= self._size:
            del self._entries[next(iter(self._entries))]
        self._entries[options] = entry


class Secret:
    """Key bytes that never show in a ``repr`` or a log line."""

    __slots__ = ("value",)

    def __init__(self, value: bytes) -> None:
        self.value = value

    def __repr__(self) -> str:
        return "Secret(<hidden>)"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other.value == self.value

    def __hash__(self) -> int:
        return hash(self.value)


def mask_text(text: str) -> str:
    """Every letter and digit replaced by ``*``, separators kept; a value without any letter
    or digit is masked whole, so a mask never returns a non-empty value unchanged."""
    masked = "".join("*" if c.isalnum() else c for c in text)
    return masked if masked != text else "*" * len(text)


def _key(params: Dict) -> bytes:
    secret = params.get(KEY)
    if not isinstance(secret, Secret) or not isinstance(secret.value, bytes) or not secret.value:
        raise InvalidParamError("vigie operators need the redaction key as a Secret")
    return secret.value


def pseudonym_or_mask(
    build: Callable[..., str], stats: Counter | None, entity_type: str, text: str | None, *args, **options,
) -> str:
    """``build(entity_type, text, *args, **options)`` (a surrogate, e.g. ``SurrogateCache.get``), or
    ``text`` masked when it has none, counted in ``stats`` by entity type: what the
    ``pseudonym`` operator writes, also called directly on a whole cell.

    >>> stats = Counter(); cache = SurrogateCache(b"k" * 32)
    >>> pseudonym_or_mask(cache.get, stats, "FR_NIR", "not a NIR"), stats
    ('*** * ***', Counter({'FR_NIR': 1}))
    """
    try:
        return build(entity_type, text, *args, **options)
    except SurrogateError:
        return masked_instead(stats, entity_type, text)


def masked_instead(stats: Counter | None, entity_type: str, text: str | None) -> str:
    """``text`` masked where it has no surrogate, counted in ``stats`` by entity type."""
    if stats is not None:
        stats[entity_type] += 1
    return mask_text(text or "")


class MaskOperator(Operator):
    """``mask``: letters and digits become ``*``; spaces, dots, dashes, ``@`` stay."""

    def operate(self, text: str = None, params: Dict = None) -> str:
        return mask_text(text or "")

    def validate(self, params: Dict = None) -> None:
        pass

    def operator_name(self) -> str:
        return "vigie_mask"

    def operator_type(self) -> OperatorType:
        return OperatorType.Anonymize


class KeyedHashOperator(Operator):
    """``hash``: hex HMAC-SHA256 of the normalised value under the redaction key."""

    def operate(self, text: str = None, params: Dict = None) -> str:
        entity_type = params.get("entity_type", "")
        return keyed_hash(_key(params), f"{entity_type}:{normalise(entity_type, text or '')}")

    def validate(self, params: Dict = None) -> None:
        _key(params or {})

    def operator_name(self) -> str:
        return "vigie_hash"

    def operator_type(self) -> OperatorType:
        return OperatorType.Anonymize


class PseudonymOperator(Operator):
    """``pseudonym``: the keyed surrogate; masked when no surrogate can be built.

    Every fallback is counted in the ``stats`` parameter (a :class:`collections.Counter`
    keyed by entity type) when one is given.
    """

    def operate(self, text: str = None, params: Dict = None) -> str:
        cache = params.get(SURROGATES)
        stats = params.get(STATS)
        return pseudonym_or_mask(
            cache.get if isinstance(cache, SurrogateCache) else partial(surrogate, key=_key(params)),
            stats if isinstance(stats, Counter) else None,
            params.get("entity_type", ""),
            text,
            person_key=params.get(PERSON_KEY),
            keep_birth_month=params.get(KEEP_BIRTH_MONTH, True),
            keep_department=params.get(KEEP_DEPARTMENT, True),
            name_role=params.get(NAME_ROLE),
            max_length=None if params.get(ROOM_LEFT) is None else len(text or "") + params[ROOM_LEFT],
            identity=params.get(IDENTITY),
            keep_weekday=params.get(KEEP_WEEKDAY, False),
        )

    def validate(self, params: Dict = None) -> None:
        _key(params or {})

    def operator_name(self) -> str:
        return "vigie_pseudonym"

    def operator_type(self) -> OperatorType:
        return OperatorType.Anonymize


CUSTOM_OPERATORS = (MaskOperator, KeyedHashOperator, PseudonymOperator)

OPERATOR_CLASSES: dict[str, type[Operator]] = {
    "pseudonym": PseudonymOperator,
    "mask": MaskOperator,
    "tag": Replace,
    "hash": KeyedHashOperator,
    "remove": Redact,
    "keep": Keep,
}
"""Policy operator name -> the Presidio operator class that carries it out (its
``operator_name()`` is ``PRESIDIO_OPERATORS[name]``): called directly on a whole cell."""
