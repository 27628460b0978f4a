"""The ``vigie`` command: subcommands only wrap the library.

``main`` turns what would end in a traceback into one line and an exit code of its own:
a signal (SIGINT, SIGTERM, SIGHUP) exits 128 + its number once the temporary outputs are
removed; an unexpected exception, a bug of vigie, exits ``EXIT_CRASH`` (4), never 1
(``--fail-on``). ``VIGIE_DEBUG=1`` also prints the traceback.
"""

import os
import re
import sys
import traceback
from typing import Annotated

import typer
from typer.core import TyperArgument, TyperCommand, TyperOption

from scanner.cli.commands import redact, risk, scan
from scanner.cli.output import print_error
from scanner.cli.signals import Interrupted, install_handlers, stopped
from scanner.masking import mask
from scanner.report import vigie_version

EXIT_CRASH = 4
CRASH_MESSAGE_LENGTH = 160

class _Command(TyperCommand):
    """Help as click writes it: ``vigie scan [OPTIONS] PATH...``, each argument under its
    metavar, not typer's ``{paths}...`` and ``<list[Path]>``."""

    def collect_usage_pieces(self, ctx) -> list[str]:  # noqa: ANN001 - typer's own click.Context
        return [self.options_metavar, *(param.metavar for param in self.get_params(ctx) if isinstance(param, TyperArgument))]

    def format_options(self, ctx, formatter) -> None:  # noqa: ANN001 - typer's own click types
        params = self.get_params(ctx)
        with formatter.section("Arguments"):
            formatter.write_dl([(param.metavar, param.help) for param in params if isinstance(param, TyperArgument)])
        with formatter.section("Options"):
            formatter.write_dl([param.get_help_record(ctx) for param in params if isinstance(param, TyperOption)])


app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # help texts are plain text: `vigie[spark]` is not markup
)
app.command(name="scan", cls=_Command)(scan.scan)
app.command(name="redact", cls=_Command)(redact.redact)
app.command(name="risk", cls=_Command)(risk.risk)
app.command(name="keygen", cls=_Command)(redact.keygen)


def _print_version(wanted: bool) -> None:
    if wanted:
        print(f"vigie {vigie_version()}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[bool, typer.Option("--version", callback=_print_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    """Find, size and redact personal and sensitive health data in French medical exports.

    Runs offline: nothing is ever sent over the network. Run `vigie COMMAND --help` for
    the options and examples of each command.

    \b
    Examples:
      vigie scan exports/ --html report.html
      vigie keygen vigie.key
      vigie redact exports/ --output exports-redacted/ --key-file vigie.key --verify
      vigie risk exports-redacted/ --fail-on-k 5
    """


_QUOTED = r"'[^']*'|\"[^\"]*\""


def describe_crash(error: BaseException) -> str:
    """The exception's type and its message with quoted parts and long numbers masked,
    shortened: a message may quote the data being read.

    >>> describe_crash(ValueError("cannot convert 'Jean DUPONT' (NIR 263039715437514)"))
    "ValueError: cannot convert 'J*** D*****' (NIR 263**********14)"
    """
    message = re.sub(_QUOTED, lambda m: m.group()[0] + mask(m.group()[1:-1]) + m.group()[0], str(error))
    message = re.sub(r"\d[\d .-]{4,}\d", lambda m: mask(m.group()), message)
    message = " ".join(message.split())
    if len(message) > CRASH_MESSAGE_LENGTH:
        message = message[:CRASH_MESSAGE_LENGTH] + "..."
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def main() -> None:
    """Console-script entry point."""
    install_handlers()
    try:
        app(prog_name="vigie")
    except Interrupted as stop:
        stopped()
        print_error(f"interrupted by {stop}: stopped; unfinished outputs removed")
        sys.exit(stop.exit_code)
    except Exception as error:  # noqa: BLE001 - a bug: one line and its own exit code
        if os.environ.get("VIGIE_DEBUG") == "1":
            traceback.print_exc()
        print_error(
            f"internal error: {describe_crash(error)}; this is a bug in vigie, please report it "
            "with the command line (not the data); VIGIE_DEBUG=1 shows the traceback"
        )
        sys.exit(EXIT_CRASH)
