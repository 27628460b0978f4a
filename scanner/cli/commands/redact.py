"""``vigie redact`` and ``vigie keygen``: a redacted copy of an export, in the same format."""

from __future__ import annotations

from enum import Enum
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from rich.markup import escape
from rich.table import Table

from scanner.cli.inputs import file_inputs
from scanner.cli.output import (
    ErrorPrinter, ScanProgress, console, err_console, hidden_left_out, not_data_left_out, print_error, print_warning,
    remove_stale_outputs,
)
from scanner.masking import mask_name
from scanner.errors import ScannerError, UsageError
from scanner.generalize import LEVELS, parse_generalization
from scanner.outputs import check_outputs
from scanner.readers import Format
from scanner.redact.keys import KEY_ENV, generate_key_file, load_key
from scanner.redact.policy import OPERATORS, RedactionPolicy, build_operators
from scanner.spark import Engine, SparkOptions, require_spark

if TYPE_CHECKING:
    from scanner.redact.pipeline import RedactSummary

EXIT_VERIFY_FAILED = 1
EXIT_UNREADABLE = 3
MAX_RESIDUALS_SHOWN = 20


def generalization_option(spec: str | None) -> dict[str, str]:
    """``--generalize COL=LEVEL,...`` as a dict, or a usage error."""
    if spec is None:
        return {}
    try:
        return parse_generalization(spec)
    except ValueError as error:
        raise UsageError(f"--generalize {error}") from None


def print_redact_summary(summary: RedactSummary) -> None:
    records = Table(title="Redaction", title_justify="left")
    records.add_column("")
    records.add_column("count", justify="right")
    records.add_row("records read", str(summary.records_read))
    records.add_row("records redacted", str(summary.records_redacted))
    records.add_row("records dropped", str(summary.records_dropped), style="yellow" if summary.records_dropped else None)
    records.add_row("unreadable parts", str(summary.unparsed), style="yellow" if summary.unparsed else None)
    console.print(records)
    replaced = Table(title="Replacements", title_justify="left")
    replaced.add_column("entity type")
    replaced.add_column("values replaced", justify="right")
    for entity_type, count in sorted(summary.replacements.items()):
        replaced.add_row(entity_type, str(count))
    if not summary.replacements:
        replaced.add_row("(none)", "0")
    console.print(replaced)
    if summary.verified and not summary.verify_failed:
        console.print("[green]verified:[/] no original value of a redacted type found in the output")
    if summary.output is not None:
        console.print(f"output: {escape(mask_name(str(summary.output)))}", highlight=False)
    else:
        console.print("[red]no output written[/]")


def _print_verify_failure(summary: RedactSummary) -> None:
    for residual in summary.residuals[:MAX_RESIDUALS_SHOWN]:
        err_console.print(f"[red]residual[/] {escape(mask_name(str(residual)))}", highlight=False, markup=True, soft_wrap=True)
    for error in summary.verify_errors[:MAX_RESIDUALS_SHOWN]:
        err_console.print(f"[red]output unreadable[/] {escape(str(error))}", highlight=False, markup=True, soft_wrap=True)
    print_error(
        f"verification failed: {len(summary.residuals)} original value(s) of redacted types remain"
        + (f", {len(summary.verify_errors)} part(s) of the output unreadable" if summary.verify_errors else "")
        + "; the output was not written"
    )


class DateShiftKeep(str, Enum):
    """What ``--date-shift-keep`` keeps of each shifted date."""

    weekday = "weekday"


