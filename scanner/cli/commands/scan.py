"""``vigie scan``: find personal and health data and size the exposure."""

from __future__ import annotations

from enum import Enum
from pathlib import Path
from typing import Annotated, Optional

import typer

from scanner.cli.output import (
    ErrorPrinter, ScanProgress, hidden_left_out, not_data_left_out, print_error, print_summary,
    print_warning, remove_stale_outputs,
)
from scanner.errors import ScannerError, UsageError
from scanner.html_report import write_html
from scanner.outputs import check_outputs, staged_file
from scanner.readers import Format
from scanner.report import write_report
from scanner.spark import Engine, SparkOptions, require_spark
from scanner.watchlist import load_watchlist


class FailOn(str, Enum):
    any = "any"
    administrative = "administrative"
    sensitive = "sensitive"


EXIT_FAIL_ON = 1
EXIT_UNREADABLE = 3


def scan(
    paths: Annotated[list[str], typer.Argument(metavar="PATH|URL...", help="Files or directories to scan (- is standard input), and live databases to read: postgresql://, mysql://, mariadb:// or sqlite:/// URLs.", show_default=False)],
    findings: Annotated[Optional[Path], typer.Option(metavar="FILE", help="Write findings as JSON Lines to this file.")] = None,
    records: Annotated[Optional[Path], typer.Option(metavar="FILE", help="Write one line per record (class, categories) to this file.")] = None,
    report: Annotated[Optional[Path], typer.Option(metavar="FILE", help="Write the JSON summary report to this file.")] = None,
    html: Annotated[Optional[Path], typer.Option(metavar="FILE", help="Write a self-contained HTML report to this file.")] = None,
    watchlist: Annotated[Optional[Path], typer.Option(metavar="FILE", help="Count the records that mention each person of this file (one name or NIR a line); reported by line number.")] = None,
    format: Annotated[Optional[Format], typer.Option("--format", metavar="FORMAT", help="Input format, one of " + ", ".join(f.value for f in Format) + " (default: detected from content).")] = None,
    encoding: Annotated[Optional[str], typer.Option(metavar="ENC", help="Input encoding, e.g. cp1252 or utf-16 (default: detected).")] = None,
    delimiter: Annotated[Optional[str], typer.Option(metavar="SEP", help="CSV delimiter, e.g. ';' or 'tab' (default: detected).")] = None,
    fail_on: Annotated[Optional[FailOn], typer.Option(metavar="any|administrative|sensitive", help="Exit 1 when records of this class or worse are found.")] = None,
    include_hidden: Annotated[bool, typer.Option("--include-hidden", help="Also read hidden files and folders (.name) of the directories walked (else counted and left out).")] = False,
    include_other_files: Annotated[bool, typer.Option("--include-other-files", help="Also read, as text, the files of the directories walked whose extension says code, documents or images (.py, .md, .pdf, .png...; else counted as skipped, not data).")] = False,
    show_values: Annotated[bool, typer.Option("--show-values", help="Include raw detected values in --findings, and unmasked names and record ids in --findings and --records (sensitive!).")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar and no summary (errors and warnings still go to stderr).")] = False,
    jobs: Annotated[Optional[int], typer.Option("--jobs", "-j", min=1, metavar="N", help="Worker processes (default: all cores). Results do not depend on it.")] = None,
    include: Annotated[Optional[list[str]], typer.Option("--include", metavar="SCHEMA.TABLE", help="Databases: read only the tables matching this glob (public.*, patients), repeatable.")] = None,
    exclude: Annotated[Optional[list[str]], typer.Option("--exclude", metavar="SCHEMA.TABLE", help="Databases: leave out the tables matching this glob, repeatable.")] = None,
    sample: Annotated[Optional[int], typer.Option(min=1, metavar="N", help="Databases: read N random rows per table (a quick survey; stated in the report) instead of every row.")] = None,
    max_connections: Annotated[int, typer.Option(min=1, metavar="N", help="Databases: connections open at once per database.")] = 2,
    statement_timeout: Annotated[float, typer.Option(min=1, metavar="SECONDS", help="Databases: timeout of each statement (a batch fetch, a catalog query) and of lock waits.")] = 60.0,
    password_prompt: Annotated[bool, typer.Option("--password-prompt", help="Databases: ask for the password (else from the URL, PGPASSWORD, ~/.pgpass, MYSQL_PWD or ~/.my.cnf).")] = False,
    engine: Annotated[Engine, typer.Option(metavar="local|spark", help="Where detection runs: this machine, or Spark (needs vigie[spark]). Results are the same.")] = Engine.local,
    spark_master: Annotated[Optional[str], typer.Option(metavar="URL", help="Spark master URL for --engine spark (default: local[*]).")] = None,
    spark_conf: Annotated[Optional[list[str]], typer.Option("--spark-conf", metavar="KEY=VALUE", help="Spark configuration for --engine spark, repeatable.")] = None,
) -> None:
    """Scan files for personal and sensitive health data.

    Prints a summary with masked examples only; the outputs are written only when asked.

    \b
    Examples:
      vigie scan fixtures/notes.jsonl fixtures/tables/
      vigie scan dump.sql --report report.json --html report.html --findings findings.jsonl
      vigie scan exports/ --fail-on sensitive --quiet
      vigie scan postgresql://audit@db.local/cabinet --exclude 'public.*_log' --sample 5000
      vigie scan 'mysql://audit@/cabinet?unix_socket=/run/mysqld/mysqld.sock' --password-prompt
    """
    try:
        if engine is Engine.spark:
            require_spark()
        # imported here, not at the top: they load spaCy and Presidio, which --help does not need
        from scanner.parallel import default_jobs
        from scanner.readers.live_db import DatabaseOptions, check_drivers, is_database_url
        from scanner.scan import ScanConfig, scan_paths

        urls = [path for path in paths if is_database_url(path)]
        files = [Path(path) for path in paths if not is_database_url(path)]
        check_drivers(urls)
        if urls and engine is Engine.spark:
            raise UsageError("database URLs are read with --engine local only; scan them in a run of their own")
        outputs = {"--findings": findings, "--records": records, "--report": report, "--html": html}
        check_outputs(outputs, [*files, *([watchlist] if watchlist else [])])
        remove_stale_outputs(outputs.values())
        watched = None
        if watchlist:
            watched, warnings = load_watchlist(watchlist)
            for warning in warnings:
                print_warning(warning)
        config = ScanConfig(
            format=format, encoding=encoding, delimiter=delimiter, show_values=show_values,
            findings_path=findings, records_path=records, watchlist=watched,
            jobs=jobs or default_jobs(), include_hidden=include_hidden, include_other=include_other_files,
            database=DatabaseOptions(
                include=tuple(include or ()), exclude=tuple(exclude or ()), sample=sample,
                max_connections=max_connections, statement_timeout=statement_timeout,
                password=typer.prompt("Database password", hide_input=True, err=True) if password_prompt and urls else None,
            ),
        )
        if engine is Engine.spark:
            from scanner.spark.scan import scan_paths_spark

            summary = scan_paths_spark(files, config, SparkOptions.from_cli(spark_master, spark_conf), on_error=ErrorPrinter())
        else:
            with ScanProgress(enabled=not quiet) as progress:
                summary = scan_paths([*files, *urls], config, on_error=ErrorPrinter(), on_progress=progress,
                                     on_table=progress.table)
        if report:
            with staged_file(report) as temp:
                write_report(summary, temp)
        if html:
            with staged_file(html) as temp:
                write_html(summary.to_report(), temp)
    except (ScannerError, OSError) as error:
        print_error(str(error))
        raise typer.Exit(code=getattr(error, "exit_code", 2)) from None
    if summary.skipped_hidden:
        print_warning(hidden_left_out(summary.skipped_hidden))
    if summary.skipped_not_data:
        print_warning(not_data_left_out(summary.skipped_not_data))
    if not quiet:
        print_summary(summary, [option for option, path in outputs.items() if path])
    if summary.meets(fail_on.value if fail_on else None):
        raise typer.Exit(code=EXIT_FAIL_ON)
    if summary.unparsed:
        raise typer.Exit(code=EXIT_UNREADABLE)
