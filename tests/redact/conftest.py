"""Each ``db`` test of tests/redact on the session's servers (``tests/conftest.py``), without earlier tests' databases."""

import pytest

from tests.redact.servers import Server, run

SYSTEM_DATABASES = {"postgres", "template0", "template1", "mysql", "information_schema", "performance_schema", "sys"}


def _drop_test_databases(server: Server) -> None:
    """Drop the databases earlier tests made, so each test may use its own fixed names."""
    if server.dialect == "postgres":
        listed = run(server.client + ["-d", "postgres", "-t", "-A", "-c", "SELECT datname FROM pg_database"])
        for name in set(listed.stdout.split()) - SYSTEM_DATABASES:
            run(server.client + ["-d", "postgres", "-c", f'DROP DATABASE "{name}"'])
    else:
        listed = run(server.client + ["-N", "-B", "-e", "SHOW DATABASES"])
        drops = "".join(f"DROP DATABASE `{name}`;" for name in set(listed.stdout.split()) - SYSTEM_DATABASES)
        if drops:
            run(server.client + ["-e", drops])


@pytest.fixture
def postgres(postgres_server):
    """``psql`` on the session's server (add ``-d database``), without earlier tests' databases."""
    _drop_test_databases(postgres_server)
    return postgres_server.client


@pytest.fixture
def mariadb(mariadb_server):
    """The ``mariadb`` client on the session's server (add the database name), without earlier
    tests' databases."""
    _drop_test_databases(mariadb_server)
    return mariadb_server.client
