"""Terminal rendering with Rich (the library never prints)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from scanner.models import ReadError, RecordClass
from scanner.report import ScanSummary

MAX_ERRORS_SHOWN = 20

console = Console()
err_console = Console(stderr=True)


def print_error(message: str) -> None:
    """One red line on stderr."""
    err_console.print(f"[bold red]vigie:[/] {message}", highlight=False, markup=True, soft_wrap=True)


class ErrorPrinter:
    """Print the first unreadable parts as they come, then only count them."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, error: ReadError) -> None:
        self.count += 1
        if self.count <= MAX_ERRORS_SHOWN:
            err_console.print(f"[yellow]skipped[/] {error}", highlight=False, markup=True, soft_wrap=True)
        elif self.count == MAX_ERRORS_SHOWN + 1:
            err_console.print("[yellow]more unreadable parts: see the report's errors list[/]")


def print_summary(summary: ScanSummary) -> None:
    """Records per class and findings per entity type, with masked examples only."""
    records = Table(title="Records", title_justify="left")
    records.add_column("class")
    records.add_column("records", justify="right")
    for record_class in RecordClass:
        records.add_row(record_class.value, str(summary.classes[record_class]))
    records.add_row("unparsed", str(summary.unparsed), style="yellow" if summary.unparsed else None)
    records.add_row("total scanned", str(summary.records), style="bold")
    console.print(records)

    entities = Table(title="Findings", title_justify="left")
    entities.add_column("entity type")
    entities.add_column("findings", justify="right")
    entities.add_column("masked example")
    for entity_type, count in sorted(summary.entities.items()):
        entities.add_row(entity_type, str(count), summary.examples.get(entity_type, ""))
    if not summary.entities:
        entities.add_row("(none)", "0", "")
    console.print(entities)

    if summary.categories:
        categories = Table(title="Special categories", title_justify="left")
        categories.add_column("category")
        categories.add_column("records", justify="right")
        for category, count in sorted(summary.categories.items()):
            categories.add_row(category, str(count))
        console.print(categories)
