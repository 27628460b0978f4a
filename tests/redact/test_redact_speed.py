"""Redaction at scan speed writes the same bytes as the value-by-value path.

The fast path computes each surrogate once per run (``SurrogateCache``), replaces a finding
that is a whole cell without presidio-anonymizer's engine (a pseudonym straight from the
cache in ``FieldRedactor.redact_record``), and detects in ``jobs`` worker
processes. The reference is the path it replaced: every surrogate computed afresh and every
cell sent through the engine, in one process.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import pytest
from presidio_anonymizer.entities import ConflictResolutionStrategy, RecognizerResult

from scanner.redact import fields, operators, pipeline
from scanner.redact.fields import FieldRedactor
from scanner.redact.operators import SurrogateCache
from scanner.redact.pipeline import redact_path
from scanner.redact.policy import RedactionPolicy
from scanner.redact.surrogates import Identity, SurrogateError, surrogate

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
KEY = b"redact-speed-test-key-0123456789ab"
OTHER_KEY = b"another-speed-key-0123456789abcdef"


def _through_engine(self, text, entity_type, person_key, field, room_left, identity):
    return self.engine.anonymize(
        text,
        [RecognizerResult(entity_type, 0, len(text), 1.0)],
        {entity_type: self._operator_config(entity_type, person_key, field, room_left, identity)},
        conflict_resolution=ConflictResolutionStrategy.REMOVE_INTERSECTIONS,
        merge_entities_with_spaces=False,
    ).text


def _field_by_field(self, record, findings, widths=None):
    """``FieldRedactor.redact_record`` without its whole-cell shortcut: each field through
    ``redact_text``."""
    person_key, identity = self.person_of(record, findings)
    by_field = {}
    for finding in findings:
        if finding.field in record.fields:
            by_field.setdefault(finding.field, []).append(finding)
    return {field: self.redact_text(record.fields[field], found, person_key, field=field,
                                    width=(widths or {}).get(field), identity=identity)
            for field, found in by_field.items()}


def _uncached(self, entity_type, value, **options):
    return surrogate(entity_type, value, self._key, **options)


def _redacted(source: Path, out: Path, key: bytes, **options) -> bytes:
    summary = redact_path(source, out, RedactionPolicy(key=key), **options)
    assert summary.output == out, summary.errors
    return out.read_bytes()


CASES = [
    ("tables/dump_postgres.sql", KEY),
    ("tables/dump_mysql_full.sql", KEY),
    ("notes.jsonl", KEY),
    ("tables/patients.csv", KEY),
    ("tables/patients.csv", OTHER_KEY),
    ("tables/patients.jsonl", KEY),
    ("tables/patients.sqlite", KEY),
]


@pytest.mark.parametrize("fixture, key", CASES)
def test_fast_path_writes_the_bytes_of_the_value_by_value_path(fixture, key, tmp_path, monkeypatch):
    source = FIXTURES / fixture
    fast = _redacted(source, tmp_path / f"fast{source.suffix}", key)
    with monkeypatch.context() as slow:
        slow.setattr(FieldRedactor, "redact_record", _field_by_field)
        slow.setattr(FieldRedactor, "_replace_whole", _through_engine)
        slow.setattr(SurrogateCache, "get", _uncached)
        reference = _redacted(source, tmp_path / f"reference{source.suffix}", key)
    assert fast == reference
    assert fast != source.read_bytes()


@pytest.mark.parametrize("fixture, verify", [
    ("tables/patients.csv", False),
    ("tables/patients.csv", True),
    ("tables/dump_postgres.sql", False),
    ("notes.jsonl", False),
    ("tables/patients.json", True),
    ("tables/patients.parquet", False),
    ("tables/patients.jsonl.gz", False),
])
def test_jobs_do_not_change_the_output(fixture, verify, tmp_path, monkeypatch):
    # units of 8 records: the fixtures span several units, so two workers share them
    monkeypatch.setattr(pipeline, "CHUNK_SIZE", 8)
    monkeypatch.setattr(pipeline, "UNIT_CHUNKS", 1)
    source = FIXTURES / fixture
    one = _redacted(source, tmp_path / f"one{source.suffix}", KEY, jobs=1, verify=verify)
    two = _redacted(source, tmp_path / f"two{source.suffix}", KEY, jobs=2, verify=verify)
    assert one == two


@pytest.mark.parametrize("fixture, in_parent", [
    ("tables/patients.csv", False),
    ("tables/patients.tsv", False),
    ("tables/patients.jsonl", False),
    ("tables/patients.json", False),
    ("tables/patients.parquet", False),
    ("notes.jsonl", False),
    ("tables/dump_postgres.sql", True),  # a dump's writer places its replacements itself
    ("tables/patients.sqlite", True),
])
def test_the_second_pass_redacts_records_on_the_workers(fixture, in_parent, tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "CHUNK_SIZE", 8)
    monkeypatch.setattr(pipeline, "UNIT_CHUNKS", 1)
    parent, calls = os.getpid(), []
    original = FieldRedactor.redact_record

    def counted(self, record, findings, widths=None):
        if os.getpid() == parent:
            calls.append(record.record)
        return original(self, record, findings, widths)

    monkeypatch.setattr(FieldRedactor, "redact_record", counted)
    source = FIXTURES / fixture
    summary = redact_path(source, tmp_path / f"out{source.suffix}", RedactionPolicy(key=KEY), verify=True, jobs=2)
    assert summary.output is not None and summary.records_redacted > 0 and not summary.residuals
    assert bool(calls) == in_parent


@pytest.mark.parametrize("fixture, verify", [
    ("tables/patients.csv", False),
    ("tables/patients.csv", True),
    ("tables/patients.jsonl", True),
    ("tables/patients.parquet", False),
])
def test_the_parent_works_out_each_person_once(fixture, verify, tmp_path, monkeypatch):
    # the first pass learns without redacting (the writer replaces every finding), and
    # --verify reuses the person key and identity of the record just redacted
    calls = []
    counted = fields.person_and_identity
    monkeypatch.setattr(fields, "person_and_identity",
                        lambda record, findings, births: calls.append(record.record) or counted(record, findings, births))
    source = FIXTURES / fixture
    summary = redact_path(source, tmp_path / f"out{source.suffix}", RedactionPolicy(key=KEY), verify=verify)
    assert summary.output is not None and summary.records_read > 0
    assert len(calls) == len(set(calls)) == summary.records_read


@pytest.mark.parametrize("entity_type, value, options", [
    ("FR_NIR", "1 85 05 78 006 084 91", {}),
    ("FR_NIR", "185057800608491", {"keep_birth_month": False}),
    ("PHONE_NUMBER", "06 12 34 56 78", {}),
    ("PERSON", "Dupont", {"name_role": "last"}),
    ("PERSON", "Dupont", {"name_role": "first"}),
    ("DATE_TIME", "12/03/1961", {"person_key": "nir:1850578006084"}),
    ("DATE_TIME", "12/03/1961", {"person_key": "nir:2850578006084"}),
    ("EMAIL_ADDRESS", "jean.dupont@example.com", {"max_length": 9}),
])
def test_cache_gives_what_surrogate_gives(entity_type, value, options):
    cache = SurrogateCache(KEY, size=2)
    for _ in range(2):  # computed, then from the cache
        try:
            expected = surrogate(entity_type, value, KEY, **options)
        except SurrogateError:
            with pytest.raises(SurrogateError):
                cache.get(entity_type, value, **options)
        else:
            assert cache.get(entity_type, value, **options) == expected


IDENTITIES = [
    Identity(),
    Identity(sex="F", birth=datetime.date(1961, 3, 12), postcode="69003"),
    Identity(sex="M", birth=datetime.date(1985, 5, 12), postcode="69003"),
    Identity(sex="F", postcode="75011", titled=(("camille roux", "F"),)),
    Identity(sex="M", birth=datetime.date(1961, 3, 12), postcode="75011", titled=(("camille roux", "M"),)),
]


@pytest.mark.parametrize("entity_type, value, options", [
    ("ADDRESS", "Lyon", {}),
    ("ADDRESS", "69003", {}),
    ("ADDRESS", "12 rue des Lilas, 69003 Lyon", {}),
    ("PERSON", "Camille", {"name_role": "first"}),
    ("PERSON", "Camille ROUX", {}),
    ("FR_NIR", "1 85 05 78 006 084 91", {"person_key": "p"}),
])
def test_cache_shares_a_surrogate_between_identities_only_as_far_as_it_reads_them(entity_type, value, options):
    """A city or a name gets from the cache, for a record whose identity differs only in what
    its builder does not read (an address: its postcode; a name: sex and titles), the
    surrogate that record's full identity gives."""
    cache = SurrogateCache(KEY)
    for identity in IDENTITIES * 2:
        assert cache.get(entity_type, value, identity=identity, **options) == surrogate(
            entity_type, value, KEY, identity=identity, **options)
    read = {"ADDRESS": lambda i: i.postcode, "PERSON": lambda i: (i.sex, i.titled)}.get(entity_type, lambda i: i)
    assert cache.misses == len({read(identity) for identity in IDENTITIES})


