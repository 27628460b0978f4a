"""Long free texts are analysed in windows: an entity on a cut is found once, in place."""

import random

import pytest

from scanner.detect.spans import ScoredSpan, resolve_overlaps
from scanner.detect.windows import WINDOW_OVERLAP, WINDOW_SIZE, text_windows
from tests.hostile.harness import nir_with_key

# One long line, as a note pasted without line breaks: the cut then falls between words,
# possibly inside a value with blanks ("06 12 34 56 78").
FILLER = "revu en consultation, état stable, poursuite du traitement habituel; "
FIRST_CUT = WINDOW_SIZE - 2 * WINDOW_OVERLAP
"""Where the first window's own part should end (before moving back to a blank)."""

NIR = nir_with_key("2630397154375")
WRONG_KEY_NIR = "1 85 05 78 006 084 00"

# (text around the cut, the value in it, its entity type, characters of it before the cut)
BOUNDARY_CASES = [
    (f"NIR {NIR[:1]} {NIR[1:3]} {NIR[3:5]} {NIR[5:7]} {NIR[7:10]} {NIR[10:13]} {NIR[13:]}",
     f"{NIR[:1]} {NIR[1:3]} {NIR[3:5]} {NIR[5:7]} {NIR[7:10]} {NIR[10:13]} {NIR[13:]}", "FR_NIR", 9),
    ("tél 06 12 34 56 78", "06 12 34 56 78", "PHONE_NUMBER", 7),
    ("vue avec Mme Camille ROUX", "Camille ROUX", "PERSON", 9),
    ("écrire à camille.roux@example.fr", "camille.roux@example.fr", "EMAIL_ADDRESS", 0),
    # A low-score NIR (wrong key) counts only with its context words, read before the cut.
    (f"numéro de sécurité sociale : {WRONG_KEY_NIR}", WRONG_KEY_NIR, "FR_NIR", 1),
    ("domicile 12 rue des Lilas 75011 Paris", "12 rue des Lilas 75011 Paris", "ADDRESS", 14),
]


def _note_with_cut_inside(around: str, value: str, before_cut: int) -> tuple[str, int]:
    """A long one-line note whose first window cut falls ``before_cut`` characters into
    ``value`` (or right before it when 0), and where ``value`` starts."""
    start = FIRST_CUT - before_cut
    head = (FILLER * (start // len(FILLER) + 1))[: start - around.index(value)]
    head = head[:-1] + " "  # a blank before the value's context
    text = head + around + " " + FILLER * 40
    return text, len(head) + around.index(value)


@pytest.mark.parametrize(("around", "value", "entity_type", "before_cut"), BOUNDARY_CASES)
def test_analyze_texts_finds_an_entity_on_a_window_cut_once(detector, around, value, entity_type, before_cut):
    text, start = _note_with_cut_inside(around, value, before_cut)
    windows = text_windows(text)
    assert len(windows) == 2
    cut = windows[0].own_end
    assert start <= cut < start + len(value)  # the premise: the cut is on the value
    [results] = detector.analyze_texts([text])
    found = [(r.start, r.end) for r in results if r.entity_type == entity_type]
    assert found == [(start, start + len(value))]
    assert text[start : start + len(value)] == value


def test_analyze_texts_gives_a_long_text_the_results_of_its_parts(detector):
    """Notes far from any cut get, inside a long text, the results they get alone."""
    notes = [f"Mme Léa MARTIN, née le 0{d}/03/1961, tél 06 12 34 56 7{d}.\nNIR {NIR}\n" for d in range(1, 10)]
    spacer = FILLER * 20 + "\n"  # 1,380 characters
    text = spacer.join(notes)
    assert len(text_windows(text)) >= 2
    [whole] = detector.analyze_texts([text])
    expected = []
    offset = 0
    for note, results in zip(notes, detector.analyze_texts(notes)):
        expected += [(r.entity_type, r.start + offset, r.end + offset) for r in results]
        offset += len(note) + len(spacer)
    assert [(r.entity_type, r.start, r.end) for r in whole] == expected


@pytest.mark.parametrize(
    ("text", "size", "overlap"),
    [
        ("", 100, 10),
        ("court", WINDOW_SIZE, WINDOW_OVERLAP),
        ("x" * 25_000, WINDOW_SIZE, WINDOW_OVERLAP),  # no blank: hard cuts
        ("a " * 5_000, WINDOW_SIZE, WINDOW_OVERLAP),  # exactly one window's size
        ((FILLER * 400), WINDOW_SIZE, WINDOW_OVERLAP),
        (("Mme ROUX vue ce jour.\n" * 3000), WINDOW_SIZE, WINDOW_OVERLAP),
        (("a b. " * 70), 80, 20),
    ],
)
def test_text_windows_cover_the_text_once_within_the_size(text, size, overlap):
    windows = text_windows(text, size, overlap)
    assert (len(windows) == 1) == (len(text) <= size)
    assert windows[0].own_start == 0 and windows[-1].own_end == len(text)
    assert all(a.own_end == b.own_start for a, b in zip(windows, windows[1:]))
    for window in windows:
        assert window.end - window.start <= size
        assert window.own_start == 0 or window.own_start - window.start >= overlap // 2
        assert window.own_end == len(text) or window.end - window.own_end >= overlap // 2


def test_text_windows_cut_after_a_line_break_when_there_is_one():
    text = ("Mme ROUX vue ce jour, état stable. " * 10 + "\n") * 100
    for window in text_windows(text)[1:]:
        assert text[window.own_start - 1] == "\n"


def test_resolve_overlaps_keeps_what_comparing_every_pair_keeps():
    """The bisecting version against the reference rule (each span against every kept one)."""
    rng = random.Random(16)
    spans = [ScoredSpan(start, start + rng.randint(0, 30), rng.choice([0.4, 0.6, 0.85, 1.0]))
             for start in (rng.randint(0, 3_000) for _ in range(2_000))]
    ranked = sorted(spans, key=lambda s: (-s.score, -(s.end - s.start), s.start))
    reference: list[ScoredSpan] = []
    for span in ranked:
        if all(span.end <= k.start or span.start >= k.end for k in reference):
            reference.append(span)
    assert resolve_overlaps(spans) == sorted(reference, key=lambda s: (s.start, s.end))
