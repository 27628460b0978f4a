"""The committed terminology data files: shape, categories and codes are consistent."""

from pathlib import Path

import pytest

from scanner.terminology import HEALTH_CATEGORIES, TRAIT_CATEGORIES, is_icd10_code
from scanner.terminology.table import DATA_DIR, read_tsv

ENTITY_CATEGORIES = {
    "DIAGNOSIS": set(HEALTH_CATEGORIES),
    "MEDICATION": set(HEALTH_CATEGORIES),
    "SENSITIVE_TRAIT": set(TRAIT_CATEGORIES),
    "NON_CLINICAL": {"none"},
}


@pytest.fixture(scope="module")
def lexicon():
    return read_tsv(DATA_DIR / "lexicon.tsv")


def test_lexicon_rows_have_known_entity_category_and_rule(lexicon):
    assert len(lexicon) > 300
    for row in lexicon:
        assert row["category"] in ENTITY_CATEGORIES[row["entity"]], row
        assert row["rule"] in {"", "U", "C"}, row
        assert row["source"], row


def test_lexicon_diagnosis_codes_exist_in_cim10(lexicon):
    bad = [r["term"] for r in lexicon if r["entity"] == "DIAGNOSIS" and r["code"] and not is_icd10_code(r["code"])]
    assert bad == []


def test_lexicon_covers_every_category(lexicon):
    seen = {(r["entity"], r["category"]) for r in lexicon}
    for category in HEALTH_CATEGORIES:
        assert ("DIAGNOSIS", category) in seen
    for category in TRAIT_CATEGORIES:
        assert ("SENSITIVE_TRAIT", category) in seen


@pytest.mark.parametrize("name", ["diagnosis_terms.tsv.gz", "medication_terms.tsv.gz"])
def test_derived_terms_are_folded_and_categorised(name):
    rows = read_tsv(DATA_DIR / name)
    assert len(rows) > 5000
    for row in rows:
        assert row["term"] == row["term"].lower().strip() and row["term"].isascii()
        assert row["category"] in HEALTH_CATEGORIES and row["rule"] in {"", "U", "C"}


def test_data_files_stay_small():
    total = sum(p.stat().st_size for p in Path(DATA_DIR).iterdir())
    assert total < 3_000_000
