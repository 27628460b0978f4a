"""Redact the fields of a record: findings -> Presidio operators -> new text per field.

>>> from scanner.models import Finding, Record
>>> from scanner.redact.policy import RedactionPolicy
>>> record = Record("p.csv", None, "1", {"nir": "1 85 05 78 006 084 91", "ville": "RAS"})
>>> finding = Finding("p.csv", None, "1", "nir", "FR_NIR", 0, 21, 1.0, "FrNirRecognizer")
>>> redactor = FieldRedactor(RedactionPolicy(key=b"k" * 32, operators={"FR_NIR": "tag"}))
>>> redactor.redact_record(record, [finding])
{'nir': '<FR_NIR>'}

Overlapping findings are resolved before Presidio sees them (:func:`resolve_overlaps`),
so replacements never cut into each other. A finding whose offsets do not fit its field
(out of range, or a ``value`` that differs from the text at those offsets) means the
positions cannot be trusted: the whole field is masked (fail closed) and counted in
``FieldRedactor.fallbacks["<invalid span>"]``.

``person_key`` (:func:`person_key_for`): the first NIR of the record (its 13 first
characters, normalised), else the record's PERSON names (folded, sorted) with its birth
date (a DATE_TIME in a field named like ``date_naissance``/``ddn``/``birth``), else
``source``/``table``/``record``. All dates of one person key move by the same offset, so
intervals are kept within a record and across records that share the NIR or the name and
birth date; a table with neither (``consultations(patient_id, date)``) gets one offset per
row, and free-text notes that name several people mix their names into one key.
"""

from __future__ import annotations

from collections import Counter
import datetime
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from presidio_anonymizer import AnonymizerEngine
from presidio_anonymizer.entities import ConflictResolutionStrategy, OperatorConfig, RecognizerResult

from scanner.columns import column_words
from scanner.errors import UsageError
from scanner.masking import identifier_spans
from scanner.models import Finding, Record
from scanner.name_words import PARTICLES, TITLES, fold
from scanner.persons import NIR_ENTITY_TYPES
from scanner.redact import operators as ops
from scanner.redact.dates import DateFormatError, parse_date
from scanner.redact.keyed import short_digest
from scanner.redact.lists import first_name_sexes
from scanner.redact.policy import FALLBACK_OPERATOR, OPERATORS, RedactionPolicy
from scanner.redact.surrogates import FIRST, LAST, Identity, SurrogateError, alnum, normalise, sex_of_word

INVALID_SPAN = "<invalid span>"
NAME_RECOGNIZER = "NameIdentifierCheck"
"""The recognizer named in the findings of ``FieldRedactor.redact_name``."""
_FIRST_NAME_COLUMNS = frozenset("prenom prenoms firstname first given forename".split())
_LAST_NAME_COLUMNS = frozenset("nom noms lastname last surname family patronyme".split())
_BIRTH_COLUMNS = frozenset("naissance ddn dob birth birthdate birthday nais".split())
_SEX_COLUMNS = frozenset("sexe sex genre gender civilite civ titre title".split())
_SEX_CODES = {"1": "M", "2": "F"}
"""A ``sexe`` column coded as in the NIR."""
_WORD_BEFORE = re.compile(r"([^\W\d_]+)\.?[ \t]*(?:,[ \t]*)?$")
_BIRTH_CUE = re.compile(r"(?:\bn[ée]e?|naissance|\bddn)\s*(?:le|:)?\s*$", re.IGNORECASE)
_AGREEMENT = re.compile(r"\b(née|né)\b", re.IGNORECASE)
_POSTCODE_IN = re.compile(r"(\d(?<!\d\d)\d(?:\d| \d)\d\d)(?!\d)")
"""Five digits, or two and three apart, between non-digits. The look-behind for a digit
before the first one is written after it, which lets the search skip to the digits (a third
of the time on an address without a postcode)."""
_NIR_SEXES = {"1": "M", "3": "M", "7": "M", "2": "F", "4": "F", "8": "F"}
"""The sex a NIR's first digit gives."""


@dataclass(frozen=True)
class Span:
    """A stretch of a field to replace, with the entity type whose operator applies."""

    start: int
    end: int
    entity_type: str
    score: float


