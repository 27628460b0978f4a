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
``install()`` puts a one-shot import hook on ``sys.meta_path``. When Presidio imports
``url_recognizer.py``, and only if that file is the source it was checked against
(sha256 below), the module is executed by its usual loader with ``Pattern``'s
validation suspended for the duration; it is restored before the import returns.
The module and its patterns are otherwise the same objects a plain import makes:
the patterns are compiled, as always, when a recognizer first uses them. Any other
version of the file is imported as is.

``tests/test_presidio_import.py`` checks, in fresh processes, that vigie's import goes
through the hook, that it gives the same patterns as a plain import, and that
validation is back afterwards.
"""

from __future__ import annotations

import hashlib
import importlib.abc
import importlib.machinery
import logging
import sys
from pathlib import Path

logger = logging.getLogger(__name__)

URL_MODULE = "presidio_analyzer.predefined_recognizers.generic.url_recognizer"
URL_SHA256 = "46b17361e0d8a683a106cb977098b8210b492f357be1c79a3db93127a999c5ee"


class UnvalidatedLoader(importlib.abc.Loader):
    """Runs the checked ``url_recognizer.py`` through ``loader``, its patterns unvalidated."""

    def __init__(self, loader: importlib.abc.Loader) -> None:
        self.loader = loader

    def create_module(self, spec):
        return None

    def exec_module(self, module) -> None:
        from presidio_analyzer.pattern import Pattern  # imported before its recognizers

        validate = Pattern.__dict__["_Pattern__validate_regex"]
        Pattern._Pattern__validate_regex = staticmethod(lambda pattern: None)
        try:
            self.loader.exec_module(module)
        finally:
            Pattern._Pattern__validate_regex = validate


class UrlRecognizerFinder(importlib.abc.MetaPathFinder):
    """Import hook for Presidio's ``url_recognizer`` only; it removes itself once asked."""

    def find_spec(self, fullname, path, target=None):
        if fullname != URL_MODULE:
            return None
        if self in sys.meta_path:
            sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or not spec.origin or not spec.origin.endswith(".py"):
            return None
        if hashlib.sha256(Path(spec.origin).read_bytes()).hexdigest() != URL_SHA256:
            logger.info("%s differs from the checked source; importing it as is", spec.origin)
            return None
        spec.loader = UnvalidatedLoader(spec.loader)
        return spec


def install() -> None:
    """Put the hook in place, unless Presidio is already imported or the hook already there.

    >>> install(); sum(isinstance(f, UrlRecognizerFinder) for f in sys.meta_path) <= 1
    True
    """
    if URL_MODULE in sys.modules or any(isinstance(f, UrlRecognizerFinder) for f in sys.meta_path):
        return
    sys.meta_path.insert(0, UrlRecognizerFinder())
