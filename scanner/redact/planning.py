"""Where a redaction writes: the paths checked, the output files planned, the result published.

``plan_outputs`` lists the input files of a redaction (a file, or a directory walked as a
scan walks it) with the staging file each is written to, its format and its writing
options; a file or folder name holding an identifier is redacted as a value of its type
(``redacted_parts``). ``publish`` moves the finished staging file or directory onto the
output at the very end of a run.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from scanner.errors import UnreadableFileError, UsageError
from scanner.models import ReadError
from scanner.outputs import check_outputs, make_staging_dir, remove_staging
from scanner.readers import Format, declared_schemas, detect_format, find_input_files
from scanner.readers.sources import is_gzip, is_stream
from scanner.redact.fields import FieldRedactor
from scanner.redact.writers import WriteOptions

if TYPE_CHECKING:
    from scanner.redact.pipeline import RedactRun

DUMP_FORMATS = (Format.MYSQL, Format.POSTGRES, Format.SQLITE_SCRIPT)
STREAM_FORMATS = (Format.TEXT, Format.JSONL, Format.JSON, Format.CSV, *DUMP_FORMATS)
"""Formats read as a stream of bytes: a gzip-compressed input of these is redacted."""


@dataclass
class PlannedOutput:
    """One input file of a redaction and where its redacted copy is staged, in which format
    and with which writing options (``plan_outputs``)."""

    source: Path
    target: Path
    format: Format
    options: WriteOptions


def check_paths(input: Path, output: Path, force: bool) -> None:
    """UsageError unless ``input`` can be redacted into ``output`` (replaced only with ``force``)."""
    if str(input) == "-":
        raise UsageError("redact reads a file or a directory, not the standard input: save it to a file first")
    if not input.exists():
        raise UsageError(f"{input}: no such file or directory")
    if is_stream(input):
        raise UsageError(f"{input}: a pipe, FIFO or device cannot be redacted (its output mirrors a file): save it to a file first")
    check_outputs({"output": output}, [input], directories=True)
    if output.exists() or output.is_symlink():
        if not force:
            raise UsageError(f"{output} already exists (use --force to replace it)")
        if input.is_dir() != output.is_dir():
            kind = "a directory" if output.is_dir() else "a file"
            raise UsageError(f"{output} is {kind}: it cannot be replaced by the redacted {'directory' if input.is_dir() else 'file'}")


_UNSAFE_IN_FILE_NAMES = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


def redacted_parts(relative: Path, redactor: FieldRedactor) -> list[str]:
    """The parts of an output path, each holding an identifier replaced by its surrogate
    (characters a file name cannot hold, such as the ``<>`` of a tag, become ``_``).

    >>> from scanner.redact.policy import RedactionPolicy
    >>> redactor = FieldRedactor(RedactionPolicy(key=b"k" * 32, operators={"PHONE_NUMBER": "tag"}))
    >>> redacted_parts(Path("dossier_0612345678/notes.jsonl"), redactor)
    ['dossier__PHONE_NUMBER_', 'notes.jsonl']
    """
    parts = []
    for part in relative.parts:
        new = redactor.redact_name(part)
        if new != part:
            new = _UNSAFE_IN_FILE_NAMES.sub("_", new).strip(".") or "redacted"
        parts.append(new)
    return parts


def plan_outputs(input: Path, staging: Path, format, encoding, delimiter, run: RedactRun,
          include_hidden: bool = False, include_other: bool = False) -> Iterator[PlannedOutput]:
    """The files to write: (input file, its temporary target, format, options); what the
    walk of an input directory or a file's opening cannot read is reported and left out."""
    if input.is_dir():
        found = find_input_files([input], include_hidden, include_other)
        run.summary.skipped_hidden, run.summary.skipped_not_data = found.hidden, found.not_data
        for error in found.errors:
            run.report(error)
        paths = found.files
        mirrored = [staging / path.relative_to(input) for path in paths]
        targets = [staging.joinpath(*redacted_parts(path.relative_to(input), run.redactor)) for path in paths]
        taken = {target for target, same in zip(targets, mirrored) if target == same}
        files = []
        for path, target, same in zip(paths, targets, mirrored):
            unique, n = target, 1
            while target != same and unique in taken:  # two names redacted alike (a tag): keep both
                n += 1
                unique = target.with_name(f"{target.stem}_{n}{target.suffix}")
            taken.add(unique)
            files.append((path, unique))
    else:
        files = [(input, staging)]
    run.summary.files = len(files)
    planned = []
    for source, target in files:
        chosen = format
        try:
            if chosen is None:
                if source.stat().st_size == 0:
                    raise UnreadableFileError(f"{source}: empty file")
                chosen = detect_format(source)
                if delimiter is not None and chosen is Format.TEXT:
                    chosen = Format.CSV
            compressed = is_gzip(source)
        except OSError as error:
            run.report(ReadError(str(source), None, f"{error.strerror or error}; file left out"))
            continue
        except UnreadableFileError as error:
            run.report(ReadError(str(source), None, str(error).removeprefix(f"{source}: ") + "; file left out"))
            continue
        if compressed and chosen not in STREAM_FORMATS:
            run.report(ReadError(str(source), None, f"gzip-compressed {chosen.value} file: decompress it first; file left out"))
            continue
        planned.append((source, target, chosen, compressed))
    schemas = declared_schemas([(source, chosen) for source, _, chosen, _ in planned], encoding)
    for source, target, chosen, compressed in planned:
        target.parent.mkdir(parents=True, exist_ok=True)
        options = WriteOptions(encoding, delimiter, compressed, run.redactor.redact_names, schemas.get(chosen, {}))
        yield PlannedOutput(source, target, chosen, options)


def publish(staging: Path, output: Path) -> None:
    """Move the finished ``staging`` file or directory onto ``output``."""
    if staging.is_dir() and output.is_dir() and not output.is_symlink():
        trash = make_staging_dir(output)
        os.replace(output, trash / "old")
        os.replace(staging, output)
        remove_staging(trash)
    else:
        os.replace(staging, output)
