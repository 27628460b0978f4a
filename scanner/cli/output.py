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
from scanner.report import ScanSummary, share

MAX_ERRORS_SHOWN = 20
MAX_COLUMNS_SHOWN = 15

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
    """Records scanned and records per second."""

    def __init__(self) -> None:
        super().__init__()
        self.started = time.monotonic()

    def render(self, task) -> Text:
        records = task.fields.get("records", 0)
        elapsed = max(time.monotonic() - self.started, 1e-6)
        return Text(f"{records:,} records ({records / elapsed:,.0f}/s)", style="progress.data.speed")


class ScanProgress:
    """A transient progress bar on stderr, fed by ``scan_paths(on_progress=...)``.

    Disabled (a no-op) when stderr is not a terminal or when ``enabled`` is False.
    """

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled and err_console.is_terminal
        self._progress: Progress | None = None
        self._task = None

    def __enter__(self) -> ScanProgress:
        if self.enabled:
            self._progress = Progress(
                TextColumn("[bold]scanning[/]"), BarColumn(), TaskProgressColumn(), _RecordsColumn(),
                DownloadColumn(), TransferSpeedColumn(), TimeRemainingColumn(),
                console=err_console, transient=True,
            )
            self._progress.__enter__()
            self._task = self._progress.add_task("scan", total=None, records=0)
        return self

    def __exit__(self, *exc) -> None:
        if self._progress is not None:
            self._progress.__exit__(*exc)

    def __call__(self, records: int, bytes_done: int, bytes_total: int) -> None:
        if self._progress is not None:
            self._progress.update(
                self._task, completed=bytes_done, total=bytes_total or None, records=records,
            )


def _table(title: str, *columns: str) -> Table:
    table = Table(title=title, title_justify="left")
    for i, name in enumerate(columns):
        table.add_column(name, justify="left" if i == 0 else "right")
    return table


def print_summary(summary: ScanSummary) -> None:
    """The sizing figures as compact tables, with masked examples only."""
    report = summary.to_report()
    records = _table("Records", "class", "records")
    for record_class in RecordClass:
        records.add_row(record_class.value, f"{summary.classes[record_class]:,}")
    records.add_row("unparsed", f"{summary.unparsed:,}", style="yellow" if summary.unparsed else None)
    records.add_row("total scanned", f"{summary.records:,}", style="bold")
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

    _print_columns(report["sources"])

    if report["watchlist"] is not None:
        watch = _table("Watchlist (by line number)", "line", "records")
        for entry in report["watchlist"]:
            watch.add_row(str(entry["line"]), f"{entry['records']:,}", style="bold red" if entry["records"] else None)
        if not report["watchlist"]:
            watch.add_row("(no usable line)", "0")
        console.print(watch)


def _print_columns(sources: list[dict]) -> None:
    rows = [
        (source, column)
        for source in sources
        for column in source["columns"]
        if column["findings"]
    ]
    if not rows:
        return
    rows.sort(key=lambda sc: -sum(sc[1]["findings"].values()))
    columns = _table("Columns with findings", "source / column", "rows", "findings", "sensitive rows")
    for source, column in rows[:MAX_COLUMNS_SHOWN]:
        where = source["source"] + (f" [{source['table']}]" if source["table"] else "")
        top = ", ".join(f"{t} {n:,}" for t, n in sorted(column["findings"].items(), key=lambda tn: -tn[1])[:3])
        columns.add_row(
            escape(f"{where} · {column['column']}"), f"{column['rows']:,}", top,
            f"{column['sensitive_rows']:,} ({column['sensitive_share']:.0%})",
        )
    if len(rows) > MAX_COLUMNS_SHOWN:
        columns.caption = f"{len(rows) - MAX_COLUMNS_SHOWN} more columns in the JSON/HTML report"
    console.print(columns)
