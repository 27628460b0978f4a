"""Presidio imported through vigie's hook: same URL recognizer, validation restored."""

import json
import subprocess
import sys

import pytest

from scanner import presidio_import

CHILD = """
import json, sys
if sys.argv[1] == "hooked":
    import scanner
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
    "hooks_left": [type(f).__name__ for f in sys.meta_path if type(f).__name__ == "UrlRecognizerFinder"],
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
    assert imports["hooked"]["hooks_left"] == []


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
    monkeypatch.setattr(presidio_import, "URL_SHA256", checked_sha)
    package = sys.modules[fullname.rpartition(".")[0]] if "." in fullname else None
    spec = presidio_import.UrlRecognizerFinder().find_spec(fullname, package and package.__path__)
    assert (spec is not None) == hooked
    if hooked:
        assert isinstance(spec.loader, presidio_import.UnvalidatedLoader)
