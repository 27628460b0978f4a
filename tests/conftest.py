"""Shared fixtures: one French analyzer engine for the whole session."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from scanner.cli.app import app

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
