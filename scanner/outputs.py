"""Output paths: never write over an input, never leave a half-written or stray file.

- ``check_outputs`` refuses, before anything is opened for writing, an output path that
  resolves to an input (same path, a symlink or a hard link to it, a file inside an input
  directory, a directory holding an input), two outputs naming the same file, and an
  output whose directory does not exist.
- Outputs are written to a private temporary file or directory beside their target
  (``.NAME.vigie-PID-XXXXXXXX.tmp``, mode 0600 or 0700) and moved into place at the end,
  so an error, a signal or a crash never leaves a truncated output;
  ``remove_stale_staging`` removes those left by a run that was killed (SIGKILL).

>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> export = folder / "export.csv"; _ = export.write_text("id,nir")
>>> check_outputs({"--report": export}, [export])
Traceback (most recent call last):
    ...
scanner.errors.UsageError: --report .../export.csv: the output is the input .../export.csv; choose another path
>>> with staged_file(folder / "report.json") as temp:
...     _ = temp.write_text("{}")
...     oct(temp.stat().st_mode & 0o777), temp.name.startswith(".report.json.vigie-")
('0o600', True)
>>> sorted(p.name for p in folder.iterdir())
['export.csv', 'report.json']
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from scanner.errors import UsageError

STAGING_MARK = ".vigie-"
"""Temporary outputs are named ``.{output name}.vigie-{pid}-{random}.tmp``."""


def check_outputs(outputs: Mapping[str, Path | None], inputs: Iterable[Path], *, directories: bool = False) -> None:
    """Raise ``UsageError`` when an output (label -> path, None for an option not given)
    would write over one of ``inputs`` (files or directories read), over another output,
    lies in a directory that does not exist, or is a directory (unless ``directories``)."""
    named = [(label, Path(path)) for label, path in outputs.items() if path is not None]
    inputs = [Path(source) for source in inputs]
    for index, (label, path) in enumerate(named):
        if not path.parent.is_dir():
            raise UsageError(f"{label} {path}: output directory {path.parent} does not exist")
        if path.is_dir() and not directories:
            raise UsageError(f"{label} {path}: is a directory; name a file")
        for other_label, other in named[:index]:
            if _is_same_file(path, other):
                raise UsageError(f"{other_label} and {label} name the same file {path}; choose two paths")
        for source in inputs:
            clash = _clash(path, source)
            if clash:
                raise UsageError(f"{label} {path}: {clash}; choose another path")


def _is_same_file(a: Path, b: Path) -> bool:
    if a.resolve() == b.resolve():
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist yet
        return False


def _clash(output: Path, source: Path) -> str | None:
    """Why writing ``output`` could destroy ``source``, or None."""
    target, origin = output.resolve(), source.resolve()
    if _is_same_file(output, source):
        return f"the output is the input {source}"
    if source.is_dir():
        if target.is_relative_to(origin):
            return f"the output may not be inside the input directory {source}"
        if _is_hard_link_into(output, origin):
            return f"the output is a hard link to a file of the input directory {source}"
    if origin.is_relative_to(target):
        return f"the output may not contain the input {source}"
    return None


def _is_hard_link_into(output: Path, directory: Path) -> bool:
    try:
        info = output.stat()
    except OSError:
        return False
    if not stat.S_ISREG(info.st_mode) or info.st_nlink < 2:
        return False
    for folder, _, names in os.walk(directory):
        for name in names:
            try:
                other = os.stat(os.path.join(folder, name), follow_symlinks=False)
            except OSError:
                continue
            if (other.st_dev, other.st_ino) == (info.st_dev, info.st_ino):
                return True
    return False


def _staging_prefix(output: Path) -> str:
    return f".{output.name}{STAGING_MARK}{os.getpid()}-"


def make_staging_dir(output: Path) -> Path:
    """A new private directory (mode 0700) beside ``output``, to write it in."""
    return Path(tempfile.mkdtemp(prefix=_staging_prefix(output), suffix=".tmp", dir=output.parent))


@contextmanager
def staged_file(target: Path) -> Iterator[Path]:
    """A private temporary file (mode 0600) beside ``target``, moved onto ``target`` (with
    the mode a new file gets) when the block ends without error, removed otherwise."""
    target = Path(target)
    fd, name = tempfile.mkstemp(prefix=_staging_prefix(target), suffix=".tmp", dir=target.parent)
    os.close(fd)
    temp = Path(name)
    try:
        yield temp
        os.chmod(temp, 0o666 & ~_umask())
        os.replace(temp, target)
    except BaseException:
        remove_staging(temp)
        raise


def _umask() -> int:
    current = os.umask(0o077)
    os.umask(current)
    return current


def remove_staging(path: Path) -> None:
    """Remove a temporary file or directory (nothing if it is gone already)."""
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


_STAGING_PID = re.compile(re.escape(STAGING_MARK) + r"(\d+)-")


def remove_stale_staging(output: Path, started: float) -> list[Path]:
    """Remove the temporary outputs of ``output`` that a killed run left (older than
    ``started``, a ``time.time()``, and whose process is gone); return them."""
    output = Path(output)
    removed = []
    try:
        candidates = sorted(output.parent.glob(f".{_glob_escape(output.name)}{STAGING_MARK}*"))
    except OSError:
        return removed
    for path in candidates:
        match = _STAGING_PID.search(path.name[len(output.name) + 1:])
        if match and _is_running(int(match.group(1))):
            continue
        try:
            if path.lstat().st_mtime >= started:
                continue
        except OSError:
            continue
        try:
            remove_staging(path)
        except OSError:  # not ours to remove: left alone
            continue
        removed.append(path)
    return removed


def _glob_escape(name: str) -> str:
    return re.sub(r"([*?\[])", r"[\1]", name)


def _is_running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # not ours to signal: it exists
        return True
    return True
