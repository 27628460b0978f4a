"""The terminal summary puts what matters first: the columns that make records sensitive
(free text, health), ranked by sensitive records, before identity columns; tables by
source; the legend of the classes; next steps fitted to what was found."""

import io
import re
from pathlib import Path

import pytest
from rich.console import Console

from scanner.cli import output
from scanner.report import makes_sensitive, next_steps, ranked_columns
from scanner.scan import ScanConfig, scan_paths

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SENSITIVE_TITLE = "Columns that make records sensitive"
IDENTITY_TITLE = "Identity and contact columns"


@pytest.fixture(scope="module")
def reports(detector):
    """The summaries of the tables fixtures and of every fixture at once."""
    return {
        name: scan_paths([FIXTURES / path], ScanConfig(jobs=1), detector=detector)
        for name, path in (("tables", "tables"), ("all", "."))
    }


def printed(summary, written=()) -> str:
    """The summary as a 240-column terminal shows it."""
    buffer = io.StringIO()
    console = Console(file=buffer, width=240, color_system=None)
    saved, output.console = output.console, console
    try:
        output.print_summary(summary, written)
    finally:
        output.console = saved
    return buffer.getvalue()


def row_of(text: str, source: dict, column: dict) -> int:
    """Where the row of ``column`` of ``source`` is printed."""
    where = ".".join(part for part in (source["table"], column["column"]) if part)
    match = re.search(rf"│ {re.escape(where)} +│ {re.escape(source['source'])} +│", text)
    assert match, (where, source["source"])
    return match.start()


@pytest.mark.parametrize("scan", ["tables", "all"])
def test_every_sensitive_column_is_shown_before_identity_columns(reports, scan):
    summary = reports[scan]
    report = summary.to_report()
    text = printed(summary)
    ranked = ranked_columns(report["sources"])
    sensitive = [pair for pair in ranked if makes_sensitive(pair[1])]
    names = {column["column"].rsplit(".", 1)[-1] for _, column in sensitive}
    assert {"motif", "observation", "medicament"} <= names
    start, end = text.index(SENSITIVE_TITLE), text.index(IDENTITY_TITLE)
    places = [row_of(text, *pair) for pair in sensitive]
    assert all(start < place < end for place in places)
    assert places == sorted(places)  # ranked by sensitive rows
    rows = [column["sensitive_rows"] for _, column in sensitive]
    assert rows == sorted(rows, reverse=True)


@pytest.mark.parametrize(("scan", "tables"), [
    ("tables", {"dump_mysql_full.sql": ["prescriptions", "consultations", "documents", "journal", "patients"],
                "patients.sqlite": ["consultations", "patients"]}),
    ("all", {"dump_postgres.sql": ["consultations", "patients", "audit.journal"]}),
])
def test_tables_are_grouped_by_source_with_their_names(reports, scan, tables):
    text = printed(reports[scan])
    section = text[text.index("Tables by source"):text.index(IDENTITY_TITLE)]
    for source, names in tables.items():
        lines = section.splitlines()
        at = next(i for i, line in enumerate(lines) if re.search(rf"│ \S*/{re.escape(source)} ", line))
        shown = [re.match(r"│\s+(\S+)", line).group(1) for line in lines[at + 1 : at + 1 + len(names)]]
        assert shown == names, source


@pytest.mark.parametrize(("written", "expected", "absent"), [
    ((), ["--html report.html", "--findings findings.jsonl", "vigie redact INPUT --output OUT --key-file vigie.key"], []),
    (("--html",), ["--findings findings.jsonl", "vigie keygen vigie.key"], ["--html report.html"]),
    (("--html", "--findings", "--report"), ["vigie redact"], ["--html report.html", "--findings findings.jsonl",
                                                             "--report report.json"]),
])
def test_legend_and_next_steps(reports, written, expected, absent):
    text = printed(reports["tables"], written)
    for legend in ("reveals health or other special-category data", "identity or contact data only", "nothing found"):
        assert legend in text
    steps = text[text.index("Next steps"):]
    for step in expected:
        assert step in steps, step
    for step in absent:
        assert step not in steps, step


@pytest.mark.parametrize(("records", "steps"), [
    ({"sensitive": 0, "administrative": 0, "unparsed": 0}, ["nothing to redact: no personal data found"]),
    ({"sensitive": 0, "administrative": 3, "unparsed": 0}, ["--html", "--findings", "vigie redact"]),
    ({"sensitive": 1, "administrative": 0, "unparsed": 2}, ["--html", "--findings", "vigie redact", "--report"]),
])
def test_next_steps_fit_what_was_found(records, steps):
    found = next_steps({"records": records})
    assert len(found) == len(steps)
    assert all(word in step for word, step in zip(steps, found))


def test_cut_lists_are_cut_by_relevance(monkeypatch):
    """Many tables: every sensitive column within the limit, the identity columns with the
    most findings, and a caption saying the JSON holds the rest."""
    def column(name, kind, findings, sensitive):
        return {"column": name, "kind": kind, "rows": 100, "findings": findings, "sensitive_rows": sensitive,
                "sensitive_share": sensitive / 100}

    sources = [
        {"source": f"export/t{i:02}.sql", "table": f"t{i:02}", "records": 100, "sensitive": i, "sensitive_share": i / 100,
         "columns": [column("nir", "structured", {"FR_NIR": 100 - i}, 0),
                     column("motif", "free_text", {"DIAGNOSIS": i}, i) if i % 3 == 0 else column("id", None, {}, 0)]}
        for i in range(1, 41)
    ]
    buffer = io.StringIO()
    monkeypatch.setattr(output, "console", Console(file=buffer, width=240, color_system=None))
    monkeypatch.setattr(output, "MAX_SENSITIVE_SHOWN", 5)
    output.print_columns(sources)
    text = buffer.getvalue()
    sensitive = text[text.index(SENSITIVE_TITLE):text.index("Tables by source")]
    assert re.findall(r"t(\d\d)\.motif", sensitive) == ["39", "36", "33", "30", "27"]
    assert "8 more, with fewer sensitive rows, in the JSON report" in sensitive
    identity = text[text.index(IDENTITY_TITLE):]
    assert re.findall(r"t(\d\d)\.nir", identity) == [f"{i:02}" for i in range(1, 16)]
    assert "25 more, with fewer findings" in identity and "hold every column" in identity
    tables = text[text.index("Tables by source"):text.index(IDENTITY_TITLE)]
    assert re.findall(r"export/t(\d\d)\.sql", tables)[:3] == ["40", "39", "38"]
    assert "10 more tables, with fewer sensitive records" in " ".join(tables.split())
