"""The redacted dumps load into real database servers, with the input's row counts.

The throwaway servers (``postgres``, ``mariadb``) are those of ``tests/redact/servers.py``,
one per session; skipped with the reason when the binaries are not installed.

MariaDB has no MySQL 8 ``utf8mb4_0900_ai_ci`` collation: both dumps (input and output) get
``utf8mb4_general_ci`` instead before loading; nothing else is touched.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from scanner.redact.pipeline import redact_path
from scanner.redact.policy import RedactionPolicy
from tests.redact.servers import TIMEOUT
from tests.redact.servers import run as _run

pytestmark = pytest.mark.db

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "tables"
KEY = b"db-reload-test-key-0123456789abcdef"


@pytest.fixture
def redacted(tmp_path):
    def make(name: str, detector) -> tuple[Path, Path]:
        source = FIXTURES / name
        output = tmp_path / f"redacted_{name}"
        summary = redact_path(source, output, RedactionPolicy(key=KEY), detector=detector)
        assert summary.output == output and summary.records_dropped == 0
        return source, output
    return make


# ---------------------------------------------------------------- PostgreSQL


def _pg_counts(psql: list[str], database: str, dump: Path) -> dict[str, int]:
    _run(psql + ["-d", "postgres", "-c", f"CREATE DATABASE {database}"])
    subprocess.run(psql + ["-d", "postgres", "-c", "CREATE ROLE cabinet"], capture_output=True, timeout=TIMEOUT)
    result = subprocess.run(  # the dump on stdin: the server user need not read our tmp dirs
        psql + ["-d", database, "-v", "ON_ERROR_STOP=1", "-f", "-"],
        input=dump.read_bytes(), capture_output=True, timeout=TIMEOUT,
    )
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    tables = ["public.patients", "public.consultations", "audit.journal"]
    counts = {}
    for table in tables:
        out = _run(psql + ["-d", database, "-t", "-A", "-c", f"SELECT count(*) FROM {table}"]).stdout
        counts[table] = int(out.strip())
    return counts


def test_redacted_postgres_dump_reloads_with_same_row_counts(postgres, redacted, detector):
    source, output = redacted("dump_postgres.sql", detector)
    before = _pg_counts(postgres, "original", source)
    after = _pg_counts(postgres, "redacted", output)
    assert after == before
    assert before["public.patients"] == 40


# ---------------------------------------------------------------- MariaDB / MySQL


def _my_counts(client: list[str], database: str, dump: Path) -> dict[str, int]:
    _run(client + ["-e", f"CREATE DATABASE {database} CHARACTER SET utf8mb4"])
    sql = dump.read_bytes().replace(b"utf8mb4_0900_ai_ci", b"utf8mb4_general_ci")
    result = subprocess.run(client + [database], input=sql, capture_output=True, timeout=TIMEOUT)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    counts = {}
    for table in ("patients", "consultations", "documents"):
        out = _run(client + ["-N", "-B", database, "-e", f"SELECT count(*) FROM `{table}`"]).stdout
        counts[table] = int(out.strip())
    return counts


def test_redacted_mysql_dump_reloads_with_same_row_counts(mariadb, redacted, detector):
    source, output = redacted("dump_mysql.sql", detector)
    before = _my_counts(mariadb, "original", source)
    after = _my_counts(mariadb, "redacted", output)
    assert after == before
    assert before["patients"] == 40


# ---------------------------------------------------------------- values outside rows


def _hostile_dumps() -> dict[str, str]:
    """Dumps with a NIR in comments, defaults, upserts, views, a function and a
    conditional comment: once redacted, the view still finds the rows the upsert changed."""
    from tests.hostile.harness import nir_with_key

    nir, other = nir_with_key("2630397154375"), nir_with_key("1850578006084")
    return {
        "mysql": (
            "-- MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)\n"
            f"-- patient {nir}, a rappeler au 06 12 34 56 78\n"
            "/*!40101 SET NAMES utf8mb4 */;\n"
            f"CREATE TABLE `p` (`id` int NOT NULL, `nir` char(15) DEFAULT '{nir}' COMMENT 'ex. {nir}',"
            " `tel` varchar(20), PRIMARY KEY (`id`));\n"
            "/*!40000 ALTER TABLE `p` DISABLE KEYS */;\n"
            f"INSERT INTO `p` VALUES (1,'{other}','0147200000'),(2,'{nir}','0612345678');\n"
            f"INSERT INTO `p` VALUES (2,'x','y') ON DUPLICATE KEY UPDATE nir='{nir}', tel=CONCAT('06','12345678');\n"
            f"/*!40000 INSERT INTO `p` VALUES (3,'{nir}','0612345678') */;\n"
            f"/* fin du lot {nir} */\n"
            f"CREATE VIEW `v` AS SELECT * FROM `p` WHERE `nir` = '{nir}';\n"
        ),
        "postgres": (
            "--\n-- PostgreSQL database dump\n--\n\nSET standard_conforming_strings = on;\n"
            f"-- patient {nir}\n"
            f"CREATE TABLE public.p (id integer PRIMARY KEY, nir character(15) DEFAULT '{nir}', tel text);\n"
            f"COMMENT ON COLUMN public.p.nir IS 'ex. {nir}';\n"
            f"INSERT INTO public.p VALUES (1, '{other}', '0147200000'), (2, '{nir}', '0612345678');\n"
            f"INSERT INTO public.p VALUES (2, 'x', 'y') ON CONFLICT (id) DO UPDATE SET nir = '{nir}';\n"
            f"INSERT INTO public.p VALUES (3, '{nir[:7]}' || '{nir[7:]}', 'x');\n"
            f"CREATE FUNCTION public.f() RETURNS text LANGUAGE sql AS $$ SELECT '{nir}'::text $$;\n"
            f"CREATE VIEW public.v AS SELECT * FROM public.p WHERE nir = '{nir}';\n"
            f"/* fin {nir} */\n"
        ),
    }


@pytest.fixture
def hostile(tmp_path, detector):
    def make(dialect: str) -> tuple[Path, Path]:
        source = tmp_path / f"{dialect}.sql"
        source.write_text(_hostile_dumps()[dialect])
        output = tmp_path / f"redacted_{dialect}.sql"
        summary = redact_path(source, output, RedactionPolicy(key=KEY), detector=detector, verify=True)
        assert summary.output == output and summary.unparsed == 0 and not summary.verify_failed
        assert "263039715437514" not in output.read_text()
        return source, output
    return make


def test_redacted_postgres_dump_with_values_outside_rows_reloads(postgres, hostile):
    source, output = hostile("postgres")
    queries = ["SELECT count(*) FROM public.p", "SELECT count(*) FROM public.v",
               "SELECT count(*) FROM public.p WHERE nir = public.f()"]
    results = {}
    for name, dump in (("original", source), ("redacted", output)):
        _run(postgres + ["-d", "postgres", "-c", f"CREATE DATABASE h_{name}"])
        loaded = subprocess.run(postgres + ["-d", f"h_{name}", "-v", "ON_ERROR_STOP=1", "-f", "-"],
                                input=dump.read_bytes(), capture_output=True, timeout=TIMEOUT)
        assert loaded.returncode == 0, loaded.stderr.decode(errors="replace")
        results[name] = [_run(postgres + ["-d", f"h_{name}", "-t", "-A", "-c", q]).stdout.strip() for q in queries]
    assert results["redacted"] == results["original"] == ["3", "2", "2"]


def test_redacted_mysql_dump_with_values_outside_rows_reloads(mariadb, hostile):
    source, output = hostile("mysql")
    results = {}
    for name, dump in (("original", source), ("redacted", output)):
        _run(mariadb + ["-e", f"CREATE DATABASE h_{name} CHARACTER SET utf8mb4"])
        loaded = subprocess.run(mariadb + [f"h_{name}"], input=dump.read_bytes(), capture_output=True, timeout=TIMEOUT)
        assert loaded.returncode == 0, loaded.stderr.decode(errors="replace")
        results[name] = [
            _run(mariadb + ["-N", "-B", f"h_{name}", "-e", q]).stdout.strip()
            for q in ("SELECT count(*) FROM `p`", "SELECT count(*) FROM `v`")
        ]
    assert results["redacted"] == results["original"] == ["3", "2"]
