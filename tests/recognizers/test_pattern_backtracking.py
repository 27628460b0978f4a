"""Every pattern of the analyzer runs in linear time on repeated fragments.

A pattern whose parts can split the same characters in many ways (a hyphen that is both
part of a word and a separator between words) backtracks without end on a cell such as
"'--NULL'--NULL...": a scan or a redaction then hangs on one record. Each case repeats a
fragment 400 times (a few thousand characters); a linear pattern takes milliseconds, so
the alarm only fires on a runaway one.
"""

import re
import signal

import pytest

FRAGMENTS = ["'--NULL", "-A", "A-", "'A", "A ", "A-B ", "- A", "Sur A", "A a ", " de A", "1 ", "1-",
             "12 ", "01.", "1A", "N° 1", "a.", "A.", "@a.", "a@", "0 "]
SECONDS = 5


class Runaway(Exception):
    pass


def _patterns(analyzer):
    for recognizer in analyzer.registry.recognizers:
        for pattern in getattr(recognizer, "patterns", None) or []:
            yield recognizer.name, pattern


def _alarm(signum, frame):
    raise Runaway


@pytest.mark.parametrize("fragment", FRAGMENTS)
def test_no_pattern_backtracks_on_repeated_fragments(analyzer, fragment):
    text = fragment * 400
    previous = signal.signal(signal.SIGALRM, _alarm)
    runaway = []
    try:
        for name, pattern in _patterns(analyzer):
            compiled = re.compile(pattern.regex, re.IGNORECASE | re.MULTILINE | re.DOTALL)
            signal.setitimer(signal.ITIMER_REAL, SECONDS)
            try:
                for _ in compiled.finditer(text):
                    pass
            except Runaway:
                runaway.append(f"{name}: {pattern.name}")
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
    finally:
        signal.signal(signal.SIGALRM, previous)
    assert runaway == []