def resolve_overlaps(spans: Iterable[Span]) -> list[Span]:
    """Non-overlapping spans, in order; adjacent spans stay apart.

    Overlapping spans form a cluster. A span covering the whole cluster wins (the highest
    score among such spans); otherwise the cluster becomes one span over their union, with
    the entity type of the highest-scoring member (then the longest, then by name), so
    nothing that was found stays in clear.

    >>> resolve_overlaps([Span(0, 10, "ADDRESS", 0.8), Span(5, 10, "PERSON", 0.9)])
    [Span(start=0, end=10, entity_type='ADDRESS', score=0.8)]
    >>> resolve_overlaps([Span(0, 6, "PERSON", 0.6), Span(4, 9, "DATE_TIME", 0.9), Span(9, 12, "PERSON", 0.5)])
    [Span(start=0, end=9, entity_type='DATE_TIME', score=0.9), Span(start=9, end=12, entity_type='PERSON', score=0.5)]
    """
    ordered = sorted((s for s in spans if s.end > s.start), key=lambda s: (s.start, -s.end, s.entity_type))
    clusters: list[list[Span]] = []
    cluster_end = -1
    for span in ordered:
        if clusters and span.start < cluster_end:
            clusters[-1].append(span)
            cluster_end = max(cluster_end, span.end)
        else:
            clusters.append([span])
            cluster_end = span.end
    resolved = []
    for cluster in clusters:
        start, end = min(s.start for s in cluster), max(s.end for s in cluster)
        covering = [s for s in cluster if s.start == start and s.end == end]
        best = max(covering or cluster, key=lambda s: (s.score, s.end - s.start, s.entity_type))
        resolved.append(Span(start, end, best.entity_type, best.score))
    return resolved


@lru_cache(maxsize=4096)
def name_role_for(field: str | None) -> str | None:
    """``first`` for a ``prenom`` column, ``last`` for a ``nom`` column, else None.

    >>> name_role_for("patient.prenom"), name_role_for("NomNaissance"), name_role_for("nom_prenom")
    ('first', 'last', None)
    """
    if not field:
        return None
    words = set(column_words(field.rsplit(".", 1)[-1]))
    first, last = bool(words & _FIRST_NAME_COLUMNS), bool(words & _LAST_NAME_COLUMNS)
    if first == last:  # neither, or "nom_prenom"
        return None
    return FIRST if first else LAST


def _span_text(record: Record, finding: Finding) -> str | None:
    text = record.fields.get(finding.field)
    if text is None or not 0 <= finding.start < finding.end <= len(text):
        return None
    return text[finding.start : finding.end]


def nir_of(record: Record, findings: Sequence[Finding]) -> str | None:
    """The first 13 characters of the record's first NIR (or INS) of 13 or 15, else None.

    >>> r = Record("a.csv", "t", "7", {"nir": "1 85 05 78 006 084 91"})
    >>> nir_of(r, [Finding("a.csv", "t", "7", "nir", "FR_INS", 0, 21, 1.0, "x")]), nir_of(r, [])
    ('1850578006084', None)
    """
    for finding in findings:
        if finding.entity_type in NIR_ENTITY_TYPES and (nir := _nir_body(_span_text(record, finding) or "")):
            return nir
    return None


def _nir_body(text: str) -> str | None:
    """The first 13 of the letters and digits of a NIR's text when it has 13 or 15, else None.

    >>> _nir_body("2 85 05 78 006 084 91"), _nir_body("2 85 05")
    ('2850578006084', None)
    """
    body = alnum(text).upper()
    return body[:13] if len(body) in (13, 15) else None


def person_key_for(record: Record, findings: Sequence[Finding]) -> str:
    """The key a record's dates are shifted by: NIR, else names + birth date, else the record.

    >>> from scanner.models import Record, Finding
    >>> r = Record("a.csv", "t", "7", {"nir": "185057800608491", "nom": "Jean DUPONT"})
    >>> f = lambda field, kind, s, e: Finding("a.csv", "t", "7", field, kind, s, e, 1.0, "x")
    >>> person_key_for(r, [f("nom", "PERSON", 0, 11), f("nir", "FR_NIR", 0, 15)])
    'nir:1850578006084'
    >>> person_key_for(r, [f("nom", "PERSON", 0, 11)])
    'person:dupont jean'
    >>> person_key_for(r, [])
    'record:a.csv\\x1ft\\x1f7'
    """
    return _person_key(record, findings, nir_of(record, findings))