def test_cache_keeps_at_most_its_size_and_hands_over_what_it_computed():
    cache = SurrogateCache(KEY, size=2)
    for phone in ("06 12 34 56 78", "06 12 34 56 79", "06 12 34 56 80"):
        cache.get("PHONE_NUMBER", phone)
    assert len(cache) == 2 and (cache.hits, cache.misses) == (0, 3)
    other = SurrogateCache(KEY)
    other.update(cache.hand_over())
    assert other.get("PHONE_NUMBER", "06 12 34 56 80") == cache.get("PHONE_NUMBER", "06 12 34 56 80")
    assert (other.hits, other.misses) == (1, 0)


def phones(count: int, repeat: int) -> list[str]:
    """``count`` phone numbers, each written ``repeat`` times in a row."""
    return [f"06 {n // 10000 % 100:02d} {n // 100 % 100:02d} {n % 100:02d} 11" for n in range(count) for _ in range(repeat)]


@pytest.mark.parametrize("values, given, unrepeated", [
    (phones(operators.UNREPEATED_TRIAL, 1), None, {"PHONE_NUMBER"}),        # never again: kept apart
    (phones(operators.UNREPEATED_TRIAL, 2), None, set()),                     # each met twice: cached
    (phones(operators.UNREPEATED_TRIAL - 1, 1), None, set()),                 # not judged yet
    (phones(operators.UNREPEATED_TRIAL, 1), "hands over", set()),             # every one kept
    (phones(operators.UNREPEATED_TRIAL, 1), "is given", set()),               # every one kept
])
def test_cache_keeps_apart_the_types_whose_values_never_come_back(values, given, unrepeated):
    cache, other = SurrogateCache(KEY), SurrogateCache(KEY)
    if given == "hands over":
        cache.keep_all()
    elif given == "is given":  # what a worker computed (a name), for this cache's look-ups
        other.get("PERSON", "Roy")
        cache.update(other.hand_over())
    found = [cache.get("PHONE_NUMBER", value) for value in values]
    later = [cache.get("PHONE_NUMBER", value) for value in values[-3:]]  # the last ones, asked again (--verify)
    assert found == [surrogate("PHONE_NUMBER", value, KEY) for value in values] and later == found[-3:]
    assert cache.unrepeated == unrepeated
    assert len(cache) == (0 if unrepeated else len(set(values))) + other.misses
    assert cache.misses == len(set(values))  # the last values are still at hand


