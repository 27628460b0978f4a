"""``vigie risk``: how re-identifiable the records of an export are by their quasi-identifiers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer
from rich.markup import escape
from rich.table import Table

from scanner.cli.inputs import file_inputs
from scanner.cli.output import ErrorPrinter, console, print_error, remove_stale_outputs
from scanner.errors import ScannerError
from scanner.html_report import render_risk_html
from scanner.outputs import check_outputs, staged_file
from scanner.readers import Format

if TYPE_CHECKING:
    from scanner.risk import RiskReport

EXIT_FAIL_ON_K = 1
EXIT_UNREADABLE = 3
NO_SENSITIVE = "none"


def columns_option(value: str | None) -> list[str] | None:
    """``A,B`` as a list of column names; None when the option is not given.

    >>> columns_option(" date_naissance, cp ,"), columns_option(None)
    (['date_naissance', 'cp'], None)
    """
    return None if value is None else [name.strip() for name in value.split(",") if name.strip()]


def print_risk(report: RiskReport) -> None:
    """The risk of each table, and the generalisation that would reach the target k."""
    from scanner.masking import mask_name
    from scanner.risk import masked_levels, masked_names

    k = report.k
    table = Table(title=f"Re-identification risk (target k={k})", title_justify="left")
    for column, justify in (("table", "left"), ("quasi-identifiers", "left"), ("records", "right"),
                            ("k_min", "right"), ("unique", "right"), (f"below k={k}", "right"), ("l-diversity", "right")):
        table.add_column(column, justify=justify)
    for risk in report.tables:
        figures = risk.figures
        where = mask_name(risk.source) + (f" [{mask_name(risk.table)}]" if risk.table else "")
        share = f"{figures.records_below_k / figures.records:.1%}" if figures.records else "-"
        quasi = ", ".join(masked_names(risk.quasi_identifiers)) or "(none found)"
        table.add_row(
            escape(where), escape(quasi), str(figures.records),
            str(figures.k_min) if risk.quasi_identifiers else "-", str(figures.unique_records), share,
            "-" if figures.l_diversity is None else str(figures.l_diversity),
            style="red" if risk.quasi_identifiers and figures.k_min < k else None,
        )
    console.print(table)
    for risk in report.measured:
        suggestion = risk.suggestion
        if risk.figures.k_min >= k or suggestion is None:
            continue
        levels = ",".join(f"{column}={level}" for column, level in masked_levels(suggestion.levels).items())
        outcome = (f"reaches k_min {suggestion.k_min}" if suggestion.reached
                   else f"gives k_min {suggestion.k_min} only: also drop or suppress a quasi-identifier")
        console.print(
            f"suggestion for {escape(mask_name(risk.source))}: generalise {escape(levels)} "
            f"({outcome}, {suggestion.figures.unique_records} unique records); "
            f"apply it with [bold]vigie redact --generalize {escape(levels)}[/]",
            highlight=False, soft_wrap=True,
        )


def risk(
    inputs: Annotated[list[str], typer.Argument(metavar="INPUT...", help="Files or directories to measure, original or redacted.", show_default=False)],
    quasi: Annotated[Optional[str], typer.Option("--quasi", metavar="COL,...", help="Quasi-identifier columns (default: found from column names: birth date, age, sex, postcode, commune, department, nationality).")] = None,
    sensitive: Annotated[Optional[str], typer.Option("--sensitive", metavar="COL,...", help="Sensitive attribute columns for l-diversity (default: diagnosis columns by name, else the diagnosis categories found in each record; 'none' to skip).")] = None,
    k: Annotated[int, typer.Option("--k", min=2, metavar="K", help="Target k: records in classes smaller than K are counted as at risk.")] = 5,
    fail_on_k: Annotated[Optional[int], typer.Option("--fail-on-k", min=1, metavar="N", help="Exit 1 when the smallest class (k_min) is below N.")] = None,
    report: Annotated[Optional[Path], typer.Option(metavar="FILE", help="Write the JSON report (a risk object) to this file.")] = None,
    html: Annotated[Optional[Path], typer.Option(metavar="FILE", help="Write a self-contained HTML report to this file.")] = None,
    format: Annotated[Optional[Format], typer.Option("--format", metavar="FORMAT", help="Input format, one of " + ", ".join(f.value for f in Format) + " (default: detected from content).")] = None,
    encoding: Annotated[Optional[str], typer.Option(metavar="ENC", help="Input encoding, e.g. cp1252 (default: detected).")] = None,
    delimiter: Annotated[Optional[str], typer.Option(metavar="SEP", help="CSV delimiter, e.g. ';' or 'tab' (default: detected).")] = None,
) -> None:
    """Measure how re-identifiable records are by their quasi-identifiers (k-anonymity, l-diversity).

    Streams the input: memory grows with the distinct quasi-identifier combinations, not the rows. No value is printed.

    \b
    Examples:
      vigie risk patients.csv
      vigie risk exports/ --quasi date_naissance,sexe,cp --sensitive diagnostic --k 10 --report risk.json
      vigie risk redacted.csv --fail-on-k 5 --html risk.html
    """
    from scanner.risk import measure_paths, risk_report

    sensitive_columns = columns_option(sensitive)
    no_sensitive = sensitive_columns == [NO_SENSITIVE]
    try:
        paths = file_inputs(inputs, "risk")
        outputs = {"--report": report, "--html": html}
        check_outputs(outputs, paths)
        remove_stale_outputs(outputs.values())
        measured = measure_paths(
            paths, columns_option(quasi), [] if no_sensitive else sensitive_columns, k,
            detect_sensitive=not no_sensitive, format=format, encoding=encoding, delimiter=delimiter,
            on_error=ErrorPrinter(),
        )
        document = risk_report(measured, paths)
        if report:
            with staged_file(report) as temp:
                temp.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        if html:
            with staged_file(html) as temp:
                temp.write_text(render_risk_html(document), encoding="utf-8")
    except (ScannerError, OSError) as error:
        print_error(str(error))
        raise typer.Exit(code=getattr(error, "exit_code", 2)) from None
    print_risk(measured)
    if fail_on_k is not None and measured.k_min is not None and measured.k_min < fail_on_k:
        raise typer.Exit(code=EXIT_FAIL_ON_K)
    if measured.unparsed:
        raise typer.Exit(code=EXIT_UNREADABLE)
