"""Layering: no module uses another's private names, and ``scanner`` does not import
``recognizers`` except where the registry is built.

A private name (``_x``, not ``__x__``) is one module's business: ``from m import _x``,
``import m`` then ``m._x``, and an import of a private module (``m._y``) from outside its
package all reach into another module. A test of a module may use that module's private
names (``tests/.../test_phone.py`` for ``scanner/identifiers/phone.py``).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("scanner", "recognizers", "tests")
REGISTRY_BUILDER = "scanner/engine.py"
"""The one ``scanner`` module that imports ``recognizers``: it builds the registry."""

ALLOWED_FILES: set[str] = set()
"""Files that may still use other modules' private names."""
ALLOWED_TARGETS: set[str] = set()
"""Modules whose private names other files may still use."""


def _is_private(name: str) -> bool:
    return name.startswith("_") and not name.endswith("__")


def module_name(path: Path) -> str:
    """``scanner/redact/pipeline.py`` -> ``scanner.redact.pipeline`` (relative to the repository).

    >>> module_name(ROOT / "scanner" / "identifiers" / "__init__.py"), module_name(ROOT / "recognizers" / "_pattern.py")
    ('scanner.identifiers', 'recognizers._pattern')
    """
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _is_project_module(dotted: str) -> bool:
    path = ROOT.joinpath(*dotted.split("."))
    return dotted.split(".")[0] in PACKAGES and (path.with_suffix(".py").is_file() or (path / "__init__.py").is_file())


def _owner_package(dotted: str) -> str:
    """The package a private module belongs to: ``recognizers._pattern`` -> ``recognizers``."""
    parts = dotted.split(".")
    first_private = next(i for i, part in enumerate(parts) if _is_private(part))
    return ".".join(parts[:first_private])


def _tested_module(importer: str, target: str) -> bool:
    """Whether ``importer`` is the test file of ``target`` (``tests.x.test_phone`` of ``....phone``)."""
    stem = importer.rpartition(".")[2]
    return stem.startswith("test_") and target.rpartition(".")[2].lstrip("_") == stem[len("test_"):]


def _allowed(importer: str, target: str) -> bool:
    return _tested_module(importer, target) or target in ALLOWED_TARGETS


