"""The committed synthetic notes are reproducible, well-formed and cover every entity."""

from __future__ import annotations

import importlib.util
import json
import re
import sys
from collections import Counter
from pathlib import Path

import phonenumbers
import pytest
from stdnum import iban, luhn
from stdnum.fr import nir

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
HEALTH_ENTITIES = {"DIAGNOSIS", "PROCEDURE", "MEDICATION", "SENSITIVE_TRAIT"}
HEALTH_CATEGORIES = {"mental_health", "hiv_sti", "addiction", "reproductive", "oncology",
                     "genetic", "disability", "other_health"}
TRAIT_CATEGORIES = {"religion", "sexual_orientation", "ethnic_origin", "political"}
MINIMUM_PER_ENTITY = {
    "FR_NIR": 20, "FR_RPPS": 20, "FR_FINESS": 15, "FR_ADELI": 15, "PHONE_NUMBER": 20,
    "EMAIL_ADDRESS": 20, "IBAN_CODE": 15, "DATE_TIME": 20, "PERSON": 20, "ADDRESS": 15,
    "DIAGNOSIS": 20, "MEDICATION": 20, "SENSITIVE_TRAIT": 20,
}
NIR_CHAR = "[0-9AB]"
NIR_STYLE_PATTERNS = {
    "spaced": rf"\d \d\d \d\d {NIR_CHAR}{{2}} \d{{3}} \d{{3}} \d\d",
    "dotted": rf"\d\.\d\d\.\d\d\.{NIR_CHAR}{{2}}\.\d{{3}}\.\d{{3}}\.\d\d",
    "dashed": rf"\d-\d\d-\d\d-{NIR_CHAR}{{2}}-\d{{3}}-\d{{3}}-\d\d",
    "compact": rf"{NIR_CHAR}{{15}}",
    "digits": rf"{NIR_CHAR}( {NIR_CHAR}){{14}}",
}
PHONE_REGIONS = ("FR", "RE", "GP", "MQ", "GF")


