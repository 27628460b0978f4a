"""One import hook for the two patched third-party modules (see ``README.md`` here).

``import_through_hook(package, hook)`` imports ``package`` with ``hook`` first on
``sys.meta_path`` and takes the hook out again, whatever happens. The hook acts on one
module, the first time it is imported, and only if its source file is byte for byte the
one the patch was checked against (sha256): its loader then runs the module. Any other
file is imported as usual, and ``warn_slow_path`` says so once.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.abc
import importlib.machinery
import importlib.util
import sys
from collections.abc import Callable
from pathlib import Path

from scanner.compat import warn_slow_path

LoaderFactory = Callable[[str, str, bytes], "importlib.abc.Loader | None"]
"""``(module name, source path, source bytes) -> loader``, or ``None`` to import as usual."""


class CheckedSourceHook(importlib.abc.MetaPathFinder):
    """Import hook for ``module`` only, once, and only for its checked source file."""

    def __init__(self, patch: str, module: str, sha256: str, make_loader: LoaderFactory) -> None:
        self.patch, self.module, self.sha256, self.make_loader = patch, module, sha256, make_loader
        self.done = False

    def find_spec(self, fullname, path, target=None):
        if fullname != self.module or self.done:
            return None
        self.done = True  # not removed here: removing it mid-import would skip a finder
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or not spec.origin or not spec.origin.endswith(".py"):
            warn_slow_path(self.patch, f"{fullname} is not imported from a source file")
            return None
        source = Path(spec.origin).read_bytes()
        if hashlib.sha256(source).hexdigest() != self.sha256:
            warn_slow_path(self.patch, f"{spec.origin} differs from the checked source")
            return None
        loader = self.make_loader(fullname, spec.origin, source)
        if loader is None:
            return None
        return importlib.util.spec_from_file_location(fullname, spec.origin, loader=loader)


def import_through_hook(package: str, hook: CheckedSourceHook) -> None:
    """Import ``package`` with ``hook`` on ``sys.meta_path``, then take the hook out.

    >>> before = list(sys.meta_path)
    >>> import_through_hook("json", CheckedSourceHook("doctest", "json.decoder", "0" * 64, None))
    >>> sys.meta_path == before
    True
    """
    sys.meta_path.insert(0, hook)
    try:
        importlib.import_module(package)
    finally:
        sys.meta_path.remove(hook)