def _person_key(record: Record, findings: Sequence[Finding], nir: str | None) -> str:
    """``person_key_for`` of a record whose ``nir_of`` is ``nir``."""
    if nir is not None:
        return f"nir:{nir}"
    names: set[str] = set()
    birth = ""
    for finding in findings:
        text = _span_text(record, finding)
        if text is None:
            continue
        if finding.entity_type == "PERSON":
            names.update(w for w in fold(text).replace("-", " ").replace("'", " ").split()
                         if w.strip(".") not in TITLES and w not in PARTICLES)
        elif finding.entity_type == "DATE_TIME" and not birth and _is_birth_column(finding.field):
            try:
                birth = parse_date(text).isoformat()
            except DateFormatError:
                birth = alnum(text)
    if names:
        return "person:" + " ".join(sorted(names)) + (f"|{birth}" if birth else "")
    return f"record:{record.source}\x1f{record.table or ''}\x1f{record.record}"


@lru_cache(maxsize=4096)
def _is_birth_column(name: str) -> bool:
    return not _BIRTH_COLUMNS.isdisjoint(column_words(name))


@lru_cache(maxsize=1024)
def _sex_columns(names: tuple[str, ...]) -> tuple[str, ...]:
    """The names of ``sexe``/``civilite`` columns among a record's field names, in order.

    >>> _sex_columns(("id", "Sexe", "nom", "civilite"))
    ('Sexe', 'civilite')
    """
    return tuple(name for name in names if not _SEX_COLUMNS.isdisjoint(column_words(name)))


@lru_cache(maxsize=4096)
def _listed_sex(name: str) -> str | None:
    """The sex of the first word of ``name`` that the INSEE list gives to one sex only, else
    None (memoised: first names repeat from row to row).

    >>> _listed_sex("Dominique Louise"), _listed_sex("Camille"), _listed_sex("Dupont")
    ('F', None, None)
    """
    sexes = first_name_sexes()
    return next((sex for word in name.split() if (sex := sexes.get(fold(word))) in ("F", "M")), None)


def written_birth(record: Record, findings: Sequence[Finding]) -> datetime.date | None:
    """The birth date the record writes: its first date in a ``date_naissance`` column or
    after "né(e) le" or "naissance" that reads as a date, else None.

    >>> r = Record("p.csv", None, "1", {"ddn": "03/10/1995", "vu": "12/01/2024"})
    >>> written_birth(r, [Finding("p.csv", None, "1", f, "DATE_TIME", 0, 10, 1.0, "x") for f in ("vu", "ddn")])
    datetime.date(1995, 10, 3)
    """
    for finding in findings:
        if finding.entity_type == "DATE_TIME" and (birth := _birth_in(record, finding)) is not None:
            return birth
    return None


def _birth_in(record: Record, finding: Finding) -> datetime.date | None:
    """The date of a DATE_TIME ``finding`` that is a birth date (in a ``date_naissance``
    column or after "né(e) le") and reads as a date, else None."""
    text = _span_text(record, finding)
    if text is None:
        return None
    if _is_birth_column(finding.field) or (finding.start and _BIRTH_CUE.search(  # start 0: no cue before
            record.fields[finding.field][max(finding.start - 20, 0):finding.start])):
        try:
            return parse_date(text)
        except DateFormatError:
            pass
    return None


def identity_for(record: Record, findings: Sequence[Finding], births: NirBirths | None = None) -> Identity:
    """What a record says of its person, for surrogates that agree with each other and with
    what stays as written (:class:`~scanner.redact.surrogates.Identity`).

    Sex: a ``sexe``/``civilite`` column (``F``, ``Mme``, ``2``...), else the title or
    agreement before the first name found in a note ("Mme", "née"), else "né"/"née" anywhere
    in it, else the NIR's first digit, else the first name of the INSEE list that has one
    sex. Birth: the date of a ``date_naissance`` column, else the date after "né(e) le" or
    "naissance", else the one ``births`` learned beside the record's NIR elsewhere in the run
    (:class:`NirBirths`). Postcode: the first one in an address value.

    >>> r = Record("p.csv", None, "1", {"civilite": "Mme", "prenom": "Camille", "cp": "69003", "ville": "Lyon",
    ...                                 "ddn": "03/10/1995"})
    >>> f = lambda field, kind: Finding("p.csv", None, "1", field, kind, 0, len(r.fields[field]), 1.0, "x")
    >>> identity = identity_for(r, [f("prenom", "PERSON"), f("cp", "ADDRESS"), f("ville", "ADDRESS"), f("ddn", "DATE_TIME")])
    >>> identity.sex, identity.birth.isoformat(), identity.postcode
    ('F', '1995-10-03', '69003')
    >>> note = Record("n.txt", None, "1", {"text": "M. Jean Roy et Mme Camille Roy, née le 3 mars 1950."})
    >>> spans = [(3, 11, "PERSON"), (19, 30, "PERSON"), (39, 50, "DATE_TIME")]
    >>> identity = identity_for(note, [Finding("n.txt", None, "1", "text", k, a, b, 1.0, "x") for a, b, k in spans])
    >>> identity.sex, identity.titled, identity.birth.isoformat()
    ('M', (('jean roy', 'M'), ('camille roy', 'F')), '1950-03-03')
    """
    return _nir_and_identity(record, findings, births)[1]