def load_generator():
    spec = importlib.util.spec_from_file_location("fixtures_generate", FIXTURES / "generate.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def committed_notes() -> list[tuple[str, str, dict]]:
    """(id, text, truth) for notes.jsonl and for the plain-text notes."""
    texts = {row["id"]: row["text"] for row in read_jsonl(FIXTURES / "notes.jsonl")}
    rows = [(t["id"], texts[t["id"]], t) for t in read_jsonl(FIXTURES / "notes.truth.jsonl")]
    for truth in read_jsonl(FIXTURES / "notes_txt.truth.jsonl"):
        text = (FIXTURES / "notes" / truth["id"]).read_text(encoding="utf-8")
        rows.append((truth["id"], text, truth))
    return rows


NOTES = committed_notes()


def spans_of(entity_type: str) -> list[str]:
    return [text[s["start"]:s["end"]] for _id, text, truth in NOTES for s in truth["spans"]
            if s["entity_type"] == entity_type]


def test_generator_reproduces_committed_files_byte_for_byte(tmp_path):
    generator = load_generator()
    written = generator.write_fixtures(tmp_path, seed=generator.DEFAULT_SEED, count=generator.DEFAULT_COUNT)
    relative = sorted(str(path.relative_to(tmp_path)) for path in written)
    committed_txt = sorted(f"notes/{p.name}" for p in (FIXTURES / "notes").iterdir())
    assert [r for r in relative if r.startswith("notes/")] == committed_txt
    for name in relative:
        assert (tmp_path / name).read_bytes() == (FIXTURES / name).read_bytes(), (
            f"{name} differs: rerun `python fixtures/generate.py` (or check the Faker version)")


def test_generator_other_seed_differs_and_is_deterministic():
    generator = load_generator()
    first, _ = generator.generate(seed=7, count=20)
    again, _ = generator.generate(seed=7, count=20)
    default, _ = generator.generate(count=20)
    assert [n.text for _i, n in first] == [n.text for _i, n in again]
    assert [n.text for _i, n in first] != [n.text for _i, n in default]


def test_notes_and_truth_share_ids_in_order():
    texts = read_jsonl(FIXTURES / "notes.jsonl")
    truths = read_jsonl(FIXTURES / "notes.truth.jsonl")
    assert [r["id"] for r in texts] == [t["id"] for t in truths]
    assert len({r["id"] for r in texts}) == len(texts) >= 250
    assert len(list((FIXTURES / "notes").glob("*.txt"))) == 5
    assert "synthetic" in (FIXTURES / "README.md").read_text(encoding="utf-8").lower()


def test_spans_in_bounds_sorted_and_not_overlapping():
    bad = []
    for note_id, text, truth in NOTES:
        previous_end = 0
        for span in truth["spans"]:
            covered = text[span["start"]:span["end"]]
            if span["entity_type"] in HEALTH_ENTITIES:
                allowed = TRAIT_CATEGORIES if span["entity_type"] == "SENSITIVE_TRAIT" else HEALTH_CATEGORIES
            else:
                allowed = {None}
            if not (previous_end <= span["start"] < span["end"] <= len(text)) or covered != covered.strip() \
                    or span["category"] not in allowed:
                bad.append((note_id, span))
            previous_end = span["end"]
    assert not bad, bad[:5]


def test_class_and_categories_follow_the_rule():
    bad = []
    for note_id, _text, truth in NOTES:
        types = {s["entity_type"] for s in truth["spans"]}
        expected = "sensitive" if types & HEALTH_ENTITIES else "administrative" if types else "none"
        categories = sorted({s["category"] for s in truth["spans"] if s["category"]})
        if truth["class"] != expected or truth["categories"] != categories:
            bad.append(note_id)
    assert not bad, bad[:5]


def test_every_nir_compacts_to_a_valid_nir():
    values = spans_of("FR_NIR")
    assert values
    for value in values:
        compact = re.sub(r"[ .\-]", "", value)
        assert len(compact) == 15 and nir.is_valid(compact), value


def test_every_rpps_is_11_digits_starting_10_with_luhn_key():
    for value in spans_of("FR_RPPS"):
        assert re.fullmatch(r"10\d{9}", value) and luhn.is_valid(value), value


@pytest.mark.parametrize("entity_type", ["FR_FINESS", "FR_ADELI"])
def test_every_finess_and_adeli_is_9_digits_with_luhn_key(entity_type):
    for value in spans_of(entity_type):
        assert re.fullmatch(r"\d{9}", value) and luhn.is_valid(value), value


def test_every_iban_is_a_valid_french_iban():
    for value in spans_of("IBAN_CODE"):
        assert value.startswith("FR") and iban.is_valid(value), value


def test_every_phone_number_is_valid_for_france_or_overseas():
    for value in spans_of("PHONE_NUMBER"):
        assert any(phonenumbers.is_valid_number(phonenumbers.parse(value, region))
                   for region in PHONE_REGIONS), value


def test_every_email_has_one_at_and_a_domain():
    for value in spans_of("EMAIL_ADDRESS"):
        assert re.fullmatch(r"[a-z0-9._-]+@[a-z0-9-]+(\.[a-z0-9-]+)+", value), value


def test_every_address_has_a_number_and_a_postcode():
    for value in spans_of("ADDRESS"):
        assert re.match(r"\d+", value) and re.search(r"\b\d{5} \S", value), value


def test_each_entity_type_is_covered():
    counts = Counter(s["entity_type"] for _id, _text, truth in NOTES for s in truth["spans"])
    short = {name: counts[name] for name, minimum in MINIMUM_PER_ENTITY.items() if counts[name] < minimum}
    assert not short, short


def test_each_nir_separator_style_is_covered():
    counts = Counter()
    for value in spans_of("FR_NIR"):
        styles = [name for name, pattern in NIR_STYLE_PATTERNS.items() if re.fullmatch(pattern, value)]
        assert len(styles) == 1, value
        counts[styles[0]] += 1
    assert all(counts[name] >= 10 for name in NIR_STYLE_PATTERNS), counts
    assert sum(1 for v in spans_of("FR_NIR") if re.search("[AB]", v)) >= 5  # Corsica 2A/2B


def test_each_class_and_category_is_covered():
    classes = Counter(truth["class"] for _id, _text, truth in NOTES)
    assert classes["none"] >= 30 and classes["administrative"] >= 30 and classes["sensitive"] >= 100
    categories = Counter(c for _id, _text, truth in NOTES for c in truth["categories"])
    assert all(categories[c] >= 10 for c in HEALTH_CATEGORIES), categories
    assert all(categories[c] >= 3 for c in TRAIT_CATEGORIES), categories
