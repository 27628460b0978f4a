"""`vigie scan` end to end on the bundled fixtures and on hand-made inputs."""

import json

import pytest

NOTE = (
    "Cher confrère, je vous adresse Mme Camille ROUX, NIR 2 95 10 99 126 111 93, "
    "tél 06 12 34 56 78, suivie pour un diabète de type 2 sous metformine."
)


def write_jsonl(path, rows):
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return path


def test_scan_fixtures_writes_findings_report_and_records(cli_runner, cli_app, fixtures_dir, tmp_path):
    findings, report, records = tmp_path / "f.jsonl", tmp_path / "r.json", tmp_path / "rec.jsonl"
    result = cli_runner.invoke(cli_app, [
        "scan", str(fixtures_dir / "notes.jsonl"), str(fixtures_dir / "notes"),
        "--findings", str(findings), "--report", str(report), "--records", str(records),
    ])
    assert result.exit_code == 0, result.output
    assert "Records" in result.output and "FR_NIR" in result.output

    data = json.loads(report.read_text())
    truth = [json.loads(line) for line in (fixtures_dir / "notes.truth.jsonl").read_text().splitlines()]
    assert data["schema_version"] == 2
    assert data["records"]["total"] == len(truth) + 5
    assert data["records"]["unparsed"] == 0
    assert sum(data["records"][c] for c in ("sensitive", "administrative", "none")) == data["records"]["total"]

    lines = [json.loads(line) for line in findings.read_text().splitlines()]
    assert sum(data["entities"].values()) == len(lines)
    assert {"source", "table", "record", "field", "entity_type", "start", "end", "score", "recognizer", "category"} <= set(lines[0])
    assert all("value" not in line for line in lines)

    verdicts = [json.loads(line) for line in records.read_text().splitlines()]
    assert len(verdicts) == data["records"]["total"]
    assert {v["class"] for v in verdicts} == {"sensitive", "administrative", "none"}
    by_category = {}
    for v in verdicts:
        for c in v["categories"]:
            by_category[c] = by_category.get(c, 0) + 1
    assert by_category == data["categories"]


def test_scan_terminal_output_masks_values(cli_runner, cli_app, tmp_path):
    notes = write_jsonl(tmp_path / "n.jsonl", [{"id": "A", "text": NOTE}])
    result = cli_runner.invoke(cli_app, ["scan", str(notes)])
    assert result.exit_code == 0, result.output
    assert "2 95 10 99 126 111 93" not in result.output
    assert "06 12 34 56 78" not in result.output
    assert "2 95 ** ** *** *** 93" in result.output


def test_scan_show_values_adds_raw_values(cli_runner, cli_app, tmp_path):
    notes = write_jsonl(tmp_path / "n.jsonl", [{"id": "A", "text": NOTE}])
    findings = tmp_path / "f.jsonl"
    result = cli_runner.invoke(cli_app, ["scan", str(notes), "--findings", str(findings), "--show-values"])
    assert result.exit_code == 0, result.output
    values = {json.loads(line)["entity_type"]: json.loads(line)["value"] for line in findings.read_text().splitlines()}
    assert values["FR_NIR"] == "2 95 10 99 126 111 93"
    assert values["DIAGNOSIS"] == "diabète de type 2"


@pytest.mark.parametrize(
    ("text", "fail_on", "exit_code"),
    [
        (NOTE, "any", 1),
        (NOTE, "sensitive", 1),
        (NOTE, "administrative", 1),
        ("Rappeler Mme ROUX au 06 12 34 56 78.", "sensitive", 0),
        ("Rappeler Mme ROUX au 06 12 34 56 78.", "administrative", 1),
        ("Rappeler Mme ROUX au 06 12 34 56 78.", "any", 1),
        ("RDV reporté, patient prévenu.", "any", 0),
        (NOTE, None, 0),
    ],
)
def test_scan_fail_on_sets_exit_code(cli_runner, cli_app, tmp_path, text, fail_on, exit_code):
    notes = write_jsonl(tmp_path / "n.jsonl", [{"id": "A", "text": text}])
    args = ["scan", str(notes)] + (["--fail-on", fail_on] if fail_on else [])
    assert cli_runner.invoke(cli_app, args).exit_code == exit_code


