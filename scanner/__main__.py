"""``python -m scanner`` runs the ``vigie`` command."""

from scanner.cli.app import main

main()
