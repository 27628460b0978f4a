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

import typer

from scanner.cli.commands import redact, scan
from scanner.cli.output import print_error
from scanner.cli.signals import Interrupted, install_handlers, stopped
from scanner.masking import mask

EXIT_CRASH = 4
CRASH_MESSAGE_LENGTH = 160

app = typer.Typer(
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
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
        app()
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