def person_and_identity(
    record: Record, findings: Sequence[Finding], births: NirBirths | None = None,
) -> tuple[str, Identity]:
    """``person_key_for(record, findings)`` and ``identity_for(record, findings, births)``,
    worked out in one pass over the findings (the NIR read once): redaction asks both of
    every record.

    >>> r = Record("p.csv", None, "1", {"nom": "Mme Camille ROY", "nir": "2 85 05 78 006 084 91"})
    >>> key, identity = person_and_identity(r, [Finding("p.csv", None, "1", "nom", "PERSON", 4, 15, 1.0, "x"),
    ...                                         Finding("p.csv", None, "1", "nir", "FR_NIR", 0, 21, 1.0, "x")])
    >>> key, identity.sex, identity.titled
    ('nir:2850578006084', 'F', (('camille roy', 'F'),))
    """
    nir, identity = _nir_and_identity(record, findings, births)
    return _person_key(record, findings, nir), identity


def _nir_and_identity(
    record: Record, findings: Sequence[Finding], births: NirBirths | None,
) -> tuple[str | None, Identity]:
    """``nir_of`` and ``identity_for`` of a record, in one pass over its findings."""
    fields = record.fields
    nir = column_sex = titled_sex = agreement = nir_sex = listed_sex = postcode = birth = None
    titled: dict[str, str] = {}
    for name in _sex_columns(tuple(fields)):
        value = fields[name]
        if isinstance(value, str) and (column_sex := sex_of_word(value) or _SEX_CODES.get(value.strip())):
            break
    for finding in findings:
        kind = finding.entity_type
        if kind == "PERSON":
            text = _span_text(record, finding)
            if text is None:
                continue
            if finding.start:  # start 0: no title or agreement before the name
                word = _WORD_BEFORE.search(fields[finding.field][max(finding.start - 20, 0):finding.start])
                if word and (sex := sex_of_word(word.group(1))):
                    titled.setdefault(normalise("PERSON", text), sex)
                    titled_sex = titled_sex or sex
            if listed_sex is None and name_role_for(finding.field) != LAST:
                listed_sex = _listed_sex(text)
        elif kind == "DATE_TIME":
            if birth is None:
                birth = _birth_in(record, finding)
        elif kind in NIR_ENTITY_TYPES:
            text = _span_text(record, finding)
            if text is None:
                continue
            if nir_sex is None:
                nir_sex = _NIR_SEXES.get(text[:1] if text[:1].isalnum() else alnum(text)[:1])
            if nir is None:
                nir = _nir_body(text)
        elif postcode is None and kind == "ADDRESS" and (text := _span_text(record, finding)) is not None:
            found = _POSTCODE_IN.search(text)
            postcode = found.group(1).replace(" ", "") if found else None
    if not (column_sex or titled_sex):
        for value in fields.values():  # "é", then "né": what an agreement ("né", "NÉE") cannot lack
            if (isinstance(value, str) and ("é" in value or "É" in value) and "né" in value.lower()
                    and (agreed := _AGREEMENT.search(value))):
                agreement = sex_of_word(agreed.group(1))
                break
    sex = column_sex or titled_sex or agreement or nir_sex or listed_sex
    if birth is None and births is not None and nir is not None:
        birth = births.birth_of(nir)
    return nir, Identity(sex=sex, birth=birth, postcode=postcode, titled=tuple(titled.items()))


