"""The fast cell path gives exactly Presidio's results, and never skips a cell that matches."""

import json
from pathlib import Path

import pytest
from presidio_analyzer import PatternRecognizer

from scanner.detect.cells import cell_checker
from scanner.engine import build_recognizers
from scanner.compat.fast_patterns import FastPatternRunner
from scanner.models import ReadError
from scanner.readers import read_records

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
RUNNERS = [c for c in map(cell_checker, build_recognizers()) if isinstance(c, FastPatternRunner)]


def fixture_texts():
    texts = [json.loads(line)["text"] for line in (FIXTURES / "notes.jsonl").read_text().splitlines()]
    for item in read_records(FIXTURES / "tables" / "patients.csv"):
        if not isinstance(item, ReadError):
            texts.extend(item.fields.values())
    return texts + [
        "1 85 05 2A 006 084", "2A 123 456 7", "+33 6 12 34 56", "premier mai 2001", "1/3/65",
        "3 bis rue X", "N0170", "", "   ", "12", "a@b.fr",
    ]


TEXTS = fixture_texts()


def as_tuples(results):
    return sorted((r.entity_type, r.start, r.end, round(r.score, 6)) for r in results)


def presidio(recognizer: PatternRecognizer, text: str):
    """Presidio's own ``PatternRecognizer.analyze`` (vigie's recognizers override it)."""
    results = PatternRecognizer.analyze(recognizer, text, recognizer.supported_entities, None)
    rescore = getattr(recognizer, "rescore", None)
    return rescore(text, results) if rescore else results


@pytest.mark.parametrize("runner", RUNNERS, ids=lambda r: r.recognizer.name)
def test_fast_runner_gives_presidio_results(runner):
    for text in TEXTS:
        assert as_tuples(runner.analyze(text)) == as_tuples(presidio(runner.recognizer, text)), text


@pytest.mark.parametrize("runner", RUNNERS, ids=lambda r: r.recognizer.name)
def test_recognizers_analyze_gives_presidio_results(runner):
    """In notes, the recognizers' own ``analyze`` (run by the analyzer engine) is the fast loop."""
    recognizer = runner.recognizer
    for text in TEXTS:
        ours = recognizer.analyze(text, recognizer.supported_entities, None)
        assert as_tuples(ours) == as_tuples(presidio(recognizer, text)), text


@pytest.mark.parametrize("runner", RUNNERS, ids=lambda r: r.recognizer.name)
def test_fast_runner_never_skips_a_cell_that_matches(runner):
    """MIN_DIGITS and NEEDS_LETTER are lower bounds: every match satisfies them."""
    for text in TEXTS:
        for result in runner.analyze(text):
            found = text[result.start : result.end]
            digits = sum(c.isdigit() for c in found)
            assert runner.can_match(found, digits, any(c.isalpha() for c in found)), found


def as_spans(results):
    return [(r.start, r.end, r.score) for r in results]


@pytest.mark.parametrize("runner", RUNNERS, ids=lambda r: r.recognizer.name)
def test_spans_are_presidio_results_in_presidio_order(runner):
    for text in TEXTS:
        assert runner.spans(text) == as_spans(presidio(runner.recognizer, text)), text


@pytest.mark.parametrize("seed", range(40))
def test_remove_duplicate_spans_is_presidio_remove_duplicates(seed):
    """Random overlapping spans, with repeats, zero and equal scores."""
    import random

    from presidio_analyzer import EntityRecognizer, RecognizerResult

    from scanner.compat.fast_patterns import remove_duplicate_spans

    rng = random.Random(seed)
    spans = []
    for _ in range(rng.randint(2, 9)):
        start = rng.randint(0, 12)
        spans.append((start, start + rng.randint(1, 8), rng.choice([0.0, 0.3, 0.5, 0.7, 1.0])))
    spans += rng.sample(spans, 2)
    results = [RecognizerResult("X", start, end, score) for start, end, score in spans]
    assert remove_duplicate_spans(spans) == as_spans(EntityRecognizer.remove_duplicates(results))


CELL_LIKE = ["12/03/1965", "1945-08-24", "06 12 34 56 78", "+33 6 12 34 56 78", "185057800608491", "a.b@example.fr",
             "1er mars 2001", "3 bis rue X", "10000000009", "2A 004", "0692 12 34 56"]


@pytest.mark.parametrize("seed", range(6))
def test_ascii_twins_match_as_presidio_patterns_on_ascii_text(seed):
    """Every pattern has a stdlib ``re`` twin, and on ASCII text (control characters
    included) both find the same matches: random text, cell-like text, and cell-like text
    with a random character inserted."""
    import random

    rng = random.Random(seed)
    every_ascii = [chr(i) for i in range(128)]
    texts = []
    for _ in range(1500):
        kind = rng.random()
        if kind < 0.4:
            text = "".join(rng.choice("0123456789 ./-+@abcfjlmoruvASDEFZ\x1c\t") for _ in range(rng.randint(1, 25)))
        elif kind < 0.7:
            text = "".join(rng.choice(every_ascii) for _ in range(rng.randint(1, 25)))
        else:
            text = rng.choice(CELL_LIKE)
            place = rng.randint(0, len(text))
            text = text[:place] + rng.choice(every_ascii) + text[place:]
        texts.append(text)
    for runner in RUNNERS:
        for _, pattern, twin in runner.patterns:
            assert twin is not None, pattern.pattern
            for text in texts:
                assert [m.span() for m in twin.finditer(text)] == [m.span() for m in pattern.finditer(text)], (
                    runner.recognizer.name, pattern.pattern, text)


