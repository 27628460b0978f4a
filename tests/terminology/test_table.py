"""The compiled terminology table: fresh, guarded, and matched word by word like a brute force."""

import gzip
import os
import pickle
import random
import shutil

import pytest

from scanner.terminology.matcher import TermMatcher
from scanner.terminology.normalize import normalize
from scanner.terminology.table import (
    COMPILED,
    DATA_DIR,
    SOURCES,
    Term,
    compile_table,
    load_table,
    plural_variants,
    read_terms,
)


@pytest.fixture(scope="module")
def built():
    return compile_table(DATA_DIR)


@pytest.fixture
def data_copy(tmp_path):
    for name in (*SOURCES, COMPILED):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    return tmp_path


def test_shipped_table_is_what_the_data_files_compile_to(built):
    # Fails when a data file was edited without `python -m scanner.terminology.build_data --table-only`.
    with gzip.open(DATA_DIR / COMPILED) as fp:
        shipped = pickle.load(fp)
    assert shipped == built
    assert load_table(DATA_DIR) == built


def _corrupt_gzip(raw: bytes) -> bytes:
    middle = len(raw) // 2
    return raw[:middle] + bytes(b ^ 0xFF for b in raw[middle : middle + 64]) + raw[middle + 64 :]


def _rewrite(path, change):
    """Write the table back changed, with its digest still right (damage past the digest)."""
    with gzip.open(path) as fp:
        table = pickle.load(fp)
    path.write_bytes(gzip.compress(pickle.dumps(change(table))))


@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param(lambda path: path.unlink(), id="missing"),
        pytest.param(lambda path: path.write_bytes(b"not gzip at all"), id="not-gzip"),
        pytest.param(lambda path: path.write_bytes(gzip.compress(b"\x80\x05junk")), id="not-pickle"),
        pytest.param(lambda path: path.write_bytes(gzip.compress(pickle.dumps({"sources": "0" * 64}))), id="no-keys"),
        pytest.param(lambda path: path.write_bytes(gzip.compress(pickle.dumps(Term("X", "y", None, "")))), id="a-class"),
        pytest.param(lambda path: path.write_bytes(_corrupt_gzip(path.read_bytes())), id="corrupt-gzip"),
        pytest.param(lambda path: path.write_bytes(gzip.compress(b"\x80\x09junk.")), id="future-protocol"),
        pytest.param(lambda path: _rewrite(path, lambda t: {**t, "terms": [1, 2]}), id="terms-not-tuples"),
        pytest.param(lambda path: _rewrite(path, lambda t: {**t, "terms": [x[:4] for x in t["terms"]]}), id="terms-short"),
        pytest.param(lambda path: _rewrite(path, lambda t: {**t, "index": []}), id="index-not-dict"),
        pytest.param(lambda path: _rewrite(path, lambda t: {**t, "index": {"diabete": 10**9}}), id="index-out-of-range"),
        pytest.param(lambda path: _rewrite(path, lambda t: {**t, "index": {("a",): 3}}), id="index-key-not-str"),
    ],
)
def test_unusable_table_is_built_from_the_data_files(data_copy, built, spoil):
    spoil(data_copy / COMPILED)
    assert load_table(data_copy) == built


def test_table_refuses_to_call_anything(data_copy, built):
    # A pickle naming a callable (here os.mkdir) is refused before the call.
    marker = data_copy / "called"

    class Call:
        def __reduce__(self):
            return (os.mkdir, (str(marker),))

    (data_copy / COMPILED).write_bytes(gzip.compress(pickle.dumps({"sources": Call()})))
    assert load_table(data_copy) == built
    assert not marker.exists()


@pytest.mark.parametrize(
    "line, text, expected",
    [
        ("zorglubite aigue\tDIAGNOSIS\tother_health\t\t\tvigie test", "Zorglubites aiguës connues.", "Zorglubites aiguës"),
        ("Zorgluxine\tMEDICATION\tother_health\t\t\tvigie test", "Sous ZORGLUXINE depuis mars.", "ZORGLUXINE"),  # no dose after it
    ],
)
def test_edited_data_is_never_ignored(data_copy, line, text, expected):
    # The copy's compiled table is now older than its lexicon: the matcher builds from the data.
    with (data_copy / "lexicon.tsv").open("a", encoding="utf-8") as fp:
        fp.write(line + "\n")  # term, entity, category, code, rule, source
    assert [text[h.start : h.end] for h in TermMatcher(data_copy).find(text)] == [expected]
    assert TermMatcher(DATA_DIR).find(text) == []


def _brute_force(matcher, keys, folded):
    """Every run of whole words that is a key, by start then longest first."""
    words = folded.split(" ")
    starts = [sum(len(w) + 1 for w in words[:i]) for i in range(len(words))]
    found = []
    for i in range(len(words)):
        for j in range(len(words), i, -1):
            gram = " ".join(words[i:j])
            if gram in keys:
                found.append((starts[i], starts[i] + len(gram), matcher._terms[keys[gram]]))
    return found


@pytest.fixture(scope="module")
def keys():
    """Every spelling of the data files -> its term's index; each plural that is not a term
    -> the term it changes fewest words of (then the first such term)."""
    terms = list(read_terms(DATA_DIR))
    keys = {folded: i for i, folded in enumerate(terms)}
    claimants = {}
    for i, folded in enumerate(terms):
        for variant in plural_variants(folded):
            if variant not in keys:
                changed = len(set(enumerate(folded.split(" "))) - set(enumerate(variant.split(" "))))
                claimants.setdefault(variant, []).append((changed, i))
    return keys | {variant: min(claims)[1] for variant, claims in claimants.items()}


@pytest.mark.parametrize(
    "text, code, category",
    [
        ("troubles du sommeils", "G47", "mental_health"),  # not G47.9, "trouble du sommeil"
        ("anomalies du placentas", "O43", "reproductive"),  # not O43.9, "anomalie du placenta"
        ("troubles du sommeil", "G47", "mental_health"),
        ("trouble du sommeil", "G47.9", "other_health"),
    ],
)
def test_plural_shared_by_two_terms_goes_to_the_closest(text, code, category):
    [hit] = TermMatcher().find(text)
    assert (hit.term.code, hit.term.category) == (code, category)


def test_index_codes_every_key_and_every_start_of_one(built, keys):
    index = built["index"]
    starts = {" ".join(key.split(" ")[:n]) for key in keys for n in range(1, key.count(" ") + 1)}
    assert {gram: code // 2 - 1 for gram, code in index.items() if code > 1} == keys
    assert {gram for gram, code in index.items() if code % 2} == starts
    assert set(index) == set(keys) | starts


def test_candidates_are_every_key_on_whole_words(keys):
    matcher = TermMatcher()
    rng = random.Random(7)
    sample = rng.sample(sorted(keys), 400)
    words = sorted({w for key in sample for w in key.split(" ")})
    texts = [" ".join(rng.choice(sample) for _ in range(5)) for _ in range(100)]
    texts += [" ".join(rng.choice(words) for _ in range(30)) for _ in range(200)]
    for text in texts:
        folded = normalize(text)[0]
        assert matcher.candidates(folded) == _brute_force(matcher, keys, folded), text
