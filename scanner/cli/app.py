"""The ``vigie`` command: subcommands only wrap the library."""

import typer

from scanner.cli.commands import redact, scan

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_show_locals=False,
    help="Find, size and redact personal and sensitive health data in French medical exports.",
)
app.command(name="scan")(scan.scan)
app.command(name="redact")(redact.redact)
app.command(name="keygen")(redact.keygen)


@app.callback()
def _root() -> None:
    """Find, size and redact personal and sensitive health data in French medical exports.

    Runs offline: nothing is ever sent over the network.
    """


def main() -> None:
    """Console-script entry point."""
    app()