def test_a_recognizer_that_rescores_must_say_how_per_span():
    """A ``rescore`` the runner cannot apply span by span is refused, not silently skipped."""
    from presidio_analyzer import Pattern

    class Rescoring(PatternRecognizer):
        def rescore(self, text, results):
            return results

    recognizer = Rescoring(supported_entity="X", patterns=[Pattern("x", r"\d+", 0.5)], supported_language="fr")
    with pytest.raises(TypeError, match="rescore_span"):
        FastPatternRunner(recognizer)


def _usual_cells(name: str, rng) -> list[str]:
    """Random cells of a recognizer's usual forms, about half with a valid key or date."""
    from stdnum import luhn

    digits = lambda n: "".join(rng.choice("0123456789") for _ in range(n))  # noqa: E731
    cells = []
    for _ in range(1500):
        if name == "FrNirRecognizer":
            body = rng.choice("12478") + digits(12)
            key = 97 - int(body) % 97 if rng.random() < 0.5 else rng.randint(0, 99)
            cells.append(f"{body}{key:02d}")
        elif name == "FrRppsRecognizer":
            body = digits(10)
            cells.append(body + (luhn.calc_check_digit(body) if rng.random() < 0.5 else digits(1)))
        elif name == "FrPhoneRecognizer":
            sep = rng.choice(["", " ", "."])
            seps = [""] if sep == "" else [sep, sep, " ", "."]  # groups all separated, or none
            cells.append("0" + rng.choice("123456789") + "".join(rng.choice(seps) + digits(2) for _ in range(4)))
        elif name == "FrDateRecognizer":
            day, month, year = rng.randint(1, 31), rng.randint(1, 12), rng.randint(1900, 2099)
            cells.append(f"{day:02d}/{month:02d}/{year}" if rng.random() < 0.5 else f"{year}-{month:02d}-{day:02d}")
        elif name == "OfflineEmailRecognizer":
            word = lambda: "".join(rng.choice("abcdez0189") for _ in range(rng.randint(1, 6)))  # noqa: E731
            local = word() + "".join(rng.choice("._-") + word() for _ in range(rng.randint(0, 2)))
            domain = ".".join(word() for _ in range(rng.randint(1, 2)))
            cells.append(f"{local}@{domain}.{rng.choice(['fr', 'com', 'xyz', 'zz', 'localdomain', 'co'])}")
    return cells


USUAL = [runner for runner in RUNNERS if runner.usual_form is not None]


def test_usual_forms_are_declared_where_cells_have_them():
    assert sorted(r.recognizer.name for r in USUAL) == [
        "FrDateRecognizer", "FrNirRecognizer", "FrPhoneRecognizer", "FrRppsRecognizer", "OfflineEmailRecognizer",
    ]


@pytest.mark.parametrize("runner", USUAL, ids=lambda r: r.recognizer.name)
def test_a_cell_in_a_usual_form_gets_presidio_results_without_the_pattern_loop(runner):
    """The claim of ``USUAL_FORMS``: Presidio finds nothing, or one result that is the
    whole cell; the shortcut gives exactly that, valid keys and dates or not."""
    import random

    cells = _usual_cells(runner.recognizer.name, random.Random(runner.recognizer.name))
    found = 0
    for text in cells:
        assert runner.usual_form.fullmatch(text), text
        expected = presidio(runner.recognizer, text)
        assert all((r.start, r.end) == (0, len(text)) for r in expected) and len(expected) <= 1, text
        assert as_tuples(runner.analyze(text)) == as_tuples(expected), text
        found += bool(expected)
    assert 0.3 * len(cells) < found <= len(cells)


@pytest.mark.parametrize("runner", USUAL, ids=lambda r: r.recognizer.name)
def test_usual_scores_of_a_column_are_those_of_each_cell(runner):
    """A column's cells validated together (``validate_results``, ``rescore_spans``) score
    as each cell alone; cells in no usual form (None alone) are left out."""
    import random

    rng = random.Random(7)
    cells = _usual_cells(runner.recognizer.name, rng) + TEXTS
    rng.shuffle(cells)
    alone = {text: runner.usual_score(text) for text in cells}
    assert runner.usual_scores_many(cells) == {text: score for text, score in alone.items() if score is not None}
    assert sum(score is None for score in alone.values()) >= len(TEXTS) // 2 and sum(map(bool, alone.values())) > 500
