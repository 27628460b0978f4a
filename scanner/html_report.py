"""The HTML exposure report: one self-contained file from the JSON report (pure).

Inline CSS and SVG charts drawn here: no script, no font, no image, nothing fetched. Every
value taken from the report is escaped with ``html.escape``; the report holds masked
examples only, so the page does too.

>>> page = render_html({"schema_version": 2, "records": {"total": 1}, "inputs": ["<x>"]}, generated_at="t")
>>> page.startswith("<!DOCTYPE html>"), "&lt;x&gt;" in page, "<x>" in page
(True, True, False)
"""

from __future__ import annotations

from datetime import datetime, timezone
from html import escape

from scanner.classify import SENSITIVE_ENTITIES
from scanner.report import CLASS_LEGEND, makes_sensitive, next_steps, ranked_columns

MAX_ERRORS_SHOWN = 100
"""Unreadable parts listed (the JSON report holds them all)."""
PATH_CHARS = 56
"""A longer path is shown by its end, the full path in a tooltip."""

CLASS_COLOURS = {
    "sensitive": "#c0392b", "administrative": "#e67e22", "none": "#95a5a6", "unparsed": "#f1c40f",
}
BAR_COLOUR = "#2c6e9b"

CSS = """
:root { --ink:#1d2733; --muted:#5b6b7c; --line:#d9e0e7; --bg:#f6f8fa; }
* { box-sizing: border-box; }
body { margin:0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       color: var(--ink); background: var(--bg); overflow-wrap: anywhere; }
header { background:#1d2733; color:#fff; padding:18px 28px; }
header h1 { margin:0; font-size:22px; }
header p { margin:4px 0 0; color:#c9d3dd; font-size:12px; }
main { padding: 20px 28px; display:grid; grid-template-columns: repeat(auto-fit, minmax(min(520px, 100%), 1fr));
       gap:18px; align-items:start; }
section { background:#fff; border:1px solid var(--line); border-radius:8px; padding:14px 18px; min-width:0; }
section.wide { grid-column: 1 / -1; }
h2 { font-size:15px; margin:0 0 10px; }
table { border-collapse: collapse; width:100%; }
th, td { padding:4px 8px; border-bottom:1px solid var(--line); text-align:left; vertical-align:top; }
td.n, th.n { text-align:right; font-variant-numeric: tabular-nums; white-space:nowrap; }
svg { max-width:100%; height:auto; }
.figures { display:grid; grid-template-columns: repeat(auto-fit, minmax(140px, 1fr)); gap:10px; }
.figure { background: var(--bg); border-radius:6px; padding:10px 12px; }
.figure b { display:block; font-size:22px; }
.figure span { color: var(--muted); font-size:12px; }
.legend { margin:8px 0 0; font-size:12px; }
.legend dt { font-weight:600; float:left; clear:left; margin-right:6px; }
.legend dd { margin:0 0 2px; color: var(--muted); }
.steps { margin:0; padding-left:18px; }
.heat { font-size:12px; }
.heat th.t { writing-mode: vertical-rl; transform: rotate(180deg); text-align:left; font-size:10px;
             padding:6px 2px; white-space:nowrap; }
.heat td.h { text-align:center; font-variant-numeric: tabular-nums; padding:4px 2px; font-size:11px;
           white-space:nowrap; overflow-wrap:normal; }
.heat tr.group td { background: var(--bg); font-weight:600; }
.muted { color: var(--muted); }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, monospace; font-size:12px; }
details { border-top:1px solid var(--line); padding:4px 0; }
details details { margin-left:16px; }
summary { cursor:pointer; padding:2px 0; }
summary .muted { font-size:12px; }
details table { font-size:12px; margin:4px 0 8px; }
.errors { table-layout: fixed; font-size:12px; }
.errors td > span { display:-webkit-box; -webkit-line-clamp:2; -webkit-box-orient:vertical; overflow:hidden; }
footer { padding: 0 28px 24px; color: var(--muted); font-size:12px; }
"""


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _n(value: object) -> str:
    return f"{value:,}".replace(",", "\u202f") if isinstance(value, int) else _e(value)


