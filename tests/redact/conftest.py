"""One throwaway PostgreSQL and one MariaDB server per session, for every ``db`` test."""

import pytest

from tests.redact.servers import start_mariadb, start_postgres


@pytest.fixture(scope="session")
def postgres_server():
    with start_postgres() as server:
        yield server


@pytest.fixture(scope="session")
def mariadb_server():
    with start_mariadb() as server:
        yield server


@pytest.fixture
def postgres(postgres_server):
    """``psql`` on the session's server (add ``-d database``)."""
    return postgres_server.client


@pytest.fixture
def mariadb(mariadb_server):
    """The ``mariadb`` client on the session's server (add the database name)."""
    return mariadb_server.client