def test_scan_bad_lines_are_reported_counted_and_exit_3(cli_runner, cli_app, tmp_path):
    notes = tmp_path / "n.jsonl"
    notes.write_bytes(b'{"id": "A", "text": "ok"}\n{"id": "B", "text": \n{"id": "C", "text": "n\xe9e"}\n{"id": "D", "text": "RAS"}\n')
    report = tmp_path / "r.json"
    result = cli_runner.invoke(cli_app, ["scan", str(notes), "--report", str(report)])
    assert result.exit_code == 3
    assert f"{notes}, line 2: invalid JSON" in result.stderr
    assert f"{notes}, line 3: cannot decode byte 0xe9" in result.stderr
    data = json.loads(report.read_text())
    assert data["records"]["total"] == 2 and data["records"]["unparsed"] == 2
    assert [e["line"] for e in data["errors"]] == [2, 3]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["scan", "does/not/exist.jsonl"], "does/not/exist.jsonl: no such file or directory"),
        (["scan", "fixtures/notes.jsonl", "--format", "docx"], "Invalid value for '--format'"),
        (["scan", "fixtures/notes.jsonl", "--fail-on", "maybe"], "Invalid value for '--fail-on'"),
    ],
)
def test_scan_unusable_arguments_exit_2_with_one_line_error(cli_runner, cli_app, args, message):
    result = cli_runner.invoke(cli_app, args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_scan_unknown_encoding_exit_2(cli_runner, cli_app, fixtures_dir):
    result = cli_runner.invoke(cli_app, ["scan", str(fixtures_dir / "notes.jsonl"), "--encoding", "klingon"])
    assert result.exit_code == 2
    assert "unknown encoding 'klingon'" in result.stderr


def test_scan_never_modifies_inputs(cli_runner, cli_app, fixtures_dir, tmp_path):
    before = (fixtures_dir / "notes.jsonl").read_bytes()
    cli_runner.invoke(cli_app, ["scan", str(fixtures_dir / "notes.jsonl"), "--findings", str(tmp_path / "f.jsonl")])
    assert (fixtures_dir / "notes.jsonl").read_bytes() == before


def test_every_command_is_documented_in_readme(cli_app, fixtures_dir):
    readme = (fixtures_dir.parent / "README.md").read_text()
    import typer.main

    group = typer.main.get_group(cli_app)
    for name, command in group.commands.items():
        assert f"vigie {name}" in readme
        for param in command.params:
            for opt in param.opts:
                if opt.startswith("--"):
                    assert opt in readme, f"{opt} of vigie {name} is not in the README"


WATCHLIST = "# synthetic persons\nCamille ROUX\n2 95 10 99 126 111 93\nROUX\n"


def test_scan_report_v2_has_sizing_keys(cli_runner, cli_app, tmp_path):
    notes = write_jsonl(tmp_path / "n.jsonl", [{"id": "A", "text": NOTE}, {"id": "B", "text": NOTE}])
    report = tmp_path / "r.json"
    result = cli_runner.invoke(cli_app, ["scan", str(notes), "--report", str(report)])
    assert result.exit_code == 0, result.output
    data = json.loads(report.read_text())
    assert data["persons"] == {"distinct": 1, "method": "nir", "keyed_records": 2}
    assert data["duplicates"] == 1
    assert data["free_text"] == {"records": 2, "sensitive": 2}
    assert data["findings_by_category"] == {"other_health": 4}
    assert data["sources"][0]["columns"][1]["column"] == "text"
    assert "distinct persons" in result.output and "duplicate records" in result.output


def test_scan_watchlist_reports_line_numbers_never_values(cli_runner, cli_app, tmp_path):
    notes = write_jsonl(tmp_path / "n.jsonl", [{"id": "A", "text": NOTE}, {"id": "B", "text": "RAS."}])
    watch = tmp_path / "watch.txt"
    watch.write_text(WATCHLIST, encoding="utf-8")
    report, html = tmp_path / "r.json", tmp_path / "r.html"
    result = cli_runner.invoke(cli_app, [
        "scan", str(notes), "--watchlist", str(watch), "--report", str(report), "--html", str(html),
    ])
    assert result.exit_code == 0, result.output
    assert "watchlist line 4: neither a valid NIR nor a name" in result.stderr
    data = json.loads(report.read_text())
    assert data["watchlist"] == [{"line": 2, "records": 1}, {"line": 3, "records": 1}]
    outputs = [result.output, result.stderr, report.read_text(), html.read_text()]
    for value in ("Camille", "ROUX", "2 95 10 99 126 111 93", "295109912611193"):
        assert all(value not in text for text in outputs), value


def test_scan_missing_watchlist_exit_2(cli_runner, cli_app, tmp_path):
    notes = write_jsonl(tmp_path / "n.jsonl", [{"id": "A", "text": "RAS."}])
    result = cli_runner.invoke(cli_app, ["scan", str(notes), "--watchlist", str(tmp_path / "nope.txt")])
    assert result.exit_code == 2 and "nope.txt" in result.stderr


def test_scan_quiet_prints_no_summary_and_no_progress(cli_runner, cli_app, tmp_path):
    notes = write_jsonl(tmp_path / "n.jsonl", [{"id": "A", "text": NOTE}])
    result = cli_runner.invoke(cli_app, ["scan", str(notes), "--quiet"])
    assert result.exit_code == 0
    assert result.output == "" and "scanning" not in result.stderr


def test_scan_progress_is_off_when_stderr_is_not_a_terminal(cli_runner, cli_app, tmp_path):
    notes = write_jsonl(tmp_path / "n.jsonl", [{"id": "A", "text": NOTE}])
    result = cli_runner.invoke(cli_app, ["scan", str(notes)])
    assert result.exit_code == 0 and "scanning" not in result.stderr and "records/s" not in result.stderr


@pytest.mark.parametrize(("fail_on", "exit_code"), [("sensitive", 1), ("administrative", 1), ("any", 1)])
def test_scan_fail_on_still_writes_the_v2_report_and_html(cli_runner, cli_app, tmp_path, fail_on, exit_code):
    notes = write_jsonl(tmp_path / "n.jsonl", [{"id": "A", "text": NOTE}])
    report, html = tmp_path / "r.json", tmp_path / "r.html"
    result = cli_runner.invoke(cli_app, [
        "scan", str(notes), "--fail-on", fail_on, "--report", str(report), "--html", str(html),
    ])
    assert result.exit_code == exit_code
    data = json.loads(report.read_text())
    assert data["schema_version"] == 2 and data["records"]["sensitive"] == 1
    assert html.exists()


def test_scan_fail_on_and_unparsed_gives_1_else_3(cli_runner, cli_app, tmp_path):
    notes = tmp_path / "n.jsonl"
    notes.write_text(json.dumps({"id": "A", "text": NOTE}) + "\n{broken\n", encoding="utf-8")
    assert cli_runner.invoke(cli_app, ["scan", str(notes), "--fail-on", "sensitive"]).exit_code == 1
    assert cli_runner.invoke(cli_app, ["scan", str(notes)]).exit_code == 3
