"""Terminal rendering with Rich (the library never prints)."""

from __future__ import annotations

import time
from collections.abc import Iterable
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn, DownloadColumn, Progress, ProgressColumn, TaskProgressColumn, TextColumn,
    TimeRemainingColumn, TransferSpeedColumn,
)
from rich.table import Table
from rich.text import Text

from scanner.masking import mask_name
from scanner.models import ReadError, RecordClass
from scanner.outputs import remove_stale_staging
from scanner.report import CLASS_LEGEND, ScanSummary, makes_sensitive, next_steps, ranked_columns, share

MAX_ERRORS_SHOWN = 20
MAX_COLUMNS_SHOWN = 15
"""Identity and contact columns shown, after every column that makes records sensitive."""
MAX_SENSITIVE_SHOWN = 60
"""Columns that make records sensitive shown (the most sensitive rows first)."""
MAX_TABLES_SHOWN = 30

console = Console()
err_console = Console(stderr=True)


def print_error(message: str) -> None:
    """One red line on stderr (identifiers in it masked: it may name a file or table)."""
    err_console.print(f"[bold red]vigie:[/] {escape(mask_name(message))}", highlight=False, markup=True, soft_wrap=True)


def print_warning(message: str) -> None:
    """One yellow line on stderr (identifiers in it masked)."""
    err_console.print(f"[yellow]warning:[/] {escape(mask_name(message))}", highlight=False, markup=True, soft_wrap=True)


def hidden_left_out(count: int) -> str:
    """The warning for hidden entries the walk left out.

    >>> hidden_left_out(2)
    'hidden files or folders (.name) left out of the directories walked: 2; --include-hidden reads them'
    """
    return f"hidden files or folders (.name) left out of the directories walked: {count}; --include-hidden reads them"


def not_data_left_out(count: int) -> str:
    """The warning for the code, documents and images the walk left out.

    >>> not_data_left_out(1)
    'skipped (not data): 1 file of code, documents or images in the directories walked; --include-other-files reads them as text'
    """
    files = "file" if count == 1 else "files"
    return (f"skipped (not data): {count} {files} of code, documents or images in the directories walked; "
            "--include-other-files reads them as text")


def remove_stale_outputs(outputs: Iterable[Path | None]) -> None:
    """Remove, with a warning each, the temporary files a killed run left beside ``outputs``."""
    started = time.time()
    for output in outputs:
        if output is not None:
            for path in remove_stale_staging(output, started):
                print_warning(f"removed {path}, a temporary file left by an interrupted run")