def redact(
    input_text: Annotated[str, typer.Argument(metavar="INPUT", help="File or directory to redact (never modified).", show_default=False)],
    output: Annotated[Path, typer.Option("--output", "-o", metavar="OUTPUT", help="Where to write the redacted copy (a directory for a directory input); never an input.", show_default=False)],
    format: Annotated[Optional[Format], typer.Option("--format", metavar="FORMAT", help="Input format, one of " + ", ".join(f.value for f in Format) + " (default: detected from content).")] = None,
    encoding: Annotated[Optional[str], typer.Option(metavar="ENC", help="Input encoding, e.g. cp1252 or utf-16 (default: detected); the output keeps it.")] = None,
    delimiter: Annotated[Optional[str], typer.Option(metavar="SEP", help="CSV delimiter, e.g. ';' or 'tab' (default: detected); the output keeps it.")] = None,
    config: Annotated[Optional[Path], typer.Option("--config", metavar="FILE", help="TOML file with an [operators] table, e.g. FR_NIR = \"mask\".")] = None,
    operator: Annotated[Optional[list[str]], typer.Option("--operator", metavar="ENTITY=OP", help="ENTITY=OPERATOR, repeatable; operators: " + ", ".join(OPERATORS) + ".")] = None,
    key_file: Annotated[Optional[Path], typer.Option("--key-file", metavar="FILE", help=f"File holding the pseudonymisation key (else ${KEY_ENV}; else a one-run random key).")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Abort (exit 3, no output) at the first part that cannot be read or scanned.")] = False,
    verify: Annotated[bool, typer.Option("--verify", help="Re-scan the output before writing it, its records then all of it as text; fail (exit 1, no output) if an original value remains.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Replace an existing output.")] = False,
    include_hidden: Annotated[bool, typer.Option("--include-hidden", help="Also redact hidden files and folders (.name) of an input directory (else counted and left out of the output).")] = False,
    include_other_files: Annotated[bool, typer.Option("--include-other-files", help="Also redact, as text, the files of an input directory whose extension says code, documents or images (.py, .md, .pdf, .png...; else counted and left out of the output, never copied unscanned).")] = False,
    generalize: Annotated[Optional[str], typer.Option("--generalize", metavar="COL=LEVEL,...", help="Write these columns generalised instead of pseudonymised (levels: " + ", ".join(LEVELS) + "), e.g. date_naissance=year,cp=department; see vigie risk.")] = None,
    engine: Annotated[Engine, typer.Option(metavar="local|spark", help="Where detection runs: this machine, or Spark (one Parquet or CSV file, written as one file of the same format).")] = Engine.local,
    spark_master: Annotated[Optional[str], typer.Option(metavar="URL", help="Spark master URL for --engine spark (default: local[*]).")] = None,
    spark_conf: Annotated[Optional[list[str]], typer.Option("--spark-conf", metavar="KEY=VALUE", help="Spark configuration for --engine spark, repeatable.")] = None,
    date_shift_keep: Annotated[Optional[DateShiftKeep], typer.Option("--date-shift-keep", metavar="weekday", help="Shift each person's dates by whole weeks (35 to 329 days), so every date keeps its weekday.")] = None,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", min=1, metavar="N", help="Worker processes detecting (default: all cores). The output does not depend on it.")] = None,
) -> None:
    """Write a redacted copy of an export, in the same format.

    Detected values are replaced as the operators say (default: keyed pseudonyms for identities; diagnoses and drugs kept). Unreadable records are dropped and reported, never copied.

    \b
    Examples:
      VIGIE_KEY=$(cat vigie.key) vigie redact dump.sql --output dump.redacted.sql --verify
      vigie redact exports/ --output exports-redacted/ --key-file vigie.key --operator FR_NIR=mask
    """
    try:
        if engine is Engine.spark:
            require_spark()
        from scanner.parallel import default_jobs
        from scanner.redact.pipeline import redact_path  # loads spaCy and Presidio: not for --help

        [input] = file_inputs([input_text], "redact")
        check_outputs({"--output": output}, [input, *(path for path in (key_file, config) if path)], directories=True)
        remove_stale_outputs([output])
        operators = build_operators(config, operator or [])
        key, ephemeral = load_key(key_file)
        if ephemeral:
            err_console.print(
                f"[yellow]warning:[/] no key (--key-file or ${KEY_ENV}): a random key is used for this run, "
                "so pseudonyms will not match those of other runs",
                highlight=False, markup=True, soft_wrap=True,
            )
        policy = RedactionPolicy(key=key, operators=operators, key_is_ephemeral=ephemeral,
                                 generalize=generalization_option(generalize),
                                 keep_weekday=date_shift_keep is DateShiftKeep.weekday)
        progress = ScanProgress(enabled=engine is Engine.local)
        run = partial(redact_path, include_hidden=include_hidden, include_other=include_other_files,
                      jobs=jobs or default_jobs(), on_progress=progress.step)
        if engine is Engine.spark:
            from scanner.spark.redact import redact_path_spark

            run = partial(redact_path_spark, options=SparkOptions.from_cli(spark_master, spark_conf))
        with progress:
            summary = run(
                input, output, policy, format=format, encoding=encoding, delimiter=delimiter,
                strict=strict, verify=verify, force=force, on_error=ErrorPrinter(),
            )
    except (ScannerError, OSError) as error:
        print_error(str(error))
        raise typer.Exit(code=getattr(error, "exit_code", 2)) from None
    if summary.skipped_hidden:
        print_warning(hidden_left_out(summary.skipped_hidden))
    if summary.skipped_not_data:
        print_warning(not_data_left_out(summary.skipped_not_data))
    print_redact_summary(summary)
    if summary.verify_failed:
        _print_verify_failure(summary)
        raise typer.Exit(code=EXIT_VERIFY_FAILED)
    if summary.unparsed or summary.records_dropped:
        raise typer.Exit(code=EXIT_UNREADABLE)


def keygen(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="Key file to create (never overwritten; mode 0600).", show_default=False)],
) -> None:
    """Create a new random pseudonymisation key file.

    Keep it apart from the redacted exports: whoever holds it can recompute pseudonyms.

    \b
    Example:
      vigie keygen vigie.key && vigie redact dump.sql --output out.sql --key-file vigie.key
    """
    try:
        generate_key_file(file)
    except ScannerError as error:
        print_error(str(error))
        raise typer.Exit(code=error.exit_code) from None
    console.print(f"key written to {escape(str(file))}", highlight=False)