class NirBirths:
    """The birth date written beside each NIR (or INS) in a run, learned by the redaction's
    first pass, for the records that hold the NIR without one (a ``sejours`` table beside
    ``patients``): every occurrence of a NIR then gets the surrogate that agrees with its
    shifted birth date, and the tables still join on it. NIRs are held as keyed digests;
    the first birth date learned for a NIR is the one kept.

    >>> births = NirBirths(b"k" * 32)
    >>> row = Record("patients.csv", None, "1", {"nir": "185057800608491", "ddn": "12/05/1985"})
    >>> births.learn(row, [Finding("patients.csv", None, "1", "nir", "FR_NIR", 0, 15, 1.0, "x"),
    ...                    Finding("patients.csv", None, "1", "ddn", "DATE_TIME", 0, 10, 1.0, "x")])
    >>> births.birth_of("1850578006084"), births.birth_of("2850578006084")
    (datetime.date(1985, 5, 12), None)
    """

    def __init__(self, key: bytes) -> None:
        self._key = key
        self._births: dict[bytes, datetime.date] = {}

    def __len__(self) -> int:
        return len(self._births)

    def learn(self, record: Record, findings: Sequence[Finding]) -> None:
        """Remember the birth date of the record's NIR, when the record holds both."""
        self.remember(self.learnable(record, findings))

    def learnable(self, record: Record, findings: Sequence[Finding]) -> tuple[bytes, datetime.date] | None:
        """What ``learn`` remembers of a record (its NIR's keyed digest and birth date), else
        None: worked out where the record was detected, remembered in input order."""
        nir = nir_of(record, findings)
        if nir is None:
            return None
        birth = written_birth(record, findings)
        return None if birth is None else (short_digest(self._key, "nir-birth", nir), birth)

    def remember(self, learnt: tuple[bytes, datetime.date] | None) -> None:
        """Keep a ``learnable`` (the first birth date of a NIR is the one kept)."""
        if learnt is not None:
            self._births.setdefault(*learnt)

    def birth_of(self, nir: str) -> datetime.date | None:
        """The birth date learned for ``nir`` (its first 13 characters), else None."""
        return self._births.get(short_digest(self._key, "nir-birth", nir)) if self._births else None


