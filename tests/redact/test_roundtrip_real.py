"""The real sample dumps of ``../shared/realdata/dumps``, redacted, load like the originals.

Each dump is redacted once per session (``redact_path``, fixed key, ``verify=True``) and
the original and the copy are loaded into fresh databases (``roundtrip.py``): same row
counts, no new load error, no new orphan row, same schema, routines, triggers and views,
non-personal columns unchanged, personal values not left in their row. Skipped with the
reason without ``shared/realdata`` beside the repository (or one of its parent
directories, or ``VIGIE_REALDATA``) or without the servers.

Personal columns, from the data's README ("customers and employees have names, addresses,
phones, e-mails and birth dates; film titles, categories, track names, prices are not
personal"); the choices it leaves open:

- a person's own names, e-mail, phone, fax, birth date, street address, city and postal
  code are personal, and so are the billing address, city and postal code of an invoice
  (the customer's address, copied) and a staff member's login (``username``: the first name);
- state, district and country are kept: regions shared by many people, needed for any
  statistics, not an address by themselves; ``city`` reference tables (a list of cities,
  no person) are kept too;
- a customer's ``company`` (an organisation's name), job titles, hire and creation dates,
  ``active`` flags and password hashes describe no one by themselves: kept unchanged;
- actors (pagila) and artists (chinook) are credited performers, published with the works
  like the titles: not the customers' or employees' data, kept unchanged;
- pagila's staff ``picture`` is an 8-byte stub of a PNG header, not a photo: a binary value
  that must come out byte for byte.
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import pytest

from scanner.scan import ScanConfig, scan_paths
from tests.redact.roundtrip import DumpCase, compare, folded, redact_once

pytestmark = pytest.mark.db

REALDATA = Path(os.environ.get("VIGIE_REALDATA") or next(
    (parent / "shared" / "realdata" for parent in Path(__file__).resolve().parents
     if (parent / "shared" / "realdata").is_dir()), "../shared/realdata"))
DUMPS = REALDATA / "dumps"
KEY = b"roundtrip-kit-key-0123456789abcdef"

CHINOOK_PERSONAL = {
    "customer": ["first_name", "last_name", "address", "city", "postal_code", "phone", "fax", "email"],
    "employee": ["first_name", "last_name", "birth_date", "address", "city", "postal_code", "phone", "fax", "email"],
    "invoice": ["billing_address", "billing_city", "billing_postal_code"],
}
PAGILA_PERSONAL = {
    "customer": ["first_name", "last_name", "email"],
    "staff": ["first_name", "last_name", "email", "username"],
    "address": ["address", "address2", "postal_code", "phone"],
}
CHINOOK = DUMPS / "chinook"
CASES = [
    DumpCase("pagila", DUMPS / "pagila", "postgres", PAGILA_PERSONAL, files=("pagila-schema.sql", "pagila-data.sql")),
    DumpCase("chinook-postgres", CHINOOK / "Chinook_PostgreSql.sql", "postgres", CHINOOK_PERSONAL),
    DumpCase("chinook-mysql", CHINOOK / "Chinook_MySql.sql", "mariadb", CHINOOK_PERSONAL),
    DumpCase("chinook-sqlite-script", CHINOOK / "Chinook_Sqlite.sql", "sqlite-script", CHINOOK_PERSONAL),
    DumpCase("chinook-sqlite-file", CHINOOK / "Chinook_Sqlite.sqlite", "sqlite", CHINOOK_PERSONAL),
    DumpCase("chinook-json", CHINOOK / "ChinookData.json", "json", CHINOOK_PERSONAL),
]
SERVERS = {"postgres": "postgres_server", "mariadb": "mariadb_server"}


@pytest.fixture(scope="module", params=CASES, ids=[case.name for case in CASES])
def roundtrip(request, tmp_path_factory, detector):
    """(redaction summary, comparison) of one dump, computed once."""
    case = request.param
    if not case.source.exists():
        pytest.skip(f"{case.source} is absent (../shared/realdata beside the repository, or VIGIE_REALDATA)")
    server = request.getfixturevalue(SERVERS[case.dialect]) if case.dialect in SERVERS else None
    copy, summary = redact_once(case, tmp_path_factory.mktemp(case.name), KEY, detector)
    return summary, compare(case, copy, server)


def _report(problems: list[str]) -> str:
    return f"{len(problems)} problem(s):\n" + "\n".join(problems)


def test_redaction_verifies(roundtrip):
    summary, _ = roundtrip
    assert summary.records_dropped == 0 and summary.unparsed == 0
    residuals = Counter((r.table, r.field, r.entity_type) for r in summary.residuals)
    samples = {(r.table, r.field, r.entity_type): f"{r.masked} (line {r.line})" if r.line else r.masked
               for r in summary.residuals}
    assert not summary.verify_failed, _report(
        [f"{table or 'text'}.{field}: {count} {entity} left, e.g. {samples[table, field, entity]}"
         for (table, field, entity), count in residuals.most_common()]
        + [str(error) for error in summary.verify_errors[:20]])


def test_scan_reads_every_row(roundtrip, request, detector):
    """``vigie scan`` of the dump: no unparsed part, and the true number of rows of every
    table (the loaded original's; a partitioned parent's rows are its partitions')."""
    case, original = request.node.callspec.params["roundtrip"], roundtrip[1].original
    summary = scan_paths([case.source], ScanConfig(), detector=detector)
    assert not summary.errors, [str(error) for error in summary.errors[:5]]
    scanned = Counter()
    for (_, table), stats in summary.tables.items():
        if table is not None:  # statements outside rows (functions, views, comments) read as text
            scanned[folded(table)] += stats.records
    expected = {folded(name): table.count for name, table in original.tables.items()}
    assert {name: count for name, count in scanned.items() if expected.get(name) != count} == {}
    unread = {name: count for name, count in expected.items() if count and name not in scanned
              and count != sum(n for part, n in scanned.items() if part.startswith(name))}
    assert unread == {}


def test_same_row_counts(roundtrip):
    problems = roundtrip[1].row_count_changes()
    assert not problems, _report(problems)


def test_no_new_load_error(roundtrip):
    problems = roundtrip[1].new_load_errors()
    assert not problems, _report(problems)


def test_no_new_orphan_row(roundtrip):
    problems = roundtrip[1].new_orphans()
    assert not problems, _report(problems)


def test_same_schema(roundtrip):
    problems = roundtrip[1].schema_changes()
    assert not problems, _report(problems)


def test_same_routines_triggers_and_views(roundtrip):
    problems = roundtrip[1].code_changes()
    assert not problems, _report(problems)


def test_non_personal_columns_unchanged(roundtrip):
    problems = roundtrip[1].changed_non_personal()
    assert not problems, _report(problems)


def test_personal_values_do_not_stay_in_their_row(roundtrip):
    problems = roundtrip[1].personal_left()
    assert not problems, _report(problems)
