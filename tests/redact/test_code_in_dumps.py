"""Code is schema: routine, trigger, event and view bodies, CHECK and DEFAULT clauses and
partition bounds keep their dates and the names found there without a cue; identifiers
(e-mail, phone, NIR) and cued names ("Dr Lefebvre") are still replaced; comments and
COMMENT texts are redacted as before; ``--verify`` agrees with what is kept.

Synthetic dumps (names, dates and numbers invented), PostgreSQL and MySQL syntax.
"""

import pytest

from scanner.readers.mysql_dump import MYSQL
from scanner.readers.postgres_dump import POSTGRES
from scanner.readers.sql_dump import code_literals, read_pieces
from scanner.redact.pipeline import redact_path
from scanner.redact.policy import RedactionPolicy

KEY = b"code-in-dumps-test-key-0123456789abcdef"


@pytest.mark.parametrize(("sql", "dialect", "one_statement", "code"), [
    (b"CREATE TABLE t (d date DEFAULT '2020-01-01', CHECK (d < '2030-01-01'))", POSTGRES, True,
     ["2020-01-01", "2030-01-01"]),
    (b"ALTER TABLE ONLY p ATTACH PARTITION p1 FOR VALUES FROM ('2007-01-01') TO ('2007-02-01')", POSTGRES, True,
     ["2007-01-01", "2007-02-01"]),
    (b"CREATE FUNCTION f() RETURNS int AS $$ BEGIN RAISE 'Key (id) exists'; END $$ LANGUAGE plpgsql", POSTGRES, True,
     [" BEGIN RAISE 'Key (id) exists'; END "]),
    (b"CREATE PROCEDURE p() COMMENT 'vu par Jean Dupont' BEGIN DECLARE d DATE; SET d = '2024-06-11'; END",
     MYSQL, True, ["2024-06-11"]),
    (b"/*!50106 CREATE*/ /*!50106 EVENT e ON SCHEDULE EVERY 1 DAY STARTS '2024-06-11 03:00:00' DO SELECT 1 */ ;;",
     MYSQL, False, ["2024-06-11 03:00:00"]),
    (b"/*!50003 SET @d = '2024-06-11' */ ;\n/*!50001 CREATE VIEW v AS SELECT 'Mme Roux' AS n */;", MYSQL, False,
     ["Mme Roux"]),
    (b"COMMENT ON TABLE t IS 'saisi le 2024-06-11 par Jean Dupont'", POSTGRES, True, []),
    (b"INSERT INTO t VALUES (1, '2024-06-11') ON CONFLICT DO UPDATE SET d = '2024-06-12'", POSTGRES, True, []),
    (b"UPDATE patients SET nom = 'DUPONT' WHERE id = 1", POSTGRES, True, []),
])
def test_code_literals_are_those_of_create_and_alter(sql, dialect, one_statement, code):
    pieces = read_pieces(sql, dialect)
    assert [pieces[i].text for i in sorted(code_literals(pieces, one_statement))] == code


PG_DUMP = """--
-- PostgreSQL database dump
--
SET standard_conforming_strings = on;

CREATE TABLE public.consultations (
    id integer,
    nom character varying(40),
    date_consultation date DEFAULT '2024-06-11'::date,
    CONSTRAINT depuis_2024 CHECK ((date_consultation >= '2024-01-01'::date))
);

CREATE FUNCTION public.verifier(p integer) RETURNS void
    LANGUAGE plpgsql
    AS $_$
BEGIN
    -- rappel : appeler Jean Dupont, exemple : verifier(1) le 2024-06-14
    IF p IS NULL THEN
        RAISE EXCEPTION USING DETAIL = 'Key (payment_id) is missing; see report of 2024-06-12';
    END IF;
    INSERT INTO journal VALUES ('relu par Dr Lefebvre, joindre secretariat@cabinet-roux.fr');
    PERFORM rapport(5, '2024-06-13'::date);
END
$_$;

COMMENT ON FUNCTION public.verifier(integer) IS 'écrit par Jean Dupont le 12/03/2024';

COPY public.consultations (id, nom, date_consultation) FROM stdin;
1\tJean Dupont\t2024-06-11
2\tMarie Durand\t2024-06-12
3\tPaul Petit\t2024-06-13
\\.
"""


@pytest.fixture
def redacted(tmp_path, detector):
    source, output = tmp_path / "cabinet.sql", tmp_path / "redacted.sql"
    source.write_text(PG_DUMP, encoding="utf-8")
    summary = redact_path(source, output, RedactionPolicy(key=KEY), detector=detector, verify=True)
    return summary, output.read_text(encoding="utf-8")


def test_code_keeps_its_dates_and_names_without_a_cue(redacted):
    _, text = redacted
    for kept in ("DEFAULT '2024-06-11'::date", "'2024-01-01'::date", "Key (payment_id) is missing",
                 "report of 2024-06-12", "rapport(5, '2024-06-13'::date)", "verifier(1) le 2024-06-14"):
        assert kept in text


def test_code_still_loses_cued_names_and_identifiers(redacted):
    _, text = redacted
    for gone in ("Dr Lefebvre", "secretariat@cabinet-roux.fr"):
        assert gone not in text


def test_comments_and_rows_are_redacted_as_before(redacted):
    _, text = redacted
    assert "appeler Jean Dupont" not in text  # a -- comment, even in a body
    assert "écrit par Jean Dupont" not in text and "12/03/2024" not in text  # COMMENT ON ... IS
    rows = text[text.index("COPY public.consultations"):].splitlines()[1:4]
    assert [row.split("\t")[2] for row in rows] != ["2024-06-11", "2024-06-12", "2024-06-13"]


def test_verify_accepts_what_code_keeps(redacted):
    summary, _ = redacted
    assert summary.verified and not summary.verify_failed, [str(r) for r in summary.residuals]
