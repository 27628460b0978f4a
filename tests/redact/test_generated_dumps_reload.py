"""Generated dumps holding what real databases hold reload like the original once redacted.

``fixtures/tables/dump_mysql_full.sql`` (``mysqldump --routines --triggers --events``) and
``dump_postgres_full.sql`` (``pg_dump``, plain format) come from
``fixtures/tables/generate_tables.py``: routines, triggers, views, an event, ENUM/SET,
BLOBs (raw escaped, ``_binary``, hex, bytea), CHECK constraints, foreign keys, tight
``varchar(n)``, decimals and rates, a DOMAIN, arrays, monthly range partitions, a
materialized view, sequences. Each is loaded into the throwaway servers of ``test_db_reload``,
redacted with ``redact_path``, and the redacted copy is loaded too; the two databases are
compared: load errors, row counts, orphan rows, routines/triggers/views with their
definitions, non-personal columns (unchanged) and personal columns (changed in almost every
row). ``vigie scan`` of each dump is checked without a server: 0 unparsed parts, true row counts.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from scanner.redact.pipeline import redact_path
from scanner.redact.policy import RedactionPolicy
from scanner.scan import ScanConfig, scan_paths
from tests.redact.servers import TIMEOUT
from tests.redact.servers import run as _run
from tests.redact.test_db_reload import FIXTURES, KEY

MYSQL_DUMP = FIXTURES / "dump_mysql_full.sql"
POSTGRES_DUMP = FIXTURES / "dump_postgres_full.sql"
ROW_COUNTS = {"patients": 60, "consultations": 150, "prescriptions": 156, "documents": 30, "journal": 4}
POSTGRES_PARTITION_COUNTS = {"consultations_2024_01": 29, "consultations_2024_02": 26, "consultations_2024_03": 24,
                             "consultations_2024_04": 20, "consultations_2024_05": 21, "consultations_2024_06": 30}
# (table, column) -> what must hold after redaction
UNCHANGED = [
    ("patients", "id"), ("patients", "sexe"), ("patients", "allergies"), ("patients", "photo"),
    ("patients", "actif"), ("consultations", "id"), ("consultations", "patient_id"),
    ("consultations", "statut"), ("consultations", "tarif"), ("consultations", "remise"),
    ("prescriptions", "consultation_id"), ("prescriptions", "taux_remboursement"),
    ("prescriptions", "renouvelable"), ("documents", "type_document"), ("documents", "contenu"),
]
MYSQL_ONLY_UNCHANGED = [("documents", "empreinte")]
PERSONAL = ["nom", "prenom", "date_naissance", "nir", "telephone", "email", "adresse"]
PERSONAL_LEFT_AT_MOST = 0.02
FOREIGN_KEYS = [("consultations", "patient_id", "patients"), ("prescriptions", "patient_id", "patients"),
                ("prescriptions", "consultation_id", "consultations"), ("documents", "patient_id", "patients")]


@pytest.fixture(scope="module")
def redacted_dumps(tmp_path_factory, detector) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("generated")
    outputs = {}
    for dialect, source in (("mysql", MYSQL_DUMP), ("postgres", POSTGRES_DUMP)):
        output = out / f"redacted_{source.name}"
        summary = redact_path(source, output, RedactionPolicy(key=KEY), detector=detector, verify=True)
        assert summary.output == output and summary.records_dropped == 0 and summary.unparsed == 0
        assert not summary.verify_failed, summary.residuals
        outputs[dialect] = output
    return outputs


# ---------------------------------------------------------------- without a server


@pytest.mark.parametrize("dump, expected", [
    (MYSQL_DUMP, ROW_COUNTS),
    (POSTGRES_DUMP, {**{t: n for t, n in ROW_COUNTS.items() if t != "consultations"}, **POSTGRES_PARTITION_COUNTS}),
])
def test_scan_reads_every_part_and_counts_true_rows(dump, expected, detector):
    summary = scan_paths([dump], ScanConfig(), detector=detector)
    report = summary.to_report()
    assert report["records"]["unparsed"] == 0 and report["errors"] == []
    counts = {source["table"]: source["records"] for source in report["sources"] if source["table"]}
    assert counts == expected


@pytest.mark.parametrize("dialect, piece", [
    ("mysql", b"traitement: BEGIN\n  DECLARE v_nom VARCHAR(30);\n  DECLARE v_compte INT DEFAULT 0;\n"),
    ("mysql", b"  IF v_nom IS NULL THEN\n    LEAVE traitement;\n  END IF;\n"),
    ("mysql", b"  INSERT INTO `journal` (`action`, `patient_id`)\n    SELECT CONCAT('archivage de ', v_nom"),
    ("mysql", b"  RETURN CONCAT(v_titre, ' ', p_nom);\nEND ;;\nDELIMITER ;\n"),
    ("mysql", b"/*!50001 VIEW `v_patients_actifs` AS select `p`.`id` AS `id`"),
    ("mysql", b"DO DELETE FROM `journal` WHERE `cree_le` < NOW() - INTERVAL 1 YEAR */ ;;\n"),
    ("mysql", b"  IF p_sexe = 'F' THEN\n    SET v_titre = 'Mme';\n  END IF;\n"),
    ("mysql", b"/*!40014 SET @OLD_FOREIGN_KEY_CHECKS=@@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS=0 */;\n"),
    ("mysql", b"LOCK TABLES `documents` WRITE;\n/*!40000 ALTER TABLE `documents` DISABLE KEYS */;\n"),
    ("mysql", b"(p_sexe CHAR(1), p_nom VARCHAR(30)) RETURNS varchar(40) CHARSET utf8mb4"),
    ("postgres", b"    AS $body$\nDECLARE\n  v_nom text;\nBEGIN\n"),
    ("postgres", b"  SELECT nom INTO v_nom FROM public.patients WHERE id = NEW.patient_id;\n"),
    ("postgres", b"  RETURN NEW;\nEND;\n$body$;\n"),
    ("postgres", b"ALTER TABLE ONLY public.consultations ATTACH PARTITION public.consultations_2024_03 FOR VALUES"),
    ("postgres", b"SELECT pg_catalog.setval('public.patients_id_seq', 60, true);\n"),
    ("postgres", b"CREATE MATERIALIZED VIEW public.recettes_mensuelles AS\n"),
    ("postgres", b"COPY public.documents (id, patient_id, type_document, contenu) FROM stdin;\n"),
])
def test_what_is_not_a_row_is_copied_byte_for_byte(redacted_dumps, dialect, piece):
    source = MYSQL_DUMP if dialect == "mysql" else POSTGRES_DUMP
    assert piece in source.read_bytes()
    assert piece in redacted_dumps[dialect].read_bytes()


def _binary_literals(dump: bytes) -> list[bytes]:
    """The hex, ``_binary`` and raw PNG literals of a MySQL dump, in order."""
    import re

    return re.findall(rb"0x[0-9A-F]+|_binary '(?:[^'\\]|\\.)*'|'\x89PNG(?:[^'\\]|\\.)*'", dump)


def test_mysql_blobs_are_copied_as_bytes(redacted_dumps):
    original = _binary_literals(MYSQL_DUMP.read_bytes())
    assert len(original) == 30 * 2 + 20  # documents: hex and _binary; patients: 20 PNG photos
    assert _binary_literals(redacted_dumps["mysql"].read_bytes()) == original


# ---------------------------------------------------------------- PostgreSQL 15

# Routine, trigger and view bodies are compared with their string literals blanked: a name
# or identifier in a literal is replaced by design (README, "no detected value remains");
# their structure (DECLARE, IF, RETURN, LEAVE, INSERT ... SELECT) must come out as it was.
# CHECK constraints, partition bounds and sequences are compared as they are.
_PG_UNQUOTED = r"regexp_replace({}, '''(?:[^''\\]|\\.)*''', '''?''', 'g')"


def _psql_load(psql: list[str], database: str, dump: Path) -> list[str]:
    """Load ``dump`` into a fresh ``database``; the ``ERROR`` lines psql printed."""
    _run(psql + ["-d", "postgres", "-c", f"CREATE DATABASE {database}"])
    loaded = subprocess.run(psql + ["-d", database, "-f", "-"], input=dump.read_bytes(),
                            capture_output=True, timeout=TIMEOUT)
    return [line for line in loaded.stderr.decode(errors="replace").splitlines() if "ERROR" in line]


def _psql_rows(psql: list[str], database: str, query: str) -> list[str]:
    """The rows of ``query``, cells split by ``\\x1f`` (a cell may hold a line break)."""
    out = _run(psql + ["-d", database, "-t", "-A", "-F", "\x1f", "-R", "\x1e", "-c", query]).stdout
    return out.removesuffix("\n").split("\x1e") if out.strip() else []


def _postgres_state(psql: list[str], database: str, dump: Path) -> dict[str, object]:
    errors = _psql_load(psql, database, dump)
    tables = _psql_rows(psql, database, "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                                        " WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') ORDER BY 1")
    counts = {table: int(_psql_rows(psql, database, f"SELECT count(*) FROM public.{table}")[0]) for table in tables}
    definitions = _psql_rows(psql, database, f"""
        SELECT 'function ' || p.proname || ' ' || md5({_PG_UNQUOTED.format("pg_get_functiondef(p.oid)")}) FROM pg_proc p
          JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public'
        UNION ALL SELECT 'trigger ' || tgname || ' ' || md5(pg_get_triggerdef(oid)) FROM pg_trigger WHERE NOT tgisinternal
        UNION ALL SELECT 'view ' || viewname || ' ' || md5({_PG_UNQUOTED.format("definition")}) FROM pg_views
          WHERE schemaname = 'public'
        UNION ALL SELECT 'matview ' || matviewname || ' ' || md5(definition) FROM pg_matviews WHERE schemaname = 'public'
        UNION ALL SELECT 'constraint ' || conname || ' ' || md5(pg_get_constraintdef(oid)) FROM pg_constraint
          WHERE connamespace = 'public'::regnamespace
        UNION ALL SELECT 'partition ' || relname || ' ' || md5(pg_get_expr(relpartbound, oid)) FROM pg_class
          WHERE relispartition
        UNION ALL SELECT 'sequence ' || sequencename || ' ' || last_value FROM pg_sequences
        ORDER BY 1""")
    columns = {}
    for table in ROW_COUNTS:
        names = _psql_rows(psql, database, "SELECT column_name FROM information_schema.columns WHERE table_schema = 'public'"
                                           f" AND table_name = '{table}' ORDER BY ordinal_position")
        rows = _psql_rows(psql, database, f"SELECT * FROM public.{table} ORDER BY id")
        for index, name in enumerate(names):
            columns[(table, name)] = [row.split("\x1f")[index] for row in rows]
    return {"errors": errors, "counts": counts, "definitions": definitions, "columns": columns}


# ---------------------------------------------------------------- MariaDB 10.11

_MYSQL_UNQUOTED = r"REGEXP_REPLACE({}, '\'(?:[^\'\\\\]|\\\\.)*\'', '\'?\'')"


def _mysql_load(client: list[str], database: str, dump: Path) -> list[str]:
    _run(client + ["-e", f"CREATE DATABASE {database} CHARACTER SET utf8mb4"])
    loaded = subprocess.run(client + ["--force", database], input=dump.read_bytes(), capture_output=True, timeout=TIMEOUT)
    return [line for line in loaded.stderr.decode(errors="replace").splitlines() if "ERROR" in line]


def _mysql_rows(client: list[str], database: str, query: str) -> list[str]:
    return _run(client + ["-N", "-B", "--raw", database, "-e", query]).stdout.splitlines()


def _mysql_state(client: list[str], database: str, dump: Path) -> dict[str, object]:
    errors = _mysql_load(client, database, dump)
    tables = _mysql_rows(client, database, "SELECT table_name FROM information_schema.tables"
                                           f" WHERE table_schema = '{database}' AND table_type = 'BASE TABLE' ORDER BY 1")
    counts = {table: int(_mysql_rows(client, database, f"SELECT count(*) FROM `{table}`")[0]) for table in tables}
    unquoted = _MYSQL_UNQUOTED.format
    definitions = _mysql_rows(client, database, f"""
        SELECT CONCAT(routine_type, ' ', routine_name, ' ', MD5({unquoted("routine_definition")}), ' ', dtd_identifier)
          FROM information_schema.routines WHERE routine_schema = '{database}'
        UNION ALL SELECT CONCAT('TRIGGER ', trigger_name, ' ', MD5({unquoted("action_statement")}))
          FROM information_schema.triggers WHERE trigger_schema = '{database}'
        UNION ALL SELECT CONCAT('VIEW ', table_name, ' ', MD5(REPLACE({unquoted("view_definition")}, '`{database}`.', '')))
          FROM information_schema.views WHERE table_schema = '{database}'
        UNION ALL SELECT CONCAT('EVENT ', event_name, ' ', MD5({unquoted("event_definition")}), ' ', starts)
          FROM information_schema.events WHERE event_schema = '{database}'
        UNION ALL SELECT CONCAT('CHECK ', table_name, '.', constraint_name, ' ', MD5(check_clause))
          FROM information_schema.check_constraints WHERE constraint_schema = '{database}'
        UNION ALL SELECT CONCAT('COLUMN ', table_name, '.', column_name, ' ', column_type)
          FROM information_schema.columns WHERE table_schema = '{database}'
        ORDER BY 1""")
    orphans = {
        (table, column): int(_mysql_rows(client, database, f"SELECT count(*) FROM `{table}` t LEFT JOIN `{parent}` p"
                                                           f" ON p.id = t.`{column}` WHERE p.id IS NULL")[0])
        for table, column, parent in FOREIGN_KEYS
    }
    columns = {}
    for table in ROW_COUNTS:
        names = _mysql_rows(client, database, "SELECT column_name FROM information_schema.columns"
                                              f" WHERE table_schema = '{database}' AND table_name = '{table}'"
                                              " ORDER BY ordinal_position")
        select = ", ".join(f"HEX(`{name}`)" for name in names)
        rows = _mysql_rows(client, database, f"SELECT {select} FROM `{table}` ORDER BY id")
        for index, name in enumerate(names):
            columns[(table, name)] = [row.split("\t")[index] for row in rows]
    return {"errors": errors, "counts": counts, "definitions": definitions, "orphans": orphans, "columns": columns}


# ---------------------------------------------------------------- the comparisons


def _differences(original: dict, redacted: dict, unchanged: list[tuple[str, str]]) -> list[str]:
    """What the issue demands of a redacted copy, each failure naming its check, table and column."""
    problems = []
    if original["errors"]:
        problems.append(f"the original does not load cleanly: {original['errors'][:3]}")
    new_errors = [e for e in redacted["errors"] if e not in original["errors"]]
    if new_errors:
        problems.append(f"load errors of the redacted copy ({len(new_errors)}): {new_errors[:5]}")
    for table, count in original["counts"].items():
        if redacted["counts"].get(table) != count:
            problems.append(f"row count of {table}: {redacted['counts'].get(table)} instead of {count}")
    lost = sorted(set(original["definitions"]) ^ set(redacted["definitions"]))
    if lost:
        problems.append(f"schema, routines, triggers or views differ: {lost[:8]}")
    for key, count in original.get("orphans", {}).items():
        if redacted["orphans"][key] != count:
            problems.append(f"orphan rows of {key[0]}.{key[1]}: {redacted['orphans'][key]} instead of {count}")
    for key in unchanged:
        before, after = original["columns"][key], redacted["columns"].get(key, [])
        changed = sum(a != b for a, b in zip(before, after)) + abs(len(before) - len(after))
        if changed:
            problems.append(f"non-personal column {key[0]}.{key[1]} changed in {changed} of {len(before)} rows")
    for column in PERSONAL:
        before, after = original["columns"][("patients", column)], redacted["columns"].get(("patients", column), [])
        kept = sum(a == b for a, b in zip(before, after) if a)
        filled = sum(1 for value in before if value)
        if len(after) != len(before) or kept > PERSONAL_LEFT_AT_MOST * filled:
            problems.append(f"personal column patients.{column} left unchanged in {kept} of {filled} rows")
    return problems


@pytest.mark.db
def test_redacted_postgres_dump_reloads_like_the_original(postgres, redacted_dumps):
    original = _postgres_state(postgres, "original", POSTGRES_DUMP)
    redacted = _postgres_state(postgres, "redacted", redacted_dumps["postgres"])
    assert original["counts"] == {**ROW_COUNTS, **POSTGRES_PARTITION_COUNTS}
    problems = _differences(original, redacted, UNCHANGED)
    assert not problems, "\n".join(problems)


@pytest.mark.db
def test_redacted_mysql_dump_reloads_like_the_original(mariadb, redacted_dumps):
    original = _mysql_state(mariadb, "original", MYSQL_DUMP)
    redacted = _mysql_state(mariadb, "redacted", redacted_dumps["mysql"])
    assert original["counts"] == ROW_COUNTS
    problems = _differences(original, redacted, UNCHANGED + MYSQL_ONLY_UNCHANGED)
    assert not problems, "\n".join(problems)