class ErrorPrinter:
    """Print the first unreadable parts as they come, then only count them."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, error: ReadError) -> None:
        self.count += 1
        if self.count <= MAX_ERRORS_SHOWN:
            err_console.print(f"[yellow]skipped[/] {escape(str(error))}", highlight=False, markup=True, soft_wrap=True)
        elif self.count == MAX_ERRORS_SHOWN + 1:
            err_console.print("[yellow]more unreadable parts: see the report's errors list[/]")


class _RecordsColumn(ProgressColumn):
    """Records done and records per second (since the task, a step, started)."""

    def render(self, task) -> Text:
        records = task.fields.get("records", 0)
        elapsed = max(task.elapsed or 0, 1e-6)
        return Text(f"{records:,} records ({records / elapsed:,.0f}/s)", style="progress.data.speed")


class ScanProgress:
    """A transient progress bar on stderr, fed by ``scan_paths(on_progress=...)``, or by
    ``redact_path(on_progress=...)`` through ``step`` (one bar per step, named after it).

    Disabled (a no-op) when stderr is not a terminal or when ``enabled`` is False.
    """

    def __init__(self, enabled: bool = True) -> None:
        self.tables = enabled
        self.enabled = enabled and err_console.is_terminal
        self._progress: Progress | None = None
        self._task = None
        self._step = "scanning"

    def __enter__(self) -> ScanProgress:
        if self.enabled:
            self._progress = Progress(
                TextColumn("[bold]{task.description}[/]"), BarColumn(), TaskProgressColumn(), _RecordsColumn(),
                DownloadColumn(), TransferSpeedColumn(), TimeRemainingColumn(),
                console=err_console, transient=True,
            )
            self._progress.__enter__()
            self._task = self._progress.add_task(self._step, total=None, records=0)
        return self

    def __exit__(self, *exc) -> None:
        if self._progress is not None:
            self._progress.__exit__(*exc)

    def __call__(self, records: int, bytes_done: int, bytes_total: int) -> None:
        if self._progress is not None:
            self._progress.update(
                self._task, completed=bytes_done, total=bytes_total or None, records=records,
            )

    def step(self, step: str, records: int, bytes_done: int, bytes_total: int) -> None:
        """The progress of a redaction's ``step`` (``detecting``, ``writing``, ``verifying``):
        a new bar when the step changes."""
        if self._progress is not None and step != self._step:
            self._progress.remove_task(self._task)
            self._task = self._progress.add_task(step, total=None, records=0)
        self._step = step
        self(records, bytes_done, bytes_total)

    def table(self, source: str, table: str, estimate: int | None) -> None:
        """One line on stderr as a database table starts, with the server's row estimate
        (``scan_paths(on_table=...)``), unless quiet."""
        if self.tables:
            rows = "rows unknown" if estimate is None else f"about {estimate:,} rows".replace(",", " ")
            err_console.print(f"[dim]reading {escape(mask_name(table))} of {escape(mask_name(source))} ({rows})[/]",
                              highlight=False, soft_wrap=True)


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title, title_justify="left")
    for i, name in enumerate(columns):
        table.add_column(name, justify="left" if i == 0 else "right")
    return table


def print_summary(summary: ScanSummary, written: Iterable[str] = ()) -> None:
    """The sizing figures as compact tables, with masked examples only, what matters first:
    the columns that make records sensitive, then the tables by source, then the identity
    columns; and the next steps (``written``: the output options given, e.g. ``--html``)."""
    report = summary.to_report()
    records = _table("Records", "class", "records", "meaning")
    for record_class in RecordClass:
        records.add_row(record_class.value, f"{summary.classes[record_class]:,}", CLASS_LEGEND[record_class.value])
    records.add_row("unparsed", f"{summary.unparsed:,}", "parts that could not be read",
                    style="yellow" if summary.unparsed else None)
    records.add_row("total scanned", f"{summary.records:,}", "", style="bold")
    records.columns[2].justify = "left"
    console.print(records)

    exposure = _table("Exposure", "figure", "value")
    persons = report["persons"]
    exposure.add_row("distinct persons", f"{persons['distinct']:,} (by {persons['method']})")
    exposure.add_row("duplicate records (person seen before)", f"{report['duplicates']:,}")
    free = report["free_text"]
    exposure.add_row(
        "records with free text", f"{free['records']:,}, {free['sensitive']:,} sensitive "
        f"({share(free['sensitive'], free['records']):.0%})",
    )
    console.print(exposure)

    print_columns(report["sources"])

    entities = Table(title="Findings", title_justify="left")
    entities.add_column("entity type")
    entities.add_column("findings", justify="right")
    entities.add_column("masked example")
    for entity_type, count in sorted(summary.entities.items()):
        entities.add_row(entity_type, f"{count:,}", escape(summary.examples.get(entity_type, "")))
    if not summary.entities:
        entities.add_row("(none)", "0", "")
    console.print(entities)

    if summary.categories:
        categories = _table("Special categories", "category", "records", "findings")
        for category, count in sorted(summary.categories.items()):
            categories.add_row(category, f"{count:,}", f"{summary.findings_by_category[category]:,}")
        console.print(categories)

    if report["watchlist"] is not None:
        watch = _table("Watchlist (by line number)", "line", "records")
        for entry in report["watchlist"]:
            watch.add_row(str(entry["line"]), f"{entry['records']:,}", style="bold red" if entry["records"] else None)
        if not report["watchlist"]:
            watch.add_row("(no usable line)", "0")
        console.print(watch)

    console.print("[bold]Next steps[/]")
    for step in next_steps(report, written):
        console.print(Text(f"  - {step}"))


def _where(source: dict, column: dict) -> Text:
    """``table.column`` (``column`` in a flat file) as plain text, never markup."""
    return Text(f"{source['table']}.{column['column']}" if source["table"] else column["column"])


def _columns_table(title: str, rows: list[tuple[dict, dict]]) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("table.column", overflow="fold")
    table.add_column("source", overflow="fold", style="dim")
    table.add_column("rows", justify="right", no_wrap=True)
    table.add_column("sensitive rows", justify="right", no_wrap=True)
    table.add_column("findings", overflow="fold")
    for source, column in rows:
        top = ", ".join(f"{t} {n:,}" for t, n in sorted(column["findings"].items(), key=lambda tn: -tn[1])[:3])
        table.add_row(
            _where(source, column), Text(source["source"]), f"{column['rows']:,}",
            f"{column['sensitive_rows']:,} ({column['sensitive_share']:.0%})", top,
        )
    return table


def print_columns(sources: list[dict]) -> None:
    """The columns that make records sensitive, the tables by source, the other columns:
    each list cut by relevance, with the count of what the JSON report holds besides."""
    ranked = ranked_columns(sources)
    sensitive = [pair for pair in ranked if makes_sensitive(pair[1])]
    others = ranked[len(sensitive):]
    if sensitive:
        table = _columns_table("Columns that make records sensitive (free text, health)", sensitive[:MAX_SENSITIVE_SHOWN])
        if len(sensitive) > MAX_SENSITIVE_SHOWN:
            table.caption = f"{len(sensitive) - MAX_SENSITIVE_SHOWN} more, with fewer sensitive rows, in the JSON report (--report)"
        console.print(table)
    _print_tables(sources)
    if others:
        table = _columns_table("Identity and contact columns", others[:MAX_COLUMNS_SHOWN])
        if len(others) > MAX_COLUMNS_SHOWN:
            table.caption = (f"{len(others) - MAX_COLUMNS_SHOWN} more, with fewer findings: "
                             "the JSON report (--report) and the HTML (--html) hold every column")
        console.print(table)


def _print_tables(sources: list[dict]) -> None:
    """Records and sensitive share per table, grouped by source: the sources with the most
    sensitive records first."""
    by_source: dict[str, list[dict]] = {}
    for source in sources:
        by_source.setdefault(source["source"], []).append(source)
    if not any(source["table"] for source in sources):
        return  # flat files only: the columns say it all
    ordered = sorted(by_source.items(), key=lambda item: -sum(t["sensitive"] for t in item[1]))
    table = Table(title="Tables by source", title_justify="left")
    table.add_column("source / table", overflow="fold")
    table.add_column("records", justify="right", no_wrap=True)
    table.add_column("sensitive", justify="right", no_wrap=True)
    shown = 0
    for name, tables in ordered:
        if shown >= MAX_TABLES_SHOWN:
            break
        tables = sorted(tables, key=lambda t: -t["sensitive"])
        records, sensitive = sum(t["records"] for t in tables), sum(t["sensitive"] for t in tables)
        table.add_row(Text(name, style="bold"), f"{records:,}", f"{sensitive:,} ({share(sensitive, records):.0%})")
        for entry in tables:
            if entry["table"] is not None:
                table.add_row(Text("  " + entry["table"]), f"{entry['records']:,}",
                              f"{entry['sensitive']:,} ({entry['sensitive_share']:.0%})")
        shown += len(tables)
    left = len(sources) - shown
    if left > 0:
        table.caption = f"{left} more tables, with fewer sensitive records, in the JSON report (--report)"
    console.print(table)
