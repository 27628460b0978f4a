"""Every INSERT form pg_dump and mysqldump write is read as rows (scan) and stays the same
statement once redacted; a UTF-8 BOM before the first statement is no statement."""

from __future__ import annotations

import pytest

from scanner.models import ReadError, Record
from scanner.readers import Format, read_records
from scanner.redact.pipeline import redact_path
from scanner.redact.policy import RedactionPolicy
from tests.hostile.harness import nir_with_key

NIR = nir_with_key("2630397154375")
BOM = "\ufeff"

VARIANTS = [  # (name, dump text, format, table, rows)
    ("plain", f"INSERT INTO `p` VALUES (1,'{NIR}'),(2,'x');\n", Format.MYSQL, "p", 2),
    ("column list", f"INSERT INTO public.p (id, nir) VALUES (1, '{NIR}');\n", Format.POSTGRES, "p", 1),
    ("column inserts", f'INSERT INTO public.p ("id", "nir") VALUES (1, \'{NIR}\');\nINSERT INTO public.p ("id", "nir") VALUES (2, NULL);\n', Format.POSTGRES, "p", 2),
    ("rows per insert", f"INSERT INTO public.p VALUES\n\t(1, '{NIR}'),\n\t(2, 'x'),\n\t(3, 'y');\n", Format.POSTGRES, "p", 3),
    ("on conflict", f"INSERT INTO public.p VALUES (1, '{NIR}') ON CONFLICT DO NOTHING;\n", Format.POSTGRES, "p", 1),
    ("on conflict, many rows", f"INSERT INTO public.p (id, nir) VALUES (1, '{NIR}'), (2, 'x') ON CONFLICT DO NOTHING;\n", Format.POSTGRES, "p", 2),
    ("overriding system", f"INSERT INTO public.p (id, nir) OVERRIDING SYSTEM VALUE VALUES (1, '{NIR}');\n", Format.POSTGRES, "p", 1),
    ("overriding user", f"INSERT INTO public.p OVERRIDING USER VALUE VALUES (1, '{NIR}');\n", Format.POSTGRES, "p", 1),
    ("insert ignore", f"INSERT IGNORE INTO `p` VALUES (1,'{NIR}');\n", Format.MYSQL, "p", 1),
    ("replace", f"REPLACE INTO `p` VALUES (1,'{NIR}');\n", Format.MYSQL, "p", 1),
    ("delayed", f"INSERT DELAYED INTO `p` VALUES (1,'{NIR}');\n", Format.MYSQL, "p", 1),
    ("low priority ignore", f"INSERT LOW_PRIORITY IGNORE INTO `p` VALUES (1,'{NIR}');\n", Format.MYSQL, "p", 1),
    ("high priority, no INTO", f"INSERT HIGH_PRIORITY `p` VALUES (1,'{NIR}');\n", Format.MYSQL, "p", 1),
    ("schema and quotes, pg", f'INSERT INTO "Audit"."Log Table" ("id", "nir") VALUES (1, \'{NIR}\');\n', Format.POSTGRES, "Audit.Log Table", 1),
    ("schema and quotes, mysql", f"INSERT INTO `db`.`p t` (`id`,`nir`) VALUES (1,'{NIR}');\n", Format.MYSQL, "db.p t", 1),
    ("alias, pg", f"INSERT INTO public.p AS x (id, nir) VALUES (1, '{NIR}');\n", Format.POSTGRES, "p", 1),
    ("row alias, mysql", f"INSERT INTO `p` VALUES (1,'{NIR}') AS new ON DUPLICATE KEY UPDATE id=new.id;\n", Format.MYSQL, "p", 1),
    ("BOM, mysql", f"{BOM}INSERT INTO `p` VALUES (1,'{NIR}');\nINSERT INTO `p` VALUES (2,'x');\n", Format.MYSQL, "p", 2),
    ("BOM, pg", f"{BOM}--\n-- PostgreSQL database dump\n--\nINSERT INTO public.p VALUES (1, '{NIR}');\n", Format.POSTGRES, "p", 1),
]


def statement_heads(dump: str) -> list[str]:
    """What comes before VALUES in each INSERT or REPLACE statement."""
    return [line.split("VALUES")[0] for line in dump.splitlines() if line.lstrip(BOM).startswith(("INSERT", "REPLACE"))]


def rows_of(path, format):
    items = list(read_records(path, format))
    return [i for i in items if isinstance(i, Record)], [i for i in items if isinstance(i, ReadError)]


@pytest.mark.parametrize(("text", "format", "table", "rows"), [v[1:] for v in VARIANTS], ids=[v[0] for v in VARIANTS])
def test_insert_variants_are_read_as_rows(tmp_path, text, format, table, rows):
    path = tmp_path / "dump.sql"
    path.write_text(text, encoding="utf-8")
    records, errors = rows_of(path, format)
    assert not errors
    assert [r.table for r in records] == [table] * rows
    assert any(NIR in r.fields.values() for r in records)


@pytest.mark.parametrize(("text", "format", "table", "rows"), [v[1:] for v in VARIANTS], ids=[v[0] for v in VARIANTS])
def test_insert_variants_stay_the_same_statements_once_redacted(tmp_path, detector, text, format, table, rows):
    source = tmp_path / "in" / "dump.sql"
    source.parent.mkdir()
    source.write_text(text, encoding="utf-8")
    target = tmp_path / "dump.sql"
    redact_path(source, target, RedactionPolicy(key=b"k" * 32), format=format, detector=detector, verify=True)
    written = target.read_text(encoding="utf-8")
    assert NIR not in written
    assert written.startswith(BOM) == text.startswith(BOM)
    assert statement_heads(written) == statement_heads(text)
    records, errors = rows_of(target, format)
    assert not errors and [r.table for r in records] == [table] * rows


def test_a_bom_in_the_middle_of_a_dump_is_reported_and_the_next_statement_read(tmp_path):
    path = tmp_path / "joined.sql"
    path.write_text(f"INSERT INTO `p` VALUES (1,'x');\n{BOM}INSERT INTO `p` VALUES (2,'{NIR}');\n", encoding="utf-8")
    records, errors = rows_of(path, Format.MYSQL)
    assert [r.record for r in records] == ["1", "2"]
    assert [(e.line, e.message) for e in errors] == [(2, "a byte order mark (U+FEFF) in the middle of the dump (files joined?)")]