@pytest.mark.parametrize("left_in_clear", [None, "7"])
def test_verify_in_workers_finds_what_one_process_finds(left_in_clear, tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "CHUNK_SIZE", 8)
    monkeypatch.setattr(pipeline, "UNIT_CHUNKS", 1)
    original = FieldRedactor.redact_record

    def leaving_one_nir(self, record, findings, widths=None):
        changes = original(self, record, findings, widths)
        if record.record == left_in_clear:
            changes.pop("nir", None)
        return changes

    monkeypatch.setattr(FieldRedactor, "redact_record", leaving_one_nir)
    runs = [
        redact_path(FIXTURES / "tables/patients.jsonl", tmp_path / f"{jobs}.jsonl", RedactionPolicy(key=KEY),
                    verify=True, jobs=jobs)
        for jobs in (1, 2)
    ]
    assert runs[0].residuals == runs[1].residuals
    assert [(r.record, r.entity_type) for r in runs[1].residuals if r.line is None] == (
        [("7", "FR_NIR")] if left_in_clear else []
    )


@pytest.mark.parametrize("layout", ["{}", "{} {} {} {} {}", "{}.{}.{}.{}.{}", "{}-{}-{}-{}-{}"])
@pytest.mark.parametrize("first", list("123456789"))
def test_metropolitan_phone_surrogates_are_those_of_libphonenumber(first, layout, monkeypatch):
    """A French number written nationally gets its surrogate without phonenumbers: the same
    as through parsing (``phone.parse``, ``phonenumbers`` types), for valid and invalid numbers."""
    import random

    from scanner.identifiers import phone

    rng = random.Random(first + layout)
    values = []
    for _ in range(300):
        digits = f"0{first}" + "".join(rng.choice("0123456789") for _ in range(8))
        pairs = [digits[i:i + 2] for i in range(0, 10, 2)]
        values.append(layout.format(*pairs) if layout != "{}" else digits)

    fast = _phone_surrogates(values)
    monkeypatch.setattr(phone, "plain_metropolitan", lambda value: None)
    assert fast == _phone_surrogates(values)


