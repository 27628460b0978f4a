"""Presidio's analyzer engine, with its per-recognizer context step done in one pass.

``AnalyzerEngine._enhance_using_context`` hands each recognizer its own results and the
others' (``EntityRecognizer.enhance_using_context``) by filtering all of a text's results
twice per recognizer: with vigie's 30 recognizers and a note's ten results, about 50 µs
a note, growing with every recognizer added. ``FrenchAnalyzerEngine`` groups the results
by recognizer once, and builds the others' results only for a recognizer that overrides
that method (none of vigie's does; Presidio's own returns its results as they are). The
results come out in the same order, so every later step is unchanged
(``tests/test_engine.py`` compares both on the fixture notes).

Guard: the source of Presidio's method is the one checked (sha256 below); for any other,
Presidio's own method runs, with one warning (``scanner.compat.warn_slow_path``).
"""

from __future__ import annotations

import functools
import hashlib
import inspect

from scanner.compat.presidio_import import import_presidio

import_presidio()  # before Presidio's first import: see scanner.compat.presidio_import

from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerResult

from scanner.compat import warn_slow_path

PATCH = "one-pass context step of Presidio's analyzer engine"
ENHANCE_SHA256 = "8ea32894a406562da318707a151bd4a8ee25bede3d66b7723ee97e72741381a7"
"""sha256 of the source of ``AnalyzerEngine._enhance_using_context`` in presidio-analyzer 2.2.366."""


@functools.cache
def one_pass_context_step() -> bool:
    """Whether Presidio's context step is the checked one (else one warning, and False).

    >>> one_pass_context_step()
    True
    """
    try:
        source = inspect.getsource(AnalyzerEngine._enhance_using_context)
    except (OSError, TypeError, AttributeError):
        source = ""
    if hashlib.sha256(source.encode()).hexdigest() != ENHANCE_SHA256:
        warn_slow_path(PATCH, "presidio's AnalyzerEngine._enhance_using_context differs from the checked source")
        return False
    return True


class FrenchAnalyzerEngine(AnalyzerEngine):
    """Presidio's ``AnalyzerEngine``, its context step in one pass over the results."""

    def _enhance_using_context(self, text, raw_results, nlp_artifacts, recognizers, context=None):
        """Presidio's context step: each recognizer's ``enhance_using_context`` on its own
        results, in the order of ``recognizers``, then the context-aware enhancer."""
        if not one_pass_context_step():
            return super()._enhance_using_context(text, raw_results, nlp_artifacts, recognizers, context)
        key = RecognizerResult.RECOGNIZER_IDENTIFIER_KEY
        by_recognizer: dict[str, list[RecognizerResult]] = {}
        for result in raw_results:
            by_recognizer.setdefault(result.recognition_metadata[key], []).append(result)
        results = []
        for recognizer in recognizers:
            recognizer_id = recognizer.id
            own = by_recognizer.get(recognizer_id, [])
            if type(recognizer).enhance_using_context is EntityRecognizer.enhance_using_context:
                results.extend(own)  # Presidio's own returns them as they are
                continue
            others = [r for r in raw_results if r.recognition_metadata[key] != recognizer_id]
            results.extend(recognizer.enhance_using_context(
                text=text, raw_recognizer_results=list(own), other_raw_recognizer_results=others,
                nlp_artifacts=nlp_artifacts, context=context,
            ))
        return self.context_aware_enhancer.enhance_using_context(
            text=text, raw_results=results, nlp_artifacts=nlp_artifacts, recognizers=recognizers, context=context
        )
