"""PostgreSQL scripts without pg_dump's header are redacted as PostgreSQL and reload.

A script of plain ``INSERT``s with ``N'..'`` literals and ``''`` quotes (no ``-- PostgreSQL
database dump`` line) was written back with MySQL's ``\\'`` escapes, which PostgreSQL reads
as the end of the string: most tables ended empty. The original and the redacted copy are
loaded into the session's throwaway PostgreSQL server (``servers.py``) and every table's row
count is compared.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from scanner.readers import Format, detect_format
from scanner.redact.pipeline import redact_path
from scanner.redact.policy import RedactionPolicy
from tests.redact.servers import TIMEOUT
from tests.redact.servers import run as _run
from tests.redact.test_db_reload import KEY

pytestmark = pytest.mark.db

REALDATA = Path(__file__).resolve().parents[3] / "shared" / "realdata"
if not REALDATA.exists():
    REALDATA = Path("/work/shared/realdata")
CHINOOK_POSTGRES = REALDATA / "dumps" / "chinook" / "Chinook_PostgreSql.sql"

SYNTHETIC_SCRIPT = """\
/* Jeu d'essai du cabinet, écrit à la main pour PostgreSQL */
CREATE TABLE patient
(
    patient_id INT NOT NULL,
    prenom VARCHAR(40) NOT NULL,
    nom VARCHAR(40) NOT NULL,
    adresse VARCHAR(80),
    ville VARCHAR(40),
    telephone VARCHAR(24),
    email VARCHAR(60),
    CONSTRAINT patient_pkey PRIMARY KEY (patient_id)
);

CREATE TABLE consultation
(
    consultation_id INT NOT NULL,
    patient_id INT NOT NULL,
    motif VARCHAR(200),
    CONSTRAINT consultation_pkey PRIMARY KEY (consultation_id),
    CONSTRAINT consultation_patient_fkey FOREIGN KEY (patient_id) REFERENCES patient (patient_id)
);

INSERT INTO patient (patient_id, prenom, nom, adresse, ville, telephone, email) VALUES
    (1, N'Jeanne', N'Dupré-L''Hermite', N'12 rue de l''Église', N'Saint-Étienne', N'06 12 34 56 78', N'jeanne.lhermite@exemple.fr'),
    (2, N'Amédée', N'O''Neill', N'3 allée des Tilleuls', N'Lyon', N'04 78 00 11 22', N'amedee.oneill@exemple.fr'),
    (3, N'Chloé', N'Durand', N'7 bis chemin d''Arles', N'Nîmes', N'+33 4 66 12 34 56', N'c.durand@exemple.fr');

INSERT INTO consultation (consultation_id, patient_id, motif) VALUES
    (1, 1, N'Contrôle tensionnel, patiente vue par le Dr Martin'),
    (2, 2, N'Douleur à l''épaule droite'),
    (3, 3, N'Renouvellement d''ordonnance');
"""


def _redact(source: Path, output: Path, detector) -> Path:
    summary = redact_path(source, output, RedactionPolicy(key=KEY), detector=detector)
    assert summary.output == output and summary.records_dropped == 0
    return output


def _load_and_count(psql: list[str], database: str, script: bytes) -> dict[str, int]:
    """Every table's row count once ``script`` is loaded into a fresh ``database``."""
    _run(psql + ["-d", "postgres", "-c", f"CREATE DATABASE {database}"])
    loaded = subprocess.run(psql + ["-d", database, "-v", "ON_ERROR_STOP=1", "-f", "-"],
                            input=script, capture_output=True, timeout=TIMEOUT)
    assert loaded.returncode == 0, loaded.stderr.decode(errors="replace")
    tables = _run(psql + ["-d", database, "-t", "-A", "-c",
                          "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"]).stdout.split()
    return {table: int(_run(psql + ["-d", database, "-t", "-A", "-c", f'SELECT count(*) FROM "{table}"']).stdout)
            for table in tables}


def _without_own_database(script: bytes) -> bytes:
    """The Chinook script without the ``chinook`` database it creates and moves to, so that
    the original and the redacted copy load into databases of their own."""
    return (script.replace(b"DROP DATABASE IF EXISTS chinook;", b"")
            .replace(b"CREATE DATABASE chinook;", b"").replace(b"\\c chinook;", b""))


def test_synthetic_postgres_script_without_header_reloads_with_same_row_counts(postgres, detector, tmp_path):
    source = tmp_path / "cabinet.sql"
    source.write_text(SYNTHETIC_SCRIPT, encoding="utf-8")
    assert detect_format(source) is Format.POSTGRES
    output = _redact(source, tmp_path / "cabinet_redacted.sql", detector)
    redacted = output.read_text(encoding="utf-8")
    assert "\\'" not in redacted and "Dupré-L''Hermite" not in redacted and "jeanne.lhermite" not in redacted
    before = _load_and_count(postgres, "cabinet_original", source.read_bytes())
    after = _load_and_count(postgres, "cabinet_redacted", output.read_bytes())
    assert after == before == {"patient": 3, "consultation": 3}


def test_chinook_postgres_script_reloads_with_same_row_counts(postgres, detector, tmp_path):
    if not CHINOOK_POSTGRES.exists():
        pytest.skip(f"{CHINOOK_POSTGRES} is absent (the realdata development set is not here)")
    output = _redact(CHINOOK_POSTGRES, tmp_path / "chinook_redacted.sql", detector)
    before = _load_and_count(postgres, "chinook_original", _without_own_database(CHINOOK_POSTGRES.read_bytes()))
    after = _load_and_count(postgres, "chinook_redacted", _without_own_database(output.read_bytes()))
    assert len(before) == 11 and all(before.values())
    assert after == before