def bar_chart(items: list[tuple], *, width: int = 500, bar: int = 22) -> str:
    """A horizontal SVG bar chart of ``(label, value, colour[, text shown after the bar])``."""
    if not items:
        return '<p class="muted">nothing to show</p>'
    label_width, gap = 150, 6
    top = max(item[1] for item in items) or 1
    height = len(items) * (bar + gap)
    span = width - label_width - 190
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img">'
    ]
    for i, (label, value, colour, *text) in enumerate(items):
        y = i * (bar + gap)
        shown = _e(text[0]) if text else _n(value)
        length = max(1, round(span * value / top)) if value else 0
        parts.append(
            f'<text x="{label_width - 8}" y="{y + bar * 0.7:.1f}" text-anchor="end" font-size="12" '
            f'fill="#1d2733">{_e(label)}</text>'
            f'<rect x="{label_width}" y="{y}" width="{length}" height="{bar}" rx="3" fill="{_e(colour)}">'
            f"<title>{_e(label)}: {_n(value)}</title></rect>"
            f'<text x="{label_width + length + 6}" y="{y + bar * 0.7:.1f}" font-size="12" '
            f'fill="#1d2733">{shown}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def heat_colour(ratio: float) -> str:
    """White to deep red as ``ratio`` goes from 0 to 1 (capped).

    >>> heat_colour(0), heat_colour(1)
    ('#ffffff', '#c0392b')
    """
    ratio = max(0.0, min(1.0, ratio))
    start, end = (255, 255, 255), (0xC0, 0x39, 0x2B)
    return "#" + "".join(f"{round(a + (b - a) * ratio):02x}" for a, b in zip(start, end))


def _figures(report: dict) -> str:
    records = report.get("records", {})
    persons = report.get("persons", {})
    free = report.get("free_text", {})
    items = [
        (records.get("total", 0), "records scanned"),
        (records.get("sensitive", 0), "sensitive records"),
        (persons.get("distinct", 0), f"distinct persons (by {persons.get('method', 'none')})"),
        (report.get("duplicates", 0), "duplicate records"),
        (free.get("records", 0), "records with free text"),
        (free.get("sensitive", 0), "of which sensitive"),
        (records.get("unparsed", 0), "unreadable parts"),
        (report.get("files", 0), "files"),
    ]
    if report.get("skipped_not_data"):
        items.append((report["skipped_not_data"], "files skipped (not data)"))
    cells = "".join(f'<div class="figure"><b>{_n(v)}</b><span>{_e(label)}</span></div>' for v, label in items)
    return f'<div class="figures">{cells}</div>'


def _path(path: str) -> str:
    """A file path, its end only when long (the full path in a tooltip).

    >>> _path("exports/a.csv")
    '<code>exports/a.csv</code>'
    >>> _path("/srv/exports/" + "x" * 50 + "/2026/patients.csv")
    '<code title="/srv/exports/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx/2026/patients.csv">…/2026/patients.csv</code>'
    """
    if len(path) <= PATH_CHARS:
        return f"<code>{_e(path)}</code>"
    tail = path[-PATH_CHARS + 1:]
    cut = tail.find("/")
    tail = tail[cut:] if 0 <= cut < len(tail) - 1 else tail
    return f'<code title="{_e(path)}">…{_e(tail)}</code>'


def _entity_order(entity_type: str) -> tuple[bool, str]:
    """Health and art. 9 types first, then the others, by name."""
    return entity_type not in SENSITIVE_ENTITIES, entity_type


def _heat_table(sources: list[dict], entities: dict) -> str:
    """Every column with findings, those that make records sensitive first (by sensitive
    rows), against every entity type found (health types first)."""
    rows = ranked_columns(sources)
    if not rows:
        return '<p class="muted">no findings</p>'
    types = sorted(set(entities).union(*(column["findings"] for _, column in rows)), key=_entity_order)
    head = "".join(f'<th class="t" title="{_e(t)}">{_e(t)}</th>' for t in types)
    body = []
    group = None
    for source, column in rows:
        sensitive = makes_sensitive(column)
        if sensitive is not group:
            group = sensitive
            title = "Columns that make records sensitive (free text, health)" if sensitive else "Identity and contact columns"
            body.append(f'<tr class="group"><td colspan="{len(types) + 1}">{title}</td></tr>')
        cells = []
        for t in types:
            count = column["findings"].get(t, 0)
            ratio = count / column["rows"] if column.get("rows") else (1.0 if count else 0.0)
            ink = "#fff" if ratio > 0.55 else "#1d2733"
            cells.append(
                f'<td class="h" style="background:{heat_colour(ratio)};color:{ink}" title="{_e(t)}: {count} findings in '
                f'{column.get("rows", 0)} rows">{_n(count) if count else ""}</td>'
            )
        name = ".".join(_e(part) for part in (source.get("table"), column["column"]) if part)
        body.append(
            f"<tr><td><b>{name}</b><br>{_path(source.get('source', ''))}<br>"
            f'<span class="muted">{_e(column.get("kind") or "")} · {_n(column.get("rows", 0))} rows · '
            f'{_n(column.get("sensitive_rows", 0))} sensitive ({column.get("sensitive_share", 0):.0%})</span></td>'
            f'{"".join(cells)}</tr>'
        )
    return (
        f'<table class="heat"><thead><tr><th>column, source</th>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'
        '<p class="muted">Cell colour: findings per row of the column (white 0, red 1 or more).</p>'
    )


def _findings_text(findings: dict) -> str:
    return ", ".join(f"{_e(t)} {_n(n)}" for t, n in sorted(findings.items(), key=lambda tn: (-tn[1], tn[0])))


def _columns_of(table: dict) -> str:
    """The columns of a table with findings, most relevant first."""
    rows = [column for _, column in ranked_columns([table])]
    if not rows:
        return '<p class="muted">no findings</p>'
    body = "".join(
        f"<tr><td><b>{_e(column['column'])}</b> <span class=\"muted\">{_e(column.get('kind') or '')}</span></td>"
        f'<td class="n">{_n(column.get("rows", 0))}</td>'
        f'<td class="n">{_n(column.get("sensitive_rows", 0))} ({column.get("sensitive_share", 0):.0%})</td>'
        f"<td>{_findings_text(column['findings'])}</td></tr>"
        for column in rows
    )
    return ('<table><thead><tr><th>column</th><th class="n">rows</th><th class="n">sensitive rows</th>'
            f"<th>findings</th></tr></thead><tbody>{body}</tbody></table>")


def _share(sensitive: int, records: int) -> str:
    return f"{_n(records)} records, {_n(sensitive)} sensitive ({sensitive / records if records else 0:.0%})"


def _sources_details(sources: list[dict]) -> str:
    """One collapsible section per source, and in it one per table: every column with
    findings, nothing cut. The sources with the most sensitive records first."""
    by_source: dict[str, list[dict]] = {}
    for source in sources:
        by_source.setdefault(source.get("source", ""), []).append(source)
    if not by_source:
        return '<p class="muted">nothing scanned</p>'
    parts = []
    ordered = sorted(by_source.items(), key=lambda item: -sum(t.get("sensitive", 0) for t in item[1]))
    for name, tables in ordered:
        records, sensitive = sum(t.get("records", 0) for t in tables), sum(t.get("sensitive", 0) for t in tables)
        named = [t for t in tables if t.get("table") is not None]
        inner = []
        for table in sorted(tables, key=lambda t: (t.get("table") is not None, -t.get("sensitive", 0))):
            if table.get("table") is None:
                text = "outside tables: " if named else ""
                inner.append(f'<p class="muted">{text}{_share(table.get("sensitive", 0), table.get("records", 0))}</p>'
                             + _columns_of(table))
            else:
                inner.append(
                    f"<details><summary><b>{_e(table['table'])}</b> <span class=\"muted\">"
                    f"{_share(table.get('sensitive', 0), table.get('records', 0))}</span></summary>"
                    f"{_columns_of(table)}</details>"
                )
        tables_text = f", {len(named)} tables" if named else ""
        parts.append(
            f"<details{' open' if sensitive else ''}><summary>{_path(name)} <span class=\"muted\">"
            f"{_share(sensitive, records)}{tables_text}</span></summary>{''.join(inner)}</details>"
        )
    return "".join(parts)


def _errors_table(errors: list[dict]) -> str:
    rows = "".join(
        f"<tr><td><span>{_path(e.get('source', ''))}</span></td>"
        f"<td class=\"n\">{'' if e.get('line') is None else _e(e['line'])}</td>"
        f'<td><span title="{_e(e.get("message", ""))}">{_e(e.get("message", ""))}</span></td></tr>'
        for e in errors[:MAX_ERRORS_SHOWN]
    )
    more = (f'<p class="muted">{_n(len(errors) - MAX_ERRORS_SHOWN)} more in the JSON report (its errors list).</p>'
            if len(errors) > MAX_ERRORS_SHOWN else "")
    return ('<table class="errors"><colgroup><col style="width:35%"><col style="width:4.5em"><col></colgroup>'
            '<thead><tr><th>source</th><th class="n">line</th><th>message</th></tr></thead>'
            f"<tbody>{rows}</tbody></table>{more}")


def _simple_table(headers: list[str], rows: list[list[object]], numeric: set[int] = frozenset()) -> str:
    """A table; the columns in ``numeric`` are right-aligned."""
    head = "".join(f'<th{" class=n" if i in numeric else ""}>{_e(h)}</th>' for i, h in enumerate(headers))
    body = "".join(
        "<tr>" + "".join(
            f'<td class="n">{_n(v)}</td>' if i in numeric else f"<td>{_e(v)}</td>"
            for i, v in enumerate(row)
        ) + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_html(report: dict, *, generated_at: str | None = None) -> str:
    """The HTML page for a JSON report dict (schema 2)."""
    generated_at = generated_at or datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
    records = report.get("records", {})
    classes = [(c, records.get(c, 0), CLASS_COLOURS[c]) for c in ("sensitive", "administrative", "none", "unparsed")]
    categories = sorted(report.get("categories", {}).items(), key=lambda kv: -kv[1])
    by_category = report.get("findings_by_category", {})
    entities = sorted(report.get("entities", {}).items(), key=lambda kv: -kv[1])
    examples = report.get("examples", {})
    watchlist = report.get("watchlist")
    errors = report.get("errors", [])
    inputs = ", ".join(report.get("inputs", [])) or "(not recorded)"

    legend = "".join(f"<dt>{_e(c)}</dt><dd>{_e(text)}</dd>" for c, text in CLASS_LEGEND.items())
    steps = "".join(f"<li>{_e(step)}</li>" for step in next_steps({"records": records}, ["--html", "--report"]))
    sections = [
        f'<section class="wide"><h2>Exposure</h2>{_figures(report)}</section>',
        f'<section><h2>Records by class</h2>{bar_chart(classes)}<dl class="legend">{legend}</dl></section>',
        "<section><h2>Special categories (records)</h2>"
        + bar_chart([(c, n, BAR_COLOUR, f"{n:,} records, {by_category.get(c, 0):,} findings") for c, n in categories])
        + "</section>",
        f'<section class="wide"><h2>Next steps</h2><ul class="steps">{steps}</ul></section>',
        '<section class="wide"><h2>Columns × entity types</h2>'
        f'{_heat_table(report.get("sources", []), report.get("entities", {}))}</section>',
        "<section><h2>Findings by entity type</h2>"
        + _simple_table(["entity type", "findings", "masked example"],
                        [[t, n, examples.get(t, "")] for t, n in entities], {1})
        + "</section>",
        f'<section class="wide"><h2>Sources and tables</h2>{_sources_details(report.get("sources", []))}</section>',
    ]
    if watchlist is not None:
        sections.append(
            "<section><h2>Watchlist (by line number)</h2>"
            + _simple_table(["line", "records"], [[w["line"], w["records"]] for w in watchlist], {1})
            + "</section>"
        )
    if errors:
        sections.append(f'<section class="wide"><h2>Unreadable parts ({_n(len(errors))})</h2>{_errors_table(errors)}</section>')
    byline = (f'Generated {_e(generated_at)} · vigie {_e(report.get("vigie_version", "unknown"))} · report schema '
              f'{_e(report.get("schema_version", ""))} · inputs: {_e(inputs)}')
    return _page("vigie exposure report", byline, "".join(sections),
                 "Masked examples only: no detected value is shown. Persons are counted with keyed hashes (random salt per run).")


def _page(title: str, byline: str, main: str, footer: str) -> str:
    """A self-contained HTML page (no script, nothing fetched); ``byline`` and ``main`` are HTML."""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>{_e(title)}</title>
<style>{CSS}</style>
</head>
<body>
<header>
<h1>{_e(title)}</h1>
<p>{byline}</p>
</header>
<main>
{main}
</main>
<footer>{_e(footer)}</footer>
</body>
</html>
"""


def write_html(report: dict, path, *, generated_at: str | None = None) -> None:
    """Write the HTML page for ``report`` to ``path``."""
    from pathlib import Path

    Path(path).write_text(render_html(report, generated_at=generated_at), encoding="utf-8")


def render_risk_html(report: dict, *, generated_at: str | None = None) -> str:
    """The HTML page for the JSON report of ``vigie risk`` (its ``risk`` object).

    >>> page = render_risk_html({"risk": {"k": 5, "records": 3, "k_min": 1, "tables": [
    ...     {"source": "<p>.csv", "table": None, "quasi_identifiers": ["cp"], "records": 3, "k_min": 1,
    ...      "unique_records": 3, "records_below_k_share": 1.0, "l_diversity": None, "suggestion": None}]}}, generated_at="t")
    >>> "&lt;p&gt;.csv" in page, "<p>.csv" in page, "k_min" in page
    (True, False, True)
    """
    generated_at = generated_at or datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
    risk = report.get("risk", {})
    k = risk.get("k", 5)
    figures = [
        (risk.get("records", 0), "records measured"),
        (risk.get("k_min") if risk.get("k_min") is not None else "n/a", "k_min: smallest class"),
        (risk.get("unique_records", 0), "unique records (class of 1)"),
        (f"{risk.get('records_below_k_share', 0):.1%}", f"records in classes below k={k}"),
        (risk.get("l_diversity") if risk.get("l_diversity") is not None else "n/a", "l-diversity (fewest sensitive values)"),
        (risk.get("unparsed", 0), "unreadable parts"),
    ]
    cells = "".join(f'<div class="figure"><b>{_n(v)}</b><span>{_e(label)}</span></div>' for v, label in figures)
    rows = []
    for table in risk.get("tables", []):
        suggestion = table.get("suggestion")
        advice = "none possible" if suggestion is None else (
            ", ".join(f"{c} → {lv}" for c, lv in suggestion["generalize"].items())
            + f": k_min {suggestion['k_min']}, {suggestion['unique_records']} unique"
            + ("" if suggestion["reached"] else f" (k={k} not reached: drop or suppress a quasi-identifier)")
        )
        where = table["source"] + (f" [{table['table']}]" if table.get("table") else "")
        rows.append([where, ", ".join(table["quasi_identifiers"]) or "(none found)", table["records"],
                     table["k_min"], table["unique_records"], f"{table.get('records_below_k_share', 0):.1%}",
                     "n/a" if table.get("l_diversity") is None else table["l_diversity"], advice])
    headers = ["table", "quasi-identifiers", "records", "k_min", "unique", f"below k={k}", "l-diversity",
               f"generalisation to reach k={k}"]
    byline = (f'Generated {_e(generated_at)} · vigie {_e(report.get("vigie_version", "unknown"))} · inputs: '
              f'{_e(", ".join(report.get("inputs", [])))}')
    main = (f'<section class="wide"><h2>Risk</h2><div class="figures">{cells}</div></section>\n'
            f'<section class="wide"><h2>Tables</h2>{_simple_table(headers, rows, {2, 3, 4})}</section>')
    return _page("vigie re-identification risk", byline, main,
                 "No value is shown: records are counted by class of quasi-identifier values.")