def private_uses(source: str, importer: str) -> list[str]:
    """The private names of other project modules that ``source`` (module ``importer``) uses.

    >>> private_uses("from scanner.identifiers.phone import _parse", "scanner.redact.x")
    ['line 1: scanner.identifiers.phone._parse']
    >>> private_uses("from scanner.identifiers import phone\\nphone._parse('06')", "scanner.redact.x")
    ['line 2: scanner.identifiers.phone._parse']
    >>> private_uses("from scanner.identifiers.phone import parse", "scanner.redact.x")
    []
    """
    found = []
    modules: dict[str, str] = {}  # local name -> project module it is bound to
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if _is_project_module(alias.name):
                    top = alias.name if alias.asname else alias.name.split(".")[0]
                    modules[alias.asname or top] = top if not alias.asname else alias.name
                    found += _private_module(alias.name, importer, node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and _is_project_module(node.module):
            found += _private_module(node.module, importer, node.lineno)
            for alias in node.names:
                target = f"{node.module}.{alias.name}"
                if _is_project_module(target):
                    modules[alias.asname or alias.name] = target
                    found += _private_module(target, importer, node.lineno)
                elif _is_private(alias.name) and not _allowed(importer, node.module):
                    found.append(f"line {node.lineno}: {target}")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and _is_private(node.attr):
            dotted = _dotted(node.value, modules)
            if dotted and not _allowed(importer, dotted):
                found.append(f"line {node.lineno}: {dotted}.{node.attr}")
    return found


def _dotted(node: ast.expr, modules: dict[str, str]) -> str | None:
    """The project module an expression like ``phone`` or ``scanner.identifiers.phone`` names."""
    if isinstance(node, ast.Name):
        return modules.get(node.id)
    if isinstance(node, ast.Attribute):
        parent = _dotted(node.value, modules)
        if parent and _is_project_module(f"{parent}.{node.attr}"):
            return f"{parent}.{node.attr}"
    return None


def _private_module(dotted: str, importer: str, line: int) -> list[str]:
    if not any(_is_private(part) for part in dotted.split(".")):
        return []
    owner = _owner_package(dotted)
    if importer == owner or importer.startswith(owner + ".") or _allowed(importer, dotted):
        return []
    return [f"line {line}: module {dotted}"]


def _sources():
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            yield path.relative_to(ROOT).as_posix(), path


@pytest.mark.parametrize(
    "source, importer, expected",
    [
        ("from scanner.detect import _cell_checker", "tests.test_fastpath", ["scanner.detect._cell_checker"]),
        ("from scanner.detect import _cell_checker", "tests.test_detect", []),  # its own test
        ("import scanner.detect as d\nd._cell_checker(1)", "scanner.scan", ["scanner.detect._cell_checker"]),
        ("import scanner.detect\nscanner.detect._Span", "scanner.scan", ["scanner.detect._Span"]),
        ("from scanner import names\nnames._french_lexicon()", "scanner.columns", ["scanner.names._french_lexicon"]),
        ("from recognizers._pattern import FrenchPatternRecognizer", "scanner.detect", ["module recognizers._pattern"]),
        ("from recognizers._pattern import FrenchPatternRecognizer", "recognizers.fr_nir_recognizer", []),
        ("from scanner.redact.pipeline import _Run", "tests.redact.roundtrip", ["scanner.redact.pipeline._Run"]),
        ("self._x; Pattern._Pattern__validate_regex; re._cache; x.__class__", "scanner.scan", []),
        ("from scanner.detect import __all__, resolve_overlaps", "scanner.scan", []),
    ],
)
def test_private_uses_finds_each_form(source, importer, expected):
    assert [use.partition(": ")[2] for use in private_uses(source, importer)] == expected


@pytest.mark.parametrize("relative, path", list(_sources()), ids=lambda x: x if isinstance(x, str) else "")
def test_no_module_uses_another_modules_private_names(relative, path):
    if relative in ALLOWED_FILES:
        pytest.skip("rewritten in parallel: see ALLOWED_FILES")
    assert private_uses(path.read_text(encoding="utf-8"), module_name(path)) == []


def _imports_of(node: ast.AST) -> set[str]:
    if isinstance(node, ast.Import):
        return {alias.name for alias in node.names}
    if isinstance(node, ast.ImportFrom) and node.module:
        return {node.module}
    return set()


def _imports(path: Path) -> set[str]:
    """The modules ``path`` imports (``from scanner import names``: ``scanner.names`` too)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names |= _imports_of(node)
        if isinstance(node, ast.ImportFrom) and node.module == "scanner":
            names |= {f"scanner.{alias.name}" for alias in node.names}
    return names


def test_only_the_engine_imports_recognizers():
    """``recognizers`` builds on ``scanner``'s leaf modules; ``scanner`` needs the
    recognizers in one place only, where the analyzer's registry is built."""
    importers = {
        path.relative_to(ROOT).as_posix()
        for path in (ROOT / "scanner").rglob("*.py")
        if any(name == "recognizers" or name.startswith("recognizers.") for name in _imports(path))
    }
    assert importers == {REGISTRY_BUILDER}


SCANNER_LEAVES = ("scanner.identifiers", "scanner.terminology", "scanner.compat", "scanner.names",
                  "scanner.name_words", "scanner.facilities", "scanner.french_numbers")
"""The ``scanner`` modules that recognizers build on: none of them imports a pipeline stage."""


def _is_leaf(module: str) -> bool:
    return any(module == leaf or module.startswith(leaf + ".") for leaf in SCANNER_LEAVES)


@pytest.mark.parametrize("path", sorted((ROOT / "recognizers").rglob("*.py")), ids=lambda p: p.name)
def test_recognizers_build_on_scanner_leaf_modules_only(path):
    assert {module for module in _imports(path) if module.startswith("scanner.") and not _is_leaf(module)} == set()


@pytest.mark.parametrize("leaf", SCANNER_LEAVES)
def test_scanner_leaf_modules_import_only_leaf_modules(leaf):
    base = ROOT.joinpath(*leaf.split("."))
    paths = sorted(base.rglob("*.py")) if base.is_dir() else [base.with_suffix(".py")]
    for path in paths:
        assert {module for module in _imports(path) if module.startswith("scanner.") and not _is_leaf(module)} == set(), path


def test_allowed_files_exist():
    assert all((ROOT / relative).is_file() for relative in ALLOWED_FILES)
