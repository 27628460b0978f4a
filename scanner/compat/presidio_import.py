"""Import Presidio without validating its URL recognizer's patterns (0.3 to 0.5 s).

Why this exists
---------------
``import presidio_analyzer`` imports every predefined recognizer. One of them,
``UrlRecognizer``, builds four ``Pattern`` objects at class definition on an
alternation of about 1,500 top-level domains, and ``Pattern.__init__`` compiles each
regex (with the ``regex`` module) only to check that it is valid, then drops it. That
is a third of the time it takes to import Presidio, and a sixth of vigie's start-up,
for a recognizer vigie never runs.

What it changes
---------------
``import_presidio()`` imports Presidio with a one-shot import hook on ``sys.meta_path``
(``scanner.compat.import_hook``), taken out again once Presidio is imported (importing
``scanner`` changes nothing: the modules that use Presidio call it first). When Presidio
imports ``url_recognizer.py``, and only if that file is the source it was checked against
(sha256 below), the module is executed by its usual kind of loader with ``Pattern``'s
validation suspended for the duration; it is restored before the import returns (for
those milliseconds, another thread building a ``Pattern`` would not be validated
either; vigie imports Presidio before it starts any). The module's loader is
``UnvalidatedLoader``, a ``SourceFileLoader``; its patterns are the same objects a plain
import makes, compiled, as always, when a recognizer first uses them. Any other version
of the file, or of ``Pattern``, is imported as is, with one warning
(``scanner.compat.warn_slow_path``).

``tests/test_presidio_import.py`` checks, in fresh processes, that vigie's import goes
through the hook, that it gives the same patterns as a plain import, and that
validation and ``sys.meta_path`` are back afterwards.
"""

from __future__ import annotations

import importlib.machinery
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from scanner.compat import warn_slow_path
from scanner.compat.import_hook import CheckedSourceHook, import_through_hook

PATCH = "unvalidated import of Presidio's URL patterns"
URL_MODULE = "presidio_analyzer.predefined_recognizers.generic.url_recognizer"
URL_SHA256 = "46b17361e0d8a683a106cb977098b8210b492f357be1c79a3db93127a999c5ee"


class UnvalidatedLoader(importlib.machinery.SourceFileLoader):
    """The usual loader of the checked ``url_recognizer.py``, run with ``Pattern``
    validation suspended (if this Presidio's ``Pattern`` validates as checked)."""

    def exec_module(self, module) -> None:
        with unvalidated_patterns(PATCH):
            super().exec_module(module)


@contextmanager
def unvalidated_patterns(patch: str) -> Iterator[None]:
    """``Pattern`` objects built inside are not compiled only to be validated (if this
    Presidio's ``Pattern`` validates as checked; else one warning naming ``patch``).
    Validation is back on the way out, whatever happens.

    >>> from presidio_analyzer.pattern import Pattern
    >>> with unvalidated_patterns("doctest"): unchecked = Pattern("bad", "(", 0.5)
    >>> try: Pattern("bad", "(", 0.5)
    ... except ValueError as error: print(error)
    Invalid regex pattern: missing ) at position 1
    """
    from presidio_analyzer.pattern import Pattern  # imported before any recognizer

    validate = Pattern.__dict__.get("_Pattern__validate_regex")
    if not isinstance(validate, staticmethod):
        warn_slow_path(patch, "presidio's Pattern does not validate as the checked one")
        yield
        return
    Pattern._Pattern__validate_regex = staticmethod(lambda pattern: None)
    try:
        yield
    finally:
        Pattern._Pattern__validate_regex = validate


def url_recognizer_hook() -> CheckedSourceHook:
    """The import hook for Presidio's checked ``url_recognizer`` only, the first time."""
    return CheckedSourceHook(PATCH, URL_MODULE, URL_SHA256, lambda name, path, source: UnvalidatedLoader(name, path))


def import_presidio() -> None:
    """Import ``presidio_analyzer`` through the hook, then take the hook out (nothing to do
    once Presidio is imported).

    >>> before = list(sys.meta_path)
    >>> import_presidio(); sys.meta_path == before and URL_MODULE in sys.modules
    True
    """
    if URL_MODULE not in sys.modules:
        import_through_hook("presidio_analyzer", url_recognizer_hook())
