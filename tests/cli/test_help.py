"""`vigie --help`, `--version` and each command's help: fast, plain and with examples."""

import json
import subprocess
import sys

import pytest

from scanner.report import vigie_version

HEAVY = ("spacy", "presidio_analyzer", "presidio_anonymizer", "pyarrow", "pyspark")


def run_main(argv: list[str], extra: str = "") -> subprocess.CompletedProcess:
    """``vigie ARGV`` in a fresh interpreter; ``extra`` runs after it (its output on stderr)."""
    code = (
        "import sys\n"
        "from scanner.cli.app import main\n"
        f"sys.argv = ['vigie', *{argv!r}]\n"
        "try:\n    main()\nexcept SystemExit as stop:\n    code = stop.code\n"
        f"{extra}\n"
        "sys.exit(code)\n"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("argv", [
    ["--help"], [], ["scan", "--help"], ["redact", "--help"], ["risk", "--help"], ["keygen", "--help"], ["--version"],
])
def test_help_imports_no_nlp_nor_arrow(argv):
    result = run_main(argv, "import json; print(json.dumps(sorted(sys.modules)), file=sys.stderr)")
    assert result.returncode in (0, 2), result.stderr
    loaded = set(json.loads(result.stderr.splitlines()[-1]))
    assert not {name for name in HEAVY if name in loaded}
    assert "Usage: vigie" in result.stdout + result.stderr or result.stdout.startswith("vigie ")


def test_version():
    result = run_main(["--version"])
    assert result.returncode == 0
    assert result.stdout == f"vigie {vigie_version()}\n"


@pytest.mark.parametrize(("command", "usage", "shown"), [
    ("scan", "Usage: vigie scan [OPTIONS] PATH|URL...", ["--findings FILE", "--format FORMAT", "--jobs N",
                                                     "--engine local|spark", "vigie[spark]", "sqlite-script",
                                                     "--max-connections N", "--sample N", "postgresql://"]),
    ("redact", "Usage: vigie redact [OPTIONS] INPUT", ["-o, --output OUTPUT", "--key-file FILE",
                                                       "[operators] table", "--operator ENTITY=OP"]),
    ("keygen", "Usage: vigie keygen [OPTIONS] FILE", ["FILE  Key file to create"]),
])
def test_command_help_is_plain_with_examples(cli_runner, cli_app, command, usage, shown):
    result = cli_runner.invoke(cli_app, [command, "--help"], prog_name="vigie", terminal_width=100)
    assert result.exit_code == 0
    assert usage in result.output
    for text in shown:
        assert text in result.output
    assert "Example" in result.output and f"vigie {command} " in result.output.split("Example", 1)[1]
    for odd in ("<bool>", "<path>", "<list[", "{", "<str>", "\\["):
        assert odd not in result.output
