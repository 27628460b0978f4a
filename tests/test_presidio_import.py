"""Presidio imported through vigie's hook: same URL recognizer, validation and hooks restored."""

import importlib.util
import json
import subprocess
import sys

import pytest

from scanner.compat import presidio_import

CHILD = """
import json, sys
before = list(sys.meta_path)
if sys.argv[1] == "hooked":
    import scanner.engine
import presidio_analyzer
from presidio_analyzer import Pattern
module = sys.modules[%r]
texts = ["Voir www.doctolib.fr ou https://sante.gouv.fr/actu.", "Mail: 'ameli.fr' ; rien ici", "x.y.z"]
patterns = [vars(p).copy() for p in module.UrlRecognizer.PATTERNS]  # before any use compiles them
recognizer = module.UrlRecognizer()
try:
    Pattern("broken", "(", 0.5)
    validates = False
except ValueError:
    validates = True
print(json.dumps({
    "loader": type(module.__loader__).__name__,
    "patterns": patterns,
    "found": [[(r.start, r.end, r.score) for r in recognizer.analyze(t, ["URL"])] for t in texts],
    "validates": validates,
    "meta_path_restored": sys.meta_path == before,
    "source": len(module.__loader__.get_source(module.__name__)),
}))
""" % presidio_import.URL_MODULE


def _child(kind: str) -> dict:
    out = subprocess.run([sys.executable, "-c", CHILD, kind], check=True, capture_output=True, text=True)
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def imports():
    return {kind: _child(kind) for kind in ("hooked", "plain")}


def test_vigie_imports_presidio_through_the_hook(imports):
    assert imports["hooked"]["loader"] == "UnvalidatedLoader"
    assert imports["plain"]["loader"] == "SourceFileLoader"
    assert imports["hooked"]["meta_path_restored"] and imports["plain"]["meta_path_restored"]
    assert imports["hooked"]["source"] == imports["plain"]["source"] > 0


def test_hooked_import_gives_the_same_url_recognizer(imports):
    hooked, plain = imports["hooked"], imports["plain"]
    assert len(hooked["patterns"]) == 4
    assert hooked["patterns"] == plain["patterns"]
    assert hooked["found"] == plain["found"]
    assert hooked["found"][0], "the URL recognizer still finds URLs"


def test_pattern_validation_is_restored(imports):
    assert imports["hooked"]["validates"] and imports["plain"]["validates"]


@pytest.mark.parametrize(
    "fullname, checked_sha, hooked",
    [
        (presidio_import.URL_MODULE, presidio_import.URL_SHA256, True),
        (presidio_import.URL_MODULE, "0" * 64, False),  # another Presidio: imported as is
        ("presidio_analyzer.predefined_recognizers.generic.email_recognizer", presidio_import.URL_SHA256, False),
        ("json", presidio_import.URL_SHA256, False),
    ],
)
def test_finder_hooks_only_the_checked_url_module(monkeypatch, fullname, checked_sha, hooked):
    presidio_import.import_presidio()
    monkeypatch.setattr(presidio_import, "URL_SHA256", checked_sha)
    package = sys.modules[fullname.rpartition(".")[0]] if "." in fullname else None
    finder = presidio_import.url_recognizer_hook()
    spec = finder.find_spec(fullname, package and package.__path__)
    assert (spec is not None) == hooked
    if hooked:
        assert isinstance(spec.loader, presidio_import.UnvalidatedLoader)
        assert finder.find_spec(fullname, package.__path__) is None  # one shot


PROBE = """
from presidio_analyzer import Pattern
try:
    Pattern("broken", "(", 0.5)
    SUSPENDED = True
except Exception:
    SUSPENDED = False
if FAIL:
    raise RuntimeError("the module failed")
"""


@pytest.mark.parametrize(
    "fail, checked_pattern, suspended",
    [
        (False, True, True),
        (True, True, True),  # validation is back even when the module raises
        (False, False, False),  # another Pattern: the module is run as is
    ],
)
def test_loader_suspends_validation_only_while_the_module_runs(tmp_path, monkeypatch, fail, checked_pattern, suspended):
    from presidio_analyzer.pattern import Pattern

    if not checked_pattern:
        monkeypatch.delattr(Pattern, "_Pattern__validate_regex")
    path = tmp_path / "probe.py"
    path.write_text(f"FAIL = {fail}\n" + PROBE, encoding="utf-8")
    loader = presidio_import.UnvalidatedLoader("probe", str(path))
    module = importlib.util.module_from_spec(importlib.util.spec_from_file_location("probe", path, loader=loader))
    if fail:
        with pytest.raises(RuntimeError):
            loader.exec_module(module)
    else:
        loader.exec_module(module)
    assert module.SUSPENDED == suspended
    if checked_pattern:
        with pytest.raises(ValueError):
            Pattern("broken", "(", 0.5)


@pytest.mark.parametrize("regex, valid", [(r"\b\d{5}\b", True), (r"(\d{5}", False), (r"[a-z", False)])
def test_vigie_patterns_made_unvalidated_are_compiled_when_their_recognizer_is_built(regex, valid):
    """vigie's recognizers are imported with Pattern validation suspended (start-up): a
    pattern that does not compile still stops the engine, when its recognizer is built."""
    from presidio_analyzer import Pattern

    from recognizers import FrUrlRecognizer

    with presidio_import.unvalidated_patterns("test"):
        pattern = Pattern("lien", regex, 0.6)

    class LinkRecognizer(FrUrlRecognizer):
        PATTERNS = [pattern]

    if valid:
        assert LinkRecognizer().runner.patterns[0][1].pattern == regex
    else:
        with pytest.raises(Exception, match="missing|unterminated|error"):
            LinkRecognizer()
