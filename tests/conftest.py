"""Shared fixtures: one French analyzer engine for the whole session."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from scanner.cli.app import app
from tests.redact.servers import start_mariadb, start_postgres

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture(scope="session")
def analyzer():
    """The full French engine (built once; the model load is the slow part)."""
    from scanner.engine import get_analyzer

    return get_analyzer()


@pytest.fixture(scope="session")
def detector(analyzer):
    from scanner.detect import Detector

    return Detector(analyzer)


@pytest.fixture
def cli_runner():
    return CliRunner()


@pytest.fixture
def cli_app():
    return app


@pytest.fixture
def fixtures_dir():
    return FIXTURES


@pytest.fixture(scope="session")
def postgres_server():
    """One throwaway PostgreSQL server per session (unix socket only), for every ``db`` test."""
    with start_postgres() as server:
        yield server


@pytest.fixture(scope="session")
def mariadb_server():
    """One throwaway MariaDB server per session (unix socket only), for every ``db`` test."""
    with start_mariadb() as server:
        yield server