@pytest.mark.parametrize("layout", ["{}", "{} {} {} {} {}", "{}.{}.{}.{}.{}", "{}-{}-{}-{}-{}"])
@pytest.mark.parametrize("start", ["0262", "0263", "0269", "0590", "0594", "0596", "0639", *(f"069{d}" for d in range(10))])
def test_overseas_prefixed_phone_surrogates_are_those_of_libphonenumber(start, layout, monkeypatch):
    """A number written nationally with an overseas prefix gets its surrogate without
    phonenumbers: the same as through parsing (``phone.parse``, ``phone.is_valid``), for
    valid and invalid numbers."""
    import random

    from scanner.identifiers import phone

    rng = random.Random(start + layout)
    values = []
    for _ in range(150):
        digits = start + "".join(rng.choice("0123456789") for _ in range(6))
        pairs = [digits[i:i + 2] for i in range(0, 10, 2)]
        values.append(layout.format(*pairs) if layout != "{}" else digits)

    fast = _phone_surrogates(values)
    assert any(value is not None for value in fast)
    monkeypatch.setattr(phone, "plain_national_reading", lambda value: None)
    assert fast == _phone_surrogates(values)


def _phone_surrogates(values: list[str]) -> list[str | None]:
    """Each value's PHONE_NUMBER surrogate, None where it has none."""
    found = []
    for value in values:
        try:
            found.append(surrogate("PHONE_NUMBER", value, KEY))
        except SurrogateError:
            found.append(None)
    return found


def _phone_forms(seed: int) -> list[str]:
    """Phone numbers written in many ways: French (+33, 0033, (0), letter O, overseas),
    extensions, Italian, North American, British, Swiss, Belgian, German, non-geographic."""
    import random

    rng = random.Random(seed)

    def digits(count):
        return "".join(rng.choice("0123456789") for _ in range(count))

    def pairs(text, separator=" "):
        return separator.join(text[i:i + 2] for i in range(0, len(text), 2))

    forms = []
    for _ in range(12):
        first = str(rng.randint(1, 9))
        forms += [f"+33 {first} {pairs(digits(8))}", f"0033{first}{digits(8)}", f"+33 (0){first} {pairs(digits(8))}",
                  f"0692 {pairs(digits(6))}", f"0596{digits(6)}", f"06.9{rng.randint(0, 9)}.{pairs(digits(6), '.')}",
                  f"0639 {pairs(digits(6))}", f"+262 692 {pairs(digits(6))}", f"O{first}.{pairs(digits(8), '.')}",
                  f"06/{pairs(digits(8), '/')}", digits(4), digits(5), f"+39 06 {digits(rng.choice([6, 7, 8]))}",
                  f"+39 3{digits(9)}", f"+1 ({rng.randint(2, 9)}{digits(2)}) {digits(3)}-{digits(4)}",
                  f"({rng.randint(2, 9)}{digits(2)}) {digits(3)}-{digits(4)}", f"(351) {digits(9)}",
                  f"+44 20 {digits(4)} {digits(4)}", f"+44 7{digits(9)}", f"+44(0)1{digits(9)}",
                  f"+41 {rng.randint(2, 9)}{digits(1)} {digits(3)} {digits(2)} {digits(2)}",
                  f"+32 4{digits(2)} {pairs(digits(6))}", f"+49 30 {digits(7)}", f"+800 {digits(8)}",
                  f"0{digits(9)}", f"{digits(10)}", f"(0{digits(3)}) {digits(6)}"]
    return forms


@pytest.mark.parametrize("seed", [1, 2])
def test_phone_surrogate_shortcuts_are_those_of_libphonenumber(seed, monkeypatch):
    """Phone surrogates read without phonenumbers (validity, type and region from precompiled
    metadata, overseas numbers written nationally, draws skipped when none can pass) are the
    same as with phonenumbers' own answers and every draw made, for numbers of many forms."""
    import phonenumbers

    from scanner.identifiers import phone

    values = _phone_forms(seed)

    def libphonenumbers_answer(country_code, national):
        zeros = len(national) - len(national.lstrip("0"))
        number = phonenumbers.PhoneNumber(country_code=country_code, national_number=int(national),
                                          italian_leading_zero=zeros > 0 or None, number_of_leading_zeros=zeros or None)
        if not phonenumbers.is_valid_number(number):
            return None
        return phonenumbers.number_type(number), phonenumbers.region_code_for_number(number)

    fast = _phone_surrogates(values)
    assert sum(value is not None for value in fast) > len(values) // 2
    monkeypatch.setattr(phone, "plain_metropolitan", lambda value: None)
    monkeypatch.setattr(phone, "plain_national_reading", lambda value: None)
    monkeypatch.setattr(phone, "may_be_valid_length", lambda country_code, length: True)
    monkeypatch.setattr(phone, "may_start_valid", lambda country_code, prefix: True)
    monkeypatch.setattr(phone, "valid_kind_and_region", libphonenumbers_answer)
    assert fast == _phone_surrogates(values)
