"""The shapes shared by detection, classification and the report, without Presidio."""

import subprocess
import sys


def test_classify_and_its_doctests_load_no_detector():
    """``scanner.classify`` depends on ``scanner.models`` only: a fresh process that imports
    it and runs its doctests loads neither the detector nor an NLP library."""
    code = (
        "import doctest, sys, scanner.classify\n"
        "assert doctest.testmod(scanner.classify).attempted > 0\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('presidio_analyzer', 'spacy') or m == 'scanner.detect'))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "[]"


def test_a_pickled_finding_keeps_every_field():
    """``Finding.__reduce__`` lists the fields by hand (for speed): a field added to the class
    and not to it would be lost when findings cross to a worker process."""
    import dataclasses
    import pickle

    from scanner.models import Finding

    names = [f.name for f in dataclasses.fields(Finding)]
    values = {name: (i if name in ("start", "end") else 0.5 if name == "score" else f"v{i}") for i, name in enumerate(names)}
    finding = Finding(**values)
    again = pickle.loads(pickle.dumps(finding, protocol=pickle.HIGHEST_PROTOCOL))
    assert {name: getattr(again, name) for name in names} == values