class FieldRedactor:
    """Applies a :class:`RedactionPolicy` to text fields with presidio-anonymizer.

    One instance per process (or worker) is enough: it holds the engine and the key.
    ``fallbacks`` counts values that were masked instead of pseudonymised, by entity type.
    """

    def __init__(self, policy: RedactionPolicy) -> None:
        unknown = sorted({*policy.operators.values(), FALLBACK_OPERATOR} - set(OPERATORS))
        if unknown:
            raise UsageError(
                f"unknown redaction operator(s): {', '.join(unknown)}; use one of {', '.join(OPERATORS)}"
            )
        if not isinstance(policy.key, bytes) or len(policy.key) < 16:
            raise UsageError("the redaction key must be at least 16 bytes")
        self.policy = policy
        self.fallbacks: Counter[str] = Counter()
        self._secret = ops.Secret(policy.key)
        self.surrogates = ops.SurrogateCache(policy.key)
        self.engine = AnonymizerEngine()
        for operator in ops.CUSTOM_OPERATORS:
            self.engine.add_anonymizer(operator)
        self._operators = {name: operator() for name, operator in ops.OPERATOR_CLASSES.items()}
        self._names: dict[str, str] = {}
        self.nir_births = NirBirths(policy.key)
        """Birth dates beside NIRs, learned over the run (``pipeline.RedactRun.detect_file``)."""
        self._last_person: tuple[Record, tuple[Finding, ...], int, tuple[str, Identity]] | None = None
        self._pseudonymised = frozenset(t for t, name in policy.operators.items() if name == "pseudonym")

    def person_of(self, record: Record, findings: Sequence[Finding]) -> tuple[str, Identity]:
        """The record's person key and identity (:func:`person_and_identity` with the run's
        ``nir_births``), kept for the last record asked: ``--verify`` asks again for the
        record just redacted.

        >>> from scanner.redact.policy import RedactionPolicy
        >>> redactor = FieldRedactor(RedactionPolicy(key=b"k" * 32))
        >>> record = Record("p.csv", None, "1", {"nom": "Jean DUPONT"})
        >>> found = [Finding("p.csv", None, "1", "nom", "PERSON", 0, 11, 1.0, "x")]
        >>> redactor.person_of(record, found)[0], redactor.person_of(record, found) is redactor.person_of(record, found)
        ('person:dupont jean', True)
        """
        last = self._last_person
        if last is not None and last[0] is record and last[2] == len(self.nir_births) and last[1] == tuple(findings):
            return last[3]
        person = person_and_identity(record, findings, self.nir_births)
        self._last_person = (record, tuple(findings), len(self.nir_births), person)
        return person

    def redact_name(self, name: str) -> str:
        """``name`` (a column, a JSON key, a file name) with each identifier the cheap checks
        find in it (``masking.identifier_spans``) replaced as a value of its type is, so a
        NIR header gets the NIR's own surrogate; other names are returned as they are.

        >>> from scanner.redact.policy import RedactionPolicy
        >>> redactor = FieldRedactor(RedactionPolicy(key=b"k" * 32, operators={"FR_NIR": "tag"}))
        >>> redactor.redact_name("nir_263039715437514"), redactor.redact_name("nom")
        ('nir_<FR_NIR>', 'nom')
        """
        new = self._names.get(name)
        if new is None:
            findings = [
                Finding("", None, "", "", entity_type, start, end, 1.0, NAME_RECOGNIZER, value=name[start:end])
                for start, end, entity_type in identifier_spans(name)
            ]
            new = self._names[name] = self.redact_text(name, findings, f"name:{name}") if findings else name
        return new

    def redact_names(self, names: Sequence[str]) -> list[str]:
        """``redact_name`` of each of a list of names that must stay unique (a header, the
        keys of one object): a replaced name that meets another gets ``_2``, ``_3``...

        >>> from scanner.redact.policy import RedactionPolicy
        >>> redactor = FieldRedactor(RedactionPolicy(key=b"k" * 32, operators={"FR_NIR": "tag"}))
        >>> redactor.redact_names(["id", "263039715437514", "185057800608491", "<FR_NIR>_2"])
        ['id', '<FR_NIR>', '<FR_NIR>_3', '<FR_NIR>_2']
        """
        new = [self.redact_name(name) for name in names]
        if new == list(names):
            return new
        taken = {n for n, old in zip(new, names) if n == old}
        for i, (name, old) in enumerate(zip(new, names)):
            if name == old:
                continue
            unique, n = name, 1
            while unique in taken:
                n += 1
                unique = f"{name}_{n}"
            taken.add(unique)
            new[i] = unique
        return new

    def redact_record(
        self, record: Record, findings: list[Finding], widths: Mapping[str, int] | None = None,
    ) -> dict[str, str]:
        """New text for each field of ``record`` that has findings (field -> redacted text);
        fields without findings are absent. Offsets in findings are into record.fields[field].
        ``widths``: the length a field's column accepts (``varchar(n)``), see ``redact_text``."""
        person_key, identity = self.person_of(record, findings)
        fields = record.fields
        by_field: dict[str, list[Finding]] = {}
        for finding in findings:
            if finding.field in fields:
                by_field.setdefault(finding.field, []).append(finding)
        changes = {}
        pseudonymised, policy = self._pseudonymised, self.policy
        for field, field_findings in by_field.items():
            text = fields[field]
            if widths is None and len(field_findings) == 1:
                finding = field_findings[0]
                if finding.start == 0 and finding.end == len(text) and finding.entity_type in pseudonymised and text and (
                    not finding.value or finding.value == text
                ):  # a whole cell to pseudonymise, the common case: what redact_text gives, without its steps
                    try:  # SurrogateCache.get's options in order
                        changes[field] = self.surrogates.get(
                            finding.entity_type, text, person_key, policy.keep_birth_month, policy.keep_department,
                            name_role_for(field), None, identity, policy.keep_weekday,
                        )
                    except SurrogateError:
                        changes[field] = ops.masked_instead(self.fallbacks, finding.entity_type, text)
                    continue
            changes[field] = self.redact_text(text, field_findings, person_key, field=field,
                                              width=(widths or {}).get(field), identity=identity)
        return changes

    def redact_text(
        self, text: str, findings: list[Finding], person_key: str, *, field: str | None = None,
        width: int | None = None, identity: Identity | None = None,
    ) -> str:
        """``text`` with every finding replaced as the policy says; ``field`` (a column
        name) tells one-word PERSON values whether they are first names or surnames;
        ``identity`` (:func:`identity_for` of the record) makes a person's surrogates agree.
        With ``width``, pseudonyms are chosen to keep ``text`` within that many characters:
        each may grow by an equal share of the room left.

        >>> from scanner.redact.policy import RedactionPolicy
        >>> redactor = FieldRedactor(RedactionPolicy(key=b"k" * 32))
        >>> city = Finding("d.sql", "t", "1", "ville", "ADDRESS", 0, 9, 1.0, "r")
        >>> len(redactor.redact_text("Périgueux", [city], "p", width=8)) <= 8
        True
        """
        if len(findings) == 1 and findings[0].start == 0 and findings[0].end == len(text) and text and (
            not findings[0].value or findings[0].value == text
        ):  # the common case, a whole cell: what the loop below gives, without its spans
            entity_type = findings[0].entity_type
            if self.policy.operator_for(entity_type) == "keep":
                return text
            room_left = None if width is None else max(width - len(text), 0)
            return self._replace_whole(text, entity_type, person_key, field, room_left, identity)
        spans = []
        for finding in findings:
            if finding.start == finding.end:
                continue
            fits = 0 <= finding.start < finding.end <= len(text)
            if not fits or (finding.value and text[finding.start : finding.end] != finding.value):
                self.fallbacks[INVALID_SPAN] += 1
                return ops.mask_text(text)
            if self.policy.operator_for(finding.entity_type) == "keep":
                continue
            spans.append(Span(finding.start, finding.end, finding.entity_type, finding.score))
        spans = resolve_overlaps(spans) if len(spans) > 1 else spans  # one span: nothing to resolve
        if not spans:
            return text
        room_left = None if width is None else max(width - len(text), 0) // len(spans)
        if len(spans) == 1 and spans[0].start == 0 and spans[0].end == len(text):  # the whole cell
            return self._replace_whole(text, spans[0].entity_type, person_key, field, room_left, identity)
        results = [RecognizerResult(s.entity_type, s.start, s.end, s.score) for s in spans]
        operators = {
            entity_type: self._operator_config(entity_type, person_key, field, room_left, identity)
            for entity_type in {s.entity_type for s in spans}
        }
        return self.engine.anonymize(
            text,
            results,
            operators,
            conflict_resolution=ConflictResolutionStrategy.REMOVE_INTERSECTIONS,
            merge_entities_with_spaces=False,
        ).text

    def _replace_whole(
        self, text: str, entity_type: str, person_key: str, field: str | None, room_left: int | None,
        identity: Identity | None,
    ) -> str:
        """What the anonymizer engine would write for a finding that is all of ``text``: the
        policy's operator called directly, as the engine calls it (validated, then applied)."""
        name = self.policy.operator_for(entity_type)
        if name == "pseudonym":  # the common case, without the operator's parameters dictionary
            policy = self.policy
            return ops.pseudonym_or_mask(  # SurrogateCache.get's options in order
                self.surrogates.get, self.fallbacks, entity_type, text, person_key, policy.keep_birth_month,
                policy.keep_department, name_role_for(field), None if room_left is None else len(text) + room_left,
                identity, policy.keep_weekday,
            )
        params = self._operator_params(name, entity_type, person_key, field, room_left, identity)
        params["entity_type"] = entity_type
        operator = self._operators[name]
        operator.validate(params=params)
        return operator.operate(params=params, text=text)

    def _operator_config(
        self, entity_type: str, person_key: str, field: str | None, room_left: int | None = None,
        identity: Identity | None = None,
    ) -> OperatorConfig:
        name = self.policy.operator_for(entity_type)
        return OperatorConfig(
            ops.PRESIDIO_OPERATORS[name],
            self._operator_params(name, entity_type, person_key, field, room_left, identity),
        )

    def _operator_params(
        self, name: str, entity_type: str, person_key: str, field: str | None, room_left: int | None,
        identity: Identity | None,
    ) -> dict:
        params: dict = {}
        if name == "tag":
            params = {"new_value": f"<{entity_type}>"}
        elif name in ("hash", "pseudonym"):
            params = {ops.KEY: self._secret}
        if name == "pseudonym":
            params.update({
                ops.PERSON_KEY: person_key,
                ops.STATS: self.fallbacks,
                ops.KEEP_BIRTH_MONTH: self.policy.keep_birth_month,
                ops.KEEP_DEPARTMENT: self.policy.keep_department,
                ops.NAME_ROLE: name_role_for(field),
                ops.ROOM_LEFT: room_left,
                ops.IDENTITY: identity,
                ops.KEEP_WEEKDAY: self.policy.keep_weekday,
                ops.SURROGATES: self.surrogates,
            })
        return params
