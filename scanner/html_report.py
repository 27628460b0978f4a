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

MAX_HEAT_ROWS = 60
"""Columns shown in the heat table (those with the most findings)."""

CLASS_COLOURS = {
    "sensitive": "#c0392b", "administrative": "#e67e22", "none": "#95a5a6", "unparsed": "#f1c40f",
}
BAR_COLOUR = "#2c6e9b"

CSS = """
:root { --ink:#1d2733; --muted:#5b6b7c; --line:#d9e0e7; --bg:#f6f8fa; }
* { box-sizing: border-box; }
body { margin:0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       color: var(--ink); background: var(--bg); }
header { background:#1d2733; color:#fff; padding:18px 28px; }
header h1 { margin:0; font-size:22px; }
header p { margin:4px 0 0; color:#c9d3dd; font-size:12px; }
main { padding: 20px 28px; display:grid; grid-template-columns: repeat(auto-fit, minmax(520px, 1fr)); gap:18px; align-items:start; }
section { background:#fff; border:1px solid var(--line); border-radius:8px; padding:14px 18px; }
section.wide { grid-column: 1 / -1; }
h2 { font-size:15px; margin:0 0 10px; }
table { border-collapse: collapse; width:100%; }
th, td { padding:4px 8px; border-bottom:1px solid var(--line); text-align:left; vertical-align:top; }
td.n, th.n { text-align:right; font-variant-numeric: tabular-nums; }
.figures { display:grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap:10px; }
.figure { background: var(--bg); border-radius:6px; padding:10px 12px; }
.figure b { display:block; font-size:22px; }
.figure span { color: var(--muted); font-size:12px; }
.scroll { overflow-x: auto; }
.heat { font-size:12px; }
.heat th.t { text-align:center; min-width:40px; font-size:10px; }
.heat td.h { text-align:center; font-variant-numeric: tabular-nums; }
.muted { color: var(--muted); }
code { font-family: ui-monospace, "SFMono-Regular", Menlo, monospace; font-size:12px; }
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


def _heat_table(sources: list[dict]) -> str:
    rows = [
        (source, column) for source in sources for column in source.get("columns", []) if column.get("findings")
    ]
    if not rows:
        return '<p class="muted">no findings</p>'
    rows.sort(key=lambda sc: -sum(sc[1]["findings"].values()))
    shown = rows[:MAX_HEAT_ROWS]
    types = sorted({t for _, column in shown for t in column["findings"]})
    head = "".join(f'<th class="t">{_e(t).replace("_", "_<wbr>")}</th>' for t in types)
    body = []
    for source, column in shown:
        where = source.get("source", "") + (f" [{source['table']}]" if source.get("table") else "")
        cells = []
        for t in types:
            count = column["findings"].get(t, 0)
            ratio = count / column["rows"] if column.get("rows") else (1.0 if count else 0.0)
            colour = heat_colour(ratio)
            ink = "#fff" if ratio > 0.55 else "#1d2733"
            cells.append(
                f'<td class="h" style="background:{colour};color:{ink}" title="{_e(t)}: {count} findings in '
                f'{column.get("rows", 0)} rows">{_n(count) if count else ""}</td>'
            )
        body.append(
            f"<tr><td><code>{_e(where)}</code><br><b>{_e(column['column'])}</b> "
            f'<span class="muted">{_e(column.get("kind") or "")}</span></td>'
            f'<td class="n">{_n(column.get("rows", 0))}</td>'
            f'<td class="n">{column.get("sensitive_share", 0):.0%}</td>{"".join(cells)}</tr>'
        )
    more = (
        f'<p class="muted">{len(rows) - len(shown)} more columns with findings in the JSON report.</p>'
        if len(rows) > len(shown) else ""
    )
    return (
        '<div class="scroll"><table class="heat"><thead><tr><th>source / column</th><th class="n">rows</th>'
        f'<th class="n">sensitive rows</th>{head}</tr></thead><tbody>{"".join(body)}</tbody></table></div>'
        '<p class="muted">Cell colour: findings per row of the column (white 0, red 1 or more).</p>' + more
    )


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

    sections = [
        f'<section class="wide"><h2>Exposure</h2>{_figures(report)}</section>',
        f"<section><h2>Records by class</h2>{bar_chart(classes)}</section>",
        "<section><h2>Special categories (records)</h2>"
        + bar_chart([(c, n, BAR_COLOUR, f"{n:,} records, {by_category.get(c, 0):,} findings") for c, n in categories])
        + "</section>",
        f'<section class="wide"><h2>Columns × entity types</h2>{_heat_table(report.get("sources", []))}</section>',
        "<section><h2>Findings by entity type</h2>"
        + _simple_table(["entity type", "findings", "masked example"],
                        [[t, n, examples.get(t, "")] for t, n in entities], {1})
        + "</section>",
        "<section><h2>Sources</h2>"
        + _simple_table(
            ["source", "table", "records", "sensitive share"],
            [[s.get("source", ""), s.get("table") or "", s.get("records", 0), f"{s.get('sensitive_share', 0):.1%}"]
             for s in report.get("sources", [])[:MAX_HEAT_ROWS]],
            {2, 3},
        )
        + "</section>",
    ]
    if watchlist is not None:
        sections.append(
            "<section><h2>Watchlist (by line number)</h2>"
            + _simple_table(["line", "records"], [[w["line"], w["records"]] for w in watchlist], {1})
            + "</section>"
        )
    if errors:
        sections.append(
            f"<section><h2>Unreadable parts ({_n(len(errors))})</h2>"
            + _simple_table(["source", "line", "message"],
                            [[e.get("source", ""), "" if e.get("line") is None else str(e["line"]), e.get("message", "")]
                             for e in errors[:100]])
            + "</section>"
        )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>vigie exposure report</title>
<style>{CSS}</style>
</head>
<body>
<header>
<h1>vigie exposure report</h1>
<p>Generated {_e(generated_at)} · vigie {_e(report.get("vigie_version", "unknown"))} · report schema {_e(report.get("schema_version", ""))} · inputs: {_e(inputs)}</p>
</header>
<main>
{"".join(sections)}
</main>
<footer>Masked examples only: no detected value is shown. Persons are counted with keyed hashes (random salt per run).</footer>
</body>
</html>
"""


def write_html(report: dict, path, *, generated_at: str | None = None) -> None:
    """Write the HTML page for ``report`` to ``path``."""
    from pathlib import Path

    Path(path).write_text(render_html(report, generated_at=generated_at), encoding="utf-8")
