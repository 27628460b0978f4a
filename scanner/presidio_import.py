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
``import_presidio()`` imports Presidio with a one-shot import hook on ``sys.meta_path``,
taken out again once Presidio is imported (importing ``scanner`` changes nothing: the
modules that use Presidio call it first). When Presidio imports ``url_recognizer.py``, and only if that file is the source it was checked against
(sha256 below), the module is executed by its usual kind of loader with ``Pattern``'s
validation suspended for the duration; it is restored before the import returns (for
those milliseconds, another thread building a ``Pattern`` would not be validated
either; vigie imports Presidio before it starts any). The module's loader is
``UnvalidatedLoader``, a ``SourceFileLoader``; its patterns are the same objects a plain
import makes, compiled, as always, when a recognizer first uses them. Any other version
of the file, or of ``Pattern``, is imported as is.

``tests/test_presidio_import.py`` checks, in fresh processes, that vigie's import goes
through the hook, that it gives the same patterns as a plain import, and that
validation and ``sys.meta_path`` are back afterwards.
"""

from __future__ import annotations

import importlib
import importlib.machinery
import logging
import sys

logger = logging.getLogger(__name__)

URL_MODULE = "presidio_analyzer.predefined_recognizers.generic.url_recognizer"
URL_SHA256 = "46b17361e0d8a683a106cb977098b8210b492f357be1c79a3db93127a999c5ee"


class UnvalidatedLoader(importlib.machinery.SourceFileLoader):
    """The usual loader of the checked ``url_recognizer.py``, run with ``Pattern``
    validation suspended (if this Presidio's ``Pattern`` validates as checked)."""

    def exec_module(self, module) -> None:
        from presidio_analyzer.pattern import Pattern  # imported before its recognizers

        validate = Pattern.__dict__.get("_Pattern__validate_regex")
        if not isinstance(validate, staticmethod):
            logger.info("presidio's Pattern is not the checked one; importing %s as is", self.name)
            super().exec_module(module)
            return
        Pattern._Pattern__validate_regex = staticmethod(lambda pattern: None)
        try:
            super().exec_module(module)
        finally:
            Pattern._Pattern__validate_regex = validate


class UrlRecognizerFinder:
    """Import hook for Presidio's ``url_recognizer`` only, and only the first time."""

    def __init__(self) -> None:
        self.done = False

    def find_spec(self, fullname, path, target=None):
        if fullname != URL_MODULE or self.done:
            return None
        self.done = True  # not removed here: removing it mid-import would skip a finder
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or not isinstance(spec.loader, importlib.machinery.SourceFileLoader):
            return None
        import hashlib

        with open(spec.origin, "rb") as fp:
            if hashlib.sha256(fp.read()).hexdigest() != URL_SHA256:
                logger.info("%s differs from the checked source; importing it as is", spec.origin)
                return None
        spec.loader = UnvalidatedLoader(fullname, spec.origin)
        return spec


def import_presidio() -> None:
    """Import ``presidio_analyzer`` through the hook, then take the hook out (nothing to do
    once Presidio is imported).

    >>> before = list(sys.meta_path)
    >>> import_presidio(); sys.meta_path == before and URL_MODULE in sys.modules
    True
    """
    if URL_MODULE in sys.modules:
        return
    finder = UrlRecognizerFinder()
    sys.meta_path.insert(0, finder)
    try:
        importlib.import_module("presidio_analyzer")
    finally:
        sys.meta_path.remove(finder)
